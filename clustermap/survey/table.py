"""A table read from a survey file: its cells as text with the line (workbook row) of each,
and how it was read.

The text reader (:mod:`clustermap.survey.load`) and the workbook reader
(:mod:`clustermap.survey.worksheet`) both end here: rows of cells become a :class:`Table`,
the rows above the header and blank rows left out and misfits reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from clustermap.errors import Issue, SurveyError, quoted
from clustermap.survey.header_row import HEADER_ROWS_BELOW, NO_HEADER, header_below
from clustermap.turkish import clean_name

#: How a delimiter is called in messages.
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


@dataclass(frozen=True)
class Table:
    """The cells of one input file as text, with where each row came from.

    ``frame`` has the header names as written (cleaned of spaces) as columns, every cell a
    ``str`` (empty when missing), and the line number of each row as its index (for a
    workbook, its row number). Columns without a header are left out (with a warning if
    they hold anything); a repeated header name gets its position appended
    (``note (4)``), with a warning.
    """

    label: str
    frame: pd.DataFrame
    encoding: str
    delimiter: str
    sha256: str
    issues: list[Issue] = field(default_factory=list)
    #: Header as written, for columns renamed because their name was taken ("note (4)").
    original_names: dict[str, str] = field(default_factory=dict)
    #: Line (or workbook row) of the header.
    header_line: int = 1
    #: "csv", "csv.gz" or "xlsx".
    format: str = "csv"
    #: The worksheet read, for workbooks.
    sheet: str | None = None
    #: Every worksheet of a workbook, the one read first.
    sheets: tuple[str, ...] = ()
    #: The column at each position of the header row (1 = the first cell; ``None`` for a
    #: column without a header, which is left out of ``frame``).
    positions: tuple[str | None, ...] = ()
    #: Whether a row passed the header test the file was read with (``None``: no test).
    header_found: bool | None = None
    #: Lines (workbook rows) with more cells than the header: reported, their values not
    #: read.
    misfits: frozenset[int] = frozenset()

    @property
    def row_word(self) -> str:
        """What a line of this file is called in messages: a workbook has rows."""
        return "row" if self.format == "xlsx" else "line"

    def original(self, column: str) -> str:
        """The header of ``column`` as written in the file."""
        return self.original_names.get(column, column)

    @property
    def header_at(self) -> int | None:
        """The header's line for an issue: ``None`` for a file read without a header row."""
        return self.header_line or None

    @property
    def header_where(self) -> str:
        """Where the column names come from, for a message."""
        if not self.header_line:
            return "no header row: the columns are named by their numbers"
        return f"header on {self.row_word} {self.header_line}"

    def header_issue(self, column: str | None, code: str, message: str) -> Issue:
        """An error about the header row (``column`` is the one at fault, if any)."""
        return Issue(self.label, self.header_at, column, code, message)


@dataclass(frozen=True)
class Source:
    """Where one input file came from and how it was read (recorded in ``summary.json``)."""

    role: str
    name: str
    sha256: str
    encoding: str
    delimiter: str
    rows: int
    format: str = "csv"
    sheet: str | None = None
    #: the line (workbook row) of the header
    header_line: int = 1
    #: role -> the header of the column read for it, as written
    columns: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, role: str, table: Table, columns: Mapping[str, str] | None = None) -> Source:
        return cls(
            role,
            table.label,
            table.sha256,
            table.encoding,
            table.delimiter,
            len(table.frame),
            table.format,
            table.sheet,
            table.header_line,
            {r: table.original(column) for r, column in (columns or {}).items()},
        )


class Number(str):
    """A workbook cell that holds a number: its text, and the number itself.

    Numbers typed into Excel are never read again as text, so a workbook's ``1.125``
    (a number) is not taken for a Turkish "1.125" (one thousand one hundred and
    twenty-five).

    A cell formatted as a percentage holds the fraction it shows as a percentage (0.3 shown
    as 30 %): it is read as the person sees it, 30 with a percent sign.

    >>> cell = Number(12.5)
    >>> cell, cell.value
    ('12.5', 12.5)
    >>> shown = Number(0.3 * 100, percent=True)
    >>> shown, shown.value, shown.percent
    ('30%', 30.0, True)
    """

    value: float
    percent: bool

    def __new__(cls, value: float, *, percent: bool = False) -> Number:
        number = round(float(value), 10) if percent else float(value)
        text = str(int(number)) if number.is_integer() else repr(number)
        cell = super().__new__(cls, text + ("%" if percent else ""))
        cell.value, cell.percent = number, percent
        return cell


