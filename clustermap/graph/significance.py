"""Is the structure real? Communities and core/periphery against randomised networks.

A modularity of 0.4 or a core/periphery fit of 0.5 means little by itself: random networks
with the same degrees reach surprising values (Guimerà et al. 2004; Kojaku & Masuda 2018
show a single core is often an artefact of degree heterogeneity). Each test runs the same
method on degree-preserving randomisations of the network (seeded edge swaps) and reports
where the observed value falls.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from clustermap import forked
from clustermap.graph.build import undirected_projection
from clustermap.graph.community import louvain_communities
from clustermap.graph.coreperiphery import borgatti_everett_discrete
from clustermap.graph.network import Network, as_network

__all__ = [
    "Significance",
    "community_significance",
    "core_periphery_significance",
    "randomisations",
    "randomised",
    "significance_tests",
]


@dataclass(frozen=True)
class Significance:
    """Observed value against the same method on ``nulls`` randomised networks.

    ``p_value`` = (1 + randomisations reaching the observed value) / (1 + nulls), so at
    least 19 randomisations are needed to reach 0.05;
    ``z_score`` = (observed - mean) / sd of the randomisations (``None`` when they do
    not vary); ``verdict`` says it in words.
    """

    observed: float | None
    null_mean: float | None
    null_sd: float | None
    z_score: float | None
    p_value: float | None
    nulls: int
    verdict: str


def randomised(G: nx.Graph | Network, seed: int) -> nx.Graph:
    """A degree-preserving randomisation of the undirected, unweighted network.

    Ten double edge swaps per tie (Maslov & Sneppen 2002), seeded: two ties a-b and c-d
    drawn at random become a-d and c-b, unless that would make a self-tie or a double
    tie. The same algorithm as ``networkx.double_edge_swap``, drawing ties rather than
    firms weighted by degree (the same distribution), and several times faster.

    >>> H = randomised(nx.karate_club_graph(), seed=1)
    >>> sorted(d for _, d in H.degree()) == sorted(d for _, d in nx.karate_club_graph().degree())
    True
    >>> len(set(H.edges()) & set(nx.karate_club_graph().edges())) < 40  # of 78 ties
    True
    """
    net = as_network(G)
    nodes = net.nodes
    H: nx.Graph = nx.Graph()
    H.add_nodes_from(nodes)
    position = {node: i for i, node in enumerate(nodes)}
    ties = sorted(
        (min(position[u], position[v]), max(position[u], position[v]))
        for u, v in undirected_projection(net, weight=None).edges()
        if u != v
    )
    if len(ties) >= 2 and len(nodes) >= 4:
        ties = _swapped(ties, len(nodes), random.Random(seed))
    H.add_edges_from((nodes[u], nodes[v]) for u, v in ties)
    return H


def _swapped(ties: list[tuple[int, int]], n: int, rng: random.Random) -> list[tuple[int, int]]:
    """``10 * len(ties)`` successful double edge swaps, or as many as ``100 * len(ties)``
    attempts allow (a star or a clique has few or none)."""
    edges = [list(tie) for tie in ties]
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for u, v in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)
    wanted, attempts, done, m = 10 * len(edges), 100 * len(edges), 0, len(edges)
    # a tie drawn as random.randrange(m) draws it (bits of m's length until one is below m),
    # without randrange's checks: half the time of this loop
    bits, draw, uniform = m.bit_length(), rng.getrandbits, rng.random
    for _ in range(attempts):
        if done == wanted:
            break
        i = draw(bits)
        while i >= m:
            i = draw(bits)
        j = draw(bits)
        while j >= m:
            j = draw(bits)
        if i == j:
            continue
        a, b = edges[i]
        c, d = edges[j] if uniform() < 0.5 else edges[j][::-1]
        # no self-ties among the ties, so a != b and c != d: four distinct firms or none
        if a in (c, d) or b in (c, d) or d in neighbours[a] or b in neighbours[c]:
            continue
        neighbours[a].discard(b)
        neighbours[b].discard(a)
        neighbours[c].discard(d)
        neighbours[d].discard(c)
        neighbours[a].add(d)
        neighbours[d].add(a)
        neighbours[c].add(b)
        neighbours[b].add(c)
        edges[i], edges[j] = [a, d], [c, b]
        done += 1
    return [(u, v) for u, v in edges]


#: What each test says: what is tested, and the verdict when the network beats its
#: randomisations or does not.
_COMMUNITY_TEST = (
    "the modularity of the unweighted network",
    "the communities are stronger than the degrees alone explain",
    "random networks with these degrees have communities as strong: do not read much into them",
)
_CORE_TEST = (
    "the core/periphery fit",
    "a core/periphery structure beyond what the degrees explain",
    "random networks with these degrees fit a core/periphery pattern as well: "
    "the core may only reflect a few well-connected firms",
)


def _test(
    observed: float | None, nulls: list[float | None], what: str, real: str, unreal: str
) -> Significance:
    """The test of ``observed`` against the same method's values on the randomisations."""
    if observed is None or not nulls:
        return Significance(
            observed, None, None, None, None, 0, f"{what} cannot be tested on this network"
        )
    values = [value for value in nulls if value is not None]
    if not values:
        return Significance(
            observed,
            None,
            None,
            None,
            None,
            len(nulls),
            f"{what} cannot be tested on this network",
        )
    mean = float(np.mean(values))
    sd = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
    reached = sum(value >= observed - 1e-12 for value in values)
    p = (1 + reached) / (1 + len(values))
    z = (observed - mean) / sd if sd > 1e-12 else None
    if len(values) < 19:  # (1 + 0) / (1 + 18) > 0.05: no test could pass
        verdict = (
            f"{what} {observed:.3f} against {mean:.3f} on average in {len(values)} "
            f"randomised networks with the same degrees (p = {p:.3f}): too few "
            "randomisations to tell; use 19 or more (--nulls)"
        )
        return Significance(
            observed,
            mean,
            sd,
            None if z is None else round(z, 6),
            round(p, 6),
            len(values),
            verdict,
        )
    verdict = (
        f"{what} {observed:.3f} against {mean:.3f} on average in {len(values)} "
        f"randomised networks with the same degrees (p = {p:.3f}): "
        f"{real if p <= 0.05 else unreal}"
    )
    return Significance(
        observed, mean, sd, None if z is None else round(z, 6), round(p, 6), len(values), verdict
    )


