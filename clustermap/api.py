"""``analyze``: the one pipeline the command line and notebooks share.

survey files -> :class:`clustermap.survey.Survey` -> ``networkx.DiGraph`` -> metrics ->
:class:`Analysis`, which :func:`clustermap.export.write_results` turns into files.
"""

from __future__ import annotations

import gc
import platform
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from itertools import combinations
from pathlib import Path
from typing import Any, cast

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import triu

from clustermap import __version__, shares
from clustermap.errors import UsageError
from clustermap.graph import engine as engines
from clustermap.graph.brokerage import (
    HOLE_MEASURES,
    ROLES,
    STRUCTURAL_HOLES_CONVENTION,
    Brokerage,
    gould_fernandez,
    structural_holes,
)
from clustermap.graph.build import build_graph, build_network, unmeasured
from clustermap.graph.centrality import (
    CONVENTIONS,
    EXACT_PATH_LIMIT,
    Precision,
    firm_centralities,
)
from clustermap.graph.centrality import path_sources as default_path_sources
from clustermap.graph.community import Partition, louvain_partition
from clustermap.graph.coreperiphery import (
    ContinuousCorePeriphery,
    CorePeriphery,
    borgatti_everett_continuous,
    borgatti_everett_discrete,
    parse_offdiagonal,
)
from clustermap.graph.layout import spring_positions
from clustermap.graph.network import Network, as_network
from clustermap.graph.significance import (
    Significance,
    community_significance,
    core_periphery_significance,
    randomisations,
)
from clustermap.graph.summary import network_summary, rich_club
from clustermap.graph.supply import (
    CONCENTRATION_COLUMNS,
    Critical,
    Tiers,
    concentration,
    critical_firms,
    resilience,
    supply_roles,
    tiers,
)
from clustermap.survey import Survey, WeightBasis, read_survey, schema
from clustermap.survey.load import known_encoding
from clustermap.survey.quality import quality_facts
from clustermap.timing import stage
from clustermap.turkish import clean_name

__all__ = ["FIRM_COLUMNS", "SCHEMA_VERSION", "Analysis", "AnalysisOptions", "analyze"]

#: Above this many firms the automatic options do less: :data:`LARGE_RUNS` Louvain runs
#: and no significance tests (each randomised network costs a full community search).
LARGE_NETWORK = 5_000
DEFAULT_RUNS, LARGE_RUNS = 20, 5
#: Louvain runs above ``complete_up_to`` ties: each costs about 35 s on 10 million ties, so
#: one, and no stability figure per firm (``--runs`` asks for more).
HUGE_RUNS = 1
DEFAULT_NULLS = 20

#: Above this many firms the result folder leaves out the files that do not work at that
#: size (:data:`LARGE_SKIPPED`); ``summary.json`` → ``outputs`` and the report say so.
LARGE_OUTPUT = LARGE_NETWORK
LARGE_SKIPPED = {
    "map.svg": "a vector drawing of every tie is too large to open; map.png is the picture",
    "firms.xlsx": "a workbook this size is slow to write and to open; firms.csv has every figure",
    "network.gexf": "network.graphml holds the same network and opens in Gephi",
}
#: Above this many firms network.graphml is left out too (over two minutes for a million
#: ties in networkx's writer).
HUGE_OUTPUT = 50_000
HUGE_SKIPPED = {
    "network.graphml": "a network this size takes minutes to write as GraphML; ties.csv and "
    "firms.csv import into Gephi as its edge and node tables",
}

#: Above this many ties ``analyze`` computes only the measures whose cost grows about
#: linearly with the ties (degree, strength, PageRank, eigenvector, k-core, communities,
#: core/periphery, concentration, roles, tiers, cut firms); the others are left empty and
#: ``summary.json`` → ``skipped`` and the report say why (:data:`NEAR_LINEAR_SKIPPED`).
COMPLETE_LIMIT = 2_000_000
NEAR_LINEAR_SKIPPED = {
    "betweenness": "shortest paths from every sampled firm: at least 32 searches of the "
    "whole network, hours at this size",
    "closeness": "shortest paths from every sampled firm, as betweenness",
    "structural holes": "sums over the triangles of every firm's ties, which grow faster "
    "than the ties around hubs",
    "transitivity": "a count of every triangle, as structural holes",
    "brokerage roles": "counts over every two-step supply path, which grow with the square "
    "of the hubs' partners",
    "supply dominators": "a search of the whole upstream network for each end customer, in Python",
    "resilience": "over a hundred connected-component passes over the whole network",
    "core/periphery (other reading)": "a second search for the core, on the other reading of "
    "the ties: a check, as long as the first",
}

