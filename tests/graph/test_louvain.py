"""clustermap's list-based Louvain (graph/louvain.py) finds exactly python-louvain's
partitions: the same moves, the same numbers, on every network and seed tried."""

from __future__ import annotations

import random

import community as community_louvain
import networkx as nx
import numpy as np
import pytest
from scipy.sparse import csr_array

from clustermap.graph.community import _projection
from clustermap.graph.louvain import best_partition


def python_louvain(S: csr_array, resolution: float, seed: int) -> list[int]:
    """python-louvain on the projection clustermap builds (canonical order)."""
    nodes = list(range(S.shape[0]))
    found = community_louvain.best_partition(
        _projection(S, nodes), weight="weight", resolution=resolution, random_state=seed
    )
    return [found[node] for node in nodes]


def matrix(G: nx.Graph, weight: str | None = None) -> csr_array:
    G = nx.convert_node_labels_to_integers(G, ordering="sorted")
    G.remove_nodes_from([node for node, degree in G.degree() if degree == 0])
    G = nx.convert_node_labels_to_integers(G, ordering="sorted")
    G.remove_edges_from(nx.selfloop_edges(G))
    return csr_array(nx.to_scipy_sparse_array(G, nodelist=sorted(G), weight=weight))


def weighted(G: nx.Graph, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.choice([0.5, 1.0, 2.5, 10.0, 33.3]) * rng.random()
    return G


NETWORKS = {
    "karate": matrix(nx.karate_club_graph()),
    "karate, weighted": matrix(nx.karate_club_graph(), "weight"),
    "les misérables": matrix(nx.les_miserables_graph(), "weight"),
    "florentine families": matrix(nx.florentine_families_graph()),
    "planted partition": matrix(nx.planted_partition_graph(5, 12, 0.5, 0.03, seed=2)),
    "sparse random": matrix(nx.gnm_random_graph(150, 260, seed=4)),
    "random, weighted": matrix(weighted(nx.gnm_random_graph(80, 300, seed=5), 5), "weight"),
    "scale-free": matrix(nx.barabasi_albert_graph(200, 2, seed=6)),
    "two components": matrix(nx.disjoint_union(nx.complete_graph(5), nx.path_graph(6))),
    "one tie": matrix(nx.Graph([(0, 1)])),
}


@pytest.mark.parametrize("name", sorted(NETWORKS))
@pytest.mark.parametrize("resolution", [1.0, 1.7])
def test_the_same_partitions_as_python_louvain(name: str, resolution: float) -> None:
    S = NETWORKS[name]
    for seed in range(8):
        ours = best_partition(S, resolution=resolution, seed=seed)
        assert ours == python_louvain(S, resolution, seed), (name, seed)


def test_the_same_partitions_on_the_sample_and_its_randomisations() -> None:
    from clustermap.graph.build import build_network
    from clustermap.graph.network import Network
    from clustermap.graph.significance import randomisations
    from clustermap.survey import read_survey
    from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES

    survey = read_survey(SAMPLE_TIES, SAMPLE_FIRMS)
    net = build_network(survey.ties, survey.firms)
    matrices = [net.symmetric(), net.symmetric(weight=None)]
    matrices += [Network(H).symmetric(weight=None) for H in randomisations(net, 3)]
    for S in matrices:
        tied = np.diff(S.indptr) > 0
        S = S[tied][:, tied]
        for seed in (42, 43, 7):
            assert best_partition(S, seed=seed) == python_louvain(S, 1.0, seed)
