"""Per-firm centralities of the supply network, each with its convention stated.

Edges run supplier -> customer and weights are sales shares or volumes, not distances,
so path-based measures (betweenness, closeness) count steps and ignore weights, while
flow- and volume-based ones (strength, PageRank, eigenvector) use them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from clustermap.graph.build import undirected_projection, unmeasured
from clustermap.graph.network import Network, as_network
from clustermap.scale import SCALE
from clustermap.timing import stage

__all__ = [
    "PATH_SOURCES",
    "TOP_FIRMS",
    "Precision",
    "betweenness",
    "closeness",
    "core_number",
    "degrees",
    "eigenvector",
    "firm_centralities",
    "pagerank",
    "path_measure",
    "path_sources",
    "sampled_betweenness",
    "sampled_closeness",
]

#: Up to this many firms eigenvector centrality is solved by a dense symmetric
#: eigensolver; above it, by Lanczos iteration on the sparse matrix (scipy's ARPACK).
DENSE_EIGEN_LIMIT = 3000

#: Source firms sampled for the estimates of betweenness and closeness on large networks
#: (a shortest-path search from every firm takes about 5 minutes for 10,000 firms and
#: 50,000 ties in networkx; see :data:`clustermap.scale.SCALE`), ...
PATH_SOURCES = 256
#: ... as long as a search from each costs at most this many tie visits in all (256 sources
#: up to 200,000 ties); beyond, fewer sources, down to :data:`MIN_PATH_SOURCES`.
PATH_BUDGET = 256 * 200_000
MIN_PATH_SOURCES = 32


def path_sources(ties: int) -> int:
    """Sources sampled by default for a network of ``ties`` ties (see :data:`PATH_BUDGET`).

    >>> path_sources(50_000), path_sources(1_000_000), path_sources(10_000_000)
    (256, 51, 32)
    """
    return max(MIN_PATH_SOURCES, min(PATH_SOURCES, PATH_BUDGET // max(ties, 1)))


#: How each measure is computed, recorded in summary.json so results can be reproduced.
CONVENTIONS = {
    "degree": "in_degree = number of suppliers, out_degree = number of customers; "
    "strength = the same summed over tie weights",
    "betweenness": "directed, unweighted shortest paths (weights are shares, not distances), "
    "normalised by (n-1)(n-2)",
    "closeness": "undirected projection, unweighted; for disconnected networks the "
    "Wasserman-Faust correction (reachable firms / (n-1)) x closeness within the component",
    "pagerank": "directed supplier -> customer, weighted, damping 0.85; firms without customers "
    "spread their score uniformly",
    "eigenvector": "undirected projection, reciprocal weights summed; principal eigenvector, "
    "unit Euclidean length; 0 for firms outside the leading component",
    "core_number": "k-core number of the undirected projection, unweighted",
}


def degrees(G: nx.Graph | Network, weight: str = "weight") -> dict[str, dict[Any, float]]:
    """Numbers of suppliers and customers of each firm, and their weighted sums.

    Returns
    -------
    dict
        ``in_degree`` (suppliers), ``out_degree`` (customers), ``in_strength`` and
        ``out_strength`` (sums of tie weights), each a dict keyed by firm.

    Examples
    --------
    >>> G = nx.DiGraph([("A", "B", {"weight": 0.6}), ("C", "B", {"weight": 0.4})])
    >>> degrees(G)["in_strength"]["B"], degrees(G)["out_degree"]["A"]
    (1.0, 1)
    """
    net = as_network(G)
    nodes = net.nodes
    n = len(nodes)
    figures: dict[str, dict[Any, float]] = {}
    # summed in the canonical order of partners, as networkx sums them
    A = net.adjacency(weight)
    for side, M in (("out", A), ("in", A.T.tocsr())):
        M.sort_indices()
        partners = np.diff(M.indptr)
        strength = np.bincount(np.repeat(np.arange(n), partners), weights=M.data, minlength=n)
        figures[f"{side}_degree"] = dict(zip(nodes, partners.tolist(), strict=True))
        figures[f"{side}_strength"] = dict(zip(nodes, strength.astype(float).tolist(), strict=True))
    return {
        name: figures[name] for name in ("in_degree", "out_degree", "in_strength", "out_strength")
    }


def betweenness(G: nx.Graph | Network) -> dict[Any, float]:
    """Normalised betweenness centrality on unweighted shortest paths.

    Directed graphs use directed paths (supply chains), normalised by ``(n-1)(n-2)``;
    undirected graphs by ``(n-1)(n-2)/2``.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       Sociometry 40(1), 35-41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       J. Math. Sociol. 25(2), 163-177.

    Examples
    --------
    >>> round(betweenness(nx.florentine_families_graph())["Medici"], 3)
    0.522
    """
    net = as_network(G)
    return nx.betweenness_centrality(net.graph, normalized=True, weight=None)


def closeness(G: nx.Graph | Network) -> dict[Any, float]:
    """Closeness on the undirected projection, with the Wasserman-Faust correction.

    For a firm reaching ``r`` other firms at total distance ``d`` in a network of ``n``
    firms, closeness is ``(r / (n-1)) * (r / d)``: firms in small components are not
    mistaken for central ones, and isolates score 0.

    References
    ----------
    .. [1] Wasserman, S., & Faust, K. (1994). Social Network Analysis. Cambridge UP, p. 201.

    Examples
    --------
    >>> G = nx.Graph([("A", "B"), ("B", "C")]); G.add_node("D")
    >>> {firm: round(value, 3) for firm, value in closeness(G).items()}
    {'A': 0.444, 'B': 0.667, 'C': 0.444, 'D': 0.0}
    """
    net = as_network(G)
    return nx.closeness_centrality(undirected_projection(net, weight=None), wf_improved=True)


def pagerank(
    G: nx.Graph | Network, weight: str | None = "weight", alpha: float = 0.85
) -> dict[Any, float]:
    """PageRank along the supply direction: high for firms supplied by well-supplied firms.

    References
    ----------
    .. [1] Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual web
       search engine. Computer Networks 30, 107-117.

    Examples
    --------
    >>> ranks = pagerank(nx.DiGraph([("raw", "part"), ("part", "prime")]))
    >>> max(ranks, key=ranks.get)
    'prime'
    """
    net = as_network(G)
    if len(net) == 0:
        return {}
    # converged to 1e-12 per firm (networkx's default, 1e-6, leaves errors of 1e-5 on scores
    # of 1e-3): the same digits as the fast engine's
    return nx.pagerank(net.graph, alpha=alpha, weight=weight, tol=1e-12, max_iter=1000)


def eigenvector(G: nx.Graph | Network, weight: str | None = "weight") -> dict[Any, float]:
    """Eigenvector centrality of the undirected projection (reciprocal weights summed).

    Supply networks are nearly acyclic, so the directed version is zero almost
    everywhere; the undirected projection measures being tied to well-tied firms.
    Solved exactly up to :data:`DENSE_EIGEN_LIMIT` firms; the vector has unit length and
    firms outside the leading component score 0. A network with no ties scores 0.

    References
    ----------
    .. [1] Bonacich, P. (1972). Factoring and weighting approaches to status scores and
       clique identification. J. Math. Sociol. 2(1), 113-120.

    Examples
    --------
    >>> G = nx.karate_club_graph()
    >>> ours, theirs = eigenvector(G, weight=None), nx.eigenvector_centrality(G, tol=1e-12)
    >>> max(abs(ours[n] - theirs[n]) for n in G) < 1e-6
    True
    """
    net = as_network(G)
    nodes = net.nodes
    sparse = net.symmetric(weight=weight)
    if sparse.nnz == 0:
        return dict.fromkeys(nodes, 0.0)
    if len(nodes) > DENSE_EIGEN_LIMIT:
        from scipy.sparse.linalg import eigsh

        # Lanczos from a fixed start vector: the same digits on every run
        _, vectors = eigsh(sparse, k=1, which="LA", v0=np.ones(len(nodes)))
        leading = np.abs(vectors[:, 0])
    else:
        _, vectors = np.linalg.eigh(sparse.toarray())
        leading = np.abs(vectors[:, -1])
    leading[leading < 1e-12] = 0.0
    leading /= np.linalg.norm(leading)
    return dict(zip(nodes, leading.tolist(), strict=True))


@dataclass(frozen=True)
class Precision:
    """How exactly a measure was computed, recorded in ``summary.json``.

    An estimate from sampled firms is made as the mean of two estimates from independent
    halves of the sample; how far the halves disagree shows how much the result depends on
    which firms were sampled.

    Attributes
    ----------
    method : str
        ``"exact"`` or how it was estimated.
    sources : int or None
        Firms sampled as sources of shortest paths.
    seed : int or None
    split_half_correlation : float or None
        Spearman rank correlation between the two halves' estimates, over the firms that
        either half scores above zero.
    top_overlap : float or None
        Share of the top :data:`TOP_FIRMS` firms of one half that are also in the other's.
    top_relative_error : float or None
        Median over the top firms of ``|a - b| / (a + b)`` for the halves' estimates a and
        b: the relative standard error of their mean.
    """

    method: str
    sources: int | None = None
    seed: int | None = None
    split_half_correlation: float | None = None
    top_overlap: float | None = None
    top_relative_error: float | None = None


#: Firms compared at the top of the two halves' rankings (:class:`Precision`).
TOP_FIRMS = 20


def sampled_betweenness(
    G: nx.Graph | Network, *, sources: int = PATH_SOURCES, seed: int = 42
) -> tuple[dict[Any, float], Precision]:
    """Betweenness estimated from shortest paths out of ``sources`` sampled firms.

    Two independent halves of the sample are searched with networkx (sources drawn
    without replacement within each half, seeded), their mean is the estimate (Brandes &
    Pich's unbiased estimator, scaled by n / sources) and their rank correlation measures
    its precision (:class:`Precision`). Exact when ``sources`` is at least the number of
    firms.

    References
    ----------
    .. [1] Brandes, U., & Pich, C. (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos 17(7), 2303-2318.

    Examples
    --------
    >>> G = nx.gnp_random_graph(300, 0.02, seed=1, directed=True)
    >>> estimate, precision = sampled_betweenness(G, sources=100, seed=1)
    >>> precision.method, precision.sources, precision.split_half_correlation > 0.5
    ('sampled sources (Brandes-Pich)', 100, True)
    """
    net = as_network(G)
    n = len(net)
    if sources >= n:
        return betweenness(net), Precision("exact")
    half = max(1, sources // 2)
    halves = [
        nx.betweenness_centrality(net.graph, k=half, normalized=True, weight=None, seed=seed + i)
        for i in (0, 1)
    ]
    estimate = {node: (halves[0][node] + halves[1][node]) / 2 for node in net.graph}
    return estimate, _precision(
        "sampled sources (Brandes-Pich)", 2 * half, seed, halves[0], halves[1]
    )


def sampled_closeness(
    G: nx.Graph | Network, *, sources: int = PATH_SOURCES, seed: int = 42
) -> tuple[dict[Any, float], Precision]:
    """Closeness (as :func:`closeness`) with distances estimated from sampled firms.

    In the undirected projection a firm's total distance to the others of its component
    is estimated from its distances to ``sources`` firms sampled in proportion to
    component size (breadth-first searches in scipy), scaled up to the component; small
    components with no sampled firm are searched in full. The Wasserman-Faust factor
    (reachable firms) is exact. Precision from two halves of the sample, as for
    :func:`sampled_betweenness`.

    References
    ----------
    .. [1] Eppstein, D., & Wang, J. (2004). Fast approximation of centrality. Journal of
       Graph Algorithms and Applications 8(1), 39-45.

    Examples
    --------
    >>> G = nx.gnp_random_graph(300, 0.02, seed=1)
    >>> estimate, precision = sampled_closeness(G, sources=100, seed=1)
    >>> exact = closeness(G)
    >>> sum(abs(estimate[n] - exact[n]) for n in G) / len(G) < 0.01  # mean error
    True
    """
    net = as_network(G)
    from scipy.sparse.csgraph import connected_components, shortest_path

    nodes = net.nodes
    n = len(nodes)
    if sources >= n:
        return closeness(net), Precision("exact")
    matrix = net.symmetric(weight=None)
    _, component = connected_components(matrix, directed=False)
    size = np.bincount(component)[component]  # firms in each firm's component
    rng = np.random.default_rng(seed)
    chosen = rng.choice(n, size=sources, replace=False)
    halves = (chosen[0::2], chosen[1::2])
    sums = np.zeros((2, n))
    counts = np.zeros((2, n))
    rows = max(1, min(64, 20_000_000 // n))  # distance rows per search: at most 160 MB
    for h, picked in enumerate(halves):
        for block in np.array_split(picked, math.ceil(len(picked) / rows)):
            distances = shortest_path(matrix, unweighted=True, directed=False, indices=block)
            finite = np.isfinite(distances)
            sums[h] += np.where(finite, distances, 0.0).sum(axis=0)
            counts[h] += finite.sum(axis=0) - (distances == 0).sum(axis=0)
    # components that no sampled firm fell in (small ones): searched in full
    missed = counts.sum(axis=0) == 0
    for members in np.split(
        np.argsort(component, kind="stable"), np.cumsum(np.bincount(component))[:-1]
    ):
        if len(members) < 2 or not missed[members[0]]:
            continue
        inside = shortest_path(matrix[members][:, members], unweighted=True, directed=False)
        sums[:, members] = inside.sum(axis=1)
        counts[:, members] = len(members) - 1

    def scores(total: np.ndarray, seen: np.ndarray) -> np.ndarray:
        reach = size - 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            distance = np.where(seen > 0, total / seen * reach, 0.0)
            value = np.where(distance > 0, (reach / (n - 1)) * (reach / distance), 0.0)
        return value

    per_half = [scores(sums[h], counts[h]) for h in (0, 1)]
    estimate = scores(sums.sum(axis=0), counts.sum(axis=0))
    return dict(zip(nodes, estimate.tolist(), strict=True)), _precision(
        "sampled sources (Eppstein-Wang)",
        sources,
        seed,
        dict(zip(nodes, per_half[0].tolist(), strict=True)),
        dict(zip(nodes, per_half[1].tolist(), strict=True)),
    )


def _precision(
    method: str, sources: int, seed: int, first: dict[Any, float], second: dict[Any, float]
) -> Precision:
    keys = list(first)
    a = np.array([first[k] for k in keys])
    b = np.array([second[k] for k in keys])
    scored = (a > 0) | (b > 0)  # firms on no sampled path agree at 0 whatever the sample
    if scored.sum() < 3 or np.ptp(a[scored]) == 0 or np.ptp(b[scored]) == 0:
        return Precision(method, sources, seed)
    correlation = rank_correlation(a[scored], b[scored])
    top = min(TOP_FIRMS, int(scored.sum()))
    top_a = set(np.argsort(-a, kind="stable")[:top].tolist())
    top_b = set(np.argsort(-b, kind="stable")[:top].tolist())
    leaders = np.array(sorted(i for i in top_a | top_b if a[i] + b[i] > 0))
    spread = np.abs(a[leaders] - b[leaders]) / (a[leaders] + b[leaders])
    return Precision(
        method,
        sources,
        seed,
        round(correlation, 4),
        round(len(top_a & top_b) / top, 4),
        round(float(np.median(spread)), 4),
    )


def rank_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation, equal values sharing their mean rank, as
    ``scipy.stats.spearmanr`` gives it; here because importing ``scipy.stats`` takes 1.5 s on
    a small machine, longer than most of the measures it would check.

    >>> rank_correlation(np.array([1.0, 2.0, 2.0, 5.0]), np.array([3.0, 4.0, 9.0, 8.0]))
    0.632455532033676
    """
    return float(np.corrcoef(_mean_ranks(a), _mean_ranks(b))[0, 1])


def _mean_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, each run of equal values given the mean of its ranks."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(values)]
    ranks = np.empty(len(values))
    ranks[order] = np.repeat((starts + ends + 1) / 2, ends - starts)
    return ranks


def core_number(G: nx.Graph | Network) -> dict[Any, int]:
    """k-core number of each firm in the undirected projection (Batagelj & Zaversnik 2003).

    Examples
    --------
    >>> max(core_number(nx.karate_club_graph()).values())
    4
    """
    net = as_network(G)
    return nx.core_number(undirected_projection(net, weight=None))


def firm_centralities(
    G: nx.Graph | Network,
    weight: str = "weight",
    *,
    exact_limit: int = SCALE.large,
    sources: int = PATH_SOURCES,
    seed: int = 42,
    precision: dict[str, Precision] | None = None,
    engine: str = "networkx",
    paths: bool = True,
    without_betweenness: bool = False,
) -> dict[str, dict[Any, float]]:
    """Every per-firm centrality of clustermap, keyed by measure then by firm.

    Measures: ``in_degree``, ``out_degree``, ``in_strength``, ``out_strength``,
    ``betweenness``, ``closeness``, ``pagerank``, ``eigenvector``, ``core_number``; their
    conventions are in :data:`CONVENTIONS`. Above ``exact_limit`` firms, betweenness and
    closeness are estimated from ``sources`` sampled firms (seeded); how precisely is put
    in ``precision`` (a dict to fill, keyed by measure) when given. ``engine="networkit"``
    computes betweenness, PageRank and k-core numbers with the fast engine
    (:mod:`clustermap.graph.engine`). ``paths=False`` leaves betweenness and closeness
    out (missing, NaN, for every firm): the measures that need shortest paths.
    ``without_betweenness`` leaves betweenness to the caller (:func:`path_measure`), which
    can compute it beside the other measures.

    Examples
    --------
    >>> values = firm_centralities(nx.DiGraph([("A", "B"), ("B", "C")]))
    >>> values["betweenness"]["B"], values["core_number"]["B"]
    (0.5, 1)
    """
    net = as_network(G)
    precision = {} if precision is None else precision
    with stage("degree and strength"):
        measures: dict[str, dict[Any, float]] = degrees(net, weight=weight)
    for name in ("betweenness", "closeness"):
        if name == "betweenness" and without_betweenness:
            continue
        with stage(name):
            measures[name], found = path_measure(
                net,
                name,
                exact_limit=exact_limit,
                sources=sources,
                seed=seed,
                engine=engine,
                paths=paths,
            )
        if found is not None:
            precision[name] = found
    fast = engine == "networkit"
    with stage("pagerank"):
        measures["pagerank"] = (_fast_pagerank if fast else pagerank)(net, weight=weight)
    with stage("eigenvector"):
        measures["eigenvector"] = eigenvector(net, weight=weight)
    with stage("k-core"):
        measures["core_number"] = dict((_fast_core_number if fast else core_number)(net))
    order = net.nodes
    return {name: {n: values[n] for n in order} for name, values in measures.items()}


def path_measure(
    G: nx.Graph | Network,
    name: str,
    *,
    exact_limit: int = SCALE.large,
    sources: int = PATH_SOURCES,
    seed: int = 42,
    engine: str = "networkx",
    paths: bool = True,
) -> tuple[dict[Any, float], Precision | None]:
    """Betweenness or closeness (``name``) as :func:`firm_centralities` computes it: exact
    up to ``exact_limit`` firms, estimated from ``sources`` sampled firms above (with how
    precisely), missing for every firm without ``paths``.

    >>> path_measure(nx.DiGraph([("A", "B"), ("B", "C")]), "betweenness")
    ({'A': 0.0, 'B': 0.5, 'C': 0.0}, None)
    """
    net = as_network(G)
    if not paths:
        return unmeasured(net, name)[name], None
    fast = engine == "networkit"
    exact, estimated = {
        "betweenness": (_fast_betweenness, _fast_sampled_betweenness)
        if fast
        else (betweenness, sampled_betweenness),
        "closeness": (closeness, sampled_closeness),
    }[name]
    if len(net) > exact_limit:
        return estimated(net, sources=sources, seed=seed)
    return exact(net), None


# The fast engine's versions of the networkx functions above (clustermap.graph.engine).


def _by_firm(G: nx.Graph | Network, values: Any) -> dict[Any, Any]:
    net = as_network(G)
    return dict(zip(net.nodes, values.tolist(), strict=True))


def _fast_betweenness(G: nx.Graph | Network) -> dict[Any, float]:
    net = as_network(G)
    from clustermap.graph import engine

    return _by_firm(net, engine.betweenness(net.adjacency())) if len(net) else {}


def _fast_sampled_betweenness(
    G: nx.Graph | Network, *, sources: int = PATH_SOURCES, seed: int = 42
) -> tuple[dict[Any, float], Precision]:
    net = as_network(G)
    from clustermap.graph import engine

    if sources >= len(net):
        return _fast_betweenness(net), Precision("exact")
    half = max(1, sources // 2)
    halves = engine.estimated_betweenness(net.adjacency(), half, [seed, seed + 1])
    first, second = (_by_firm(net, h) for h in halves)
    return _by_firm(net, (halves[0] + halves[1]) / 2), _precision(
        "sampled sources (Geisberger-Sanders-Schultes, networkit)", 2 * half, seed, first, second
    )


def _fast_pagerank(G: nx.Graph | Network, weight: str | None = "weight") -> dict[Any, float]:
    net = as_network(G)
    from clustermap.graph import engine

    return _by_firm(net, engine.pagerank(net.adjacency(weight=weight))) if len(net) else {}


def _fast_core_number(G: nx.Graph | Network) -> dict[Any, int]:
    net = as_network(G)
    from clustermap.graph import engine

    return _by_firm(net, engine.core_numbers(net.symmetric(weight=None))) if len(net) else {}
