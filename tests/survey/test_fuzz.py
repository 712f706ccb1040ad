"""Property-based: whatever the bytes, intake either gives a survey or clustermap's own error."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clustermap.api import analyze
from clustermap.errors import SurveyError
from clustermap.export import render_files

CELL_TEXT = st.text(
    alphabet=st.sampled_from(list('ab,;\t"\r\n =-@%.İıÇç0123456789\x00\ufeff')), max_size=80
)
SURVEYS = st.one_of(
    st.binary(max_size=300),
    CELL_TEXT.map(lambda text: ("supplier,customer,weight\n" + text).encode()),
    CELL_TEXT.map(lambda text: ("Tedarikçi;Müşteri;Pay\r\n" + text).encode("utf-8")),
    CELL_TEXT.map(lambda text: ("tedarikçi;müşteri\n" + text).encode("cp1254", "replace")),
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=SURVEYS)
def test_any_bytes_give_a_result_or_a_survey_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey.csv"
        path.write_bytes(data)
        try:
            analysis = analyze(path)
        except SurveyError as err:
            refused: SurveyError | None = err
        else:
            refused = None
        if refused is not None:
            assert any(issue.is_error for issue in refused.issues)
            return
        files = render_files(analysis)
        assert set(files) == {"firms.csv", "ties.csv", "summary.json", "map.html"}
