"""Every rule that decides something a reader sees, tested exactly at its edge.

Each test has a case on each side of the rule's threshold (or a case the rule alone
decides), so that a plausible slip - ``>=`` for ``>``, 1/2 for 2/3, mean + 2 SD for
mean + SD, ``r / n`` for ``(1 + r) / (1 + n)``, a seed not passed on, a tie-break turned
round - fails a test. ``docs/methods.md`` states each rule.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from scipy.sparse import coo_array

from clustermap.api import analyze
from clustermap.graph.community import adjusted_rand_index, louvain_communities, modularity
from clustermap.graph.coreperiphery import (
    EXACT_LIMIT,
    _choose,
    best_prefix_core,
    borgatti_everett_discrete,
)
from clustermap.graph.resilience import largest_part_left, resilience
from clustermap.graph.significance import (
    Significance,
    _test,
    community_significance,
    randomised,
)
from clustermap.graph.supply import (
    concentration,
    end_customers_followed,
    supply_roles,
    tiers,
)
from clustermap.options import AnalysisOptions


def sales(pairs: dict[tuple[str, str], float]) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_weighted_edges_from((s, c, w) for (s, c), w in pairs.items())
    return G


# -- single-customer dependence: a top customer's share *above* the threshold ------------


def test_dependence_is_a_share_above_the_threshold_not_at_it() -> None:
    """Half of one's sales to one customer is a common answer, and not "over half"."""
    G = sales(
        {
            ("Half", "Prime"): 50,  # exactly 50 % of its sales
            ("Half", "Other"): 30,
            ("More", "Prime"): 50.5,
            ("More", "Other"): 10,
        }
    )
    flagged = concentration(G, threshold=0.5, basis="percent")["single_customer_dependent"]
    assert flagged["Half"] is False
    assert flagged["More"] is True
    within = concentration(sales({("Even", "A"): 5, ("Even", "B"): 5}), basis="volume")
    assert within["single_customer_dependent"]["Even"] is False  # 5 of 10 in the cluster


# -- integrators and allocators: at least 3 and at least mean + 1 SD ---------------------


def test_integrators_and_allocators_at_exactly_mean_plus_one_sd() -> None:
    """In-degrees 0, 0, 0, 4, 4, 4: mean 2, SD 2, so the cut is exactly 4; out-degrees
    3, 3, 3, 1, 1, 1: mean 2, SD 1, the cut exactly 3."""
    G = nx.DiGraph()
    for customer, suppliers in {"D": "ABCE", "E": "ABCF", "F": "ABCD"}.items():
        G.add_edges_from((supplier, customer) for supplier in suppliers)
    roles = supply_roles(G)
    assert {firm for firm, yes in roles["integrator"].items() if yes} == {"D", "E", "F"}
    assert {firm for firm, yes in roles["allocator"].items() if yes} == {"A", "B", "C"}


def test_a_firm_above_the_mean_but_within_one_sd_is_no_integrator() -> None:
    """In-degrees 0, 1, 3, 3, 4, 4: mean 2.5, SD 1.5, cut 4: the firms with 3 suppliers
    are above the mean and at the floor of 3, but not one SD above the mean."""
    G = nx.DiGraph()
    wanted = {"B": "A", "C": "ABD", "D": "ABC", "E": "ABCD", "F": "ABCD"}
    for customer, suppliers in wanted.items():
        G.add_edges_from((supplier, customer) for supplier in suppliers)
    assert sorted(dict(G.in_degree()).values()) == [0, 1, 3, 3, 4, 4]
    integrators = {firm for firm, yes in supply_roles(G)["integrator"].items() if yes}
    assert integrators == {"E", "F"}


def test_fewer_than_three_partners_never_make_an_integrator() -> None:
    """In-degrees 0, 0, 0, 0, 1, 2: mean + SD is 1.3, below the floor of 3."""
    G = nx.DiGraph([("A", "F"), ("B", "F"), ("C", "E")])
    G.add_node("D")
    assert not any(supply_roles(G)["integrator"].values())


