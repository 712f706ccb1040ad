"""firm_pages.html as a firm owner gets it: one printed A4 page per surveyed firm."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from clustermap.api import AnalysisOptions, analyze
from clustermap.export import write_results
from clustermap.export.firm_pages import surveyed_firms
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    analysis = analyze(SAMPLE_TIES, SAMPLE_FIRMS, AnalysisOptions(nulls=0, lang="tr"))
    out = write_results(analysis, tmp_path_factory.mktemp("pages") / "results")
    return analysis, out / "firm_pages.html"


def test_one_page_per_surveyed_firm_with_its_figures(
    browser: Any, sample: tuple[Any, Path]
) -> None:
    analysis, pages = sample
    surveyed = surveyed_firms(analysis)
    assert len(surveyed) == analysis.summary["survey"]["respondents"] == 77
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(pages.as_uri())
    names = page.evaluate(
        "Array.from(document.querySelectorAll('section.firm h1'), h => h.textContent)"
    )
    assert names == surveyed
    firm = "Başaran Makine Parçaları San. ve Tic. A.Ş."
    row = analysis.firms.set_index("firm").loc[firm]
    text = page.evaluate(
        "name => Array.from(document.querySelectorAll('section.firm'))"
        ".find(s => s.querySelector('h1').textContent === name).innerText",
        firm,
    )
    page.close()
    assert f"Tedarikçiler: kümeden kaç firma size tedarik ediyor\t{int(row['in_degree'])}" in text
    suppliers = analysis.ties[analysis.ties["customer"] == firm]["supplier"].nunique()
    assert suppliers == 16
    assert "… ve 6 firma daha" in text  # 10 listed by name, 6 counted
    assert "Kümenin merkezinde" in text  # a core firm
    assert "En büyük müşteriniz Bozkır Kara Araçları San. A.Ş." in text


def test_every_firm_prints_on_one_a4_page(browser: Any, sample: tuple[Any, Path]) -> None:
    from pypdf import PdfReader

    analysis, pages = sample
    page = browser.new_page()
    page.goto(pages.as_uri())
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    assert len(pdf.pages) == len(surveyed_firms(analysis))
    for printed, firm in zip(pdf.pages, surveyed_firms(analysis), strict=True):
        assert (float(printed.mediabox.width), float(printed.mediabox.height)) == pytest.approx(
            (595.3, 841.9), abs=1.0
        )
        assert (printed.extract_text() or "").startswith(firm[:20])


def test_long_names_and_many_partners_still_print_one_page_a_firm(
    browser: Any, tmp_path: Path
) -> None:
    """The largest page there is: a firm with a 480-letter name, 14 suppliers and 14
    customers with long names, in every broker role."""
    from pypdf import PdfReader

    long = "Uzun Adlı Savunma Teknolojileri Makine Elektronik Kompozit Sanayi " * 7
    hub = long[:480].strip()
    lines = ["respondent,partner,direction,share"]
    for i in range(14):
        supplier = f"Tedarikçi {i:02d} {long[:150]}".strip()
        customer = f"Müşteri {i:02d} {long[:150]}".strip()
        lines += [f"{hub},{supplier},supplier,{10 + i}", f"{hub},{customer},customer,{5 + i}"]
        lines.append(f"{supplier},{customer},customer,{20 + i}")
    survey = tmp_path / "survey.csv"
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    analysis = analyze(survey, options=AnalysisOptions(nulls=0, groups="community"))
    out = write_results(analysis, tmp_path / "results")
    page = browser.new_page()
    page.goto((out / "firm_pages.html").as_uri())
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    firms = surveyed_firms(analysis)
    assert hub in firms
    assert len(pdf.pages) == len(firms)
