"""Supply-chain measures: concentration by hand, tiers, dominators, bridges, resilience."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from clustermap.graph.resilience import resilience
from clustermap.graph.supply import (
    concentration,
    critical_firms,
    supply_roles,
    tiers,
    weight_basis,
)


def weighted(ties: list[tuple[str, str, float]]) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_weighted_edges_from(ties)
    return G


def test_hhi_by_hand_on_both_sides() -> None:
    # S sells 20 / 30 / 50 % (HHI 0.38, 3,800 in antitrust points); B buys from S and T
    G = weighted([("S", "A", 20), ("S", "B", 30), ("S", "C", 50), ("T", "B", 10)])
    figures = concentration(G)
    assert figures["customer_hhi"]["S"] == pytest.approx(0.38)
    assert figures["top_customer_share"]["S"] == pytest.approx(0.5)
    assert figures["effective_customers"]["S"] == pytest.approx(1 / 0.38)
    assert figures["supplier_hhi"]["B"] == pytest.approx(0.75**2 + 0.25**2)
    assert figures["top_supplier_share"]["B"] == pytest.approx(0.75)
    assert figures["customer_hhi"]["A"] is None  # A has no customers


def test_dependence_uses_total_sales_when_weights_are_shares() -> None:
    # T sells only 10 % of its sales inside the cluster, all to B: not dependent on B
    G = weighted([("S", "A", 70), ("S", "B", 10), ("T", "B", 10)])
    figures = concentration(G, threshold=0.5)
    assert weight_basis(G) == "percent"
    assert figures["single_customer_dependent"] == {"A": False, "B": False, "S": True, "T": False}
    assert figures["top_customer_sales"]["T"] == pytest.approx(0.1)
    assert figures["top_customer_share"]["T"] == 1.0


def test_dependence_within_the_cluster_for_volumes() -> None:
    G = weighted([("S", "A", 7000.0), ("S", "B", 3000.0)])
    figures = concentration(G, threshold=0.6)
    assert weight_basis(G) == "volume"
    assert figures["top_customer_sales"]["S"] is None
    assert figures["single_customer_dependent"]["S"] is True


def test_fraction_basis() -> None:
    assert weight_basis(weighted([("S", "A", 0.4), ("S", "B", 0.5)])) == "fraction"


def test_integrators_and_allocators() -> None:
    G = nx.DiGraph([(f"s{i}", "hub") for i in range(6)] + [("hub", f"c{i}") for i in range(2)])
    roles = supply_roles(G)
    assert [n for n, flag in roles["integrator"].items() if flag] == ["hub"]
    assert not any(roles["allocator"].values())  # 2 customers: below the floor of 3


def test_tiers_of_a_supply_tree() -> None:
    G = nx.DiGraph(
        [
            ("ore", "forge"),
            ("forge", "shop"),
            ("paint", "shop"),
            ("shop", "prime"),
            ("cable", "prime"),
        ]
    )
    result = tiers(G)
    assert result.level["ore"] == 0.0
    assert result.level["forge"] < result.level["shop"] < result.level["prime"]
    assert result.stages == 4  # ore -> forge -> shop -> prime


def test_tiers_with_a_cycle_and_two_components() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
    result = tiers(G)
    assert result.level["a"] == result.level["b"] == result.level["c"] == 0.0
    assert (result.level["x"], result.level["y"]) == (0.0, 1.0)
    assert result.incoherence is not None
    assert result.incoherence > 0  # a cycle is not layered
    assert result.stages == 2  # the cycle collapses to one stage


def test_tiers_match_networkx_trophic_levels_on_a_dag() -> None:
    # on a network where every firm is reachable from raw inputs, trophic levels (Levine)
    # and improved trophic levels agree on the order of tiers
    G = nx.DiGraph([(0, 1), (1, 2), (2, 3), (0, 2), (1, 3)])
    ours = tiers(G).level
    theirs = nx.trophic_levels(G)
    assert len(set(ours.values())) == len(G)  # four tiers, not one level for all
    assert ours[0] == 0.0
    assert sorted(G, key=ours.__getitem__) == sorted(G, key=theirs.__getitem__) == [0, 1, 2, 3]


def test_dominators_on_a_drawn_supply_tree() -> None:
    #   forge1 \
    #           shop -> integrator -> prime
    #   forge2 /                       ^
    #   paint --------> integrator     |
    #   cable -------------------------+
    G = nx.DiGraph(
        [
            ("forge1", "shop"),
            ("forge2", "shop"),
            ("shop", "integrator"),
            ("paint", "integrator"),
            ("integrator", "prime"),
            ("cable", "prime"),
        ]
    )
    result = critical_firms(G)
    assert result.primes == ["prime"]
    # upstream of prime: forge1, forge2, shop, paint, integrator, cable (6 firms); a firm's
    # share counts the 5 others: integrator carries forge1, forge2, shop, paint (4 of 5),
    # shop carries the forges (2 of 5)
    assert result.dominators["prime"] == [
        ("integrator", pytest.approx(4 / 5)),
        ("shop", pytest.approx(2 / 5)),
    ]
    assert set(result.cut_firms) == {"shop", "integrator", "prime"}
    assert ("integrator", "prime") in result.bridges


def test_the_only_route_controls_all_supply() -> None:
    G = nx.DiGraph([("s1", "hub"), ("s2", "hub"), ("s3", "hub"), ("hub", "prime")])
    assert critical_firms(G).dominators["prime"] == [("hub", 1.0)]


def test_named_primes_are_followed() -> None:
    G = nx.DiGraph([("a", "oem"), ("oem", "dealer")])
    assert critical_firms(G, primes=["oem"]).dominators == {"oem": []}


def test_resilience_of_a_star_and_of_a_clique() -> None:
    star = resilience(nx.star_graph(19).to_directed(), seed=1)
    assert star["degree"][star["removed"].index(0.05)] == pytest.approx(0.05)
    assert "fragile" in star["verdict"]
    clique = resilience(nx.complete_graph(20).to_directed(), seed=1)
    assert clique["degree"] == pytest.approx([1 - f for f in clique["removed"]], abs=0.05)
    assert "robust" in clique["verdict"]


@pytest.mark.parametrize(
    "G", [nx.DiGraph(), nx.empty_graph(3, nx.DiGraph)], ids=["empty", "no-ties"]
)
def test_edge_cases(G: nx.DiGraph) -> None:
    assert tiers(G).incoherence is None
    result = critical_firms(G)
    assert (result.cut_firms, result.bridges, result.primes) == ([], [], [])
    assert set(concentration(G)["customer_hhi"].values()) <= {None}


def test_sparse_tier_solver_matches_the_dense_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from clustermap.graph import supply

    G = nx.DiGraph(nx.gnp_random_graph(300, 0.02, seed=7, directed=True))
    G.add_edges_from([(1000, 1001), (1001, 1002)])  # a second part, and isolates
    G.add_nodes_from([2000, 2001])
    dense = tiers(G)
    monkeypatch.setattr(supply, "DENSE_TIERS_LIMIT", 10)
    sparse = tiers(G)
    assert sparse.level == pytest.approx(dense.level, abs=1e-6)
    assert sparse.incoherence == pytest.approx(dense.incoherence, abs=1e-9)
    assert sparse.stages == dense.stages
    assert (sparse.level[1000], sparse.level[1002], sparse.level[2000]) == (0.0, 2.0, 0.0)


def test_only_the_largest_end_customers_are_followed() -> None:
    from clustermap.graph.supply import MAX_END_CUSTOMERS, critical_firms

    G = nx.DiGraph()
    for buyer in range(30):  # end customer b buys b + 1 units from one supplier
        G.add_edge(f"s{buyer}", f"b{buyer:02d}", weight=buyer + 1)
    result = critical_firms(G)
    assert result.end_customers == 30
    assert len(result.primes) == MAX_END_CUSTOMERS == 20
    assert set(result.primes) == {f"b{buyer:02d}" for buyer in range(10, 30)}
    named = critical_firms(G, primes=["b00"])
    assert named.primes == ["b00"]


def test_dominator_shares_match_networkx_immediate_dominators() -> None:
    """The array-based dominator tree against networkx's, on 200 random networks."""

    def by_networkx(G: nx.DiGraph, prime: int) -> list[tuple[int, float]]:
        idom = nx.immediate_dominators(G.reverse(copy=False), prime)
        upstream = [node for node in idom if node != prime]
        controlled: dict[int, int] = {}
        for node in upstream:
            step = idom[node]
            while step != prime:
                controlled[step] = controlled.get(step, 0) + 1
                step = idom[step]
        others = max(len(upstream) - 1, 1)
        shares = ((firm, round(count / others, 6)) for firm, count in controlled.items())
        return sorted(shares, key=lambda item: (-item[1], item[0]))

    compared = 0
    for seed in range(200):
        rng = random.Random(seed)
        G = nx.gnp_random_graph(
            rng.randint(2, 40), rng.uniform(0.03, 0.2), seed=seed, directed=True
        )
        primes = sorted(G)[:5]
        result = critical_firms(G, primes)
        for prime in primes:
            assert result.dominators[prime] == by_networkx(G, prime), (seed, prime)
            compared += bool(result.dominators[prime])
    assert compared > 100  # most cases have dominators to compare


