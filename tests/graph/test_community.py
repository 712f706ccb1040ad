"""Louvain communities: the karate optimum, canonical numbering, order and resolution."""

from __future__ import annotations

import random

import community as community_louvain
import networkx as nx
import pytest

from clustermap.graph.community import louvain_communities

KARATE_OPTIMUM = 0.4197896120973046  # igraph's exact optimal-modularity unit test


def karate() -> nx.Graph:
    return nx.Graph(nx.karate_club_graph().edges())


def test_karate_modularity_reaches_the_optimum() -> None:
    partition = louvain_communities(karate(), weight=None)
    assert partition.best_modularity == pytest.approx(KARATE_OPTIMUM, abs=0.005)
    # the modularity reported is that of the partition reported (which run is reported:
    # tests/graph/test_decision_rules.py), recomputed by networkx
    members = partition.membership.items()
    groups = [{n for n, c in members if c == k} for k in range(partition.count)]
    assert partition.modularity == pytest.approx(nx.community.modularity(karate(), groups))
    assert partition.method == "python-louvain"


def test_community_zero_is_the_largest_and_numbers_are_dense() -> None:
    partition = louvain_communities(karate(), weight=None)
    assert partition.sizes == sorted(partition.sizes, reverse=True)
    assert set(partition.membership.values()) == set(range(partition.count))
    assert sum(partition.sizes) == 34


@pytest.mark.parametrize("shuffle_seed", range(5))
def test_same_partition_whatever_the_insertion_order(shuffle_seed: int) -> None:
    edges = list(nx.les_miserables_graph().edges(data=True))
    random.Random(shuffle_seed).shuffle(edges)
    shuffled = nx.Graph()
    shuffled.add_edges_from(edges)
    reference = louvain_communities(nx.les_miserables_graph())
    assert louvain_communities(shuffled) == reference


def test_directed_graphs_use_the_projection() -> None:
    D = nx.DiGraph(karate().edges())
    assert louvain_communities(D, weight=None) == louvain_communities(karate(), weight=None)


def test_resolution_is_monotonic() -> None:
    counts = [
        louvain_communities(karate(), weight=None, resolution=gamma).count
        for gamma in (0.25, 0.5, 1.0, 2.0, 4.0)
    ]
    assert counts == sorted(counts)
    assert counts[0] < counts[2] < counts[-1]


def generalized_modularity(G: nx.Graph, membership: dict, resolution: float) -> float:
    groups: dict[int, set] = {}
    for node, label in membership.items():
        groups.setdefault(label, set()).add(node)
    return nx.community.modularity(G, groups.values(), resolution=resolution)


def test_python_louvain_issue_94_is_worked_around() -> None:
    """Below resolution 1 python-louvain optimises the wrong objective; we do not."""
    G = karate()
    ours = louvain_communities(G, weight=None, resolution=0.5)
    assert ours.method == "networkx-louvain"
    ours_quality = generalized_modularity(G, ours.membership, 0.5)
    assert ours_quality == pytest.approx(0.6218, abs=0.005)  # igraph's exact optimum at 0.5
    for seed in range(3):
        theirs = community_louvain.best_partition(G, resolution=0.5, random_state=seed)
        assert generalized_modularity(G, theirs, 0.5) < ours_quality - 0.005


def test_resolution_two_matches_the_known_optimum() -> None:
    partition = louvain_communities(karate(), weight=None, resolution=2.0)
    quality = generalized_modularity(karate(), partition.membership, 2.0)
    assert quality == pytest.approx(0.16453, abs=0.005)  # igraph's exact optimum at 2


def test_more_runs_never_lower_the_best_modularity() -> None:
    """Runs 42 to 51 include run 42: their best is at least its modularity (the
    representative run reported may be lower)."""
    G = nx.les_miserables_graph()
    one = louvain_communities(G, runs=1)
    many = louvain_communities(G, runs=10)
    assert one.best_modularity == one.modularity
    assert many.best_modularity is not None
    assert one.best_modularity is not None
    assert many.best_modularity >= one.best_modularity - 1e-12


@pytest.mark.parametrize(
    "G", [nx.Graph(), nx.empty_graph(1), nx.empty_graph(3)], ids=["empty", "one-firm", "no-ties"]
)
def test_networks_without_ties(G: nx.Graph) -> None:
    partition = louvain_communities(G)
    assert partition.modularity is None
    assert partition.count == 0
    assert partition.isolates == len(G)
    assert set(partition.membership.values()) <= {None}


def test_isolates_belong_to_no_community() -> None:
    G = nx.karate_club_graph()
    G.add_nodes_from(["lonely", "alone"])
    partition = louvain_communities(G, weight=None)
    assert partition.membership["lonely"] is None
    assert partition.membership["alone"] is None
    assert (partition.count, partition.isolates, sum(partition.sizes)) == (4, 2, 34)


def test_disconnected_components_are_separate_communities() -> None:
    G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3))
    partition = louvain_communities(G)
    assert partition.sizes == [4, 3]


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"resolution": 0}, "resolution"), ({"runs": 0}, "runs")]
)
def test_bad_parameters(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        louvain_communities(karate(), **kwargs)


def test_les_miserables_optimum() -> None:
    # unweighted optimum 0.5600 (Aloise et al. 2010, exact column generation; Brandes et
    # al. 2008 list 0.560)
    G = nx.Graph(nx.les_miserables_graph().edges())
    partition = louvain_communities(G, weight=None, runs=20)
    assert partition.best_modularity == pytest.approx(0.5600, abs=0.005)