#: Why ``community_stability`` is empty after a single Louvain run.
ONE_RUN = "it compares Louvain runs, and one was made: --runs 2 or more measures it"

#: Seeds feed numpy's legacy RandomState (python-louvain), which takes 0 to 2**32 - 1.
MAX_SEED = 2**32 - 1

#: What tie weights can mean (see clustermap.shares.guess_basis).
WEIGHT_BASES = shares.WEIGHT_BASES

#: Partitions that brokerage roles can be counted on.
GROUPINGS = ("actor_class", "sector", "region", "community")

#: Version of the layout of summary.json; raised when a key changes meaning or goes away.
SCHEMA_VERSION = 1

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
_TOP = 5
_RANKED = ("betweenness", "pagerank", "eigenvector", "coreness", "out_degree", "in_degree")


@dataclass(frozen=True)
class AnalysisOptions:
    """Every parameter of an analysis; all of them are recorded in ``summary.json``.

    Attributes
    ----------
    seed : int
        Seed of every random step (Louvain runs, core/periphery starts, layout).
    resolution : float
        Louvain resolution (> 0; larger gives more, smaller communities).
    runs : int or None
        Seeded Louvain runs; the most representative partition is kept. ``None``: 20, or
        :data:`LARGE_RUNS` above :data:`LARGE_NETWORK` firms, :data:`HUGE_RUNS` above
        ``complete_up_to`` ties.
    cp_offdiagonal : str or float
        Core-periphery block of the ideal pattern: ``"ignore"`` (UCINET's default) or a
        value from 0 to 1.
    cp_starts : int
        Local searches of the discrete core/periphery model.
    relation : str or None
        Analyse only this relation layer (recorded in its canonical spelling:
        ``"fason"`` becomes ``"subcontracting"``).
    encoding : str or None
        Force the encoding of the input files.
    layout : str or None
        Survey layout, ``"long"``, ``"respondent"`` or ``"wide"`` (default: recognised).
    sheet : str or None
        Worksheet of an ``.xlsx`` survey (default: the first).
    groups : str or None
        Partition for brokerage roles: ``"sector"``, ``"actor_class"``, ``"region"`` or
        ``"community"`` (default: actor class when the firms file gives it, else community).
    dependence_threshold : float
        Top customer's share of sales above which a firm depends on a single customer.
    nulls : int or None
        Degree-preserving randomisations for the significance of communities and of the
        core/periphery structure (0 skips the tests). ``None``: 20, or none above
        :data:`LARGE_NETWORK` firms (each randomisation costs a community search).
    weights : str or None
        What the tie weights are: ``"percent"`` or ``"fraction"`` of the supplier's total
        sales, ``"volume"`` (any amounts) or ``"unweighted"``; guessed when ``None``.
    lang : str or None
        Language of report.html, ``"en"`` or ``"tr"`` (default: Turkish when the survey's
        headers are, else English).
    cp_directed, cp_valued : bool
        Fit core/periphery on the directed network as given (default: symmetrised) and on
        tie values (default: binary).
    exact_up_to : int
        Betweenness and closeness are exact up to this many firms and estimated from
        ``path_sources`` sampled firms above it (precision in ``summary.json``).
    path_sources : int or None
        Firms sampled for those estimates. ``None``: 256, fewer above 200,000 ties
        (:func:`~clustermap.graph.centrality.path_sources`: a fixed budget of tie visits).
    complete_up_to : int
        Every measure up to this many ties; above, only those near-linear in the ties
        (:data:`NEAR_LINEAR_SKIPPED` says which are left out and why).
    engine : str
        Engine of betweenness, PageRank, k-core numbers and Louvain: ``"networkx"``,
        ``"networkit"`` (``pip install "clustermap[fast]"``) or ``"auto"`` (networkit above
        :data:`~clustermap.graph.engine.FAST_ABOVE` firms when installed); recorded as the
        engine that ran.
    columns : dict
        Role -> header (or its position from 1) of the survey, overriding the recognition
        of headers (``--column``; see :func:`clustermap.survey.read_survey`).
    firm_columns : dict
        The same for the firms file (``--firms-column``).
    header_row : int or None
        The line (workbook row) of the survey's header; default: found in its first rows.
    """

    seed: int = 42
    resolution: float = 1.0
    runs: int | None = None
    cp_offdiagonal: str | float = "ignore"
    cp_starts: int = 50
    relation: str | None = None
    encoding: str | None = None
    layout: str | None = None
    sheet: str | None = None
    groups: str | None = None
    dependence_threshold: float = 0.5
    nulls: int | None = None
    weights: str | None = None
    lang: str | None = None
    cp_directed: bool = False
    cp_valued: bool = False
    exact_up_to: int = EXACT_PATH_LIMIT
    path_sources: int | None = None
    complete_up_to: int = COMPLETE_LIMIT
    engine: str = "auto"
    columns: dict[str, str] = field(default_factory=dict)
    firm_columns: dict[str, str] = field(default_factory=dict)
    header_row: int | None = None

    def for_network(self, firms: int, ties: int = 0) -> AnalysisOptions:
        """These options with the automatic ones (``None``) set for a network of ``firms``
        and ``ties``."""
        large = firms > LARGE_NETWORK
        return replace(
            self,
            runs=self.runs
            or (HUGE_RUNS if ties > self.complete_up_to else LARGE_RUNS if large else DEFAULT_RUNS),
            nulls=self.nulls if self.nulls is not None else (0 if large else DEFAULT_NULLS),
            engine=engines.resolve(self.engine, firms),
            path_sources=self.path_sources or default_path_sources(ties),
        )

    def __post_init__(self) -> None:
        if self.engine != "auto":
            engines.resolve(self.engine, 0)  # a known engine, installed
        if self.complete_up_to < 0:
            raise UsageError(f"--complete-up-to must be 0 or more, got {self.complete_up_to}")
        if self.exact_up_to < 0:
            raise UsageError(f"--exact-up-to must be 0 or more, got {self.exact_up_to}")
        if self.path_sources is not None and self.path_sources < 2:
            raise UsageError(f"--path-sources must be at least 2, got {self.path_sources}")
        if self.groups is not None and self.groups not in GROUPINGS:
            raise UsageError(f"--groups must be one of {', '.join(GROUPINGS)}, got {self.groups!r}")
        if not 0 < self.dependence_threshold <= 1:
            raise UsageError(
                "--dependence-threshold must be a share above 0 and at most 1, "
                f"got {self.dependence_threshold}"
            )
        if self.lang is not None and self.lang not in ("en", "tr"):
            raise UsageError(f"--lang must be en or tr, got {self.lang!r}")
        if self.weights is not None and self.weights not in WEIGHT_BASES:
            raise UsageError(
                f"--weights must be one of {', '.join(WEIGHT_BASES)}, got {self.weights!r}"
            )
        if self.header_row is not None and self.header_row < 1:
            raise UsageError(f"--header-row must be 1 or more, got {self.header_row}")
        for given, roles, option in (
            (self.columns, schema.TIE_ROLES, "--column"),
            (self.firm_columns, schema.FIRM_ROLES, "--firms-column"),
        ):
            for role in given:
                if role not in roles:
                    raise UsageError(
                        f"{option} {role}=…: unknown role {role!r}; the roles are "
                        f"{', '.join(roles)}"
                    )
        if self.nulls is not None and self.nulls < 0:
            raise UsageError(f"--nulls must be 0 or more, got {self.nulls}")
        if self.layout is not None and self.layout not in schema.LAYOUTS:
            raise UsageError(
                f"--layout must be one of {', '.join(schema.LAYOUTS)}, got {self.layout!r}"
            )
        if self.encoding is not None and not known_encoding(self.encoding):
            raise UsageError(
                f"--encoding: unknown encoding {self.encoding!r}: try utf-8, "
                "cp1254, cp1252 or latin-1"
            )
        if self.relation is not None:
            if not self.relation.strip():
                raise UsageError("--relation needs a layer name, e.g. supply or knowledge")
            object.__setattr__(self, "relation", schema.relation(clean_name(self.relation)))
        if not self.resolution > 0:
            raise UsageError(f"--resolution must be greater than 0, got {self.resolution}")
        if self.runs is not None and self.runs < 1:
            raise UsageError(f"--runs must be at least 1, got {self.runs}")
        runs = self.runs or DEFAULT_RUNS
        if not 0 <= self.seed <= MAX_SEED - runs + 1:  # run i uses seed + i
            raise UsageError(
                f"--seed must be a whole number from 0 to {MAX_SEED - runs + 1}, got {self.seed}"
            )
        if self.cp_starts < 1:
            raise UsageError(f"--cp-starts must be at least 1, got {self.cp_starts}")
        try:
            object.__setattr__(self, "cp_offdiagonal", parse_offdiagonal(self.cp_offdiagonal))
        except ValueError as err:
            raise UsageError(f"--cp-offdiagonal: {err}") from err


