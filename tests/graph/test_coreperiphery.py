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
        # socnet.se re-analysis (Estévez & Nordlund 2025): docs/methods.md, Core/periphery
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
    assert result.alternatives == 3  # the centre with Cem, Deniz or Ece fits as well
    G.add_edge("Ece", "Zafer")  # now Ece is better tied than the other leaves
    assert borgatti_everett_discrete(G).core == ("Ana Sanayi", "Ece")


def test_continuous_coreness_is_symmetric_and_scaled() -> None:
    pair = borgatti_everett_continuous(nx.Graph([("A", "B")])).coreness
    assert pair == {"A": 1.0, "B": 1.0}
    star = borgatti_everett_continuous(nx.star_graph(6)).coreness
    assert star[0] == 1.0
    assert max(star[i] for i in range(1, 7)) < 0.05


def two_tier(firms: int, core: int, seed: int) -> nx.Graph:
    """A dense core of ``core`` firms (80 % of pairs tied); every other firm tied to two
    core firms, and one in ten to another periphery firm."""
    rng = np.random.default_rng(seed)
    G = nx.Graph()
    G.add_nodes_from(range(firms))
    pairs = [(i, j) for i in range(core) for j in range(i + 1, core)]
    G.add_edges_from(pair for pair in pairs if rng.random() < 0.8)
    for firm in range(core, firms):
        G.add_edges_from((firm, int(partner)) for partner in rng.choice(core, 2, replace=False))
        if rng.random() < 0.1:
            G.add_edge(firm, int(rng.integers(core, firms)))
    return G


@pytest.fixture
def two_tier_network() -> nx.Graph:
    return two_tier(400, 25, seed=4)


def test_sparse_search_matches_the_dense_one(
    two_tier_network: nx.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clustermap.graph import coreperiphery

    dense = borgatti_everett_discrete(two_tier_network, starts=20)
    continuous = borgatti_everett_continuous(two_tier_network)
    monkeypatch.setattr(coreperiphery, "SPARSE_LIMIT", 100)
    sparse = borgatti_everett_discrete(two_tier_network, starts=20)
    assert sparse.search.startswith("local search from the best splits")
    assert sparse.starts == 2
    assert sparse.fit == pytest.approx(dense.fit, abs=0.01)
    assert len(set(sparse.core) & set(range(25))) >= 23
    assert sparse.block_density == pytest.approx(
        coreperiphery._block_density(
            coreperiphery._matrix(two_tier_network, None, True)[1],
            np.array([n in set(sparse.core) for n in sorted(two_tier_network)]),
        )
    )
    again = borgatti_everett_continuous(two_tier_network)
    assert again.fit == pytest.approx(continuous.fit, abs=1e-9)
    assert again.coreness == pytest.approx(continuous.coreness, abs=1e-9)


def test_sparse_search_scales_with_ties() -> None:
    """20,000 firms: a dense n-by-n matrix would take 3.2 GB; the sparse search a moment."""
    import time

    G = two_tier(20_000, 100, seed=5)
    started = time.perf_counter()
    result = borgatti_everett_discrete(G)
    coreness = borgatti_everett_continuous(G)
    assert time.perf_counter() - started < 120  # a guard against a dense fallback, not a benchmark
    assert len(set(result.core) & set(range(100))) >= 95
    assert len(result.core) < 150
    top = sorted(coreness.coreness, key=coreness.coreness.get, reverse=True)[:100]
    assert len(set(top) & set(range(100))) >= 95
    assert result.fit is not None
    assert coreness.fit is not None
