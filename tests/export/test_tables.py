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
