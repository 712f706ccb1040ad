"""Bytes -> table: encoding, delimiter and CSV parsing, keeping every row's line number.

Files arrive from Excel on Turkish Windows (cp1254, semicolons, CRLF), from web forms
(UTF-8, commas) and from Excel's "Unicode text" (UTF-16, tabs). This module decodes them,
finds the delimiter and returns the cells as text with the physical line each row starts
on, so that every later message can say where a problem is.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clustermap.errors import Issue, SurveyError
from clustermap.survey.names import clean_name

#: Tried in this order when no ``encoding`` is given and the file has no byte-order mark.
#: UTF-8 is strict, so a cp1254 file (Turkish Windows) almost never passes for UTF-8.
FALLBACK_ENCODINGS = ("utf-8", "cp1254", "latin-1")
_SEPARATOR_LINE = re.compile(r"^sep=(.)\r?\n", re.IGNORECASE)
DELIMITERS = (",", ";", "\t", "|")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Table:
    """The cells of one delimited file as text, with where each row came from.

    ``frame`` has the header names as written (cleaned of spaces) as columns, every cell a
    ``str`` (empty when missing), and the physical line number of each row as its index.
    Columns without a header are left out (with a warning if they hold anything); a
    repeated header name gets its position appended (``note (4)``), with a warning.
    """

    label: str
    frame: pd.DataFrame
    encoding: str
    delimiter: str
    sha256: str
    issues: list[Issue] = field(default_factory=list)
    #: Header as written, for columns renamed because their name was taken ("note (4)").
    original_names: dict[str, str] = field(default_factory=dict)
    #: Physical line of the header row.
    header_line: int = 1

    def original(self, column: str) -> str:
        """The header of ``column`` as written in the file."""
        return self.original_names.get(column, column)


def read_table(path: str | Path, *, encoding: str | None = None, label: str | None = None) -> Table:
    """Read a delimited text file into a :class:`Table`.

    Parameters
    ----------
    path : str or Path
        The file to read.
    encoding : str, optional
        Force this encoding. By default a byte-order mark decides, else the first of
        UTF-8, cp1254 (Turkish Windows) and latin-1 that decodes the whole file.
    label : str, optional
        How to name the file in messages (default: the path as given).

    Returns
    -------
    Table

    Raises
    ------
    SurveyError
        If the file cannot be read, is not text, cannot be decoded, or has no header.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_bytes("tedarikçi;müşteri\\r\\nAydın;Işık\\r\\n".encode("cp1254"))
    >>> table = read_table(path, label="ties.csv")
    >>> table.encoding, table.delimiter, list(table.frame.columns), table.frame.loc[2].tolist()
    ('cp1254', ';', ['tedarikçi', 'müşteri'], ['Aydın', 'Işık'])
    """
    label = label or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        reason = err.strerror or str(err)
        raise SurveyError(
            Issue(label, None, None, "unreadable", f"cannot read the file: {reason}")
        ) from err
    return parse_table(data, label=label, encoding=encoding)


def parse_table(data: bytes, *, label: str, encoding: str | None = None) -> Table:
    """Parse the bytes of a delimited text file; see :func:`read_table`.

    >>> parse_table(b"a,b\\n1,2\\n", label="x.csv").frame.to_dict("records")
    [{'a': '1', 'b': '2'}]
    """
    text, used = _decode(data, label, encoding)
    text, delimiter, skipped = _excel_separator_line(text)
    delimiter = delimiter or _sniff_delimiter(text)
    header, header_line, rows, issues = _split(text, delimiter, label, skipped)
    frame = pd.DataFrame(
        [cells for _, cells in rows], columns=header, index=[line for line, _ in rows], dtype=object
    )
    frame.index.name = "line"
    frame, original_names = _tidy_header(frame, header_line, label, issues)
    return Table(
        label,
        frame,
        used,
        delimiter,
        hashlib.sha256(data).hexdigest(),
        issues,
        original_names,
        header_line,
    )


def _decode(data: bytes, label: str, encoding: str | None) -> tuple[str, str]:
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as err:
            raise SurveyError(
                Issue(
                    label,
                    None,
                    None,
                    "unknown-encoding",
                    f"unknown encoding {encoding!r}: try utf-8, cp1254, cp1252 or latin-1",
                )
            ) from err
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start) + 1
            raise SurveyError(
                Issue(
                    label,
                    line,
                    None,
                    "bad-encoding",
                    f"byte {data[err.start]:#04x} is not valid {encoding}: check the "
                    "encoding, or leave out --encoding to let clustermap detect it",
                )
            ) from err
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as err:
                raise SurveyError(
                    Issue(
                        label,
                        None,
                        None,
                        "bad-encoding",
                        f"the file starts with a {codec} byte-order mark but is not valid "
                        f"{codec}: save it again as 'CSV UTF-8'",
                    )
                ) from err
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise SurveyError(
            Issue(
                label,
                None,
                None,
                "not-text",
                "this is an Excel workbook, not a CSV file: in Excel choose "
                "File > Save As > 'CSV UTF-8 (Comma delimited)'",
            )
        )
    if b"\x00" in data:
        raise SurveyError(
            Issue(
                label,
                data.count(b"\n", 0, data.index(b"\x00")) + 1,
                None,
                "not-text",
                "the file contains NUL bytes, so it is not a text (CSV) file: export the "
                "survey as 'CSV UTF-8'",
            )
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        _refuse_mixed_encodings(data, label, err)
    for codec in FALLBACK_ENCODINGS[1:]:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def _refuse_mixed_encodings(data: bytes, label: str, err: UnicodeDecodeError) -> None:
    """Refuse a file that is partly UTF-8 (rows pasted from two sources), naming the lines.

    Read in one 8-bit encoding, its UTF-8 lines would become garbled names that silently
    split firms in two ("Ä±" for "ı").
    """
    for number, line in enumerate(data.splitlines(), start=1):
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        bad = data.count(b"\n", 0, err.start) + 1
        raise SurveyError(
            Issue(
                label,
                bad,
                None,
                "mixed-encoding",
                f"this line is not UTF-8 but line {number} is: the file mixes two text "
                "encodings (rows pasted from another file?); open it in a spreadsheet and "
                "save it again as 'CSV UTF-8', or fix the letters on this line",
            )
        ) from err


def _excel_separator_line(text: str) -> tuple[str, str | None, int]:
    """Honour and remove Excel's ``sep=;`` first line: (text, delimiter or None, lines skipped)."""
    match = _SEPARATOR_LINE.match(text)
    if match is None or match.group(1) not in DELIMITERS:
        return text, None, 0
    return text[match.end() :], match.group(1), 1


