"""The measures' matrix-in functions (what the pipeline and benchmarks call on arrays),
each against an independent computation on networkx graphs."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest
from scipy.sparse import coo_array, csr_array, triu

from clustermap.graph import coreperiphery
from clustermap.graph.brokerage import ROLES, brokerage_arrays
from clustermap.graph.coreperiphery import (
    borgatti_everett_discrete,
    coreness_vector,
    discrete_core_search,
    pattern_correlation,
)
from clustermap.graph.network import Network
from clustermap.graph.resilience import largest_part_left
from clustermap.graph.supply import (
    longest_chain,
    trophic_levels,
    upstream_control,
)

DIRECTED = [nx.gnp_random_graph(25, p, seed=s, directed=True) for s, p in enumerate((0.04, 0.1))]
DIRECTED += [nx.DiGraph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)]), nx.empty_graph(4, nx.DiGraph)]


def matrix(G: nx.DiGraph) -> csr_array:
    return csr_array(nx.to_scipy_sparse_array(G, nodelist=sorted(G), weight=None, dtype=float))


def role_of(groups: list[int], a: int, b: int, c: int) -> str:
    ga, gb, gc = groups[a], groups[b], groups[c]
    if ga == gb == gc:
        return "coordinator"
    if gb == gc:
        return "gatekeeper"
    if ga == gb:
        return "representative"
    if ga == gc:
        return "consultant"
    return "liaison"


@pytest.mark.parametrize("G", DIRECTED)
def test_brokerage_counts_every_open_two_path(G: nx.DiGraph) -> None:
    """Per firm and role, the open two-paths a -> b -> c listed one by one."""
    groups = [node % 3 for node in sorted(G)]
    counts, expected, z = brokerage_arrays(matrix(G), np.array(groups))
    listed = {role: [0] * len(G) for role in ROLES}
    for a, b, c in itertools.permutations(sorted(G), 3):
        if G.has_edge(a, b) and G.has_edge(b, c) and not G.has_edge(a, c):
            listed[role_of(groups, a, b, c)][b] += 1
    assert {role: values.tolist() for role, values in counts.items()} == listed
    paths = np.sum([counts[role] for role in ROLES], axis=0)
    assert np.allclose(np.sum([expected[role] for role in ROLES], axis=0), paths)
    for role in ROLES:  # no open two-path: no z-score
        assert np.isnan(z[role][paths == 0]).all()


@pytest.mark.parametrize("G", DIRECTED)
def test_longest_chain_is_the_longest_path_of_the_condensed_network(G: nx.DiGraph) -> None:
    condensed = nx.condensation(G)
    assert longest_chain(matrix(G)) == nx.dag_longest_path_length(condensed) + 1


@pytest.mark.parametrize("G", DIRECTED)
def test_trophic_levels_solve_the_balance_equations(G: nx.DiGraph) -> None:
    """Each firm's level minus the mean level of its partners (either way) is its
    surplus of suppliers over customers, divided by its number of ties."""
    A = matrix(G).tocoo()
    rows, cols = A.row.astype(np.int64), A.col.astype(np.int64)
    incoming = np.bincount(cols, minlength=len(G)).astype(float)
    outgoing = np.bincount(rows, minlength=len(G)).astype(float)
    h = trophic_levels(rows, cols, incoming, outgoing)
    for firm in sorted(G):
        partners = [*G.predecessors(firm), *G.successors(firm)]
        balance = len(partners) * h[firm] - sum(h[p] for p in partners)
        assert balance == pytest.approx(incoming[firm] - outgoing[firm], abs=1e-9)


@pytest.mark.parametrize("G", DIRECTED[:3])
def test_upstream_control_counts_the_dominated_firms(G: nx.DiGraph) -> None:
    """Against networkx's dominator tree of the reversed network."""
    A = matrix(G)
    T = A.T.tocsr()
    suppliers, customers = (
        (T.indptr.tolist(), T.indices.tolist()),
        (
            A.indptr.tolist(),
            A.indices.tolist(),
        ),
    )
    for root in sorted(G):
        dominator = nx.immediate_dominators(G.reverse(), root)  # root: itself, or absent
        below = dict.fromkeys(sorted({*dominator, root}), 0)
        for node in below:
            at = node
            while at != root:
                at = dominator[at]
                below[at] += 1
        expected = {node: count for node, count in below.items() if count or node == root}
        assert upstream_control(suppliers, customers, root) == expected


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.3, 0.5, 1.0])
def test_largest_part_left_after_removing_firms(fraction: float) -> None:
    G = nx.gnp_random_graph(40, 0.06, seed=7)
    order = list(np.random.default_rng(1).permutation(40))
    S = triu(csr_array(nx.to_scipy_sparse_array(G, nodelist=range(40))), k=1).tocoo()
    removed = order[: math.ceil(fraction * 40 - 1e-9)]
    H = G.copy()
    H.remove_nodes_from(removed)
    largest = max((len(part) for part in nx.connected_components(H)), default=0)
    assert largest_part_left(coo_array(S), order, fraction) == round(largest / 40, 6)


def test_coreness_of_a_complete_network_is_one_everywhere() -> None:
    """c_i c_j = 1 for every pair fits a complete network exactly."""
    assert coreness_vector(nx.to_numpy_array(nx.complete_graph(6))) == pytest.approx(np.ones(6))


def test_pattern_correlation_is_pearsons_over_the_pairs_of_distinct_firms() -> None:
    A = nx.to_numpy_array(nx.gnp_random_graph(20, 0.3, seed=2))
    c = np.random.default_rng(5).random(20)
    off = ~np.eye(20, dtype=bool)
    expected = np.corrcoef(A[off], np.outer(c, c)[off])[0, 1]
    assert pattern_correlation(A, c) == pytest.approx(expected)
    assert pattern_correlation(csr_array(A), c) == pytest.approx(expected)


def test_discrete_core_search_is_the_large_network_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same core and fit as the model's own search on a network above the sparse limit."""
    monkeypatch.setattr(coreperiphery, "SPARSE_LIMIT", 10)
    G = nx.les_miserables_graph()
    model = borgatti_everett_discrete(G)
    net = Network(G)
    A = net.symmetric(weight=None)
    core, fit, alternatives = discrete_core_search(A, coreness_vector(A))
    assert [net.nodes[i] for i in np.flatnonzero(core)] == list(model.core)
    assert (fit, alternatives) == (model.fit, model.alternatives)


@pytest.mark.parametrize("n", [0, 1])
def test_discrete_core_search_of_too_few_firms(n: int) -> None:
    core, fit, alternatives = discrete_core_search(csr_array((n, n)), np.zeros(n))
    assert (core.tolist(), fit, alternatives) == ([False] * n, None, 0)