@dataclass(frozen=True)
class Analysis:
    """Everything one analysis computed.

    Attributes
    ----------
    survey : Survey
        The validated input.
    network : Network
        The supply network (:attr:`graph`) with its firms in canonical order and its
        sparse matrices, made once and shared by the measures and the outputs.
    firms : pandas.DataFrame
        One row per firm: :data:`FIRM_COLUMNS`, then the firm attributes.
    ties : pandas.DataFrame
        The cleaned ties analysed (supplier, customer, relation, weight, rows).
    communities : Partition
    core_periphery : CorePeriphery
    coreness : ContinuousCorePeriphery
    positions : dict
        Firm -> (x, y) layout in [-1, 1].
    summary : dict
        The content of ``summary.json``.
    options : AnalysisOptions
    """

    survey: Survey
    network: Network
    firms: pd.DataFrame
    ties: pd.DataFrame
    communities: Partition
    core_periphery: CorePeriphery
    coreness: ContinuousCorePeriphery
    positions: dict[Any, tuple[float, float]]
    summary: dict[str, Any]
    options: AnalysisOptions = field(default_factory=AnalysisOptions)

    @property
    def graph(self) -> nx.DiGraph:
        """The supply network, supplier -> customer, with firm attributes on the nodes."""
        return cast(nx.DiGraph, self.network.graph)

    @property
    def adjacency(self) -> Any:
        """The weighted adjacency matrix of :attr:`graph` (scipy CSR), firms in canonical
        order (the rows of ``firms``)."""
        return self.network.adjacency()