# -- resilience: fragile when targeted loss leaves under 2/3 of what random loss leaves ---


def targeted_over_random(curves: dict[str, list[float]], fraction: float) -> float:
    at = curves["removed"].index(fraction)
    targeted = min(curves["degree"][at], curves["betweenness"][at])
    return targeted / curves["random"][at]


def test_resilience_is_fragile_below_two_thirds_of_random_loss() -> None:
    """At 20 % removed, targeted loss leaves 0.58 of what random loss leaves: fragile by
    the rule (below 2/3), though above 1/2; at 10 % it leaves 0.89."""
    curves = resilience(nx.barabasi_albert_graph(20, 2, seed=5), seed=1)
    assert targeted_over_random(curves, 0.1) > 2 / 3
    assert 1 / 2 < targeted_over_random(curves, 0.2) < 2 / 3
    assert curves["quoted"] == 0.2
    assert curves["verdict"].endswith("fragile to the loss of its central firms")


def test_resilience_is_robust_at_two_thirds_or_more() -> None:
    curves = resilience(nx.complete_graph(20), seed=1)
    assert targeted_over_random(curves, 0.1) >= 2 / 3
    assert targeted_over_random(curves, 0.2) >= 2 / 3
    assert curves["verdict"].endswith("robust to the loss of its central firms")


# -- significance: p = (1 + reaching) / (1 + randomisations) ------------------------------


def test_p_value_counts_the_observed_network_among_the_randomisations() -> None:
    """Three given "randomisations": the network itself (reaches the observed modularity)
    and two stars (modularity 0): p = (1 + 1) / (1 + 3) = 0.5, not 1/3."""
    two_groups = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    two_groups.add_edge(0, 6)
    stars = [nx.star_graph(11), nx.star_graph(11)]
    result = community_significance(two_groups, networks=[two_groups.copy(), *stars])
    assert result.nulls == 3
    assert result.p_value == pytest.approx(0.5)
    assert "too few randomisations" in result.verdict


# -- Louvain: the seed reaches every run on the python-louvain path -----------------------


def partition_of(membership: dict[object, int | None]) -> set[frozenset[object]]:
    groups: dict[int, set[object]] = {}
    for firm, community in membership.items():
        if community is not None:
            groups.setdefault(community, set()).add(firm)
    return {frozenset(group) for group in groups.values()}


def test_the_seed_reaches_python_louvain(tmp_path: Path) -> None:
    """On the karate club, seeds 1 to 5 give more than one partition with one run each;
    `analyze --seed S --engine networkx` finds the partition of seed S."""
    karate = nx.Graph(nx.karate_club_graph().edges())
    by_seed = {
        seed: partition_of(louvain_communities(karate, seed=seed, runs=1).membership)
        for seed in range(1, 6)
    }
    assert len({frozenset(found) for found in by_seed.values()}) > 1
    survey = tmp_path / "karate.csv"
    survey.write_text(
        "supplier,customer\n" + "".join(f"F{u:02d},F{v:02d}\n" for u, v in karate.edges),
        encoding="utf-8",
    )
    for seed, expected in by_seed.items():
        options = AnalysisOptions(seed=seed, runs=1, nulls=0, engine="networkx")
        found = partition_of(analyze(survey, options=options).communities.membership)
        assert found == {frozenset(f"F{node:02d}" for node in group) for group in expected}


# -- Louvain: the most representative run is reported, not the best ----------------------


def test_the_representative_run_is_reported_not_the_best() -> None:
    """Les Misérables, 5 runs from seed 4: the run agreeing most with the others (mean
    adjusted Rand index) has a lower modularity than the best run, and is the one reported."""
    G = nx.les_miserables_graph()
    runs = [louvain_communities(G, weight=None, seed=4 + run, runs=1) for run in range(5)]
    nodes = sorted(G)
    labels = [np.array([run.membership[node] for node in nodes]) for run in runs]
    agreement = [
        np.mean([adjusted_rand_index(a, b) for j, b in enumerate(labels) if j != i])
        for i, a in enumerate(labels)
    ]
    representative = int(np.argmax(agreement))
    reported = louvain_communities(G, weight=None, seed=4, runs=5)
    assert reported.modularity == pytest.approx(runs[representative].modularity)
    assert reported.modularity < reported.best_modularity - 1e-6
    assert partition_of(reported.membership) == partition_of(runs[representative].membership)


