"""map.html as text: self-contained, escaped, deterministic."""

from __future__ import annotations

import re
from pathlib import Path

from clustermap.api import analyze
from clustermap.export.map import map_html

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
