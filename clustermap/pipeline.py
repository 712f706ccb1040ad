"""The stages of an analysis, in order: each named, timed (:mod:`clustermap.timing`) and
computing one part of the results from the network; :func:`run` runs them.

survey -> network -> centralities, structural holes, core/periphery, supply chain,
communities, brokerage -> firm table -> randomised networks -> network figures ->
significance -> the other reading of core/periphery -> resilience -> layout.

Every stage takes what it needs as arguments and returns what it computed; nothing here
formats (:mod:`clustermap.record` turns the results into ``summary.json``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import triu

from clustermap import scale
from clustermap.firmtable import firm_table
from clustermap.graph import engine as engines
from clustermap.graph.brokerage import (
    HOLE_MEASURES,
    Brokerage,
    gould_fernandez,
    structural_holes,
)
from clustermap.graph.build import build_graph, unmeasured
from clustermap.graph.centrality import Precision, firm_centralities, path_measure
from clustermap.graph.community import Partition, louvain_partition
from clustermap.graph.coreperiphery import (
    ContinuousCorePeriphery,
    CorePeriphery,
    borgatti_everett_continuous,
    borgatti_everett_discrete,
)
from clustermap.graph.figures import network_figures, rich_club
from clustermap.graph.network import Network
from clustermap.graph.positions import spring_positions
from clustermap.graph.resilience import resilience
from clustermap.graph.significance import Significance, significance_tests
from clustermap.graph.supply import (
    Critical,
    Tiers,
    concentration,
    critical_firms,
    supply_roles,
    tiers,
)
from clustermap.options import AnalysisOptions
from clustermap.scale import engine_note
from clustermap.survey import Survey
from clustermap.timing import stage

__all__ = ["NEAR_LINEAR_SKIPPED", "ONE_RUN", "Results", "run"]

#: The measures left out above ``complete_up_to`` ties, with the reason: the others grow
#: about linearly with the ties (degree, strength, PageRank, eigenvector, k-core,
#: communities, core/periphery, concentration, roles, tiers, cut firms).
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


#: Notes a user should see before a long run (the command line prints them on stderr).
logger = logging.getLogger("clustermap")


@dataclass(frozen=True)
class Results:
    """Everything the stages computed from the network (in canonical firm order).

    Attributes
    ----------
    measures : dict
        Per-firm centralities and structural holes, measure -> firm -> value.
    precision : dict
        How exactly the path-based measures were computed, where they were estimated.
    communities : Partition
    core_periphery, other_reading : CorePeriphery
        The discrete model on the chosen reading of the ties, and on the other one
        (``None`` when left out).
    coreness : ContinuousCorePeriphery
    supply : dict
        Concentration and supply roles, column -> firm -> value.
    tiers : Tiers
    critical : Critical
    grouping : str
        The partition brokerage roles were counted on.
    brokerage : Brokerage
    firms : pandas.DataFrame
        The firm table (:mod:`clustermap.firmtable`).
    community_significance, core_significance : Significance
        The tests against randomised networks (the core's ``None`` when its model is not
        the one the randomisations keep).
    network : dict
        The network-level figures (:func:`~clustermap.graph.figures.network_figures`).
    layers : dict
        The same figures per relation layer.
    overlap : list
        For each pair of layers, the firm pairs they share.
    rich_club : dict
        Rich-club coefficient by degree.
    community_ties : numpy.ndarray
        Ties within each community of the projection.
    resilience : dict
        The resilience curves and verdict.
    skipped : dict
        Measures left out, with the reason.
    positions : dict
        Firm -> (x, y), the seeded layout of the map.
    engine_note : str or None
        Said before a large analysis runs on networkx because the fast engine is not
        installed: how long it takes, and how to install the fast one.
    """

    measures: dict[str, dict[Any, float]]
    precision: dict[str, Precision]
    communities: Partition
    core_periphery: CorePeriphery
    coreness: ContinuousCorePeriphery
    supply: dict[str, dict[Any, Any]]
    tiers: Tiers
    critical: Critical
    grouping: str
    brokerage: Brokerage
    firms: pd.DataFrame
    community_significance: Significance
    core_significance: Significance | None
    other_reading: CorePeriphery | None
    network: dict[str, Any]
    layers: dict[str, dict[str, Any]]
    overlap: list[dict[str, Any]]
    rich_club: dict[int, float]
    community_ties: np.ndarray
    resilience: dict[str, Any]
    skipped: dict[str, str]
    positions: dict[Any, tuple[float, float]]
    engine_note: str | None = None


def run(
    net: Network, survey: Survey, requested: AnalysisOptions
) -> tuple[AnalysisOptions, Results]:
    """Every stage of an analysis of ``net`` (built from ``survey``), in order.

    Returns the options as they were set for this network (the automatic ones resolved:
    :meth:`~clustermap.options.AnalysisOptions.for_network`) and the results.
    """
    options = requested.for_network(len(net), net.ties)
    note = None
    if requested.engine == "auto":  # said once, before the long part of a large analysis
        note = engine_note(len(net), net.ties, options.engine, fast_installed=engines.available())
        if note:
            logger.warning(note)
    complete = net.ties <= options.complete_up_to
    skipped = left_out(options) if not complete else {}
    precision: dict[str, Precision] = {}
    # with the fast engine, betweenness and Louvain run on a thread of their own beside
    # the measures below (networkit releases the interpreter): see start_paths_and_communities
    beside = options.engine == "networkit"
    both = start_paths_and_communities(net, options, complete) if beside else None
    measures = firm_centralities(
        net,
        exact_limit=options.exact_up_to,
        sources=options.path_sources or 0,
        seed=options.seed,
        precision=precision,
        engine=options.engine,
        paths=complete,
        without_betweenness=beside,
    )
    search = None if beside else start_communities(net, options)
    with stage("structural holes"):
        measures.update(structural_holes(net) if complete else unmeasured(net, *HOLE_MEASURES))
    core_periphery, coreness = core_and_periphery(net, options)
    supply, layers, critical = supply_chain(net, survey, options, complete)
    if both is not None:
        with stage("betweenness and communities"):  # or what is left of them
            (betweenness, betweenness_precision), communities = both()
        measures = _before("closeness", measures, "betweenness", betweenness)
        if betweenness_precision is not None:
            precision = _before("closeness", precision, "betweenness", betweenness_precision)
    else:
        assert search is not None
        with stage("communities"):  # or what is left of their search
            communities = search()
    if communities.runs == 1 and communities.count:
        skipped["community stability"] = ONE_RUN
    grouping, brokerage = brokerage_roles(net, survey, options, communities, complete)
    with stage("firm table"):
        firms = firm_table(
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
    with stage("network figures"):
        figures = network_level_figures(net, survey, communities, "transitivity" not in skipped)
    untested = _untested(requested, len(net))
    community_test, core_test = significance(net, options, core_periphery, untested)
    with stage("core/periphery (other reading)"):
        other = None if "core/periphery (other reading)" in skipped else other_reading(net, options)
    with stage("resilience"):
        curves = (
            _not_computed(options)
            if "resilience" in skipped
            else resilience(net, betweenness=measures["betweenness"], seed=options.seed)
        )
    with stage("layout"):
        positions = spring_positions(net, seed=options.seed)
    return options, Results(
        measures,
        precision,
        communities,
        core_periphery,
        coreness,
        supply,
        layers,
        critical,
        grouping,
        brokerage,
        firms,
        community_test,
        core_test,
        other,
        *figures,
        curves,
        skipped,
        positions,
        note,
    )


def left_out(options: AnalysisOptions) -> dict[str, str]:
    """The measures left out above ``complete_up_to`` ties, each with the reason."""
    above = f"not computed above {options.complete_up_to:,} ties (--complete-up-to): "
    return {measure: above + why for measure, why in NEAR_LINEAR_SKIPPED.items()}


def start_communities(
    net: Network, options: AnalysisOptions, *, background: bool = True
) -> Callable[[], Partition]:
    """Start the Louvain search; returns what gives its partition.

    networkit's Louvain releases the interpreter: on a second core it runs beside the
    measures that do not need the communities (no other seeded kernel runs meanwhile). The
    search gets its matrix and firms as arguments and shares nothing else with the stages.
    """
    search = partial(
        louvain_partition,
        net.symmetric(),
        net.nodes,
        resolution=options.resolution,
        seed=options.seed,
        runs=options.runs or scale.SCALE.runs,
        engine=options.engine,
    )
    return _Background(search).result if background and options.engine == "networkit" else search


def start_paths_and_communities(
    net: Network, options: AnalysisOptions, complete: bool
) -> Callable[[], tuple[tuple[dict[Any, float], Precision | None], Partition]]:
    """With the fast engine: betweenness, then the Louvain search, on one thread beside the
    other measures; returns what gives both.

    networkit releases the interpreter, so the thread runs on a second core. Both kernels
    draw from networkit's seeded generator: run one after the other on the same thread,
    they draw what they would in the main thread (no other seeded kernel runs meanwhile),
    so the results are the same.
    """
    paths = partial(
        path_measure,
        net,
        "betweenness",
        exact_limit=options.exact_up_to,
        sources=options.path_sources or 0,
        seed=options.seed,
        engine=options.engine,
        paths=complete,
    )
    # what the thread reads of net is made here, in the main thread
    net.adjacency()
    search = start_communities(net, options, background=False)
    return _Background(lambda: (paths(), search())).result


T = Any


def _before(key: str, values: dict[str, T], new: str, value: T) -> dict[str, T]:
    """``values`` with ``new`` inserted just before ``key`` (at the end without ``key``): the
    order every table and ``summary.json`` lists the measures in.

    >>> _before("b", {"a": 1, "b": 2}, "x", 0)
    {'a': 1, 'x': 0, 'b': 2}
    """
    items = list(values.items())
    at = next((i for i, (name, _) in enumerate(items) if name == key), len(items))
    return dict([*items[:at], (new, value), *items[at:]])


def core_and_periphery(
    net: Network, options: AnalysisOptions
) -> tuple[CorePeriphery, ContinuousCorePeriphery]:
    """The discrete and the continuous Borgatti-Everett models."""
    weight = "weight" if options.cp_valued else None
    with stage("core/periphery (discrete)"):
        discrete = borgatti_everett_discrete(
            net,
            offdiagonal=options.cp_offdiagonal,
            starts=options.cp_starts,
            seed=options.seed,
            weight=weight,
            symmetrize=not options.cp_directed,
        )
    with stage("coreness (continuous)"):
        continuous = borgatti_everett_continuous(
            net, weight=weight, symmetrize=not options.cp_directed
        )
    return discrete, continuous


def supply_chain(
    net: Network, survey: Survey, options: AnalysisOptions, complete: bool
) -> tuple[dict[str, dict[Any, Any]], Tiers, Critical]:
    """Concentration (with the survey's weight basis), roles, tiers and critical firms."""
    basis = options.weights or survey.weights.basis
    with stage("supply chain"):
        supply: dict[str, dict[Any, Any]] = {
            **concentration(net, threshold=options.dependence_threshold, basis=basis),
            **supply_roles(net),
        }
        layers = tiers(net)
        primes = _primes(net, survey) if complete else []
        critical = critical_firms(net, primes, engine=options.engine)
    return supply, layers, critical


def brokerage_roles(
    net: Network,
    survey: Survey,
    options: AnalysisOptions,
    communities: Partition,
    complete: bool,
) -> tuple[str, Brokerage]:
    """Gould-Fernandez roles, on the groups asked for (default: actor class when the firms
    file gives it, else the communities)."""
    grouping = options.groups or ("actor_class" if "actor_class" in survey.firms else "community")
    group_of = (
        communities.membership
        if grouping == "community"
        else survey.firms[grouping].to_dict()
        if grouping in survey.firms
        else {}
    )
    with stage("brokerage roles"):
        counted = gould_fernandez(net, group_of) if complete else Brokerage.missing(net, group_of)
    return grouping, counted


def network_level_figures(
    net: Network, survey: Survey, communities: Partition, transitivity: bool
) -> tuple[
    dict[str, Any],
    dict[str, dict[str, Any]],
    list[dict[str, Any]],
    dict[int, float],
    np.ndarray,
]:
    """The network's figures, each relation layer's, the layers' overlap, the rich club and
    the ties within each community."""
    network = network_figures(net, transitivity=transitivity)
    # ties within each community (of the projection), in one pass over the matrix
    label = np.array([communities.membership[node] for node in net.nodes], dtype=float)
    pairs = triu(net.symmetric(weight=None), k=1).tocoo()
    within = label[pairs.row][label[pairs.row] == label[pairs.col]]
    inside = np.bincount(within[~np.isnan(within)].astype(int), minlength=communities.count)
    return (
        network,
        _layers(net, survey.ties, network, transitivity),
        _overlap(survey.ties),
        rich_club(net),
        inside,
    )


def significance(
    net: Network,
    options: AnalysisOptions,
    core: CorePeriphery,
    untested: Significance | None,
) -> tuple[Significance, Significance | None]:
    """The communities' and the core's tests against the same degree-preserving
    randomisations (``untested`` says why they were not run). The randomisations keep the
    degrees of the symmetrised binary network: the core is tested on that model only."""
    if untested is not None:
        return untested, untested
    with stage("significance (randomised networks)"):
        return significance_tests(
            net,
            resolution=options.resolution,
            offdiagonal=options.cp_offdiagonal,
            seed=options.seed,
            starts=min(options.cp_starts, 20),
            nulls=options.nulls or 0,
            observed_fit=core.fit if options.cp_starts <= 20 else None,
            core=not options.cp_directed and not options.cp_valued,
        )


def other_reading(net: Network, options: AnalysisOptions) -> CorePeriphery:
    """The discrete model on the other reading of the ties (directed as given, or
    symmetrised): a check of the one reported."""
    return borgatti_everett_discrete(
        net,
        offdiagonal=options.cp_offdiagonal,
        starts=options.cp_starts,
        seed=options.seed,
        weight="weight" if options.cp_valued else None,
        symmetrize=options.cp_directed,
    )


def _untested(requested: AnalysisOptions, firms: int) -> Significance | None:
    """Why the significance tests are not run, as their result; ``None`` when they are."""
    policy = scale.SCALE
    if requested.nulls == 0:
        why = "not tested (--nulls 0)"
    elif requested.nulls is None and policy.is_large(firms):
        why = (
            f"not tested: more than {policy.large:,} firms, where each of the randomised "
            "networks costs a full community and core/periphery search; --nulls 20 tests "
            "anyway"
        )
    else:
        return None
    return Significance(None, None, None, None, None, 0, why)


def _not_computed(options: AnalysisOptions) -> dict[str, Any]:
    return {
        "removed": [],
        "random": [],
        "degree": [],
        "betweenness": [],
        "verdict": f"not computed above {options.complete_up_to:,} ties",
    }


def _primes(net: Network, survey: Survey) -> list[Any] | None:
    """Prime contractors by actor class; ``None`` lets supply analysis find end customers."""
    if "actor_class" not in survey.firms:
        return None
    classes = survey.firms["actor_class"]
    named = [firm for firm in classes.index[classes == "prime_contractor"] if firm in net.graph]
    return named or None


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
    net: Network, ties: pd.DataFrame, network: dict[str, Any], transitivity: bool
) -> dict[str, dict[str, Any]]:
    """Per relation layer: the network figures of that layer's ties alone."""
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
        str(layer): network_figures(build_graph(group), transitivity=transitivity)
        for layer, group in ties.groupby("relation", sort=True)
    }


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
