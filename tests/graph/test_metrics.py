"""Centralities, structural holes and network figures against known answers and edge cases."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from clustermap.graph.brokerage import structural_holes
from clustermap.graph.build import build_graph, build_network, undirected_projection
from clustermap.graph.centrality import (
    betweenness,
    closeness,
    eigenvector,
    firm_centralities,
    pagerank,
)
from clustermap.graph.figures import degree_centralization, network_figures, rich_club
from clustermap.graph.network import Network

# networkx's test_betweenness_centrality.py, computed with UCINET and by hand
FLORENTINE_BETWEENNESS = {
    "Medici": 0.522,
    "Guadagni": 0.255,
    "Albizzi": 0.212,
    "Salviati": 0.143,
    "Ridolfi": 0.114,
    "Bischeri": 0.104,
    "Strozzi": 0.103,
    "Barbadori": 0.093,
    "Tornabuoni": 0.092,
    "Castellani": 0.055,
    "Peruzzi": 0.022,
    "Acciaiuoli": 0.0,
}


def test_florentine_betweenness() -> None:
    values = betweenness(nx.florentine_families_graph())
    for family, expected in FLORENTINE_BETWEENNESS.items():
        assert values[family] == pytest.approx(expected, abs=5e-4)


def test_directed_betweenness_by_hand() -> None:
    # raw -> part -> prime: only "part" lies between, on 1 of (n-1)(n-2) = 2 ordered pairs
    values = betweenness(nx.DiGraph([("raw", "part"), ("part", "prime")]))
    assert values == {"raw": 0.0, "part": 0.5, "prime": 0.0}


def test_closeness_wasserman_faust_for_disconnected_networks() -> None:
    G = nx.DiGraph([("A", "B"), ("C", "D"), ("D", "E")])
    values = closeness(G)
    # D reaches 2 firms at total distance 2 in a network of 5: (2/4) * (2/2)
    assert values["D"] == pytest.approx(0.5)
    # A reaches 1 firm at distance 1: (1/4) * (1/1)
    assert values["A"] == pytest.approx(0.25)


def test_eigenvector_matches_networkx_on_a_connected_weighted_graph() -> None:
    G = nx.karate_club_graph()
    ours = eigenvector(G, weight="weight")
    theirs = nx.eigenvector_centrality(G, weight="weight", tol=1e-12, max_iter=5000)
    assert max(abs(ours[n] - theirs[n]) for n in G) < 1e-6


def test_eigenvector_is_zero_outside_the_leading_component() -> None:
    G = nx.disjoint_union(nx.complete_graph(5), nx.path_graph(2))
    values = eigenvector(G)
    assert values[5] == values[6] == 0.0
    assert sum(v * v for v in values.values()) == pytest.approx(1.0)


def test_pagerank_matches_networkx_and_flows_downstream() -> None:
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [("raw", "a", 3), ("raw", "b", 1), ("a", "prime", 2), ("b", "prime", 1)]
    )
    ours = pagerank(G)
    assert ours == pytest.approx(nx.pagerank(G, weight="weight", tol=1e-12), abs=1e-10)
    assert max(ours, key=ours.__getitem__) == "prime"


def test_borgatti_1997_structural_holes() -> None:
    G = nx.Graph(["AB", "AF", "AG", "AE", "EG", "FG", "BG", "BD", "DG", "GC"])
    holes = structural_holes(G)
    assert holes["effective_size"]["G"] == pytest.approx(4.67, abs=5e-3)
    assert holes["effective_size"]["A"] == pytest.approx(2.5)
    assert holes["effective_size"]["C"] == pytest.approx(1.0)
    assert holes["constraint"]["G"] == pytest.approx(0.400, abs=5e-4)
    assert holes["constraint"]["A"] == pytest.approx(0.595, abs=5e-4)
    assert holes["constraint"]["C"] == pytest.approx(1.0)
    assert holes["efficiency"]["G"] == pytest.approx(4.67 / 6, abs=5e-3)


def test_structural_holes_of_an_isolate_are_undefined() -> None:
    G = nx.DiGraph([("A", "B")])
    G.add_node("Z")
    holes = structural_holes(G)
    assert math.isnan(holes["constraint"]["Z"])
    assert math.isnan(holes["efficiency"]["Z"])


def test_karate_network_figures() -> None:
    G = nx.Graph(nx.karate_club_graph().edges())
    figures = network_figures(G)
    assert figures["firms"] == 34
    assert figures["ties"] == 78
    assert figures["density"] == pytest.approx(78 / (34 * 33 / 2))
    assert figures["transitivity"] == pytest.approx(0.2557, abs=5e-5)
    assert figures["degree_centralization"] == pytest.approx(0.3996, abs=5e-5)
    assert figures["reciprocity"] is None  # undirected


def test_directed_network_figures_by_hand() -> None:
    G = nx.DiGraph([("A", "B"), ("B", "A"), ("B", "C"), ("D", "E")])
    G.add_node("F")
    figures = network_figures(G)
    assert figures["density"] == pytest.approx(4 / 30)
    assert figures["reciprocity"] == pytest.approx(0.5)
    assert (figures["components"], figures["largest_component"], figures["isolates"]) == (3, 3, 1)


@pytest.mark.parametrize(
    "G",
    [
        nx.DiGraph(),
        nx.DiGraph([("A", "A")]).subgraph(["A"]).copy(),
        nx.empty_graph(4, nx.DiGraph),
        nx.DiGraph([("A", "B"), ("C", "D")]),
    ],
    ids=["empty", "one-firm", "no-ties", "disconnected"],
)
def test_edge_cases_give_defined_values(G: nx.DiGraph) -> None:
    measures = firm_centralities(G)
    for values in measures.values():
        assert set(values) == set(G)
        assert all(math.isfinite(value) for value in values.values())
    figures = network_figures(G)
    assert figures["firms"] == len(G)
    assert figures["isolates"] == nx.number_of_isolates(G)
    if len(G) < 3:
        assert degree_centralization(G) is None


def test_build_graph_is_canonical_whatever_the_row_order() -> None:
    ties = pd.DataFrame(
        {
            "supplier": ["Zafer", "Çelik", "Ceylan", "Zafer"],
            "customer": ["Ceylan", "Zafer", "Çelik", "Çelik"],
            "weight": [1.0, 2.0, 3.0, 4.0],
            "relation": ["supply"] * 4,
        }
    )
    G1, G2 = build_graph(ties), build_graph(ties.iloc[::-1])
    assert list(G1.nodes) == list(G2.nodes) == ["Ceylan", "Çelik", "Zafer"]
    assert list(G1.edges(data=True)) == list(G2.edges(data=True))


def test_projection_sums_reciprocal_weights() -> None:
    G = nx.DiGraph()
    G.add_weighted_edges_from([("A", "B", 2.0), ("B", "A", 3.0), ("B", "C", 1.5)])
    H = undirected_projection(G)
    assert H["A"]["B"]["weight"] == 5.0
    assert H["B"]["C"]["weight"] == 1.5
    assert not H.is_directed()


def test_directed_structural_holes_from_networkx_tests() -> None:
    # networkx test_structuralholes.py, directed example D: 0->1, 0->2, 1->0, 2->1
    D = nx.DiGraph([(0, 1), (0, 2), (1, 0), (2, 1)])
    holes = structural_holes(D)
    assert [round(holes["constraint"][n], 3) for n in (0, 1, 2)] == [1.003, 1.003, 1.389]
    assert [round(holes["effective_size"][n], 3) for n in (0, 1, 2)] == [1.167, 1.167, 1.0]


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("seed", range(3))
def test_structural_holes_match_networkx_definition(seed: int, weight: str | None) -> None:
    """Against networkx's per-node functions (its all-nodes sparse shortcut for effective
    size disagrees with its own definition on directed graphs, so nodes are passed).

    networkx treats a firm without customers (no out-neighbours) as isolated and returns
    NaN for it; clustermap counts its suppliers as partners, so those firms are skipped."""
    G = nx.gnp_random_graph(25, 0.15, seed=seed, directed=True)
    for u, v in G.edges():
        G.edges[u, v]["weight"] = 1 + (u + 2 * v) % 5
    G.add_node("isolate")
    ours = structural_holes(G, weight=weight)
    nodes = [n for n in G if n != "isolate"]
    constraint = nx.constraint(G, nodes=nodes, weight=weight)
    effective = nx.effective_size(G, nodes=nodes, weight=weight)
    for node in nodes:
        if G.out_degree(node):
            assert ours["constraint"][node] == pytest.approx(constraint[node], abs=1e-12)
            assert ours["effective_size"][node] == pytest.approx(effective[node], abs=1e-12)
        elif G.in_degree(node):
            assert math.isfinite(ours["constraint"][node])
    assert math.isnan(ours["effective_size"]["isolate"])


def test_sparse_eigenvector_matches_the_dense_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    from clustermap.graph import centrality

    G = nx.DiGraph(nx.gnp_random_graph(400, 0.02, seed=5, directed=True))
    G.add_edge(1000, 1001)  # a second component: 0 outside the leading one
    for u, v in G.edges():
        G.edges[u, v]["weight"] = 1 + (u * 7 + v) % 5
    dense = centrality.eigenvector(G)
    monkeypatch.setattr(centrality, "DENSE_EIGEN_LIMIT", 10)
    sparse = centrality.eigenvector(G)
    assert sparse == pytest.approx(dense, abs=1e-7)
    assert sparse[1000] == 0.0
    assert sparse == centrality.eigenvector(G)  # the same digits every run


@pytest.mark.parametrize("G", [nx.DiGraph(), nx.empty_graph(1, nx.DiGraph), nx.empty_graph(3)])
def test_structural_holes_without_ties(G: nx.Graph) -> None:
    holes = structural_holes(G)
    assert all(math.isnan(value) for column in holes.values() for value in column.values())


def test_the_matrix_built_with_the_graph_is_its_adjacency() -> None:
    ties = pd.DataFrame(
        {
            "supplier": ["Çelik", "B", "A", "A", "c"],
            "customer": ["A", "C", "B", "B", "Çelik"],
            "weight": [1.5, 1.0, 2.0, 0.5, 3.0],
            "relation": ["supply", "supply", "supply", "service", "supply"],
        }
    )
    net = build_network(ties, pd.DataFrame(index=["Z"]))
    G, weighted = net.graph, net.adjacency()
    assert (weighted != Network(G).adjacency()).nnz == 0
    assert weighted.has_sorted_indices
    assert net.nodes == list(G) == ["A", "B", "C", "c", "Çelik", "Z"]
    # the edges written into networkx's dicts make the graph add_edges_from would make
    same = nx.DiGraph()
    same.add_nodes_from(G.nodes(data=True))
    same.add_edges_from(G.edges(data=True))
    assert nx.utils.graphs_equal(G, same)
    assert list(G.pred["A"]) == list(same.pred["A"]) == ["Çelik"]
    assert all(G.pred[v][u] is data for u, v, data in G.edges(data=True))
    assert G.number_of_edges() == 4
    assert G.in_degree("B") == 1
    assert G.has_edge("c", "Çelik")


def test_the_symmetric_matrix_sums_reciprocal_weights_without_self_ties() -> None:
    """The matrix every undirected measure reads, as the projection above: A + Aᵀ, no
    diagonal."""
    G = nx.DiGraph()
    G.add_weighted_edges_from([("A", "B", 2.0), ("B", "A", 3.0), ("B", "C", 1.5), ("C", "C", 4.0)])
    S = Network(G).symmetric()
    assert S.toarray().tolist() == [[0.0, 5.0, 0.0], [5.0, 0.0, 1.5], [0.0, 1.5, 0.0]]


def test_ties_of_several_layers_between_two_firms_add_up() -> None:
    """A supply tie of 10 and a service tie of 20 between the same firms: one edge of 30."""
    ties = pd.DataFrame(
        {
            "supplier": ["A", "A", "B"],
            "customer": ["B", "B", "C"],
            "relation": ["supply", "service", "supply"],
            "weight": [10.0, 20.0, 5.0],
        }
    )
    G = build_network(ties).graph
    assert G["A"]["B"]["weight"] == 30.0
    assert G["A"]["B"]["relation"] == "service;supply"
    assert G["B"]["C"]["weight"] == 5.0


def test_reciprocity_and_rich_club_match_networkx() -> None:
    """Reciprocity on a network with a self-tie (not a returned tie, as in networkx), and
    the unnormalised rich-club coefficient."""
    G = nx.DiGraph([(0, 1), (1, 0), (1, 2), (2, 2), (2, 3), (3, 1)])
    expected = nx.overall_reciprocity(G)
    assert network_figures(G)["reciprocity"] == pytest.approx(expected)
    H = nx.karate_club_graph()
    theirs = nx.rich_club_coefficient(nx.Graph(H.edges()), normalized=False)
    ours = rich_club(H)
    assert set(ours) <= set(theirs)
    assert ours
    for k, value in ours.items():
        assert value == pytest.approx(theirs[k]), k