# -- core/periphery: among equally good cores, the one with the most ties -----------------


def test_equally_good_cores_go_to_the_one_with_most_ties() -> None:
    """A path Ada - Bey - Can - Dal - Ece fits three cores equally (r = 1/sqrt(3)):
    {Bey, Can}, {Can, Dal} (4 tie ends each) and {Bey, Can, Dal} (6): the last is chosen,
    and the other two are counted."""
    path = nx.Graph([("Ada", "Bey"), ("Bey", "Can"), ("Can", "Dal"), ("Dal", "Ece")])
    result = borgatti_everett_discrete(path)
    assert result.exact
    assert result.fit == pytest.approx(1 / np.sqrt(3))
    assert result.core == ("Bey", "Can", "Dal")
    assert result.alternatives == 2


def test_equally_good_and_equally_tied_cores_go_to_the_smaller() -> None:
    """The second tie-break: with the same fit and the same tie ends, the smaller core."""
    degree = np.array([3, 3, 0, 2])
    small, large = np.array([1, 1, 0, 0], bool), np.array([1, 1, 1, 0], bool)
    other = np.array([0, 0, 1, 1], bool)  # as good, fewer tie ends
    core, fit, alternatives = _choose([(large, 0.5), (other, 0.5), (small, 0.5)], degree)
    assert (core.tolist(), fit, alternatives) == (small.tolist(), 0.5, 2)


def test_fits_equal_but_for_rounding_are_equally_good() -> None:
    """Fits a rounding error apart (1e-13) tie, so the tie-breaks decide, not float noise."""
    degree = np.array([1, 1, 5, 5])
    fewer, more = np.array([1, 1, 0, 0], bool), np.array([0, 0, 1, 1], bool)
    core, fit, alternatives = _choose([(fewer, 0.6), (more, 0.6 - 1e-13)], degree)
    assert core.tolist() == more.tolist()
    assert (fit, alternatives) == (0.6, 1)
    core, _, alternatives = _choose([(fewer, 0.6), (more, 0.6 - 1e-6)], degree)
    assert (core.tolist(), alternatives) == (fewer.tolist(), 0)


@pytest.mark.parametrize(("firms", "exact"), [(EXACT_LIMIT, True), (EXACT_LIMIT + 1, False)])
def test_networks_of_up_to_18_firms_are_solved_exactly(firms: int, exact: bool) -> None:
    assert EXACT_LIMIT == 18
    result = borgatti_everett_discrete(nx.gnp_random_graph(firms, 0.3, seed=2))
    assert result.exact is exact


def test_the_random_starts_follow_the_seed() -> None:
    """One random start beside the degree split: on this noisy network, six seeds find
    more than one core (a fixed seed would find one)."""
    G = nx.gnp_random_graph(30, 0.15, seed=4)
    found = {borgatti_everett_discrete(G, starts=2, seed=seed).core for seed in range(6)}
    assert len(found) > 1


def test_the_best_prefix_of_an_ordering_is_the_best_of_every_prefix() -> None:
    """The split the search starts from, against every prefix scored by hand (Pearson
    correlation with the ideal pattern over the core-core and periphery-periphery cells)."""
    rng = np.random.default_rng(5)
    for _ in range(20):
        n = int(rng.integers(4, 12))
        A = np.triu((rng.random((n, n)) < 0.4).astype(float), 1)
        A = A + A.T
        order = rng.permutation(n)
        scores = []
        for k in range(1, n + 1):
            core = np.zeros(n, bool)
            core[order[:k]] = True
            cells = ~np.eye(n, dtype=bool) & (core[:, None] == core[None, :])
            ideal = (core[:, None] & core[None, :])[cells].astype(float)
            observed = A[cells]
            valid = ideal.std() > 0 and observed.std() > 0
            scores.append(float(np.corrcoef(observed, ideal)[0, 1]) if valid else -np.inf)
        if not np.isfinite(max(scores)):
            continue
        core, fit = best_prefix_core(A, order)
        best = int(np.argmax(scores))
        assert fit == pytest.approx(scores[best])
        assert sorted(np.flatnonzero(core)) == sorted(order[: best + 1].tolist())


