"""Workbook and graph files: readable by their tools, complete, safe, byte-identical."""

from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
import openpyxl
import pytest

from clustermap.api import AnalysisOptions, analyze
from clustermap.export.graphfiles import gexf_bytes, graphml_bytes
from clustermap.export.workbook import workbook_bytes
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES


@pytest.fixture(scope="module")
def sample() -> object:
    return analyze(SAMPLE_TIES, SAMPLE_FIRMS, AnalysisOptions(nulls=0))


def test_graphml_has_every_firm_column_and_tie(sample: object) -> None:
    G = nx.read_graphml(io.BytesIO(graphml_bytes(sample)))
    assert G.number_of_nodes() == 93
    assert G.number_of_edges() == 303
    node = G.nodes["Çağlayan Hassas İşleme Ltd. Şti."]
    assert node["cp_class"] == "core"
    assert node["actor_class"] == "core_firm"
    assert {"betweenness", "tier", "broker_gatekeeper", "sector"} <= set(node)
    isolate = G.nodes["Altıntaş Kompozit Ltd. Şti."]
    assert "community" not in isolate  # missing values are left out, not written as NaN


def test_gexf_has_the_map_picture_and_no_date(sample: object) -> None:
    data = gexf_bytes(sample)
    assert b"lastmodifieddate" not in data
    G = nx.read_gexf(io.BytesIO(data))
    viz = G.nodes["Çağlayan Hassas İşleme Ltd. Şti."]["viz"]
    assert set(viz) >= {"position", "color", "size"}


def test_workbook_opens_with_its_sheets_and_types(sample: object) -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sample)))
    assert book.sheetnames == ["Firms", "Ties", "Communities", "Core-periphery", "Risks"]
    firms = book["Firms"]
    header = [cell.value for cell in firms[1]]
    assert header[:3] == ["firm", "community", "cp_class"]
    assert firms.max_row == 94
    values = [
        row[header.index("betweenness")] for row in firms.iter_rows(min_row=2, values_only=True)
    ]
    assert all(isinstance(value, int | float) for value in values)
    expected = sample.firms["betweenness"].tolist()  # type: ignore[attr-defined]
    assert values == pytest.approx(expected, abs=1e-6)
    assert max(values) > 0
    risks = [row[0] for row in book["Risks"].iter_rows(min_row=2, values_only=True)]
    assert "Dağdelen Metal Form A.Ş." in risks


def test_files_are_byte_identical(sample: object) -> None:
    again = analyze(SAMPLE_TIES, SAMPLE_FIRMS, AnalysisOptions(nulls=0))
    for writer in (workbook_bytes, graphml_bytes, gexf_bytes):
        assert writer(sample) == writer(again), writer.__name__


def test_hostile_names_stay_text(tmp_path: Path) -> None:
    survey = tmp_path / "s.csv"
    survey.write_text(
        'supplier,customer\n"=HYPERLINK(""http://x"",""y"")",<b>B</b>\n', encoding="utf-8"
    )
    result = analyze(survey, options=AnalysisOptions(nulls=0))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))
    cells = [cell for row in book["Firms"].iter_rows(min_row=2) for cell in row[:1]]
    assert {cell.data_type for cell in cells} == {"s"}
    G = nx.read_graphml(io.BytesIO(graphml_bytes(result)))
    assert set(G) == {'=HYPERLINK("http://x","y")', "<b>B</b>"}


