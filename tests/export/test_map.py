"""map.html as text: self-contained, escaped, deterministic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clustermap.api import AnalysisOptions, analyze
from clustermap.export.map import map_html
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>window.__pwned=1</script>",
    '"><svg onload=alert(2)>',
    "Işık & Çelik \"quoted\" 'single'",
    "{{7*7}} ${alert(3)}",
    '=HYPERLINK("http://evil.example")',
]


def hostile_survey(tmp_path: Path) -> Path:
    rows = ["supplier,customer"]
    for index, name in enumerate(HOSTILE):
        partner = HOSTILE[(index + 1) % len(HOSTILE)]
        rows.append(",".join('"' + n.replace('"', '""') + '"' for n in (name, partner)))
    path = tmp_path / "<i onmouseover=alert(4)>hostile.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_no_external_resource_is_referenced(tmp_path: Path) -> None:
    page = map_html(analyze(hostile_survey(tmp_path)), title="t")
    markup = re.sub(r"<script>.*?</script>", "", page, flags=re.S)  # library code aside
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", markup)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "@import" not in page
    assert "default-src 'none'" in page


def test_survey_text_never_appears_as_markup(tmp_path: Path) -> None:
    survey = hostile_survey(tmp_path)
    page = map_html(analyze(survey), title=survey.name)
    for needle in ("<img src=x", "<svg onload", "</script><script>window.__pwned", "<i on"):
        assert needle not in page
    assert "&lt;i onmouseover=alert(4)&gt;hostile.csv" in page  # the title, escaped


def test_scripts_are_allowed_by_hash(tmp_path: Path) -> None:
    import base64
    import hashlib
    import html

    page = map_html(analyze(hostile_survey(tmp_path)), title="t")
    policy = html.unescape(re.search(r'Content-Security-Policy" content="([^"]*)"', page)[1])
    for script in re.findall(r"^<script>(.*?)</script>$", page, flags=re.S | re.M):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_same_page_every_time(tmp_path: Path) -> None:
    survey = hostile_survey(tmp_path)
    assert map_html(analyze(survey), title="t") == map_html(analyze(survey), title="t")


def test_the_overview_links_ovals_and_firms_by_their_ties(monkeypatch: pytest.MonkeyPatch) -> None:
    import clustermap.export.map as maps

    monkeypatch.setattr(maps, "OVERVIEW_COMMUNITIES", 3)
    monkeypatch.setattr(maps, "OVERVIEW_FIRMS", 8)
    result = analyze(SAMPLE_TIES, SAMPLE_FIRMS, AnalysisOptions(nulls=0))
    data = maps._overview_data(result, "en")
    ovals = [node for node in data["nodes"] if node["kind"] == "community"]
    assert [node["id"] for node in data["nodes"]] == list(range(3 + 8))
    assert len(ovals) == 3
    assert len(data["categories"]["community"]) == len(data["sizes"]["overview"]) == 11
    # the drawn firms: the 4 core firms of highest coreness first, then the leaders
    table = result.firms.set_index("firm")
    drawn = [pairs[0][1] for pairs in data["firms"][3:]]
    assert len(drawn) == maps.OVERVIEW_FIRMS
    core = table[table["cp_class"] == "core"].sort_values("coreness", ascending=False)
    assert len(core) > maps.OVERVIEW_FIRMS // 2  # so the rule, not the core's size, decides
    assert set(core.index[: maps.OVERVIEW_FIRMS // 2]) <= set(drawn)
    assert table.loc[drawn, "betweenness"].max() == table["betweenness"].max()
    # an oval counts its members; the link between two ovals counts the ties between them
    community = table["community"]
    assert ovals[0]["label"] == "Community 0"
    assert ovals[0]["title"].startswith(f"Community 0: {int((community == 0).sum())} firms")
    shown = set(drawn)
    links = {(edge["from"], edge["to"]): edge for edge in data["edges"]}
    linked = 0
    for a in range(3):
        for b in range(3):
            expected = sum(
                1
                for u, v in result.graph.edges
                if community[u] == a and community[v] == b and u not in shown and v not in shown
            )
            if a == b or not expected:
                assert (a, b) not in links
            else:
                assert links[(a, b)]["title"] == f"{expected} tie{'' if expected == 1 else 's'}"
                linked += 1
    assert linked  # the sample has ties between undrawn firms of two ovals
    assert all(source != target for source, target in links)
    assert data["relations"] == [[] for _ in data["edges"]]