def analyze(
    survey: Survey | str | Path,
    firms: str | Path | None = None,
    options: AnalysisOptions | None = None,
    *,
    aliases: str | Path | None = None,
) -> Analysis:
    """Analyse a supply-network survey: metrics, communities, core/periphery, layout.

    Parameters
    ----------
    survey : Survey or path
        A survey read by :func:`clustermap.survey.read_survey`, or the path of a ties file.
    firms : path, optional
        Firms file (only with a path for ``survey``).
    options : AnalysisOptions, optional
    aliases : path, optional
        Alias file of firm names (only with a path for ``survey``).

    Returns
    -------
    Analysis

    Raises
    ------
    SurveyError
        If the survey files cannot be analysed.
    UsageError
        If an option is out of range.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer\\nA,B\\nB,C\\nC,A\\nC,D\\n")
    >>> result = analyze(path)
    >>> result.summary["network"]["firms"], result.firms["firm"].tolist()
    (4, ['A', 'B', 'C', 'D'])
    """
    options = options or AnalysisOptions()
    if not isinstance(survey, Survey):
        with stage("read and check the survey"), _collector_paused():
            survey = read_survey(
                survey,
                firms,
                encoding=options.encoding,
                relation=options.relation,
                layout=options.layout,
                sheet=options.sheet,
                aliases=aliases,
                columns=options.columns,
                firm_columns=options.firm_columns,
                header_row=options.header_row,
                weights=options.weights,
            )
    elif firms is not None or aliases is not None:
        raise UsageError("give the firms and alias files to read_survey() with a Survey")
    _check_groups(options.groups, survey)
    basis = options.weights or survey.weights.basis
    with stage("build the graph"), _collector_paused():
        net = build_network(survey.ties, survey.firms, survey.respondents)
    # the graph is not changed from here on: its order and matrices are made once, in net
    requested, options = options, options.for_network(len(net), net.ties)
    assert options.runs is not None
    assert options.nulls is not None
    assert options.path_sources is not None
    precision: dict[str, Precision] = {}
    complete = net.ties <= options.complete_up_to
    above = f"not computed above {options.complete_up_to:,} ties (--complete-up-to): "
    skipped = {} if complete else {m: above + why for m, why in NEAR_LINEAR_SKIPPED.items()}
    measures = firm_centralities(
        net,
        exact_limit=options.exact_up_to,
        sources=options.path_sources,
        seed=options.seed,
        precision=precision,
        engine=options.engine,
        paths=complete,
    )
    # the search gets its matrix and firms as arguments: it may run on a thread of its own
    search = partial(
        louvain_partition,
        net.symmetric(),
        net.nodes,
        resolution=options.resolution,
        seed=options.seed,
        runs=options.runs,
        engine=options.engine,
    )
    # networkit's Louvain releases the interpreter: on a second core it runs beside the
    # measures that do not need the communities (no other seeded kernel runs meanwhile)
    pending = _Background(search) if options.engine == "networkit" else None
    with stage("structural holes"):
        measures.update(structural_holes(net) if complete else unmeasured(net, *HOLE_MEASURES))
    cp_weight = "weight" if options.cp_valued else None
    with stage("core/periphery (discrete)"):
        core_periphery = borgatti_everett_discrete(
            net,
            offdiagonal=options.cp_offdiagonal,
            starts=options.cp_starts,
            seed=options.seed,
            weight=cp_weight,
            symmetrize=not options.cp_directed,
        )
    with stage("coreness (continuous)"):
        coreness = borgatti_everett_continuous(
            net, weight=cp_weight, symmetrize=not options.cp_directed
        )
    with stage("supply chain"):
        supply: dict[str, dict[Any, Any]] = {
            **concentration(net, threshold=options.dependence_threshold, basis=basis),
            **supply_roles(net),
        }
        layers = tiers(net)
        primes = _primes(net, survey) if complete else []
        critical = critical_firms(net, primes, engine=options.engine)
    with stage("communities"):  # or what is left of their search
        communities = search() if pending is None else pending.result()
    if communities.runs == 1 and communities.count:
        skipped["community stability"] = ONE_RUN
    grouping = options.groups or ("actor_class" if "actor_class" in survey.firms else "community")
    group_of = (
        communities.membership
        if grouping == "community"
        else survey.firms[grouping].to_dict()
        if grouping in survey.firms
        else {}
    )
    with stage("brokerage roles"):
        brokerage = gould_fernandez(net, group_of) if complete else Brokerage.missing(net, group_of)
    with stage("firm table"):
        firm_table = _firm_table(
            net,
            survey,
            measures,
            communities,
            core_periphery,
            coreness,
            brokerage,
            supply,
            layers,
            critical,
        )
    with stage("randomised networks"):
        nulls = randomisations(net, options.nulls, options.seed)
    summary = _summary(
        net,
        survey,
        firm_table,
        options,
        _Results(
            communities,
            core_periphery,
            coreness,
            grouping,
            brokerage,
            layers,
            critical,
            measures["betweenness"],
            nulls,
            precision,
            _untested(requested, len(net)),
            skipped,
        ),
    )
    with stage("layout"):
        positions = spring_positions(net, seed=options.seed)
    return Analysis(
        survey,
        net,
        firm_table,
        survey.ties.copy(),
        communities,
        core_periphery,
        coreness,
        positions,
        summary,
        options,
    )


