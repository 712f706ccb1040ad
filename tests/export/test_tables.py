"""CSV and JSON outputs: Excel-safe, formula-safe, canonical."""

from __future__ import annotations

import csv
import io
import json

import pytest

from clustermap.export.tables import csv_text, format_value, json_text, neutralize_formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+90 312", "'+90 312"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Işık=1", "Işık=1"),
        ("", ""),
    ],
)
def test_formula_neutralisation(text: str, expected: str) -> None:
    assert neutralize_formula(text) == expected


def test_numbers_are_not_neutralised() -> None:
    assert format_value(-0.5) == "-0.5"
    assert format_value(-1e-9) == "0"


def test_csv_quotes_and_round_trips_turkish_text() -> None:
    rows = [['Demir, Çelik "ve" Makine', 0.25], ["İĞÜŞÖÇ ığüşöç", 3.0]]
    text = csv_text(["firm", "weight"], rows)
    assert list(csv.reader(io.StringIO(text))) == [
        ["firm", "weight"],
        ['Demir, Çelik "ve" Makine', "0.25"],
        ["İĞÜŞÖÇ ığüşöç", "3"],
    ]


def test_json_is_strict_and_rounded() -> None:
    text = json_text({"a": float("inf"), "b": [0.1 + 0.2], "c": (1, 2)})
    assert json.loads(text) == {"a": None, "b": [0.3], "c": [1, 2]}
    assert text.endswith("}\n")


def test_frame_csv_writes_what_csv_writer_writes() -> None:
    """The joined fast path against csv.writer on every kind of cell: quotes, delimiters,
    line breaks, formulas, missing values, negative zero, whole and mixed columns."""
    import pandas as pd

    from clustermap.export.tables import frame_csv, frame_rows

    frame = pd.DataFrame(
        {
            "firm": ["A, Inc.", 'say "hi"', "two\nlines", "cr\rhere", "=1+2", None, "Işık"],
            "share": [0.1234567, -0.0000001, float("nan"), 3.0, 1e-7, float("inf"), -2.5],
            "count": [1, 2, 3, 4, 5, 6, 7],
            "mixed": [True, 1, "x", None, 2.5, False, "-y"],
            "flag": [True, False, True, True, False, False, True],
        }
    )
    frame["category"] = pd.Categorical(["b", "a", None, "b", "a", "a", "b"])
    expected = csv_text(list(frame.columns), frame_rows(frame))
    assert frame_csv(frame) == expected
    assert frame_csv(frame.iloc[:0]) == csv_text(list(frame.columns), [])
    assert frame_csv(frame[["firm"]]) == csv_text(["firm"], frame_rows(frame[["firm"]]))