def test_static_pictures_are_valid_and_stable(sample: object) -> None:
    from clustermap.export.picture import picture_bytes

    png = picture_bytes(sample, title="OSTİM", kind="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png == picture_bytes(sample, title="OSTİM", kind="png")
    svg = picture_bytes(sample, title="OSTİM", kind="svg").decode("utf-8")
    assert "<dc:date>" not in svg
    assert "Core firm" in svg
    assert "Community 0 (24 firms)" in svg
    assert svg == picture_bytes(sample, title="OSTİM", kind="svg").decode("utf-8")


def test_pictures_of_huge_networks_draw_the_core_and_the_most_connected_firms(
    sample: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clustermap.export import picture

    full = picture.picture_bytes(sample, title="t", kind="svg").decode("utf-8")
    monkeypatch.setattr(picture, "FIRM_LIMIT", 10)
    svg = picture.picture_bytes(sample, title="t", kind="svg").decode("utf-8")
    firms = len(sample.firms)  # type: ignore[attr-defined]
    assert f"10 most connected of {firms} firms drawn" in svg
    assert "most connected" not in full
    assert markers(svg) < markers(full)


def markers(svg: str) -> int:
    """The firms' markers drawn in a picture (matplotlib's scatter groups)."""
    groups = re.findall(r'<g id="PathCollection_\d+">(.*?)</g>', svg, flags=re.S)
    return sum(group.count("<path") + group.count("<use") for group in groups)


def test_report_in_both_languages_escaped_and_scriptless(tmp_path: Path) -> None:
    from clustermap.export.report import report_html

    survey = tmp_path / "<i onclick=x>s.csv"
    survey.write_text(
        "Tedarikçi,Müşteri,Pay\n<script>alert(1)</script>,B,60\nB,C,30\nC,A,20\n", encoding="utf-8"
    )
    result = analyze(survey, options=AnalysisOptions(nulls=0))
    assert result.survey.language == "tr"
    for lang, heading in (("tr", "Merkez firmalar"), ("en", "Core firms")):
        page = report_html(result, title=survey.name, picture=b"png", lang=lang)
        assert heading in page
        assert "<script" not in page  # no script of its own, none from the survey
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;i onclick=x&gt;s.csv" in page
        assert "data:image/png;base64,cG5n" in page


def test_report_names_the_sample_findings(sample: object) -> None:
    from clustermap.export.report import report_html

    page = report_html(sample, title="ostim", picture=b"", lang="en")
    assert "Dağdelen Metal Form A.Ş." in page  # a dependent firm, in the risks table
    assert "Çağlayan Hassas İşleme Ltd. Şti." in page  # a core firm


def test_turkish_report_has_turkish_verdicts() -> None:
    from clustermap.export.report import report_html

    result = analyze(SAMPLE_TIES, SAMPLE_FIRMS, AnalysisOptions(nulls=19))
    page = report_html(result, title="ostim", picture=b"", lang="tr")
    assert "rastgele ağda ortalama" in page
    assert "merkezi firmalarının kaybına karşı" in page
    assert "randomised networks" not in page


def test_large_networks_leave_out_the_files_that_do_not_work_at_their_size(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from clustermap import scale
    from clustermap.export import OUTPUT_FILES, write_results
    from clustermap.export.report import report_html

    # the sample's 93 firms count as large
    monkeypatch.setattr(scale, "SCALE", scale.ScalePolicy(large=50))
    result = analyze(SAMPLE_TIES, SAMPLE_FIRMS, AnalysisOptions(nulls=0, runs=2))
    skipped = result.summary["outputs"]["skipped"]
    assert set(skipped) == {"firm_pages.html", "map.svg", "firms.xlsx", "network.gexf"}
    folder = write_results(result, tmp_path / "results")
    written = sorted(path.name for path in folder.iterdir())
    assert written == sorted(set(OUTPUT_FILES) - set(skipped))
    page = report_html(result, title="t", picture=b"")
    assert "firms.xlsx not written" in page


def test_surveys_get_every_file(sample: object) -> None:
    assert sample.summary["outputs"] == {"skipped": {}}  # type: ignore[attr-defined]


def test_graphml_is_left_out_only_of_huge_networks() -> None:
    from clustermap.record import skipped_outputs
    from clustermap.scale import SCALE

    assert skipped_outputs(SCALE.large) == {}
    assert "network.graphml" not in skipped_outputs(SCALE.huge_files)
    assert set(skipped_outputs(SCALE.huge_files + 1)) == {
        "firm_pages.html",
        "map.svg",
        "firms.xlsx",
        "network.gexf",
        "network.graphml",
    }


def test_above_the_complete_limit_only_near_linear_measures_are_computed(
    tmp_path: Path,
) -> None:
    """Every file is still written, with the left-out measures empty and named, with the
    reason, in summary.json and in the report."""
    import json

    from clustermap.export import write_results
    from clustermap.export.report import report_html
    from clustermap.pipeline import NEAR_LINEAR_SKIPPED, ONE_RUN

    result = analyze(SAMPLE_TIES, SAMPLE_FIRMS, AnalysisOptions(nulls=0, complete_up_to=100))
    # one Louvain run there, so no stability figure
    skipped = result.summary["skipped"]
    assert set(skipped) == {*NEAR_LINEAR_SKIPPED, "community stability"}
    assert skipped.pop("community stability") == ONE_RUN
    assert all("--complete-up-to" in why for why in skipped.values())
    assert result.summary["communities"]["runs"] == 1
    firms = result.firms
    assert firms["community_stability"].isna().all()
    for details in result.summary["communities"]["details"]:  # hubs, not the first names
        members = firms[firms["community"] == details["community"]]
        assert (
            details["top_firms"] == members.nlargest(5, "pagerank", keep="first")["firm"].tolist()
        )
    for column in ("betweenness", "closeness", "constraint", "broker_liaison", "broker_total"):
        assert firms[column].isna().all(), column
    for column in ("pagerank", "core_number", "coreness", "community", "customer_hhi"):
        assert firms[column].notna().any(), column
    assert result.summary["brokerage"]["totals"]["liaison"] is None
    assert result.summary["supply"]["dominators"] == {}
    assert result.summary["supply"]["resilience"]["verdict"].startswith("not computed")
    assert result.summary["core_periphery"]["core_size"] > 0
    assert result.summary["core_periphery"]["other_reading"] is None
    assert result.summary["network"]["transitivity"] is None
    folder = write_results(result, tmp_path / "results")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["skipped"] == result.summary["skipped"]
    assert "betweenness not computed" in report_html(result, title="t", picture=b"")
    assert "hesaplanmadı" in report_html(result, title="t", picture=b"", lang="tr")
    from clustermap.export.text import analysis_text

    assert "top brokers (betweenness): not computed" in analysis_text(result)


def test_surveys_get_every_measure(sample: object) -> None:
    assert sample.summary["skipped"] == {}  # type: ignore[attr-defined]


def test_long_risk_lists_are_cut_in_the_report(
    sample: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clustermap.export import report

    supply = sample.summary["supply"]  # type: ignore[attr-defined]
    dependent, cut = len(supply["dependent_firms"]), len(supply["cut_firms"])
    assert dependent > 2
    assert cut > 2
    monkeypatch.setattr(report, "LISTED", 2)
    page = report.report_html(sample, title="t", picture=b"")  # type: ignore[arg-type]
    assert f"… and {dependent - 2} more (firms.csv, column single_customer_dependent)" in page
    assert f"… and {cut - 2} more (firms.csv, column cut_firm)" in page
    assert (
        supply["dependent_firms"][2] not in page.split("Dependency risks")[1].split("</table>")[0]
    )


def test_picture_labels_never_overlap_and_are_readable_from_the_back(sample: object) -> None:
    """The labels kept on map.png, measured by matplotlib's renderer: no two intersect;
    each is at least 14 pixels high when the 2,667-pixel picture fills a 1920-pixel screen;
    long names end in an ellipsis."""
    from clustermap.export import picture

    figure, labels = picture.draw_picture(sample, title="OSTİM", lang="tr")  # type: ignore[arg-type]
    figure.set_dpi(picture.DPI)
    renderer = figure.canvas.get_renderer()
    boxes = [label.get_window_extent(renderer) for label in labels]
    assert len(labels) >= 8
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    width = figure.get_size_inches()[0] * picture.DPI
    pixels = picture.LABEL_POINTS / 72 * picture.DPI * 1920 / width
    assert pixels >= 14
    assert all(len(label.get_text()) <= 32 for label in labels)


def test_the_picture_drawn_beside_is_the_picture_drawn_here(
    sample: object, monkeypatch: pytest.MonkeyPatch, forking: list[int]
) -> None:
    """The files are the same bytes whether the picture is drawn in a forked child while
    the other files are written, or in this process."""
    from clustermap import forked
    from clustermap.export import render_files

    beside = render_files(sample)  # type: ignore[arg-type]
    assert len(forking) == 1
    monkeypatch.setattr(forked, "_FORBIDDEN", True)
    assert render_files(sample) == beside  # type: ignore[arg-type]


def test_the_picture_leaves_a_notebooks_matplotlib_alone(sample: object) -> None:
    """No pyplot, no backend switched, no setting changed: a notebook's own figures and
    inline backend are as they were after a picture is drawn."""
    import subprocess
    import sys

    code = (
        "import sys, matplotlib\n"
        "from clustermap.api import analyze, AnalysisOptions\n"
        "from clustermap.export.picture import pictures\n"
        # the setting as stored: get_backend() would import pyplot itself
        "raw = lambda: dict.__getitem__(matplotlib.rcParams, 'backend')\n"
        "backend, salt = raw(), matplotlib.rcParams['svg.hashsalt']\n"
        f"result = analyze({str(SAMPLE_TIES)!r}, options=AnalysisOptions(nulls=0))\n"
        "pictures(result, title='t')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "assert raw() == backend, 'backend switched'\n"
        "assert matplotlib.rcParams['svg.hashsalt'] == salt, 'setting changed'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