def _sniff_delimiter(text: str) -> str:
    """Pick the delimiter that occurs most often (outside quotes) in the header line."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _split(
    text: str, delimiter: str, label: str, skipped: int
) -> tuple[list[str], int, list[tuple[int, list[str]]], list[Issue]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = 0
    rows: list[tuple[int, list[str]]] = []
    issues: list[Issue] = []
    line = 1 + skipped
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1 + skipped  # quoted cells span lines
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, header_line = [clean_name(cell) for cell in cells], start
                continue
            cells = [cell.strip() for cell in cells]
            if len(cells) > len(header):
                issues.append(
                    Issue(
                        label,
                        start,
                        None,
                        "extra-cells",
                        f"this row has {len(cells)} cells but the header has {len(header)}; "
                        f"check for an unquoted {_delimiter_name(delimiter)} inside a firm "
                        f"name (put such names in double quotes)",
                    )
                )
                cells = cells[: len(header)]
            rows.append((start, cells + [""] * (len(header) - len(cells))))
    except csv.Error as err:
        raise SurveyError(
            Issue(
                label,
                line,
                None,
                "bad-csv",
                f"the CSV cannot be parsed here ({err}): check the quotes on this line",
            )
        ) from err
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
    return header, header_line, rows, issues


def _tidy_header(
    frame: pd.DataFrame, line: int, label: str, issues: list[Issue]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Drop columns without a header and make repeated header names unique."""
    keep: list[int] = []
    names: list[str] = []
    original_names: dict[str, str] = {}
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        if not name:
            if column.astype(bool).any():  # Excel leaves empty trailing columns: no news
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
    tidy = frame.iloc[:, keep].copy()
    tidy.columns = pd.Index(names, dtype=object)
    return tidy, original_names


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}[delimiter]
