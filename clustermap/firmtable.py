"""The firm table: one row per firm, every measure (``firms.csv``, ``Analysis.firms``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from clustermap.graph.brokerage import ROLES, Brokerage
from clustermap.graph.community import Partition
from clustermap.graph.coreperiphery import ContinuousCorePeriphery, CorePeriphery
from clustermap.graph.network import Network, as_network
from clustermap.graph.supply import CONCENTRATION_COLUMNS, Critical, Tiers

if TYPE_CHECKING:
    from clustermap.survey import Survey

__all__ = ["FIRM_COLUMNS", "SUPPLY_COLUMNS", "firm_table"]

#: The metric columns of the firm table, in order; firm attributes follow them.
FIRM_COLUMNS = (
    "firm",
    "community",
    "cp_class",
    "coreness",
    "core_number",
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
    "betweenness",
    "closeness",
    "pagerank",
    "eigenvector",
    "constraint",
    "effective_size",
    "efficiency",
    "community_stability",
    *(f"broker_{role}" for role in ROLES),
    "broker_total",
    *(f"broker_{role}_z" for role in ROLES),
    *CONCENTRATION_COLUMNS,
    "integrator",
    "allocator",
    "tier",
    "cut_firm",
    "supply_control",
)
#: The supply-chain columns of the firm table, computed by clustermap.graph.supply.
SUPPLY_COLUMNS = (*CONCENTRATION_COLUMNS, "integrator", "allocator")


def firm_table(
    G: nx.Graph | Network,
    survey: Survey,
    measures: dict[str, dict[Any, float]],
    communities: Partition,
    core_periphery: CorePeriphery,
    coreness: ContinuousCorePeriphery,
    brokerage: Brokerage,
    supply: dict[str, dict[Any, Any]],
    layers: Tiers,
    critical: Critical,
) -> pd.DataFrame:
    """One row per firm (in canonical order): :data:`FIRM_COLUMNS`, then the firms file's
    attributes (numbers where every value of the column is one)."""
    net = as_network(G)
    nodes = net.nodes
    controlled: dict[Any, float] = {}  # a firm's largest share over the primes
    for dominated in critical.dominators.values():
        for firm, share in dominated:
            controlled[firm] = max(share, controlled.get(firm, 0.0))
    cut = set(critical.cut_firms)
    columns: dict[str, Any] = {
        "firm": nodes,
        "community": pd.array([communities.membership[n] for n in nodes], dtype="Int64"),
        # no defined fit (too few firms or ties): no firm is core or periphery
        "cp_class": [
            core_periphery.membership[n] if core_periphery.fit is not None else None for n in nodes
        ],
        "coreness": _in_order(coreness.coreness, nodes),
    }
    for name in FIRM_COLUMNS[4 : FIRM_COLUMNS.index("community_stability")]:
        columns[name] = _in_order(measures[name], nodes)
    columns["community_stability"] = [communities.stability.get(n) for n in nodes]
    roles = [f"broker_{role}" for role in ROLES]
    for role, column in zip(ROLES, roles, strict=True):
        columns[column] = _in_order(brokerage.raw[role], nodes)
    by_role = (columns[column] for column in roles)
    columns["broker_total"] = [sum(counts) for counts in zip(*by_role, strict=True)]
    for role in ROLES:
        columns[f"broker_{role}_z"] = _in_order(brokerage.z[role], nodes)
    for name in SUPPLY_COLUMNS:
        columns[name] = _in_order(supply[name], nodes)
    columns["tier"] = _in_order(layers.level, nodes)
    columns["cut_firm"] = [n in cut for n in nodes]
    columns["supply_control"] = [controlled.get(n, 0.0) for n in nodes]
    table = pd.DataFrame(columns)
    attributes = survey.firms.reindex(nodes)
    for name in attributes.columns:
        if name not in table:
            table[name] = _typed(attributes[name])
    return table


def _in_order(values: dict[Any, Any], nodes: list[Any]) -> list[Any]:
    """The values of ``nodes``, in their order: most measures are already keyed in it, and
    a million lookups per column add up."""
    return list(values.values()) if list(values) == nodes else [values[n] for n in nodes]


def _typed(column: pd.Series) -> Any:
    """A firms-file column as numbers when every value in it is one (employees, founded)."""
    present = [value for value in column if isinstance(value, str) and value]
    if present and all(value.lstrip("-").isdigit() for value in present):
        return pd.array(
            [int(v) if isinstance(v, str) and v else None for v in column], dtype="Int64"
        )
    return column.to_numpy()
