"""Significance against degree-preserving randomisations; the community ensemble."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from clustermap.graph.community import (
    adjusted_rand_index,
    louvain_communities,
    normalized_mutual_information,
)
from clustermap.graph.network import as_network
from clustermap.graph.significance import (
    community_significance,
    core_periphery_significance,
    randomisations,
    randomised,
)


def test_randomisations_keep_degrees_and_change_ties() -> None:
    G = nx.les_miserables_graph()
    H = randomised(G, seed=3)
    assert dict(H.degree()) == dict(nx.Graph(G.edges()).degree())
    assert set(map(frozenset, H.edges())) != set(map(frozenset, G.edges()))
    assert [sorted(h.edges()) for h in randomisations(G, 2, seed=3)] == [
        sorted(randomised(G, 3).edges()),
        sorted(randomised(G, 4).edges()),
    ]


def test_real_communities_are_significant_and_random_ones_not() -> None:
    planted = nx.planted_partition_graph(4, 10, 0.7, 0.03, seed=2)
    assert community_significance(planted, nulls=19).p_value <= 0.05
    random = nx.gnm_random_graph(40, planted.number_of_edges(), seed=2)
    assert community_significance(random, nulls=19).p_value > 0.05


def test_random_core_is_not_significant() -> None:
    result = core_periphery_significance(nx.gnp_random_graph(30, 0.15, seed=4), nulls=19)
    assert result.p_value > 0.05
    assert result.nulls == 19


def test_untestable_networks() -> None:
    result = community_significance(nx.empty_graph(5), nulls=5)
    assert (result.p_value, result.nulls) == (None, 0)
    assert "cannot be tested" in result.verdict


def test_ensemble_on_a_clear_structure_agrees_fully() -> None:
    two = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    two.add_edge(0, 6)
    partition = louvain_communities(two)
    assert partition.agreement == pytest.approx(1.0)
    assert set(partition.stability.values()) == {1.0}
    assert partition.best_modularity == pytest.approx(partition.modularity)


def test_ensemble_reports_representative_partition_and_stability() -> None:
    """The best and mean modularity are those of the seeded runs, each run alone."""
    G = nx.les_miserables_graph()
    partition = louvain_communities(G, runs=20)
    runs = [louvain_communities(G, seed=42 + run, runs=1).modularity for run in range(20)]
    assert partition.best_modularity == pytest.approx(max(runs))
    assert partition.mean_modularity == pytest.approx(np.mean(runs))
    assert len({round(value, 9) for value in runs}) > 1  # the runs differ: a real ensemble
    assert 0 < partition.agreement < 1
    assert all(0 <= value <= 1 for value in partition.stability.values())
    assert min(partition.stability.values()) < 1  # some firms move between runs


def test_adjusted_rand_index_against_a_hand_count() -> None:
    # contingency [[2, 1], [0, 2]]: pairs together in both 1 + 1 = 2, in a 3 + 1 = 4, in b
    # 1 + 3 = 4, of 10 pairs: expected 4 * 4 / 10 = 1.6, ARI = (2 - 1.6) / (4 - 1.6) = 1/6
    a = np.array([0, 0, 0, 1, 1])
    b = np.array([0, 0, 1, 1, 1])
    assert adjusted_rand_index(a, b) == pytest.approx(1 / 6)


def test_normalized_mutual_information_against_a_hand_count() -> None:
    # joint shares (0,0) 2/5, (0,1) 1/5, (1,1) 2/5; both marginals (3/5, 2/5):
    # I = 0.4 ln(0.4/0.24) + 0.2 ln(0.2/0.36) + 0.4 ln(0.4/0.24) = 0.291103,
    # H = -(0.6 ln 0.6 + 0.4 ln 0.4) = 0.673012, NMI = I / H = 0.432538
    a = np.array([0, 0, 0, 1, 1])
    b = np.array([0, 0, 1, 1, 1])
    assert normalized_mutual_information(a, b) == pytest.approx(0.432538, abs=1e-6)
    assert normalized_mutual_information(a, 1 - a) == pytest.approx(1.0)
    assert normalized_mutual_information(np.zeros(4), np.zeros(4)) == 1.0


def test_randomisations_match_networkx_double_edge_swap() -> None:
    # an independent implementation of the same null model: the clustering that survives
    # the swaps should be the same on average
    G = nx.Graph(nx.les_miserables_graph().edges())
    ours = [nx.transitivity(randomised(G, seed)) for seed in range(30)]
    theirs = []
    for seed in range(30):
        H = nx.Graph(G.edges())
        nx.double_edge_swap(H, nswap=10 * H.number_of_edges(), max_tries=10**5, seed=seed)
        theirs.append(nx.transitivity(H))
    assert np.mean(ours) == pytest.approx(np.mean(theirs), abs=0.02)
    assert np.mean(ours) < nx.transitivity(G) - 0.15


def test_randomisation_does_not_depend_on_the_order_firms_were_added() -> None:
    G = nx.les_miserables_graph()
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(G, reverse=True))
    shuffled.add_edges_from(sorted(G.edges(), reverse=True))
    assert {frozenset(e) for e in randomised(G, 5).edges()} == {
        frozenset(e) for e in randomised(shuffled, 5).edges()
    }


def test_star_and_clique_cannot_be_randomised_but_do_not_fail() -> None:
    for G in (nx.star_graph(6), nx.complete_graph(6)):
        assert {frozenset(e) for e in randomised(G, 1).edges()} == {frozenset(e) for e in G.edges()}


def _swapped_with_randrange(
    ties: list[tuple[int, int]], n: int, seed: int
) -> list[tuple[int, int]]:
    """The swaps as first written, drawing ties with ``random.randrange``: what the
    randomisations drew before their draw was inlined (the same results, byte for byte)."""
    rng = random.Random(seed)
    edges = [list(tie) for tie in ties]
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for u, v in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)
    wanted, attempts, done, m = 10 * len(edges), 100 * len(edges), 0, len(edges)
    for _ in range(attempts):
        if done == wanted:
            break
        i, j = rng.randrange(m), rng.randrange(m)
        if i == j:
            continue
        a, b = edges[i]
        c, d = edges[j] if rng.random() < 0.5 else edges[j][::-1]
        if len({a, b, c, d}) < 4 or d in neighbours[a] or b in neighbours[c]:
            continue
        for x, y in ((a, b), (c, d)):
            neighbours[x].discard(y)
            neighbours[y].discard(x)
        for x, y in ((a, d), (c, b)):
            neighbours[x].add(y)
            neighbours[y].add(x)
        edges[i], edges[j] = [a, d], [c, b]
        done += 1
    return [(u, v) for u, v in edges]


@pytest.mark.parametrize(
    "G",
    [
        nx.karate_club_graph(),
        nx.les_miserables_graph(),
        nx.star_graph(5),
        nx.path_graph(40),
        nx.cycle_graph(64),  # 64 ties: a power of two, where a draw's bit count is at its edge
    ],
    ids=["karate", "les-miserables", "star", "path", "64-ties"],
)
def test_randomisation_draws_ties_as_randrange_does(G: nx.Graph) -> None:
    nodes = as_network(G).nodes  # the canonical order the randomisation numbers firms in
    index = {node: i for i, node in enumerate(nodes)}
    ties = sorted((min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges())
    for seed in (0, 7, 42):
        expected = {
            frozenset((nodes[u], nodes[v])) for u, v in _swapped_with_randrange(ties, len(G), seed)
        }
        assert {frozenset(tie) for tie in randomised(G, seed).edges()} == expected


def test_both_tests_on_shared_randomisations_equal_each_test_alone(
    monkeypatch: pytest.MonkeyPatch, forking: list[int]
) -> None:
    """significance_tests makes each randomisation once, for both tests, and splits them
    with a forked child when it can: the same results as each test alone, without a child."""
    from clustermap import forked
    from clustermap.graph.significance import significance_tests

    G = nx.les_miserables_graph()
    together = significance_tests(G, nulls=6, seed=3, starts=5)
    assert len(forking) == 1
    monkeypatch.setattr(forked, "_FORBIDDEN", True)
    assert together == significance_tests(G, nulls=6, seed=3, starts=5)
    assert together == (
        community_significance(G, nulls=6, seed=3),
        core_periphery_significance(G, nulls=6, seed=3, starts=5),
    )
    assert significance_tests(G, nulls=6, seed=3, starts=5, core=False)[1] is None
