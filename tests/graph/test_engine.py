"""The fast engine (networkit) against the networkx path, on networks both can handle."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

import clustermap as cm
from clustermap.errors import UsageError
from clustermap.graph import engine
from clustermap.graph.centrality import betweenness, firm_centralities
from clustermap.graph.community import louvain_communities, normalized_mutual_information
from clustermap.scale import SCALE
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES

pytest.importorskip("networkit", reason="the fast extra is part of the test set-up")


@pytest.fixture(scope="module")
def supply_network() -> nx.DiGraph:
    """800 weighted firms with heavy-tailed degrees, ties one way or both, firms without
    customers (PageRank sinks), a few isolates and small components."""
    rng = random.Random(5)
    G = nx.DiGraph()
    for u, v in nx.powerlaw_cluster_graph(800, 3, 0.3, seed=5).edges():
        draw = rng.random()
        pairs = [(u, v)] if draw < 0.45 else [(v, u)] if draw < 0.9 else [(u, v), (v, u)]
        G.add_weighted_edges_from((a, b, rng.choice([0.1, 0.25, 0.5, 1.0])) for a, b in pairs)
    G.add_edges_from([(900 + i, 950 + i) for i in range(10)], weight=1.0)
    G.add_nodes_from(range(990, 995))
    return G


def test_exact_measures_equal_networkx(supply_network: nx.DiGraph) -> None:
    reference = firm_centralities(supply_network)
    fast = firm_centralities(supply_network, engine="networkit")
    assert list(fast) == list(reference)
    for name in reference:
        assert list(fast[name]) == list(reference[name]), name
    for name, tolerance in (("betweenness", 1e-12), ("pagerank", 1e-9)):  # scores ~1e-3
        gap = max(abs(fast[name][n] - reference[name][n]) for n in supply_network)
        assert gap < tolerance, (name, gap)
    assert fast["core_number"] == reference["core_number"]
    # the measures the engine does not compute are the same functions
    for name in ("in_degree", "out_strength", "closeness", "eigenvector"):
        assert fast[name] == reference[name]


def test_sampled_betweenness_ranks_firms_as_exact(supply_network: nx.DiGraph) -> None:
    truth = betweenness(supply_network)
    precision: dict = {}
    fast = firm_centralities(
        supply_network, engine="networkit", exact_limit=100, sources=256, precision=precision
    )
    keys = list(truth)
    correlation = spearmanr([fast["betweenness"][k] for k in keys], [truth[k] for k in keys])
    assert correlation.statistic > 0.9
    top = set(sorted(truth, key=truth.get, reverse=True)[:20])
    found = set(sorted(keys, key=fast["betweenness"].get, reverse=True)[:20])
    assert len(top & found) >= 15
    # unbiased: the total is close to the exact total
    assert sum(fast["betweenness"].values()) == pytest.approx(sum(truth.values()), rel=0.1)
    recorded = precision["betweenness"]
    assert recorded.method.startswith("sampled sources (Geisberger-Sanders-Schultes")
    assert recorded.sources == 256
    assert recorded.split_half_correlation is not None
    # seeded: the same numbers again
    again = firm_centralities(supply_network, engine="networkit", exact_limit=100, sources=256)
    assert again["betweenness"] == fast["betweenness"]


def planted(groups: int, size: int, seed: int) -> tuple[nx.Graph, dict[int, int]]:
    G = nx.planted_partition_graph(groups, size, 0.3, 0.01, seed=seed)
    return G, {node: node // size for node in G}


def test_plm_finds_the_communities_python_louvain_finds() -> None:
    G, truth = planted(8, 40, seed=2)
    reference = louvain_communities(G, weight=None, runs=5)
    fast = louvain_communities(G, weight=None, runs=5, engine="networkit")
    assert fast.method == "networkit-plm"
    assert fast.modularity is not None
    assert reference.modularity is not None
    assert fast.modularity == pytest.approx(reference.modularity, abs=0.02)
    nodes = sorted(G)
    labels = np.array([fast.membership[n] for n in nodes])
    assert normalized_mutual_information(labels, np.array([truth[n] for n in nodes])) > 0.9
    # communities numbered as on the networkx path: 0 the largest
    assert fast.sizes == sorted(fast.sizes, reverse=True)
    assert set(fast.stability) == set(G)
    assert fast == louvain_communities(G, weight=None, runs=5, engine="networkit")


def test_the_runs_differ_with_the_seed() -> None:
    """Seeded runs explore different orders, so stability and agreement mean something."""
    G = nx.les_miserables_graph()
    one = louvain_communities(G, runs=1, seed=1, engine="networkit")
    seeds = {
        tuple(sorted(louvain_communities(G, runs=1, seed=s, engine="networkit").sizes))
        for s in range(1, 9)
    }
    assert one.modularity is not None
    assert one.modularity > 0.5
    assert len(seeds) > 1


@pytest.mark.parametrize(
    "G",
    [nx.DiGraph(), nx.DiGraph([("A", "A")]), nx.empty_graph(["A"], create_using=nx.DiGraph)],
    ids=["empty", "self-tie", "one firm"],
)
def test_edge_cases_as_networkx(G: nx.DiGraph) -> None:
    assert firm_centralities(G, engine="networkit") == firm_centralities(G)
    assert (
        louvain_communities(G, engine="networkit").membership == louvain_communities(G).membership
    )


def test_auto_keeps_networkx_for_surveys() -> None:
    result = cm.analyze(SAMPLE_TIES, SAMPLE_FIRMS)
    assert result.summary["parameters"]["engine"] == "networkx"
    assert "networkit" not in result.summary["versions"]
    assert engine.resolve("auto", SCALE.large + 1) == "networkit"


def test_the_sample_with_the_fast_engine() -> None:
    options = cm.AnalysisOptions(engine="networkit", nulls=0)
    result = cm.analyze(SAMPLE_TIES, SAMPLE_FIRMS, options)
    reference = cm.analyze(SAMPLE_TIES, SAMPLE_FIRMS, cm.AnalysisOptions(nulls=0))
    assert result.summary["parameters"]["engine"] == "networkit"
    assert result.summary["communities"]["method"] == "networkit-plm"
    assert "networkit" in result.summary["versions"]
    for name in ("betweenness", "pagerank", "core_number"):
        assert np.allclose(result.firms[name], reference.firms[name], atol=1e-10), name
    assert abs(result.communities.modularity - reference.communities.modularity) < 0.03
    # the search ran on its own thread, beside the other measures: the same partition as
    # run alone, whatever the other thread was doing
    alone = louvain_communities(result.graph, runs=result.options.runs, engine="networkit")
    assert result.communities.membership == alone.membership
    again = cm.analyze(SAMPLE_TIES, SAMPLE_FIRMS, options)
    assert again.firms.equals(result.firms)


def test_a_failure_on_the_background_thread_reaches_the_caller() -> None:
    from clustermap.pipeline import _Background

    def fail() -> None:
        raise MemoryError("no room")

    assert _Background(lambda: 42).result() == 42
    with pytest.raises(MemoryError, match="no room"):
        _Background(fail).result()


def test_a_missing_engine_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "available", lambda: False)
    with pytest.raises(UsageError, match=r"clustermap\[fast\]"):
        cm.AnalysisOptions(engine="networkit")
    assert engine.resolve("auto", 10**6) == "networkx"
    with pytest.raises(UsageError, match="engine: must be one of"):
        cm.AnalysisOptions(engine="igraph")


def test_rustworkx_dominators_are_clustermaps() -> None:
    """The dominator tree of a network is unique: rustworkx's gives the same counts as
    clustermap's own search, on random supply networks with cycles and unreachable firms."""
    pytest.importorskip("rustworkx", reason="the fast extra is part of the test set-up")
    from scipy.sparse import csr_array

    from clustermap.graph.supply import upstream_control

    for seed in range(15):
        G = nx.gnm_random_graph(60 + 10 * seed, 150 + 40 * seed, seed=seed, directed=True)
        A = csr_array(nx.to_scipy_sparse_array(G, nodelist=sorted(G), weight=None))
        T = A.T.tocsr()
        roots = [0, 7, len(G) - 1]
        theirs = engine.upstream_controls(T, roots)
        assert theirs is not None
        customers = (A.indptr.tolist(), A.indices.tolist())
        suppliers = (T.indptr.tolist(), T.indices.tolist())
        for root, found in zip(roots, theirs, strict=True):
            assert found == upstream_control(suppliers, customers, root), (seed, root)


def test_betweenness_beside_the_other_measures_is_betweenness_alone(
    supply_network: nx.DiGraph, tmp_path: Path
) -> None:
    """With the fast engine, sampled betweenness and Louvain run on a thread beside the other
    measures: the same values as computed alone, and listed where they always are."""
    from clustermap.graph.centrality import path_measure

    survey = tmp_path / "ties.csv"
    survey.write_text(
        "supplier,customer,weight\n"
        + "".join(f"F{u:03d},F{v:03d},{w}\n" for u, v, w in supply_network.edges(data="weight")),
        encoding="utf-8",
    )
    options = cm.AnalysisOptions(engine="networkit", nulls=0, exact_up_to=100, path_sources=64)
    result = cm.analyze(survey, options=options)
    alone, precision = path_measure(
        result.network, "betweenness", exact_limit=100, sources=64, engine="networkit"
    )
    assert result.firms.set_index("firm")["betweenness"].to_dict() == pytest.approx(alone)
    assert list(result.summary["precision"]) == ["betweenness", "closeness"]
    assert precision is not None
    recorded = result.summary["precision"]["betweenness"]
    assert recorded["split_half_correlation"] == pytest.approx(precision.split_half_correlation)