Method = Callable[[nx.Graph | Network], float | None]


def _best_modularity(resolution: float, seed: int, runs: int = 5) -> Method:
    """The modularity of the best of ``runs`` Louvain runs on the unweighted network."""

    def best(H: nx.Graph | Network) -> float | None:
        return louvain_communities(
            H, weight=None, resolution=resolution, seed=seed, runs=runs
        ).best_modularity

    return best


def _best_fit(offdiagonal: str | float, seed: int, starts: int) -> Method:
    """The Borgatti-Everett fit of the best of ``starts`` searches."""

    def fit(H: nx.Graph | Network) -> float | None:
        return borgatti_everett_discrete(H, offdiagonal=offdiagonal, starts=starts, seed=seed).fit

    return fit


def _on_randomisations(
    net: Network,
    methods: tuple[Method, ...],
    count: int,
    seed: int,
    networks: list[nx.Graph] | None = None,
) -> list[tuple[float | None, ...]]:
    """Each method's value on each randomisation (``networks``, or ``count`` made with
    seeds ``seed`` ...): independent searches, shared with a forked child when a core is
    free (:func:`clustermap.forked.shared`), the same values either way."""

    def on(i: int) -> tuple[float | None, ...]:
        H = networks[i] if networks is not None else randomised(net, seed + i)
        return tuple(method(H) for method in methods)

    return forked.shared(on, range(len(networks) if networks is not None else count))


