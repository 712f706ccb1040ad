"""Excel workbooks (.xlsx): one worksheet read into a :class:`~clustermap.survey.table.Table`.

A row's "line" is its Excel row number, and numbers typed into cells stay numbers
(:class:`~clustermap.survey.table.Number`), read as the person sees them.
"""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile

from clustermap.errors import Issue, SurveyError
from clustermap.survey.header_row import HeaderChoice, find_header, skipped_rows_note
from clustermap.survey.table import Number, Table, frame_from_rows


def read_worksheet(
    data: bytes,
    label: str,
    sheet: str | None,
    checksum: str,
    header: HeaderChoice,
    header_option: str | None = "--header-row",
) -> Table:
    """Read one worksheet of an .xlsx workbook; a row's "line" is its Excel row number."""
    import openpyxl  # only workbooks need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and data validation
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        raise SurveyError(
            Issue(
                label,
                None,
                None,
                "bad-workbook",
                f"this is a zip file but not an Excel workbook clustermap can read ({err}): "
                "open it in Excel and save it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'",
            )
        ) from err
    try:
        names = workbook.sheetnames
        sheet = _sheet_name(sheet, names)
        if sheet is not None and sheet not in names:
            raise SurveyError(
                Issue(
                    label,
                    None,
                    None,
                    "unknown-sheet",
                    f"the workbook has no sheet {sheet!r}; its sheets are "
                    f"{', '.join(repr(name) for name in names)}",
                )
            )
        worksheet = workbook[sheet if sheet is not None else names[0]]
        # cells, not values only: a number formatted as a percentage is read as one
        rows = [
            (number, [cell_text(c.value, getattr(c, "number_format", "General")) for c in cells])
            for number, cells in enumerate(worksheet.iter_rows(), start=1)
        ]
        title = worksheet.title
    finally:
        workbook.close()
    issues: list[Issue] = []
    found, passed = find_header(rows, header, label, "row")
    frame, header_line, original_names, positions, misfits = frame_from_rows(
        rows, label, issues, None, found.line if found else None, header_option=header_option
    )
    issues.extend(skipped_rows_note(found, label, "row", header_option))
    return Table(
        label,
        frame,
        "xlsx",
        "",
        checksum,
        issues,
        original_names,
        header_line,
        "xlsx",
        title,
        (title, *(name for name in names if name != title)),
        positions,
        passed if callable(header) else None,
        misfits,
    )


def _sheet_name(wanted: str | None, names: list[str]) -> str | None:
    """The sheet a person meant: its exact name, its name in another case, or its number."""
    if wanted is None or wanted in names:
        return wanted
    folded = [name.casefold() for name in names]
    if wanted.casefold() in folded:
        return names[folded.index(wanted.casefold())]
    if wanted.isdigit() and 1 <= int(wanted) <= len(names):
        return names[int(wanted) - 1]
    return wanted


def cell_text(value: object, number_format: str = "General") -> str:
    """A workbook cell as the text a CSV export would hold (numbers as :class:`Number`).

    >>> [cell_text(v) for v in (None, 12.0, 12.5, 3, True, " Işık ")]
    ['', '12', '12.5', '3', 'TRUE', ' Işık ']
    >>> cell_text(0.45, "0%")
    '45%'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if "%" in number_format:
            return Number(value * 100, percent=True)
        return Number(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