# -- community runs: agreement and stability judged against the *other* runs -------------


def test_agreement_and_stability_are_measured_against_the_other_runs() -> None:
    """Les Misérables, 5 runs from seed 4: the reported agreement is the mean adjusted Rand
    index between distinct runs, and a firm's stability the share of its community mates
    that the other four runs keep with it."""
    G = nx.les_miserables_graph()
    nodes = sorted(G)
    runs = [louvain_communities(G, weight=None, seed=4 + run, runs=1) for run in range(5)]
    labels = [np.array([run.membership[node] for node in nodes]) for run in runs]
    pairs = [adjusted_rand_index(a, b) for i, a in enumerate(labels) for j, b in enumerate(labels)]
    distinct = [value for k, value in enumerate(pairs) if k // 5 != k % 5]
    reported = louvain_communities(G, weight=None, seed=4, runs=5)
    assert reported.agreement == pytest.approx(np.mean(distinct))
    chosen = next(
        i
        for i, run in enumerate(runs)
        if partition_of(run.membership) == partition_of(reported.membership)
    )
    own = labels[chosen]
    for index, node in enumerate(nodes):
        mates = [m for m in range(len(nodes)) if m != index and own[m] == own[index]]
        if not mates:
            continue
        kept = [
            sum(run[m] == run[index] for m in mates) / len(mates)
            for r, run in enumerate(labels)
            if r != chosen
        ]
        assert reported.stability[node] == pytest.approx(np.mean(kept), abs=1e-6), node
    assert min(reported.stability.values()) < 1  # the runs disagree somewhere


def test_modularity_counts_a_self_tie_twice_within_its_community() -> None:
    """As networkx does (a self-tie adds its weight to both ends' strength)."""
    G = nx.Graph([(0, 1, {"weight": 2.0}), (1, 2, {"weight": 1.0}), (2, 3, {"weight": 3.0})])
    G.add_edge(0, 0, weight=1.5)
    groups = [{0, 1}, {2, 3}]
    S = nx.to_scipy_sparse_array(G, nodelist=[0, 1, 2, 3])
    ours = modularity(S, np.array([0, 0, 1, 1]))
    assert ours == pytest.approx(nx.community.modularity(G, groups, weight="weight"))


# -- significance: enough randomisations, p at 0.05, the null's spread -------------------


def null_test(observed: float, values: list[float]) -> Significance:
    """The significance test on given null values (randomisations stand for their value)."""
    return _test(observed, list(values), "x", "real", "unreal")


def test_nineteen_randomisations_can_pass_at_p_005() -> None:
    """The smallest test that can pass: 19 randomisations, none reaching the observed
    value, p = 1 / 20 = 0.05, which passes (p <= 0.05); 18 are too few to tell."""
    enough = null_test(1.0, [0.01 * i for i in range(19)])
    assert (enough.nulls, enough.p_value) == (19, 0.05)
    assert enough.verdict.endswith(": real")
    few = null_test(1.0, [0.1] * 18)
    assert few.verdict.endswith("use 19 or more (--nulls)")


def test_the_null_models_spread_is_the_sample_standard_deviation() -> None:
    values = [0.2, 0.3, 0.25, 0.35, 0.3]
    result = null_test(0.5, values)
    sd = float(np.std(values, ddof=1))
    assert result.null_mean == pytest.approx(np.mean(values))
    assert result.null_sd == pytest.approx(sd)
    assert result.z_score == pytest.approx((0.5 - np.mean(values)) / sd, abs=1e-6)


def test_randomisations_reach_every_rewiring_of_two_ties() -> None:
    """Two ties 0-1 and 2-3 can become 0-3, 1-2 or 0-2, 1-3: both rewirings are drawn."""
    G = nx.Graph([(0, 1), (2, 3)])
    found = {frozenset(map(frozenset, randomised(G, seed).edges())) for seed in range(30)}
    assert len(found) == 3


def test_randomisations_rewire_nearly_every_tie() -> None:
    """Ten swaps per tie leave about 2 % of a sparse network's ties in place (one swap per
    tie would leave about 14 %)."""
    G = nx.gnm_random_graph(400, 800, seed=1)
    kept = set(map(frozenset, G.edges())) & set(map(frozenset, randomised(G, 3).edges()))
    assert len(kept) / 800 < 0.05


# -- supply chain ------------------------------------------------------------------------


def test_unweighted_ties_flag_no_dependence() -> None:
    """Without shares, a single customer is not "100 % of sales"."""
    G = nx.DiGraph([("Only", "Prime"), ("Two", "Prime"), ("Two", "Other")])
    flagged = concentration(G, basis="unweighted")["single_customer_dependent"]
    assert not any(flagged.values())
    assert concentration(G, basis="volume")["single_customer_dependent"]["Only"] is True


def test_a_clean_supply_chain_has_no_tier_incoherence() -> None:
    """Each firm exactly one level above its suppliers: incoherence 0 (a loop makes it 1)."""
    chain = nx.DiGraph([("Ore", "Steel"), ("Steel", "Part"), ("Part", "Prime")])
    assert tiers(chain).incoherence == 0
    assert tiers(nx.DiGraph([("A", "B"), ("B", "A")])).incoherence == pytest.approx(1.0)


def test_at_least_three_end_customers_are_followed_however_large_the_network() -> None:
    assert end_customers_followed(10_000_000) == 3
    assert end_customers_followed(100_000) == 20


def upper_triangle(G: nx.Graph) -> coo_array:
    """The ties of ``G`` as :func:`largest_part_left` takes them."""
    ties = nx.to_scipy_sparse_array(G, nodelist=sorted(G)).tocoo()
    above = ties.row < ties.col
    return coo_array((ties.data[above], (ties.row[above], ties.col[above])), shape=ties.shape)


def test_a_fraction_of_a_firm_removed_counts_as_one_firm() -> None:
    """10 % of 9 firms removes one firm, 30 % of 10 three, and float noise adds none."""
    nine = upper_triangle(nx.path_graph(9))
    assert largest_part_left(nine, [4, 0, 1, 2, 3, 5, 6, 7, 8], 0.1) == pytest.approx(4 / 9)
    ten = upper_triangle(nx.path_graph(10))
    # removing 0, 1, 2 leaves 3 ... 9 (7 firms); a fourth firm (9) would leave 6
    assert largest_part_left(ten, [0, 1, 2, 9, 8, 7, 6, 5, 4, 3], 0.3) == pytest.approx(0.7)
    # 28 % of 25 firms is 7.000000000000001 in floating point: seven firms, not eight
    chain = upper_triangle(nx.path_graph(25))
    assert 0.28 * 25 > 7
    assert largest_part_left(chain, list(range(25)), 0.28) == pytest.approx(18 / 25)


def test_fragility_counts_the_attack_on_brokers_too() -> None:
    """Two caves joined through brokers: losing the most connected firms does no harm,
    losing the brokers halves the network, so it is fragile."""
    G = nx.relaxed_caveman_graph(2, 10, 0.1, seed=1)
    curves = resilience(G, seed=1)
    at = curves["removed"].index(0.1)
    assert curves["degree"][at] / curves["random"][at] >= 2 / 3
    assert curves["betweenness"][at] / curves["random"][at] < 2 / 3
    assert curves["verdict"].endswith("fragile to the loss of its central firms")
