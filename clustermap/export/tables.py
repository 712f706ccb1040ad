"""Tables and JSON for Excel and pipelines: ``firms.csv``, ``ties.csv``, ``summary.json``.

CSV files are UTF-8 with a byte-order mark, so Excel shows Turkish letters correctly, and
every text cell that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

__all__ = ["csv_text", "format_value", "json_text", "neutralize_formula"]

#: First characters that make Excel, LibreOffice or Google Sheets evaluate a cell.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DECIMALS = 6


def neutralize_formula(text: str) -> str:
    """Make a text cell inert in spreadsheets by prefixing ``'`` to formula-like text.

    OWASP's advice for CSV injection: a firm named ``=HYPERLINK(...)`` must stay text.

    >>> neutralize_formula("=1+2"), neutralize_formula("@SUM(A1)"), neutralize_formula("Işık")
    ("'=1+2", "'@SUM(A1)", 'Işık')
    """
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def format_value(value: Any) -> str:
    """Format one cell: numbers rounded to 6 decimals without trailing zeros, text made inert.

    >>> [format_value(v) for v in (0.1234567, 3.0, 12, None, float("nan"), "-Kalıp", True)]
    ['0.123457', '3', '12', '', '', "'-Kalıp", 'true']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        text = f"{round(value, DECIMALS):.{DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return neutralize_formula(str(value))


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Render rows as CSV text (comma-delimited, CRLF as RFC 4180 and Excel expect).

    >>> csv_text(["firm", "weight"], [["A, Inc.", 0.5]])
    'firm,weight\\r\\n"A, Inc.",0.5\\r\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([format_value(column) for column in columns])
    writer.writerows([format_value(value) for value in row] for row in rows)
    return buffer.getvalue()


def frame_csv(frame: pd.DataFrame) -> str:
    """A data frame as :func:`csv_text`, with pandas' missing values written empty."""
    rows = (
        [None if _missing(value) else _native(value) for value in row]
        for row in frame.itertuples(index=False, name=None)
    )
    return csv_text(list(frame.columns), rows)


def json_text(data: Any) -> str:
    """JSON as clustermap writes it: UTF-8 text, 2-space indent, floats rounded, newline-ended.

    >>> print(json_text({"fit": 0.54321987654, "firm": "Işık", "none": float("nan")}), end="")
    {
      "fit": 0.54322,
      "firm": "Işık",
      "none": null
    }
    """
    return json.dumps(_round(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _round(data: Any) -> Any:
    if isinstance(data, float):
        return None if not math.isfinite(data) else round(data, DECIMALS)
    if isinstance(data, dict):
        return {str(key): _round(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_round(value) for value in data]
    return _native(data)


def _native(value: Any) -> Any:
    """numpy scalars -> Python scalars (``item()``), everything else unchanged."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA
