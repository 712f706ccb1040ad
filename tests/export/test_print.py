"""report.html and compare.html printed by Chromium: every page A4, nothing wider.

Survey text is untrusted and sometimes long: a firm name of 500 letters without a space
(the longest the intake accepts) must wrap, not widen the page.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from clustermap.api import AnalysisOptions, analyze
from clustermap.export import write_results

pytestmark = pytest.mark.browser

A4_POINTS = (595.3, 841.9)
LONG = "Uzun" + "x" * 496  # 500 letters, no space


@pytest.fixture(scope="module")
def long_names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("print")
    survey = folder / ("survey_" + "y" * 120 + ".csv")
    rows = [f"{LONG},Alıcı A.Ş.,60", f"{LONG},Başka Alıcı,40", "Alıcı A.Ş.,Son Müşteri,100"]
    survey.write_text("supplier,customer,weight\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return write_results(analyze(survey, options=AnalysisOptions(nulls=0)), folder / "out")


@pytest.mark.parametrize("width", [1920, 794])  # a screen, and A4 at 96 dpi
def test_a_long_name_wraps_instead_of_widening_the_page(
    browser: Any, long_names: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto((long_names / "report.html").as_uri())
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{media}: the page is {wide} px wide at {width}"
    page.close()


def test_every_printed_page_is_a4(browser: Any, long_names: Path) -> None:
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto((long_names / "report.html").as_uri())
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    assert len(pdf.pages) >= 1
    for number, printed in enumerate(pdf.pages, start=1):
        size = (float(printed.mediabox.width), float(printed.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=1.0), f"page {number} is {size} pt"