@pytest.mark.parametrize("engine", ["networkx", "networkit"])
def test_cut_firms_and_bridges_match_networkx(engine: str) -> None:
    """The one-pass low-point search, and networkit's biconnected components, against
    networkx's two algorithms, on 200 random networks with several components, isolates and
    reciprocal ties."""
    if engine == "networkit":
        pytest.importorskip("networkit", reason="the fast extra is part of the test set-up")
    found = 0
    for seed in range(200):
        rng = random.Random(seed)
        G = nx.gnp_random_graph(rng.randint(1, 40), rng.uniform(0.02, 0.15), seed, directed=True)
        H = G.to_undirected()
        result = critical_firms(G, primes=[], engine=engine)
        assert result.cut_firms == sorted(nx.articulation_points(H)), seed
        expected = sorted(
            pair for u, v in nx.bridges(H) for pair in ((u, v), (v, u)) if G.has_edge(*pair)
        )
        assert result.bridges == expected, seed
        found += len(result.cut_firms) + len(result.bridges)
    assert found > 500


def test_stages_match_networkx_longest_path_of_the_condensation() -> None:
    for seed in range(100):
        rng = random.Random(seed)
        G = nx.gnp_random_graph(rng.randint(1, 40), rng.uniform(0.01, 0.1), seed, directed=True)
        condensed = nx.condensation(G)
        assert tiers(G).stages == len(nx.dag_longest_path(condensed)), seed
