"""Tables and JSON for Excel and pipelines: ``firms.csv``, ``ties.csv``, ``summary.json``.

CSV files are UTF-8 with a byte-order mark, so Excel shows Turkish letters correctly, and
every text cell that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from clustermap.errors import Issue

__all__ = [
    "aligned_table",
    "csv_text",
    "format_value",
    "frame_csv",
    "frame_rows",
    "issue_rows",
    "json_text",
    "neutralize_formula",
    "records_text",
]

#: Columns of an issue listing (``clustermap check --format csv|json``).
ISSUE_COLUMNS = ("severity", "file", "line", "column", "code", "message")

#: Characters that make csv.writer quote a cell (with lineterminator "\r\n").
_QUOTED = re.compile('[,"\r\n]')

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


def format_value(value: Any, *, inert: bool = True) -> str:
    """Format one cell: numbers rounded to 6 decimals without trailing zeros, text made inert
    (unless ``inert`` is false: text for a terminal, not a spreadsheet).

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
        return "" if math.isnan(value) else _decimal(value)
    return neutralize_formula(str(value)) if inert else str(value)


def _decimal(value: float) -> str:
    """A number rounded to :data:`DECIMALS` decimals, without trailing zeros (formatting
    rounds correctly, as ``round`` does)."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


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
    """A data frame as :func:`csv_text`, with pandas' missing values written empty.

    >>> table = pd.DataFrame({"firm": ["=A", "B", None], "share": [0.5, float("nan"), 1.0]})
    >>> frame_csv(table).splitlines()
    ['firm,share', "'=A,0.5", 'B,', ',1']
    """
    if frame.shape[1] < 2:  # a lone empty cell is quoted, to tell the row from a blank line
        return csv_text(list(frame.columns), frame_rows(frame))
    header = ",".join(_csv_cell(format_value(column)) for column in frame.columns)
    columns = [_column_text(frame.iloc[:, i]) for i in range(frame.shape[1])]
    # the cells are quoted as csv.writer quotes them, and joined without it: twice as fast
    return "".join(f"{line}\r\n" for line in [header, *map(",".join, zip(*columns, strict=True))])


def _column_text(column: pd.Series) -> list[str]:
    """The CSV cells of a column (:func:`format_value`, quoted where needed), each distinct
    value formatted once (a million ties hold a few thousand distinct weights and one name
    per firm)."""
    if column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) != "string":
        # mixed Python values: True and 1 are equal keys, so no factorizing
        return [
            "" if _missing(value) else _csv_cell(format_value(value)) for value in column.tolist()
        ]
    codes, distinct = pd.factorize(column)
    if distinct.dtype.kind == "f":  # no NaN among the distinct values: straight to the digits
        texts = [_decimal(value) for value in distinct.tolist()]
    else:
        texts = [_csv_cell(format_value(_native(value))) for value in distinct.tolist()]
    return np.array([*texts, ""], dtype=object)[codes].tolist()  # missing (-1): ""


def _csv_cell(text: str) -> str:
    """A cell as :class:`csv.writer` writes it (minimal quoting, quotes doubled)."""
    if _QUOTED.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def frame_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """The rows of a data frame as Python values, pandas' missing values as ``None``."""
    return [
        [None if _missing(value) else _native(value) for value in row]
        for row in frame.itertuples(index=False, name=None)
    ]


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


def issue_rows(issues: Iterable[Issue]) -> list[list[Any]]:
    """Issues as rows of :data:`ISSUE_COLUMNS`, for :func:`records_text`."""
    return [
        [issue.severity, issue.file, issue.line, issue.column, issue.code, issue.message]
        for issue in issues
    ]


def records_text(columns: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str) -> str:
    """Rows for standard output: ``csv``, ``json`` (an array of objects), ``jsonl`` (one
    object per line) or ``table`` (aligned columns for a person).

    >>> print(records_text(["firm", "share"], [["Işık", 0.25], ["=A1", None]], "jsonl"), end="")
    {"firm": "Işık", "share": 0.25}
    {"firm": "=A1", "share": null}
    >>> records_text(["firm", "share"], [["Işık", 0.25], ["=A1", None]], "csv").splitlines()
    ['firm,share', 'Işık,0.25', "'=A1,"]
    >>> print(records_text(["firm", "share"], [["Işık", 0.25], ["=A1", None]], "table"), end="")
    firm  share
    Işık   0.25
    =A1
    """
    if fmt == "csv":
        return csv_text(columns, rows)
    if fmt == "table":
        return aligned_table(columns, rows)
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    if fmt == "json":
        return json_text(records)
    if fmt == "jsonl":
        return "".join(
            json.dumps(_round(record), ensure_ascii=False, allow_nan=False) + "\n"
            for record in records
        )
    raise ValueError(f"unknown format {fmt!r}")


def aligned_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows as columns aligned for a terminal: numbers right, text left, no trailing blanks."""
    cells = [[str(column) for column in columns]]
    numeric = [True] * len(columns)
    for row in rows:
        cells.append([format_value(value, inert=False) for value in row])
        for i, value in enumerate(row):
            if not _missing(value) and (isinstance(value, bool) or not _is_number(value)):
                numeric[i] = False
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    return "".join(
        "  ".join(
            text.rjust(width) if number else text.ljust(width)
            for text, width, number in zip(line, widths, numeric, strict=True)
        ).rstrip()
        + "\n"
        for line in cells
    )


def _is_number(value: Any) -> bool:
    return isinstance(_native(value), int | float)
