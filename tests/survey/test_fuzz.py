"""Property-based: whatever the bytes, intake either gives a survey or clustermap's own error."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clustermap.api import AnalysisOptions, analyze
from clustermap.errors import SurveyError
from clustermap.export import OUTPUT_FILES, render_files
from clustermap.survey.validate import TIE_COLUMNS

T = TypeVar("T")

CELL_TEXT = st.text(
    alphabet=st.sampled_from(list('ab,;\t"\r\n =-@%.İıÇç0123456789\x00\ufeff')), max_size=80
)
SURVEYS = st.one_of(
    st.binary(max_size=300),
    CELL_TEXT.map(lambda text: ("supplier,customer,weight\n" + text).encode()),
    CELL_TEXT.map(lambda text: ("Tedarikçi;Müşteri;Pay\r\n" + text).encode("utf-8")),
    CELL_TEXT.map(lambda text: ("tedarikçi;müşteri\n" + text).encode("cp1254", "replace")),
)


def outcome(call: Callable[[], T]) -> T | None:
    """The result of ``call``, or ``None`` when it refused with clustermap's own error."""
    try:
        return call()
    except SurveyError as err:
        refused = err
    assert any(issue.is_error for issue in refused.issues)
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=SURVEYS)
def test_any_bytes_give_a_result_or_a_survey_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey.csv"
        path.write_bytes(data)
        analysis = outcome(lambda: analyze(path, options=AnalysisOptions(nulls=0)))
        if analysis is None:
            return
        files = render_files(analysis)
        assert set(files) == set(OUTPUT_FILES)


HEADERS = [
    ["supplier", "customer", "weight", "relation"],
    ["Tedarikçi", "Müşteri", "Pay", "Görüşülen firma"],
    ["respondent", "partner", "direction", "share"],
    ["firma", "supplier_1", "supplier_1_share", "customer_1"],
    ["a", "b", "", "supplier"],
]
CELLS = st.text(alphabet=st.sampled_from(list('AaBİıŞ çÇ1,5.%-=; "\n')), max_size=12)
TABLES = st.tuples(
    st.sampled_from(HEADERS),
    st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=8),
    st.sampled_from(["csv", "xlsx", "firms"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(table=TABLES)
def test_any_table_gives_a_survey_or_a_survey_error(
    table: tuple[list[str], list[list[str]], str],
) -> None:
    import csv
    import io

    import openpyxl

    from clustermap.survey import read_survey

    header, rows, kind = table
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey"
        if kind == "xlsx":
            book = openpyxl.Workbook()
            for row in [header, *rows]:
                book.active.append(row)
            book.save(path)
        else:
            text = io.StringIO()
            csv.writer(text).writerows([header, *rows])
            path.write_text(text.getvalue(), encoding="utf-8")
        firms = None
        if kind == "firms":
            firms = Path(folder) / "firms.csv"
            firms.write_text(text.getvalue().replace(header[0], "firm", 1), encoding="utf-8")
        survey = outcome(lambda: read_survey(path, firms))
        if survey is None:
            return
        assert list(survey.ties.columns) == [*TIE_COLUMNS]
        assert (survey.ties["weight"] > 0).all()
