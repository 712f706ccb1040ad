"""The pipeline as a notebook user calls it: invariants of every measure on real-sized data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import clustermap as cm
from clustermap.api import FIRM_COLUMNS
from clustermap.graph.centrality import core_number
from clustermap.survey import Survey
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES


@pytest.fixture(scope="module")
def analysis() -> cm.Analysis:
    return cm.analyze(SAMPLE_TIES, SAMPLE_FIRMS)


def test_firm_table_columns_and_order(analysis: cm.Analysis) -> None:
    columns = list(analysis.firms.columns)
    assert tuple(columns[: len(FIRM_COLUMNS)]) == FIRM_COLUMNS
    assert {"sector", "actor_class", "region", "employees", "founded", "surveyed"} <= set(columns)
    assert analysis.firms["firm"].tolist() == list(analysis.graph.nodes)


def test_measure_invariants(analysis: cm.Analysis) -> None:
    firms, G = analysis.firms, analysis.graph
    n = G.number_of_nodes()
    assert firms["in_degree"].sum() == firms["out_degree"].sum() == G.number_of_edges()
    assert firms["in_strength"].sum() == pytest.approx(firms["out_strength"].sum())
    assert firms["pagerank"].sum() == pytest.approx(1.0)
    assert (firms["eigenvector"] ** 2).sum() == pytest.approx(1.0)
    for column in ("betweenness", "closeness", "pagerank", "eigenvector"):
        assert firms[column].between(0, 1).all(), column
    assert (firms["coreness"] >= 0).all()
    communities = firms["community"].dropna()
    assert sorted(communities.unique()) == list(range(analysis.communities.count))
    assert sum(analysis.communities.sizes) + analysis.communities.isolates == n
    core = firms[firms["cp_class"] == "core"]
    assert len(core) == analysis.summary["core_periphery"]["core_size"]
    # core firms have higher continuous coreness than the periphery on average
    assert core["coreness"].mean() > firms[firms["cp_class"] == "periphery"]["coreness"].mean()
    isolates = firms[(firms["in_degree"] == 0) & (firms["out_degree"] == 0)]
    assert isolates["constraint"].isna().all()
    assert isolates["community"].isna().all()
    assert (isolates["closeness"] == 0).all()


def test_isolates_from_the_firms_file_count(analysis: cm.Analysis) -> None:
    assert analysis.summary["network"]["isolates"] == nx.number_of_isolates(analysis.graph) == 3
    assert analysis.summary["network"]["firms"] == 93


def test_options_are_recorded_and_change_results() -> None:
    survey = cm.read_survey(SAMPLE_TIES, SAMPLE_FIRMS)
    finer = cm.analyze(survey, options=cm.AnalysisOptions(resolution=2.0, seed=3))
    assert finer.summary["parameters"]["resolution"] == 2.0
    assert finer.summary["parameters"]["seed"] == 3
    assert finer.communities.count > cm.analyze(survey).communities.count


def test_same_survey_object_gives_the_same_analysis() -> None:
    survey = cm.read_survey(SAMPLE_TIES, SAMPLE_FIRMS)
    assert isinstance(survey, Survey)
    first, second = cm.analyze(survey), cm.analyze(survey)
    assert first.summary == second.summary
    assert first.firms.equals(second.firms)
    assert first.positions == second.positions


def test_bad_options_are_usage_errors() -> None:
    with pytest.raises(cm.ClustermapError, match=r"^resolution: must be greater than 0"):
        cm.AnalysisOptions(resolution=-1)
    with pytest.raises(cm.ClustermapError, match="from 0 to 1"):
        cm.AnalysisOptions(cp_offdiagonal="2")


def test_karate_core_number_facts() -> None:
    # docs/methods.md, Centrality (k-core): max core number 4, held by these 10 members
    numbers = core_number(nx.karate_club_graph())
    assert {node for node, k in numbers.items() if k == 4} == {0, 1, 2, 3, 7, 8, 13, 30, 32, 33}


def test_public_api_is_importable_lazily() -> None:
    """Each public name is the object its module defines, loaded on first use."""
    import importlib

    lazy = cm._LAZY
    assert set(cm.__all__) == {*lazy, "__version__"}
    for name in lazy:
        assert getattr(cm, name) is getattr(importlib.import_module(lazy[name]), name), name
    karate = nx.Graph(nx.karate_club_graph().edges())
    modularity = cm.louvain_communities(karate, weight=None).modularity
    assert modularity == pytest.approx(0.4198, abs=0.01)  # the known optimum, 0.41979


PLANTED_DEPENDENT = [
    "Boztepe Kablo Demeti San. ve Tic. Ltd. Şti.",
    "Ceylan Kompozit ve Polimer Ltd. Şti.",
    "Dağdelen Metal Form A.Ş.",
    "Ergüven Kaynak ve Sac İşleme Ltd. Şti.",
    "Eroğlu Gömülü Yazılım Ltd. Şti.",
    "Harmancı Fiber Kompozit Yapılar San. ve Tic. Ltd. Şti.",
    "Hatipoğlu Motor ve Tahrik San. ve Tic. Ltd. Şti.",
    "Ilıca Metal Form San. ve Tic. Ltd. Şti.",
    "Karaca Yazılım ve Bilişim A.Ş.",
    "Polat Kablaj Ltd. Şti.",
]


def test_sample_planted_structure_is_found(analysis: cm.Analysis) -> None:
    """data/samples/README.md says what a correct analysis finds; check it does."""
    supply = analysis.summary["supply"]
    assert supply["weight_basis"] == "percent"
    assert supply["dependent_firms"] == PLANTED_DEPENDENT  # at the default 50 %
    assert analysis.summary["communities"]["count"] == 5  # the five sector chains
    assert analysis.summary["network"]["isolates"] == 3
    firms = analysis.firms.set_index("firm")
    primes = firms[firms["actor_class"] == "prime_contractor"]
    external = firms[firms["actor_class"] == "external_partner"]
    assert (primes["out_degree"] == 0).all()
    assert primes["tier"].min() > firms.loc[firms["actor_class"] == "core_firm", "tier"].mean()
    assert external["tier"].max() < firms.loc[firms["actor_class"] == "core_firm", "tier"].min()
    for test in ("communities", "core_periphery"):
        significance = analysis.summary[test]["significance"]
        assert significance["nulls"] == 20
        assert significance["p_value"] <= 0.05


def test_brokerage_groups_default_to_actor_class(analysis: cm.Analysis) -> None:
    brokerage = analysis.summary["brokerage"]
    assert brokerage["groups"] == "actor_class"
    assert sum(brokerage["totals"].values()) == analysis.firms["broker_total"].sum() > 0


def test_every_stage_is_timed_when_asked(small_survey: Path, tmp_path: Path) -> None:
    from clustermap.export import write_results
    from clustermap.timing import recording

    events: list[tuple[str, str]] = []
    with recording(lambda event, name, _: events.append((event, name))) as stages:
        write_results(cm.analyze(small_survey, options=cm.AnalysisOptions(nulls=2)), tmp_path / "r")
    names = [stage.name for stage in stages]
    for expected in (
        "read and check the survey",
        "build the graph",
        "betweenness",
        "closeness",
        "communities",
        "core/periphery (discrete)",
        "significance (randomised networks)",
        "layout",
        "map.html",
        "firms.xlsx",
        "map.png and map.svg",
    ):
        assert expected in names
    assert len(events) == 2 * len(stages)
    assert events[0] == ("start", "read and check the survey")
    assert all(stage.seconds >= 0 and stage.peak_mb >= stage.memory_mb > 0 for stage in stages)


def test_large_networks_get_fewer_runs_and_no_tests_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clustermap import scale

    # the sample's 93 firms count as large
    monkeypatch.setattr(scale, "SCALE", scale.ScalePolicy(large=50))
    summary = cm.analyze(SAMPLE_TIES, SAMPLE_FIRMS).summary
    assert (summary["parameters"]["runs"], summary["parameters"]["nulls"]) == (5, 0)
    assert summary["communities"]["runs"] == 5
    for section in ("communities", "core_periphery"):
        verdict = summary[section]["significance"]["verdict"]
        assert verdict.startswith("not tested: more than 50 firms")
    asked = cm.analyze(SAMPLE_TIES, SAMPLE_FIRMS, cm.AnalysisOptions(nulls=3, runs=2)).summary
    assert (asked["parameters"]["runs"], asked["communities"]["significance"]["nulls"]) == (2, 3)
    off = cm.analyze(SAMPLE_TIES, options=cm.AnalysisOptions(nulls=0)).summary
    assert off["communities"]["significance"]["verdict"] == "not tested (--nulls 0)"


def test_a_single_layer_has_the_figures_of_its_own_ties(write: Callable[..., Path]) -> None:
    """One relation layer: its figures are the network's without the firms that have no ties
    (the firms file adds two), as if computed from the layer's ties alone."""
    from clustermap.graph.build import build_graph
    from clustermap.graph.figures import network_figures

    ties = write("ties.csv", "supplier,customer\nA,B\nB,C\nC,A\nC,D\nD,E\nE,D\nF,G\n")
    firms = write("firms.csv", "firm,sector\nA,x\nH,y\nI,y\n")
    result = cm.analyze(ties, firms, cm.AnalysisOptions(nulls=0))
    (layer,) = result.summary["relations"].values()
    assert layer == network_figures(build_graph(result.survey.ties))
    assert result.summary["network"]["isolates"] == 2
    assert layer["isolates"] == 0


def test_parameters_record_the_values_used_and_which_were_guessed(small_survey: Path) -> None:
    """Options not given are recorded with the value used and why; given ones are not
    called guessed."""
    guessed = cm.analyze(small_survey, options=cm.AnalysisOptions(nulls=0)).summary["parameters"]
    assert (guessed["lang"], guessed["weights"], guessed["groups"]) == (
        "en",
        "percent",
        "community",
    )
    assert set(guessed["guessed"]) == {
        "lang",
        "weights",
        "groups",
        "layout",
        "encoding",
        "runs",
        "path_sources",
        "engine",
    }
    given = cm.AnalysisOptions(nulls=0, lang="tr", weights="percent", groups="community", runs=3)
    recorded = cm.analyze(small_survey, options=given).summary["parameters"]
    assert (recorded["lang"], recorded["weights"], recorded["groups"]) == (
        "tr",
        "percent",
        "community",
    )
    assert not {"lang", "weights", "groups", "runs", "nulls"} & set(recorded["guessed"])
