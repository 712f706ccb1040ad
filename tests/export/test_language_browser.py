"""The pages in the room's language, as Chromium shows them.

The visible text of a Turkish page holds no English sentence word and writes its decimals
with a comma; an English page holds none of the Turkish interface texts. Survey text (firm
names, sectors, file names) is the survey's own, in either.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from clustermap.cli import app
from clustermap.export import comparison, firm_pages, map_text, report, words
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES

pytestmark = pytest.mark.browser

#: Words of English sentences that no Turkish page text may hold (not "size": Turkish too).
ENGLISH = {
    "the", "and", "of", "with", "from", "in", "to", "is", "are", "by", "for", "on", "or",
    "firm", "firms", "tie", "ties", "community", "communities", "core", "periphery",
    "supplier", "suppliers", "customer", "customers", "density", "weight", "shown", "show",
    "legend", "click", "selected", "colour", "made", "all", "none", "physics",
    "reset", "layout", "overview", "warning", "message", "line", "column", "changed",
    "added", "lost", "baseline", "change", "figure", "key", "figures", "share", "sales",
}  # fmt: skip


def interface_texts(lang: str) -> set[str]:
    """The interface texts of every page in ``lang`` (long enough not to occur by chance)."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            plain = value.split("{")[0].strip(" :(")
            if len(plain) >= 8 and (" " in plain or not plain.isascii()):  # not a name
                found.add(plain)

    for catalogue in (words.TERMS, report._TEXT, map_text.TEXT, comparison._TEXT, firm_pages._TEXT):
        walk(catalogue[lang])
    return found


def sentence_words(text: str) -> list[str]:
    """The words of the text, file names and column names (``top_customer_share``) left out."""
    text = re.sub(r"\S+\.(?:csv|json|html|xlsx|png)\b", " ", text)
    text = re.sub(r"\b[a-z]+(?:-[a-z]+)+\b", " ", text)  # codes: firms-mismatch
    return [word for word in re.findall(r"\w+", text) if "_" not in word and word.isalpha()]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from typer.testing import CliRunner

    root = tmp_path_factory.mktemp("languages")
    lines = SAMPLE_TIES.read_text(encoding="utf-8").splitlines(keepends=True)
    followup = root / "followup.csv"
    followup.write_text("".join([lines[0], *lines[30:]]), encoding="utf-8")
    runner = CliRunner()
    made = {}
    for lang in ("tr", "en"):
        out = root / f"sample-{lang}"
        common = ["--nulls", "19", "--lang", lang, "-q"]
        result = runner.invoke(
            app,
            ["analyze", str(SAMPLE_TIES), "--firms", str(SAMPLE_FIRMS), "-o", str(out), *common],
        )
        assert result.exit_code == 0, result.output
        compared = root / f"compare-{lang}"
        result = runner.invoke(
            app, ["compare", str(SAMPLE_TIES), str(followup), "-o", str(compared), *common]
        )
        assert result.exit_code == 0, result.output
        made[lang] = out
        made[f"compare-{lang}"] = compared
    return made


def visible_text(browser: Any, page_file: Path, *, select_firm: str | None = None) -> str:
    """What a person reads on the page at 1920 × 1080 (with a firm selected on the map)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("file://") else route.abort()
        ),
    )
    page = context.new_page()
    page.goto(page_file.as_uri())
    if page_file.name == "map.html":
        page.wait_for_selector("body[data-ready=true]", timeout=15_000)
        if select_firm:
            page.fill("#search", select_firm)
            page.wait_for_selector("#details table")
    text = page.evaluate(
        "document.body.innerText + ' ' + Array.from(document.querySelectorAll('option, [title],"
        " input[placeholder], [aria-label]')).map(e => [e.textContent, e.title,"
        " e.placeholder, e.getAttribute('aria-label')].join(' ')).join(' ')"
    )
    context.close()
    return str(text)


PAGES = [
    ("report.html", None),
    ("map.html", "Çağlayan Hassas"),
    ("compare.html", None),
    ("firm_pages.html", None),
]


@pytest.mark.parametrize(("name", "firm"), PAGES)
def test_turkish_pages_hold_no_english_sentence_words(
    browser: Any, folders: dict[str, Path], name: str, firm: str | None
) -> None:
    folder = folders["compare-tr" if name == "compare.html" else "tr"]
    text = visible_text(browser, folder / name, select_firm=firm)
    found = {word for word in sentence_words(text) if word.lower() in ENGLISH}
    assert found == set(), f"English in the Turkish {name}: {sorted(found)}"
    assert re.search(r"\b0,\d{3}\b", text), f"no decimal comma in the Turkish {name}"
    numbers = re.sub(r"\b[a-z][\w-]* \d+(?:\.\d+)+", " ", text)  # versions: pyvis 0.3.2
    assert not re.search(r"\b0\.\d{2,}\b", numbers), f"a decimal point in the Turkish {name}"


@pytest.mark.parametrize(("name", "firm"), PAGES)
def test_english_pages_hold_no_turkish_interface_text(
    browser: Any, folders: dict[str, Path], name: str, firm: str | None
) -> None:
    folder = folders["compare-en" if name == "compare.html" else "en"]
    text = visible_text(browser, folder / name, select_firm=firm)
    turkish = interface_texts("tr") - interface_texts("en")
    found = sorted(phrase for phrase in turkish if phrase in text)
    assert found == [], f"Turkish interface text in the English {name}: {found}"
    assert re.search(r"\b0\.\d{3}\b", text)
