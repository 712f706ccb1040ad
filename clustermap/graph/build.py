"""Survey tables -> ``networkx.DiGraph`` (supplier -> customer), and its undirected projection.

Nodes and edges are inserted in canonical (sorted) order, so every algorithm downstream
sees the same graph whatever the row order of the survey file: several of them
(python-louvain, spring layout, tie-breaking in searches) depend on insertion order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, cast

import networkx as nx
import numpy as np
import pandas as pd

from clustermap.graph.network import Network, as_network
from clustermap.turkish import sort_key

__all__ = ["build_graph", "build_network", "undirected_projection", "unmeasured"]


def unmeasured(G: nx.Graph | Network, *measures: str) -> dict[str, dict[Any, float]]:
    """Measures left out, each as a missing value (NaN: an empty cell) per firm.

    >>> unmeasured(nx.path_graph(["B", "A"]), "constraint")
    {'constraint': {'A': nan, 'B': nan}}
    """
    return {measure: dict.fromkeys(as_network(G).nodes, math.nan) for measure in measures}


def build_graph(
    ties: pd.DataFrame, firms: pd.DataFrame | None = None, nodes: Iterable[str] = ()
) -> nx.DiGraph:
    """Build the supply network (see :func:`build_network`, which also gives its matrix).

    >>> ties = pd.DataFrame({"supplier": ["B", "A", "A"], "customer": ["C", "B", "B"],
    ...                      "weight": [1.0, 2.0, 0.5], "relation": ["supply", "supply",
    ...                      "service"]})
    >>> G = build_graph(ties, pd.DataFrame({"sector": ["Kablaj"]}, index=["D"]))
    >>> list(G.nodes), list(G.edges(data=True))[0]
    (['A', 'B', 'C', 'D'], ('A', 'B', {'weight': 2.5, 'relation': 'service;supply'}))
    """
    return cast(nx.DiGraph, build_network(ties, firms, nodes).graph)


def build_network(
    ties: pd.DataFrame, firms: pd.DataFrame | None = None, nodes: Iterable[str] = ()
) -> Network:
    """Build the supply network: one node per firm, one edge per supplier -> customer pair.

    Parameters
    ----------
    ties : pandas.DataFrame
        Columns ``supplier``, ``customer``, ``weight`` and optionally ``relation`` (as in
        :attr:`clustermap.survey.Survey.ties`). Ties of several relation layers between the
        same pair become one edge whose ``weight`` is their sum and whose ``relation`` lists
        the layers, sorted, separated by ``;``.
    firms : pandas.DataFrame, optional
        Firm attributes indexed by firm name; firms without ties become isolates. Missing
        values are left out of the node's attributes.
    nodes : iterable of str
        More firms of the network, isolates if they have no ties (respondents who named no
        partner).

    Returns
    -------
    Network
        Its graph (a ``networkx.DiGraph``: edges point from supplier to customer, the flow
        of goods and services, nodes in canonical order) with its weighted adjacency
        matrix, made from the same arrays: converting back from a graph of ten million
        ties takes 20 s.
    """
    from scipy.sparse import csr_array

    # each distinct name read once (as text), then numbered in the canonical order
    m = len(ties)
    ends = np.concatenate([ties["supplier"].to_numpy(object), ties["customer"].to_numpy(object)])
    codes, distinct = pd.factorize(ends, use_na_sentinel=False)
    as_text, texts = pd.factorize(np.array([str(cell) for cell in distinct], dtype=object))
    attributes = _firm_attributes(firms)
    order = sorted(set(attributes) | set(texts) | set(nodes), key=sort_key)  # canonical
    G: nx.DiGraph = nx.DiGraph()
    G.add_nodes_from((firm, attributes.get(firm, {})) for firm in order)
    n = len(order)
    if not m:
        return Network(G, adjacency=csr_array((n, n), dtype=float))
    # one edge per (supplier, customer), in canonical order: its rows' weights summed in row
    # order, their layers listed
    index = pd.Index(order).get_indexer(texts).astype(np.int64)[as_text][codes]
    pair = index[:m] * n + index[m:]
    pairs, edge_of_row, rows_per_edge = np.unique(pair, return_inverse=True, return_counts=True)
    weight = np.bincount(edge_of_row, weights=ties["weight"].to_numpy(dtype=float))
    layer = ties["relation"].astype(str).tolist() if "relation" in ties else ["supply"] * len(pair)
    relation = np.empty(len(pairs), dtype=object)
    single = rows_per_edge[edge_of_row] == 1
    relation[edge_of_row[single]] = np.asarray(layer, dtype=object)[single]
    layers: dict[int, set[str]] = {}
    for edge, row in zip(
        edge_of_row[~single].tolist(), np.flatnonzero(~single).tolist(), strict=True
    ):
        layers.setdefault(edge, set()).add(layer[row])
    for edge, named in layers.items():
        relation[edge] = ";".join(sorted(named))
    names = np.asarray(order, dtype=object)
    # the edges go straight into networkx's adjacency dicts, one data dict shared by the
    # supplier's and the customer's side as add_edges_from shares it: its checks per edge
    # took 40 % longer on ten million (every node is already in the fresh graph)
    successors = G._succ  # type: ignore[attr-defined]  # (private: not in the stubs)
    predecessors = G._pred  # type: ignore[attr-defined]
    for u, v, w, r in zip(
        names[pairs // n].tolist(),
        names[pairs % n].tolist(),
        weight.tolist(),
        relation.tolist(),
        strict=True,
    ):
        successors[u][v] = predecessors[v][u] = {"weight": w, "relation": r}
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pairs // n, minlength=n), out=starts[1:])
    return Network(G, adjacency=csr_array((weight, pairs % n, starts), shape=(n, n)))


def undirected_projection(G: nx.Graph | Network, weight: str | None = "weight") -> nx.Graph:
    """The undirected network used by methods that need one.

    Firms are tied if a tie runs in either direction; the weight of the undirected tie is
    the sum of the two directed weights (reciprocal ties add up); with ``weight=None``
    every undirected tie has weight 1.

    Parameters
    ----------
    G : networkx.Graph, networkx.DiGraph or Network
    weight : str or None
        Edge attribute to sum; missing attributes count as 1.

    Returns
    -------
    networkx.Graph
        Nodes (with their attributes) and edges in canonical order; edge attribute
        ``weight``.

    Examples
    --------
    >>> D = nx.DiGraph([("A", "B", {"weight": 2}), ("B", "A", {"weight": 3}), ("B", "C", {})])
    >>> sorted(undirected_projection(D).edges(data="weight"))
    [('A', 'B', 5.0), ('B', 'C', 1.0)]
    >>> sorted(undirected_projection(D, weight=None).edges(data="weight"))
    [('A', 'B', 1.0), ('B', 'C', 1.0)]
    """
    summed: dict[tuple[Any, Any], float] = {}
    net = as_network(G)
    order, graph = net.index, net.graph
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        pair = (u, v) if order[u] < order[v] else (v, u)
        value = 1.0 if weight is None else float(data.get(weight, 1.0))
        summed[pair] = 1.0 if weight is None else summed.get(pair, 0.0) + value
    H: nx.Graph = nx.Graph()
    H.add_nodes_from((node, graph.nodes[node]) for node in order)
    H.add_weighted_edges_from(
        (u, v, summed[(u, v)]) for u, v in sorted(summed, key=lambda p: (order[p[0]], order[p[1]]))
    )
    return H


def _firm_attributes(firms: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    if firms is None or len(firms.index) == 0:
        return {}
    # to_dict("records") returns no rows at all for a frame without columns (pandas 2)
    rows = firms.to_dict("records") if len(firms.columns) else [{} for _ in firms.index]
    return {
        str(firm): {str(key): value for key, value in row.items() if _present(value)}
        for firm, row in zip(firms.index, rows, strict=True)
    }


def _present(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value.strip())
