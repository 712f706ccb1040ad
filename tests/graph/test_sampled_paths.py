"""Betweenness and closeness estimated from sampled firms, against the exact values."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

import clustermap as cm
from clustermap.graph import centrality
from clustermap.graph.centrality import (
    betweenness,
    closeness,
    firm_centralities,
    sampled_betweenness,
    sampled_closeness,
)
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES


@pytest.fixture(scope="module")
def supply_network() -> nx.DiGraph:
    """1,200 firms with heavy-tailed degrees and clustering (Holme-Kim), ties directed at
    random, 10 % of them both ways, and 20 two-firm components besides the giant one."""
    rng = random.Random(3)
    G = nx.DiGraph()
    for u, v in nx.powerlaw_cluster_graph(1200, 3, 0.3, seed=3).edges():
        draw = rng.random()
        G.add_edges_from([(u, v)] if draw < 0.45 else [(v, u)] if draw < 0.9 else [(u, v), (v, u)])
    G.add_edges_from([(2000 + i, 2100 + i) for i in range(20)])
    return G


def rank_correlation(estimate: dict, exact: dict) -> float:
    keys = list(exact)
    return float(spearmanr([estimate[k] for k in keys], [exact[k] for k in keys]).statistic)


@pytest.mark.parametrize(
    ("estimator", "exact"),
    [(sampled_betweenness, betweenness), (sampled_closeness, closeness)],
    ids=["betweenness", "closeness"],
)
def test_estimates_rank_firms_as_the_exact_measure(
    supply_network: nx.DiGraph, estimator, exact
) -> None:
    truth = exact(supply_network)
    estimate, precision = estimator(supply_network, sources=256, seed=1)
    assert set(estimate) == set(truth)
    achieved = rank_correlation(estimate, truth)
    assert achieved > 0.9  # 0.913 for betweenness, 0.997 for closeness
    # the top firms are found
    top = set(sorted(truth, key=truth.get, reverse=True)[:20])
    found = set(sorted(estimate, key=estimate.get, reverse=True)[:20])
    assert len(top & found) >= 15
    # the recorded precision is cautious: the halves agree less than the whole estimate
    # agrees with the exact values
    assert precision.sources == 256
    assert precision.split_half_correlation is not None
    assert 0.5 < precision.split_half_correlation <= achieved
    assert precision.top_overlap <= len(top & found) / 20
    assert 0 <= precision.top_relative_error < 0.3


def test_closeness_of_unsampled_small_components_is_exact(supply_network: nx.DiGraph) -> None:
    estimate, _ = sampled_closeness(supply_network, sources=16, seed=2)
    truth = closeness(supply_network)
    for firm in range(2000, 2020):
        assert estimate[firm] == pytest.approx(truth[firm])


def test_more_sources_than_firms_is_exact() -> None:
    G = nx.DiGraph([(0, 1), (1, 2), (2, 3)])
    estimate, precision = sampled_betweenness(G, sources=10)
    assert (estimate, precision.method) == (betweenness(G), "exact")
    estimate, precision = sampled_closeness(G, sources=10)
    assert (estimate, precision.method) == (closeness(G), "exact")


def test_threshold_switches_to_estimates_and_records_it(supply_network: nx.DiGraph) -> None:
    found: dict = {}
    measures = firm_centralities(supply_network, exact_limit=1000, sources=128, precision=found)
    assert set(found) == {"betweenness", "closeness"}
    assert found["betweenness"].method.startswith("sampled")
    exact: dict = {}
    firm_centralities(supply_network, exact_limit=5000, precision=exact)
    assert exact == {}
    assert rank_correlation(measures["betweenness"], betweenness(supply_network)) > 0.8


def test_summary_and_report_say_which_measures_are_estimates(tmp_path) -> None:
    options = cm.AnalysisOptions(nulls=0, exact_up_to=50, path_sources=40)
    analysis = cm.analyze(SAMPLE_TIES, SAMPLE_FIRMS, options)
    precision = analysis.summary["precision"]
    assert precision["betweenness"]["method"] == "sampled sources (Brandes-Pich)"
    assert precision["closeness"]["sources"] == 40
    assert 0 <= precision["closeness"]["top_overlap"] <= 1
    assert analysis.summary["parameters"]["exact_up_to"] == 50
    cm.write_results(analysis, tmp_path / "r")
    report = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "betweenness (estimated)" in report
    exact = cm.analyze(SAMPLE_TIES, SAMPLE_FIRMS, cm.AnalysisOptions(nulls=0))
    assert exact.summary["precision"]["betweenness"]["method"] == "exact"


def test_rank_correlation_is_spearmans() -> None:
    """The precision's rank correlation (without importing scipy.stats) is scipy's Spearman
    correlation, equal values included."""
    rng = np.random.default_rng(0)
    checked = 0
    for _ in range(200):
        n = int(rng.integers(3, 300))
        a = rng.integers(0, int(rng.integers(2, 20)), n).astype(float)
        b = rng.integers(0, int(rng.integers(2, 20)), n) + a * rng.random()
        if np.ptp(a) == 0 or np.ptp(b) == 0:
            continue  # no correlation to compute: the precision is not reported then
        ours = centrality.rank_correlation(a, b)
        assert ours == pytest.approx(spearmanr(a, b).statistic, abs=1e-12)
        checked += 1
    assert checked > 150


def test_the_betweenness_estimate_is_on_the_exact_scale(supply_network: nx.DiGraph) -> None:
    """The estimator is unbiased: summed over firms it is close to the exact total (the
    mean of the two halves, not their sum)."""
    truth = sum(betweenness(supply_network).values())
    estimate, _ = sampled_betweenness(supply_network, sources=256, seed=1)
    assert sum(estimate.values()) == pytest.approx(truth, rel=0.15)
