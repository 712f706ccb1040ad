"""Gould-Fernandez brokerage: a worked example with every role, and a brute-force check."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import pytest

from clustermap.graph.brokerage import ROLES, gould_fernandez

# Every role once. Groups X = {x1, x2, x3}, Y = {y1, y2}, Z = {z1}; the open two-paths:
#   x1 -> x2 -> x3   coordinator    (x1 -> x3 absent; all in X)
#   y1 -> x2 -> x3   gatekeeper     (Y brought into X by x2)
#   x2 -> x3 -> y2   representative (x3 carries X's output to Y)
#   y1 -> z1 -> y2   consultant     (z1 from Z serves Y)
#   x1 -> z1 -> y2   liaison        (X, Z, Y all different)
WORKED_TIES = [
    ("x1", "x2"),
    ("x2", "x3"),
    ("y1", "x2"),
    ("x3", "y2"),
    ("y1", "z1"),
    ("z1", "y2"),
    ("x1", "z1"),
]
GROUPS = {"x1": "X", "x2": "X", "x3": "X", "y1": "Y", "y2": "Y", "z1": "Z"}


def brute_force(G: nx.DiGraph, groups: dict) -> dict[str, dict]:
    """Independent count: every ordered triple, straight from the definition."""
    counts = {role: dict.fromkeys(G, 0) for role in ROLES}
    for a, b, c in itertools.permutations(G, 3):
        if G.has_edge(a, b) and G.has_edge(b, c) and not G.has_edge(a, c):
            ga, gb, gc = groups[a], groups[b], groups[c]
            if ga == gb == gc:
                role = "coordinator"
            elif gb == gc:
                role = "gatekeeper"
            elif ga == gb:
                role = "representative"
            elif ga == gc:
                role = "consultant"
            else:
                role = "liaison"
            counts[role][b] += 1
    return counts


def test_worked_example_with_every_role() -> None:
    G = nx.DiGraph(WORKED_TIES)
    result = gould_fernandez(G, GROUPS)
    found = {role: {f: n for f, n in counts.items() if n} for role, counts in result.raw.items()}
    assert found == {
        "coordinator": {"x2": 1},
        "gatekeeper": {"x2": 1},
        "representative": {"x3": 1},
        "consultant": {"z1": 1},
        "liaison": {"z1": 1},
    }


@pytest.mark.parametrize("seed", range(8))
def test_matches_brute_force_on_random_networks(seed: int) -> None:
    G = nx.gnp_random_graph(14, 0.25, seed=seed, directed=True)
    rng = random.Random(seed)
    groups = {node: rng.choice("ABC") for node in G}
    result = gould_fernandez(G, groups)
    assert result.raw == brute_force(G, groups)


def test_expectations_add_up_to_the_open_two_paths() -> None:
    G = nx.gnp_random_graph(20, 0.2, seed=3, directed=True)
    groups = {node: node % 3 for node in G}
    result = gould_fernandez(G, groups)
    for node in G:
        total_raw = sum(result.raw[role][node] for role in ROLES)
        total_expected = sum(result.expected[role][node] for role in ROLES)
        assert total_expected == pytest.approx(total_raw)


def test_expected_values_by_hand() -> None:
    # b in group X of size 3 among N = 6 firms (X: 3, Y: 2, Z: 1); one open path a -> b -> c
    G = nx.DiGraph([("y1", "x1"), ("x1", "z1")])
    G.add_nodes_from(["x2", "x3", "y2"])
    groups = {"x1": "X", "x2": "X", "x3": "X", "y1": "Y", "y2": "Y", "z1": "Z"}
    expected = {role: values["x1"] for role, values in gould_fernandez(G, groups).expected.items()}
    pairs = 5 * 4  # ordered pairs of the other five firms
    assert expected == pytest.approx(
        {
            "coordinator": 2 * 1 / pairs,  # both others from X
            "gatekeeper": 3 * 2 / pairs,  # a outside X, c in X
            "representative": 2 * 3 / pairs,
            "consultant": 2 * 1 / pairs,  # a and c both in Y
            "liaison": (3 * 2 - 2) / pairs,  # a and c outside X, in different groups
        }
    )
    assert gould_fernandez(G, groups).raw["liaison"]["x1"] == 1


def test_firms_without_paths_have_no_z_score() -> None:
    result = gould_fernandez(nx.DiGraph([("a", "b")]), {"a": 1, "b": 2})
    assert all(math.isnan(result.z[role]["a"]) for role in ROLES)


def test_missing_groups_form_one_group() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    result = gould_fernandez(G, {"a": "X"})
    assert result.groups == {"a": "X", "b": "(none)", "c": "(none)"}
    assert result.raw["gatekeeper"]["b"] == 1


def test_counted_roles_match_enumerated_two_paths() -> None:
    """The sparse counts against a plain enumeration of every two-path, on random networks
    with reciprocal ties and firms without a group."""

    def enumerated(G: nx.DiGraph, groups: dict) -> dict[str, dict]:
        label = {node: str(groups.get(node, "(none)")) for node in G}
        counts = {role: dict.fromkeys(G, 0) for role in ROLES}
        for b in G:
            for a in G.predecessors(b):
                for c in G.successors(b):
                    if len({a, b, c}) < 3 or G.has_edge(a, c):
                        continue
                    ga, gb, gc = label[a], label[b], label[c]
                    role = (
                        "coordinator"
                        if ga == gb == gc
                        else "gatekeeper"
                        if gb == gc
                        else "representative"
                        if ga == gb
                        else "consultant"
                        if ga == gc
                        else "liaison"
                    )
                    counts[role][b] += 1
        return counts

    for seed in range(60):
        rng = random.Random(seed)
        G = nx.gnp_random_graph(
            rng.randint(3, 30), rng.uniform(0.05, 0.4), seed=seed, directed=True
        )
        G.add_edge(0, 0)  # a self-tie brokers nothing
        groups = {node: rng.choice("xyz") for node in G if rng.random() < 0.9}
        assert gould_fernandez(G, groups).raw == enumerated(G, groups), seed


def test_role_z_scores_are_binomial() -> None:
    """Each firm's open two-paths are trials and the role's chance its success rate:
    z = (count - expected) / sqrt(expected * (1 - p)), with p = expected / paths."""
    import numpy as np
    from scipy.sparse import csr_array

    from clustermap.graph.brokerage import brokerage_arrays

    G = nx.gnp_random_graph(40, 0.12, seed=3, directed=True)
    A = csr_array(nx.to_scipy_sparse_array(G, nodelist=sorted(G), weight=None))
    group = np.arange(40) % 3
    counts, expected, z = brokerage_arrays(A, group)
    paths = np.sum([counts[role] for role in ROLES], axis=0).astype(float)
    checked = 0
    for role in ROLES:
        for firm in np.flatnonzero(paths > 0):
            p = expected[role][firm] / paths[firm]
            if 0 < p < 1:
                spread = math.sqrt(paths[firm] * p * (1 - p))
                assert z[role][firm] == pytest.approx(
                    (counts[role][firm] - expected[role][firm]) / spread
                )
                checked += 1
    assert checked > 50
