"""Borgatti-Everett core/periphery against published optima and exhaustive search."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from scipy.optimize import minimize

from clustermap.graph.coreperiphery import (
    borgatti_everett_continuous,
    borgatti_everett_discrete,
    parse_offdiagonal,
)


def karate() -> nx.Graph:
    return nx.Graph(nx.karate_club_graph().edges())  # unweighted, as in the literature


@pytest.mark.parametrize(
    ("offdiagonal", "fit", "core"),
    [
        # socnet.se re-analysis (Estévez & Nordlund 2025), see METHODS-NOTES §6.2
        ("ignore", 0.5432, [1, 2, 3, 4, 9, 14, 32, 33, 34]),
        (0.2044, 0.3840, [1, 2, 3, 4, 9, 14, 33, 34]),
        (1.0, 0.4315, [1, 2, 3, 33, 34]),
    ],
)
def test_karate_club_published_optima(
    offdiagonal: str | float, fit: float, core: list[int]
) -> None:
    result = borgatti_everett_discrete(karate(), offdiagonal=offdiagonal)
    assert result.fit == pytest.approx(fit, abs=5e-5)
    assert [node + 1 for node in result.core] == core


def test_perfect_pattern_fits_exactly() -> None:
    G = nx.complete_graph(["c1", "c2", "c3", "c4"])
    G.add_edges_from([("c1", "p1"), ("c1", "p2"), ("c2", "p3"), ("c3", "p4"), ("c4", "p5")])
    result = borgatti_everett_discrete(G)
    assert result.fit == pytest.approx(1.0)
    assert result.core == ("c1", "c2", "c3", "c4")
    assert result.block_density["core->core"] == 1.0
    assert result.block_density["periphery->periphery"] == 0.0
    assert result.block_density["core->periphery"] == pytest.approx(5 / 20)


def correlation(A: np.ndarray, core: np.ndarray, offdiagonal: str | float) -> float:
    """Independent, direct computation of the BE fit of one partition."""
    ideal = np.outer(core, core).astype(float)
    mask = ~np.eye(len(core), dtype=bool)
    mixed = np.logical_xor.outer(core, core)
    if offdiagonal == "ignore":
        mask &= ~mixed
    else:
        ideal[mixed] = float(offdiagonal)
    a, d = A[mask], ideal[mask]
    if a.std() == 0 or d.std() == 0:
        return -np.inf
    return float(np.corrcoef(a, d)[0, 1])


@pytest.mark.parametrize("offdiagonal", ["ignore", 0.5, 1.0])
@pytest.mark.parametrize("seed", range(6))
def test_search_finds_the_exhaustive_optimum(offdiagonal: str | float, seed: int) -> None:
    G = nx.gnp_random_graph(10, 0.35, seed=seed)
    A = nx.to_numpy_array(G, nodelist=sorted(G))
    best = max(
        correlation(A, np.array(bits, dtype=bool), offdiagonal)
        for bits in itertools.product([False, True], repeat=10)
    )
    result = borgatti_everett_discrete(G, offdiagonal=offdiagonal, starts=20, seed=seed)
    assert result.fit == pytest.approx(best, abs=1e-9)
    found = np.array([node in result.core for node in sorted(G)])
    assert correlation(A, found, offdiagonal) == pytest.approx(result.fit, abs=1e-9)


def test_directed_valued_fit_matches_direct_computation() -> None:
    G = nx.gnp_random_graph(9, 0.3, seed=3, directed=True)
    for u, v in G.edges():
        G.edges[u, v]["weight"] = 1 + (u * v) % 4
    result = borgatti_everett_discrete(G, weight="weight", symmetrize=False)
    A = nx.to_numpy_array(G, nodelist=sorted(G), weight="weight")
    found = np.array([node in result.core for node in sorted(G)])
    assert correlation(A, found, "ignore") == pytest.approx(result.fit, abs=1e-9)


def test_same_result_whatever_the_insertion_order() -> None:
    edges = list(karate().edges())
    shuffled = nx.Graph()
    shuffled.add_edges_from(edges[::-1])
    assert borgatti_everett_discrete(shuffled) == borgatti_everett_discrete(karate())


@pytest.mark.parametrize(
    "G",
    [nx.Graph(), nx.empty_graph(1), nx.empty_graph(5), nx.complete_graph(2), nx.complete_graph(6)],
    ids=["empty", "one-firm", "no-ties", "two-firms", "clique"],
)
def test_degenerate_networks_have_no_fit(G: nx.Graph) -> None:
    result = borgatti_everett_discrete(G)
    assert result.fit is None
    assert result.core == ()
    assert set(result.membership.values()) <= {"periphery"}


def test_disconnected_network() -> None:
    G = nx.disjoint_union(nx.complete_graph(5), nx.star_graph(3))
    A = nx.to_numpy_array(G, nodelist=sorted(G))
    best = max(
        correlation(A, np.array(bits, dtype=bool), "ignore")
        for bits in itertools.product([False, True], repeat=len(G))
    )
    result = borgatti_everett_discrete(G)
    assert result.fit == pytest.approx(best)
    assert set(result.core) <= {0, 1, 2, 3, 4}  # the core lies in the clique


def test_parse_offdiagonal_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="from 0 to 1"):
        parse_offdiagonal(1.5)


def continuous_objective(c: np.ndarray, A: np.ndarray) -> float:
    residual = A - np.outer(c, c)
    np.fill_diagonal(residual, 0.0)
    return float((residual**2).sum())


@pytest.mark.parametrize("graph", ["karate", "florentine", "random"])
def test_continuous_coreness_minimises_the_least_squares_objective(graph: str) -> None:
    G = {
        "karate": karate(),
        "florentine": nx.florentine_families_graph(),
        "random": nx.gnp_random_graph(25, 0.2, seed=7),
    }[graph]
    nodes = sorted(G)
    A = nx.to_numpy_array(G, nodelist=nodes)
    ours = borgatti_everett_continuous(G)
    c = np.array([ours.coreness[n] for n in nodes])
    reference = minimize(
        continuous_objective, A.sum(axis=1) / 10, args=(A,), method="BFGS", options={"gtol": 1e-9}
    )
    best = np.abs(reference.x)
    np.testing.assert_allclose(c, best / best.max(), atol=1e-4)  # the same shape


def test_continuous_recovers_a_rank_one_pattern() -> None:
    truth = np.array([0.9, 0.8, 0.5, 0.3, 0.2, 0.1])
    G = nx.Graph()
    for i, j in itertools.combinations(range(6), 2):
        G.add_edge(i, j, weight=truth[i] * truth[j])
    result = borgatti_everett_continuous(G, weight="weight")
    found = [result.coreness[i] for i in range(6)]
    np.testing.assert_allclose(found, truth / truth.max(), atol=1e-6)
    assert result.fit == pytest.approx(1.0)


@pytest.mark.parametrize(
    "G", [nx.Graph(), nx.empty_graph(1), nx.empty_graph(4)], ids=["empty", "one-firm", "no-ties"]
)
def test_continuous_degenerate(G: nx.Graph) -> None:
    result = borgatti_everett_continuous(G)
    assert result.fit is None
    assert set(result.coreness.values()) <= {0.0}


def test_equally_good_cores_are_counted_and_resolved_by_ties() -> None:
    # a star fits "centre + any one leaf" perfectly: the choice must not look meaningful
    G = nx.Graph([("Ana Sanayi", leaf) for leaf in ("Bora", "Cem", "Deniz", "Ece")])
    result = borgatti_everett_discrete(G)
    assert result.fit == pytest.approx(1.0)
    assert result.core == ("Ana Sanayi", "Bora")  # all leaves tie: alphabetical
    assert result.alternatives >= 1
    G.add_edge("Ece", "Zafer")  # now Ece is better tied than the other leaves
    assert borgatti_everett_discrete(G).core == ("Ana Sanayi", "Ece")


def test_continuous_coreness_is_symmetric_and_scaled() -> None:
    pair = borgatti_everett_continuous(nx.Graph([("A", "B")])).coreness
    assert pair == {"A": 1.0, "B": 1.0}
    star = borgatti_everett_continuous(nx.star_graph(6)).coreness
    assert star[0] == 1.0
    assert max(star[i] for i in range(1, 7)) < 0.05