def frame_from_rows(
    rows: Iterable[tuple[int, list[str]]],
    label: str,
    issues: list[Issue],
    delimiter: str | None,
    header_at: int | None,
    *,
    header_option: str | None = "--header-row",
) -> tuple[pd.DataFrame, int, dict[str, str], tuple[str | None, ...], frozenset[int]]:
    """Header and rows -> data frame indexed by line; the rows above the header (on line
    ``header_at``; ``None``: no row holds anything) and blank rows skipped, misfits
    reported (and returned: the lines with more cells than the header).

    A header that most rows do not fit (a title read as the header) is one error, not one
    per line; ``header_option`` is the option that sets the header row, if any.
    """
    header: list[str] | None = None
    header_line = 0
    if header_at == NO_HEADER:  # every row is data; the columns are named by their numbers
        rows = list(rows)
        width = max((len(cells) for _, cells in rows if any(c.strip() for c in cells)), default=0)
        if width:
            header = [str(number) for number in range(1, width + 1)]
        header_at = 1
    kept: list[tuple[int, list[str]]] = []
    misfits: list[tuple[int, int]] = []  # (line, cells)
    continued = 0  # rows below the header read as part of it
    for line, cells in rows:
        if header_at is None or line < header_at or not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header, header_line = [clean_name(cell) for cell in cells], line
            continue
        word = "line" if delimiter is not None else "row"
        if (
            not kept
            and header_line
            and continued < HEADER_ROWS_BELOW
            and (below := header_below(header, cells, label, line, word))
        ):
            header, continued = below[0], continued + 1
            issues.append(below[1])
            continue
        cells = [cell if isinstance(cell, Number) else cell.strip() for cell in cells]
        if len(cells) > len(header) and (delimiter is not None or any(cells[len(header) :])):
            misfits.append((line, len(cells)))
        cells = cells[: len(header)]
        kept.append((line, cells + [""] * (len(header) - len(cells))))
    if header is None:
        raise SurveyError(
            Issue(
                label,
                None,
                None,
                "empty-file",
                "the file is empty: it needs a header row and data rows",
            )
        )
    issues.extend(
        _misfit_issues(misfits, len(kept), header, header_line, label, delimiter, header_option)
    )
    frame = pd.DataFrame(
        [cells for _, cells in kept], columns=header, index=[line for line, _ in kept], dtype=object
    )
    frame.index.name = "line"
    tidy, original_names, positions = tidy_header(frame, header_line, label, issues)
    return tidy, header_line, original_names, positions, frozenset(line for line, _ in misfits)


#: Rows with more cells than the header, above which (and above half of the rows) the
#: header is in question rather than each row.
_MISFITS_SHOWN = 5


def _misfit_issues(
    misfits: list[tuple[int, int]],
    rows: int,
    header: list[str],
    header_line: int,
    label: str,
    delimiter: str | None,
    header_option: str | None,
) -> list[Issue]:
    """Errors for rows with more cells than the header: one per row, or one for the header
    when most rows do not fit it (its rows are then a consequence, not each a mistake)."""
    word = "line" if delimiter is not None else "row"
    quotes = (
        f"check for an unquoted {DELIMITER_NAMES[delimiter]} inside a firm name (put such "
        "names in double quotes)"
        if delimiter is not None
        else "give the column a header, or clear the cells"
    )
    if len(misfits) <= _MISFITS_SHOWN or 2 * len(misfits) <= rows:
        return [
            Issue(
                label,
                line,
                None,
                "extra-cells",
                f"this row has {cells} cells but the header has {len(header)}; {quotes}",
            )
            for line, cells in misfits
        ]
    shown = ", ".join(str(line) for line, _ in misfits[:_MISFITS_SHOWN])
    named = " | ".join(cell for cell in header if cell)
    fix = (
        f"give {header_option} with the {word} of the column names"
        if header_option
        else "delete the rows above the column names"
    )
    return [
        Issue(
            label,
            header_line,
            None,
            "extra-cells",
            f"{len(misfits)} of the {rows} {word}s below the header have more cells than it "
            f"({word}s {shown} and {len(misfits) - _MISFITS_SHOWN} more): the header on "
            f"{word} {header_line} has {len(header)} cell{'s' if len(header) != 1 else ''} "
            f"({quoted(named)}), so it is probably not the row of column names: {fix}; if "
            f"it is, {quotes}",
        )
    ]


def tidy_header(
    frame: pd.DataFrame, line: int, label: str, issues: list[Issue]
) -> tuple[pd.DataFrame, dict[str, str], tuple[str | None, ...]]:
    """Drop columns without a header and make repeated header names unique; the column
    at each position of the header row (``None`` where it was dropped)."""
    keep: list[int] = []
    names: list[str] = []
    original_names: dict[str, str] = {}
    positions: list[str | None] = []
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        positions.append(None)
        if not name:
            if column.astype(bool).any():  # an empty column is only Excel's leftover
                issues.append(
                    Issue(
                        label,
                        line,
                        None,
                        "empty-header",
                        f"column {position + 1} has no header: it was ignored "
                        "(give it a name to keep it)",
                        "warning",
                    )
                )
            continue
        if name in names:
            unique = f"{name} ({position + 1})"
            issues.append(
                Issue(
                    label,
                    line,
                    name,
                    "duplicate-header",
                    f"two columns are called {name!r}: column {position + 1} is read as {unique!r}",
                    "warning",
                )
            )
            original_names[unique] = name
            name = unique
        keep.append(position)
        names.append(name)
        positions[-1] = name
    tidy = frame.iloc[:, keep].copy()
    tidy.columns = pd.Index(names, dtype=object)
    return tidy, original_names, tuple(positions)