def _check_groups(groups: str | None, survey: Survey) -> None:
    """Refuse brokerage groups by an attribute the firms do not have: every path would be
    counted in one group, as coordination."""
    if groups is None or groups == "community" or groups in survey.firms:
        return
    attributes = [name for name in GROUPINGS if name in survey.firms and name != "community"]
    if len(survey.firms.columns) == 0 and len(survey.firms.index) == 0:
        where = "no firms file was given (--firms, with a column for it)"
    else:
        columns = ", ".join(map(str, survey.firms.columns)) or "none"
        where = f"the firms file has no {groups} column (its columns: {columns})"
    choices = " or ".join(f"--groups {name}" for name in [*attributes, "community"])
    raise UsageError(f"--groups {groups}: {where}; give {choices}")


class _Background:
    """``compute()`` on a daemon thread (an interrupted run does not wait for it);
    :meth:`result` waits for it and raises what it raised."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self._outcome: list[Any] = []
        self._thread = threading.Thread(target=self._run, args=(compute,), daemon=True)
        self._thread.start()

    def _run(self, compute: Callable[[], Any]) -> None:
        try:
            self._outcome.append((True, compute()))
        except BaseException as error:  # handed to the waiting thread
            self._outcome.append((False, error))

    def result(self) -> Any:
        self._thread.join()
        done, value = self._outcome[0]
        if not done:
            raise value
        return value


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while millions of cells, names and tie dicts are made:
    it rescans every live object each time enough new ones appear, hundreds of times for a
    million ties (40 % of the graph's building time), and these objects hold no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _primes(G: nx.Graph | Network, survey: Survey) -> list[Any] | None:
    """Prime contractors by actor class; ``None`` lets supply analysis find end customers."""
    net = as_network(G)
    if "actor_class" not in survey.firms:
        return None
    classes = survey.firms["actor_class"]
    named = [firm for firm in classes.index[classes == "prime_contractor"] if firm in net.graph]
    return named or None


def _firm_table(
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


@dataclass(frozen=True)
class _Results:
    """The graph results the summary is written from."""

    communities: Partition
    core_periphery: CorePeriphery
    coreness: ContinuousCorePeriphery
    grouping: str
    brokerage: Brokerage
    tiers: Tiers
    critical: Critical
    betweenness: dict[Any, float]
    #: degree-preserving randomisations shared by the significance tests
    nulls: list[nx.Graph]
    #: how exactly the path-based measures were computed
    precision: dict[str, Precision]
    #: why the significance tests were not run (None: they were)
    untested: Significance | None = None
    #: measures left out (:data:`NEAR_LINEAR_SKIPPED`), with the reason
    skipped: dict[str, str] = field(default_factory=dict)


def _summary(
    G: nx.Graph | Network,
    survey: Survey,
    firms: pd.DataFrame,
    options: AnalysisOptions,
    results: _Results,
) -> dict[str, Any]:
    net = as_network(G)
    connected = firms[firms["in_degree"] + firms["out_degree"] > 0]
    with stage("network figures"):
        network = network_summary(net, transitivity="transitivity" not in results.skipped)
        layers = _layers(net, survey.ties, network, "transitivity" not in results.skipped)
    return {
        "schema_version": SCHEMA_VERSION,
        "clustermap_version": __version__,
        "inputs": [
            {
                "role": s.role,
                "file": Path(s.name).name,
                "sha256": s.sha256,
                "encoding": s.encoding,
                "format": s.format,
                "sheet": s.sheet,
                "delimiter": s.delimiter,
                "rows": s.rows,
                "header_line": s.header_line,
                "columns": s.columns,
            }
            for s in survey.sources
        ],
        "parameters": asdict(options),
        "network": network,
        "relations": layers,
        "relations_overlap": _overlap(survey.ties),
        "survey": quality_facts(survey),
        "communities": _communities(
            net, firms, options, results.communities, results.nulls, results.untested
        ),
        "core_periphery": _core_periphery(net, firms, options, results),
        "brokerage": _brokerage(firms, results),
        "supply": _supply(net, survey, firms, options, results),
        "top_firms": {
            measure: connected[connected[measure] > 0]
            .sort_values(measure, ascending=False, kind="stable")["firm"]
            .head(_TOP)
            .tolist()
            for measure in _RANKED
        },
        "conventions": {**CONVENTIONS, "structural_holes": STRUCTURAL_HOLES_CONVENTION},
        "precision": {
            measure: asdict(results.precision.get(measure, Precision("exact")))
            for measure in ("betweenness", "closeness")
        },
        "warnings": sorted(
            (
                {"code": issue.code, "file": Path(issue.file).name, "message": issue.message}
                for issue in survey.issues
                if issue.severity == "warning"
            ),
            key=lambda w: (w["file"], w["code"], w["message"]),
        ),
        "skipped": results.skipped,
        "outputs": {"skipped": _skipped_outputs(len(net))},
        "versions": _versions(options.engine),
    }


def _skipped_outputs(firms: int) -> dict[str, str]:
    """The files left out of the result folder of a network of ``firms``, with the reason."""
    return {
        **(LARGE_SKIPPED if firms > LARGE_OUTPUT else {}),
        **(HUGE_SKIPPED if firms > HUGE_OUTPUT else {}),
    }


def _communities(
    G: nx.Graph | Network,
    firms: pd.DataFrame,
    options: AnalysisOptions,
    partition: Partition,
    nulls: list[nx.Graph],
    untested: Significance | None,
) -> dict[str, Any]:
    # ties within each community (of the projection), in one pass over the matrix
    net = as_network(G)
    label = np.array([partition.membership[node] for node in net.nodes], dtype=float)
    pairs = triu(net.symmetric(weight=None), k=1).tocoo()
    within = label[pairs.row][label[pairs.row] == label[pairs.col]]
    inside = np.bincount(within[~np.isnan(within)].astype(int), minlength=partition.count)
    grouped = dict(iter(firms.groupby("community", sort=True)))
    # betweenness names the brokers inside; where it is not computed, PageRank the hubs
    leading = "betweenness" if firms["betweenness"].notna().any() else "pagerank"
    details = []
    for number, size in enumerate(partition.sizes):
        members = grouped[number]
        details.append(
            {
                "community": number,
                "size": size,
                "density": inside[number] / (size * (size - 1) / 2) if size > 1 else None,
                "sectors": _mix(members, "sector"),
                "actor_classes": _mix(members, "actor_class"),
                "top_firms": members.sort_values(leading, ascending=False, kind="stable")["firm"]
                .head(_TOP)
                .tolist(),
                "mean_stability": _mean(members["community_stability"]),
            }
        )
    with stage("significance of communities"):
        significance = untested or community_significance(
            net, resolution=options.resolution, seed=options.seed, networks=nulls
        )
    return {
        "count": partition.count,
        "modularity": partition.modularity,
        "best_modularity": partition.best_modularity,
        "mean_modularity": partition.mean_modularity,
        "agreement": partition.agreement,
        "sizes": partition.sizes,
        "isolates": partition.isolates,
        "method": partition.method,
        "network": "undirected projection, reciprocal weights summed",
        "resolution": partition.resolution,
        "seed": partition.seed,
        "runs": partition.runs,
        "choice": "the most representative run (highest mean adjusted Rand index with the others)",
        "significance": asdict(significance),
        "details": details,
    }


def _mean(values: pd.Series) -> float | None:
    """The mean of the values given, or ``None`` when none is."""
    mean = values.astype(float).mean()
    return None if np.isnan(mean) else float(mean)


def _mix(members: pd.DataFrame, column: str) -> dict[str, int]:
    if column not in members:
        return {}
    counts = members[column].dropna().astype(str).value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}


def _core_periphery(
    G: nx.Graph | Network, firms: pd.DataFrame, options: AnalysisOptions, results: _Results
) -> dict[str, Any]:
    net = as_network(G)
    cp = results.core_periphery
    shells = Counter(firms["core_number"].tolist())
    with stage("core/periphery (other reading)"):
        # the same model on the other reading of the ties (directed as given / symmetrised)
        other = (
            None
            if "core/periphery (other reading)" in results.skipped
            else borgatti_everett_discrete(
                net,
                offdiagonal=options.cp_offdiagonal,
                starts=options.cp_starts,
                seed=options.seed,
                weight="weight" if options.cp_valued else None,
                symmetrize=options.cp_directed,
            )
        )
    # the randomisations keep degrees of the symmetrised binary network: test that model only
    tested = not options.cp_directed and not options.cp_valued
    with stage("significance of core/periphery"):
        significance = results.untested or (
            core_periphery_significance(
                net,
                offdiagonal=options.cp_offdiagonal,
                seed=options.seed,
                starts=min(options.cp_starts, 20),
                networks=results.nulls,
                observed=cp.fit if options.cp_starts <= 20 else None,
            )
            if tested
            else None
        )
    return {
        "model": "Borgatti-Everett discrete",
        "offdiagonal": cp.offdiagonal,
        "network": (
            "directed" if options.cp_directed else "symmetrised (a tie in either direction)"
        )
        + (", tie values" if options.cp_valued else ", binary"),
        "fit": cp.fit,
        "core_size": len(cp.core),
        "core": list(cp.core),
        "periphery": [firm for firm, role in cp.membership.items() if role == "periphery"],
        "block_density": cp.block_density,
        "exact": cp.exact,
        "search": cp.search,
        "starts": cp.starts,
        "alternatives": cp.alternatives,
        "continuous_fit": results.coreness.fit,
        "other_reading": None
        if other is None
        else {
            "network": "symmetrised" if options.cp_directed else "directed as given",
            "fit": other.fit,
            "core_size": len(other.core),
            "core": list(other.core),
            "block_density": other.block_density,
        },
        "significance": None if significance is None else asdict(significance),
        "k_core_shells": {str(k): shells[k] for k in sorted(shells)},
        "rich_club": {str(k): round(v, 6) for k, v in rich_club(net).items()},
    }


def _brokerage(firms: pd.DataFrame, results: _Results) -> dict[str, Any]:
    counted = "brokerage roles" not in results.skipped
    return {
        "groups": results.grouping,
        "totals": {role: int(firms[f"broker_{role}"].sum()) if counted else None for role in ROLES},
        "top_firms": {
            role: firms[firms[f"broker_{role}"] > 0]
            .sort_values(f"broker_{role}", ascending=False, kind="stable")["firm"]
            .head(_TOP)
            .tolist()
            for role in ROLES
        },
    }


def _supply(
    G: nx.Graph | Network,
    survey: Survey,
    firms: pd.DataFrame,
    options: AnalysisOptions,
    results: _Results,
) -> dict[str, Any]:
    net = as_network(G)
    critical = results.critical
    weights = (
        WeightBasis(options.weights, False, f"given (--weights {options.weights})")
        if options.weights
        else survey.weights
    )
    return {
        "weight_basis": weights.basis,
        "weight_basis_guessed": weights.guessed,
        "weight_basis_reason": weights.reason,
        "dependence_threshold": options.dependence_threshold,
        "dependent_firms": firms.loc[firms["single_customer_dependent"], "firm"].tolist(),
        "integrators": firms.loc[firms["integrator"], "firm"].tolist(),
        "allocators": firms.loc[firms["allocator"], "firm"].tolist(),
        "stages": results.tiers.stages,
        "tier_incoherence": results.tiers.incoherence,
        "cut_firms": list(critical.cut_firms),
        "bridges": [list(pair) for pair in critical.bridges],
        "primes": list(critical.primes),
        "end_customers": critical.end_customers,
        "dominators": {
            str(prime): [{"firm": firm, "share": share} for firm, share in found]
            for prime, found in critical.dominators.items()
        },
        "resilience": _resilience(net, options, results),
    }


def _untested(requested: AnalysisOptions, firms: int) -> Significance | None:
    """Why the significance tests are not run, as their result; ``None`` when they are."""
    if requested.nulls == 0:
        why = "not tested (--nulls 0)"
    elif requested.nulls is None and firms > LARGE_NETWORK:
        why = (
            f"not tested: more than {LARGE_NETWORK:,} firms, where each of the randomised "
            "networks costs a full community and core/periphery search; --nulls 20 tests "
            "anyway"
        )
    else:
        return None
    return Significance(None, None, None, None, None, 0, why)


def _resilience(
    G: nx.Graph | Network, options: AnalysisOptions, results: _Results
) -> dict[str, Any]:
    net = as_network(G)
    if "resilience" in results.skipped:
        return {
            "removed": [],
            "random": [],
            "degree": [],
            "betweenness": [],
            "verdict": f"not computed above {options.complete_up_to:,} ties",
        }
    with stage("resilience"):
        return resilience(net, betweenness=results.betweenness, seed=options.seed)


def _overlap(ties: pd.DataFrame) -> list[dict[str, Any]]:
    """For each pair of relation layers: how many of their firm pairs they share."""
    if ties["relation"].nunique() < 2:
        return []
    pairs = {
        str(layer): {
            frozenset(pair)
            for pair in zip(group["supplier"].tolist(), group["customer"].tolist(), strict=True)
        }
        for layer, group in ties.groupby("relation", sort=True)
    }
    overlap = []
    for first, second in combinations(sorted(pairs), 2):
        both = len(pairs[first] & pairs[second])
        either = len(pairs[first] | pairs[second])
        overlap.append(
            {
                "layers": [first, second],
                "shared_pairs": both,
                "share": both / either if either else None,
            }
        )
    return overlap


def _layers(
    G: nx.Graph | Network, ties: pd.DataFrame, network: dict[str, Any], transitivity: bool
) -> dict[str, dict[str, Any]]:
    """Per relation layer: the network figures of that layer's ties alone."""
    net = as_network(G)
    layers = ties["relation"].unique()
    if len(layers) == 1:  # the whole network (``network``), less its firms without ties
        degrees = np.diff(net.symmetric(weight=None).indptr)
        tied = degrees[degrees > 0]
        n = len(tied)
        return {
            str(layers[0]): network
            | {
                "firms": n,
                "density": network["ties"] / (n * (n - 1)) if n > 1 else None,
                "components": network["components"] - network["isolates"],
                "isolates": 0,
                "degree_centralization": int((tied.max() - tied).sum()) / ((n - 1) * (n - 2))
                if n > 2
                else None,
            }
        }
    return {
        str(layer): network_summary(build_graph(group), transitivity=transitivity)
        for layer, group in ties.groupby("relation", sort=True)
    }


def _versions(engine: str) -> dict[str, str]:
    found = {"python": platform.python_version()}
    used = ("networkit",) if engine == "networkit" else ()
    for package in ("networkx", "pandas", "numpy", "python-louvain", "pyvis", *used):
        try:
            found[package] = version(package)
        except PackageNotFoundError:  # pragma: no cover - installed as dependencies
            found[package] = "unknown"
    return found