def community_significance(
    G: nx.Graph | Network,
    *,
    resolution: float = 1.0,
    seed: int = 42,
    runs: int = 5,
    nulls: int = 20,
    networks: list[nx.Graph] | None = None,
) -> Significance:
    """Modularity of the best Louvain partition against degree-preserving randomisations.

    Compared on the unweighted network (the randomisations cannot keep weights), with the
    best of ``runs`` Louvain runs on each of ``nulls`` randomisations (or on ``networks``,
    randomisations made beforehand).

    References
    ----------
    .. [1] Guimerà, R., Sales-Pardo, M., & Amaral, L. A. N. (2004). Modularity from
       fluctuations in random graphs and complex networks. Physical Review E 70, 025101.

    Examples
    --------
    >>> community_significance(nx.karate_club_graph(), nulls=19).p_value <= 0.05
    True
    """
    net = as_network(G)
    best = _best_modularity(resolution, seed, runs)
    values = _on_randomisations(net, (best,), nulls, seed, networks)
    return _test(best(net), [value for (value,) in values], *_COMMUNITY_TEST)


def core_periphery_significance(
    G: nx.Graph | Network,
    *,
    offdiagonal: str | float = "ignore",
    seed: int = 42,
    starts: int = 20,
    nulls: int = 20,
    observed: float | None = None,
    networks: list[nx.Graph] | None = None,
) -> Significance:
    """Borgatti-Everett fit against the same search on degree-preserving randomisations.

    ``observed`` is the fit already found on ``G`` with the same search (found again when
    not given: the observed network must get no more search effort than the randomised
    ones); ``networks`` are randomisations made beforehand (else ``nulls`` are made).

    References
    ----------
    .. [1] Kojaku, S., & Masuda, N. (2018). A generalised significance test for individual
       communities in networks. Scientific Reports 8, 7351.

    Examples
    --------
    A random network's "core" is what its degrees give any network:

    >>> result = core_periphery_significance(nx.gnp_random_graph(40, 0.1, seed=1), nulls=19)
    >>> result.p_value > 0.05, result.verdict.endswith("a few well-connected firms")
    (True, True)
    """
    net = as_network(G)
    fit = _best_fit(offdiagonal, seed, starts)
    first = fit(net) if observed is None else observed
    values = _on_randomisations(net, (fit,), nulls, seed, networks)
    return _test(first, [value for (value,) in values], *_CORE_TEST)


def significance_tests(
    G: nx.Graph | Network,
    *,
    resolution: float = 1.0,
    offdiagonal: str | float = "ignore",
    seed: int = 42,
    starts: int = 20,
    nulls: int = 20,
    observed_fit: float | None = None,
    core: bool = True,
) -> tuple[Significance, Significance | None]:
    """:func:`community_significance` and (with ``core``) :func:`core_periphery_significance`
    on the same ``nulls`` randomisations, each made once: the same results as the two
    functions give with these arguments.

    >>> communities, core = significance_tests(nx.karate_club_graph(), nulls=19)
    >>> communities == community_significance(nx.karate_club_graph(), nulls=19)
    True
    """
    net = as_network(G)
    best = _best_modularity(resolution, seed)
    fit = _best_fit(offdiagonal, seed, starts)
    methods = (best, fit) if core else (best,)
    values = _on_randomisations(net, methods, nulls, seed)
    communities = _test(best(net), [row[0] for row in values], *_COMMUNITY_TEST)
    if not core:
        return communities, None
    first = fit(net) if observed_fit is None else observed_fit
    return communities, _test(first, [row[1] for row in values], *_CORE_TEST)


def randomisations(G: nx.Graph | Network, count: int, seed: int = 42) -> list[nx.Graph]:
    """``count`` randomisations of ``G`` (:func:`randomised`, seeds ``seed`` ...), shared
    between the tests so that each is made once."""
    net = as_network(G)
    return [randomised(net, seed + i) for i in range(count)]
