"""``firms.xlsx``: the results as a formatted Excel workbook for the client.

Sheets: Firms (every column of ``firms.csv``), Ties, Communities, Core-periphery and Risks.
Header rows are bold and frozen with filters; numbers stay numbers; text is always text, so
a firm named ``=HYPERLINK(...)`` can never become a formula. The file is byte-identical for
the same analysis (fixed document dates and zip timestamps).
"""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = ["workbook_bytes"]

_EPOCH = datetime.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def workbook_bytes(analysis: Analysis) -> bytes:
    """The analysis as an .xlsx workbook.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> from clustermap.api import AnalysisOptions, analyze
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer,weight\\n=SUM(1),B,60\\nB,C,30\\n")
    >>> book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(
    ...     analyze(path, options=AnalysisOptions(nulls=0)))))
    >>> book.sheetnames
    ['Firms', 'Ties', 'Communities', 'Core-periphery', 'Risks']
    >>> cell = book["Firms"]["A2"]
    >>> cell.value, cell.data_type
    ('=SUM(1)', 's')
    """
    import openpyxl  # only this writer needs it
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    summary = analysis.summary
    firms = analysis.firms
    _sheet(book, "Firms", list(firms.columns), firms.itertuples(index=False, name=None), Font)
    ties = analysis.ties
    _sheet(book, "Ties", list(ties.columns), ties.itertuples(index=False, name=None), Font)
    details = summary["communities"]["details"]
    _sheet(
        book,
        "Communities",
        ["community", "size", "density", "mean_stability", "sectors", "actor_classes", "top_firms"],
        (
            [
                d["community"],
                d["size"],
                d["density"],
                d["mean_stability"],
                _mix(d["sectors"]),
                _mix(d["actor_classes"]),
                "; ".join(d["top_firms"]),
            ]
            for d in details
        ),
        Font,
    )
    cp = firms[["firm", "cp_class", "coreness", "core_number"]].sort_values(
        ["cp_class", "coreness"], ascending=[True, False], kind="stable"
    )
    _sheet(book, "Core-periphery", list(cp.columns), cp.itertuples(index=False, name=None), Font)
    risk_columns = [
        "firm",
        "single_customer_dependent",
        "top_customer_share",
        "top_customer_sales",
        "customer_hhi",
        "cut_firm",
        "supply_control",
        "tier",
    ]
    risky = firms[
        firms["single_customer_dependent"] | firms["cut_firm"] | (firms["supply_control"] > 0)
    ][risk_columns]
    _sheet(book, "Risks", risk_columns, risky.itertuples(index=False, name=None), Font)
    book.properties.creator = "clustermap"
    book.properties.created = book.properties.modified = _EPOCH
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _sheet(
    book: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], font: Any
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = font(bold=True)
    widths = [len(str(name)) for name in header]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            plain = _plain(value)
            cell = sheet.cell(row=number, column=column, value=plain)
            if isinstance(plain, str):
                cell.data_type = "s"  # text, never a formula
            widths[column - 1] = max(widths[column - 1], len(str(plain)) if plain else 0)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions


def _plain(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if type(value).__name__ == "NAType":
        return None
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, str):  # Excel refuses control characters in cells
        return _ILLEGAL.sub("\ufffd", value)
    return value


def _mix(counts: dict[str, int]) -> str:
    return "; ".join(f"{name} ({count})" for name, count in counts.items())


def _letter(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed, for byte-identical files.

    openpyxl stamps the document's modification time when it saves; that is fixed too.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(entry, content)
    return buffer.getvalue()
