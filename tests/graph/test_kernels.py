"""The array kernels and the Network's shared order and matrices, against networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy.sparse import csr_array, random_array

from clustermap.graph import kernels
from clustermap.graph.kernels import BLOCK_WORK, entry_offsets, masked_product_sums, triangles
from clustermap.graph.network import Network, as_network

GRAPHS = [nx.complete_graph(12), nx.empty_graph(3), nx.star_graph(6)]
GRAPHS += [nx.gnp_random_graph(30, p, seed=s) for s, p in enumerate((0.05, 0.2, 0.5))]


@pytest.mark.parametrize("block", [1, 7, BLOCK_WORK])
def test_triangles_match_networkx(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    """Each triangle once, whatever the blocks the pairs of ties are checked in: per-firm
    counts against networkx's, on random networks from sparse to complete."""
    monkeypatch.setattr(kernels, "BLOCK_WORK", block)
    for G in GRAPHS:
        net = Network(G)
        corners = triangles(net.symmetric(weight=None))
        listed = {tuple(sorted(t)) for t in zip(*(c.tolist() for c in corners), strict=True)}
        assert len(listed) == len(corners[0])
        counts = np.bincount(np.concatenate(corners), minlength=len(G))
        assert counts.tolist() == [nx.triangles(G)[node] for node in net.nodes]


@pytest.mark.parametrize("block", [1, 5, BLOCK_WORK])
def test_masked_product_sums_equal_the_dense_product(
    monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(kernels, "BLOCK_WORK", block)
    rng = np.random.default_rng(3)
    for shape in ((1, 1), (8, 8), (40, 40)):
        left, right, mask = (csr_array(random_array(shape, density=0.3, rng=rng)) for _ in range(3))
        expected = ((left @ right).toarray() * mask.toarray()).sum(axis=1)
        assert masked_product_sums(left, right, mask) == pytest.approx(expected)


def test_entry_offsets_find_where_entries_are_stored() -> None:
    S = Network(nx.gnp_random_graph(25, 0.3, seed=1)).symmetric(weight=None)
    coo = S.tocoo()
    order = np.random.default_rng(0).permutation(len(coo.row))
    at = entry_offsets(S, coo.row[order], coo.col[order])
    rows = np.repeat(np.arange(S.shape[0]), np.diff(S.indptr))
    assert (rows[at] == coo.row[order]).all()
    assert (S.indices[at] == coo.col[order]).all()


@pytest.mark.parametrize("G", [*GRAPHS[:3], nx.gn_graph(40, seed=2)])
def test_network_matrices_are_networkx_matrices_in_canonical_order(G: nx.Graph) -> None:
    for u, v, data in G.edges(data=True):
        data["weight"] = (hash((u, v)) % 7) + 1.0
    net = Network(G)
    assert net.nodes == sorted(G)
    assert net.ties == G.number_of_edges()
    expected = nx.to_scipy_sparse_array(G, nodelist=net.nodes, weight="weight")
    assert (net.adjacency() != expected).nnz == 0
    projection = nx.to_scipy_sparse_array(
        G.to_undirected() if G.is_directed() else G, nodelist=net.nodes, weight=None
    )
    assert (net.symmetric(weight=None) != projection).nnz == 0


def test_network_makes_each_matrix_once_and_hands_out_copies() -> None:
    net = Network(nx.path_graph(["B", "A", "C"]))
    first = net.adjacency()
    first.data[:] = 99.0  # a caller changing its copy changes nothing shared
    assert net.adjacency().data.tolist() == [1.0, 1.0, 1.0, 1.0]
    assert net.remembered("x", lambda: [1]) is net.remembered("x", lambda: [2])
    assert as_network(net) is net
    assert net.index == {"A": 0, "B": 1, "C": 2}
