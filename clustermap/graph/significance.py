"""Is the structure real? Communities and core/periphery against randomised networks.

A modularity of 0.4 or a core/periphery fit of 0.5 means little by itself: random networks
with the same degrees reach surprising values (Guimerà et al. 2004; Kojaku & Masuda 2018
show a single core is often an artefact of degree heterogeneity). Each test runs the same
method on degree-preserving randomisations of the network (seeded edge swaps) and reports
where the observed value falls.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from clustermap.graph.build import undirected_projection
from clustermap.graph.community import louvain_communities
from clustermap.graph.coreperiphery import borgatti_everett_discrete

__all__ = [
    "Significance",
    "community_significance",
    "core_periphery_significance",
    "randomisations",
    "randomised",
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


def randomised(G: nx.Graph, seed: int) -> nx.Graph:
    """A degree-preserving randomisation of the undirected, unweighted network.

    Ten double edge swaps per tie (Maslov & Sneppen 2002), seeded.

    >>> H = randomised(nx.karate_club_graph(), seed=1)
    >>> sorted(d for _, d in H.degree()) == sorted(d for _, d in nx.karate_club_graph().degree())
    True
    """
    H: nx.Graph = nx.Graph(undirected_projection(G, weight=None).edges())
    H.add_nodes_from(G)
    ties = H.number_of_edges()
    if ties >= 2 and H.number_of_nodes() >= 4:
        # too few swappable pairs (a star, a clique): keep what could be swapped
        with contextlib.suppress(nx.NetworkXAlgorithmError):
            nx.double_edge_swap(H, nswap=10 * ties, max_tries=100 * ties, seed=seed)
    return H


def _test(
    observed: float | None,
    null: Callable[[nx.Graph], float | None],
    networks: list[nx.Graph],
    what: str,
    real: str,
    unreal: str,
) -> Significance:
    if observed is None or not networks:
        return Significance(
            observed, None, None, None, None, 0, f"{what} cannot be tested on this network"
        )
    values = [value for value in map(null, networks) if value is not None]
    if not values:
        return Significance(
            observed,
            None,
            None,
            None,
            None,
            len(networks),
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


def community_significance(
    G: nx.Graph,
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

    def best(H: nx.Graph) -> float | None:
        return louvain_communities(
            H, weight=None, resolution=resolution, seed=seed, runs=runs
        ).best_modularity

    networks = randomisations(G, nulls, seed) if networks is None else networks
    return _test(
        best(G),
        best,
        networks,
        "the modularity of the unweighted network",
        "the communities are stronger than the degrees alone explain",
        "random networks with these degrees have communities as strong: do not read much into them",
    )


def core_periphery_significance(
    G: nx.Graph,
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

    def fit(H: nx.Graph) -> float | None:
        return borgatti_everett_discrete(H, offdiagonal=offdiagonal, starts=starts, seed=seed).fit

    first = fit(G) if observed is None else observed
    networks = randomisations(G, nulls, seed) if networks is None else networks
    return _test(
        first,
        fit,
        networks,
        "the core/periphery fit",
        "a core/periphery structure beyond what the degrees explain",
        "random networks with these degrees fit a core/periphery pattern as well: "
        "the core may only reflect a few well-connected firms",
    )


def randomisations(G: nx.Graph, count: int, seed: int = 42) -> list[nx.Graph]:
    """``count`` randomisations of ``G`` (:func:`randomised`, seeds ``seed`` ...), shared
    between the tests so that each is made once."""
    return [randomised(G, seed + i) for i in range(count)]
