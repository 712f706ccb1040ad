"""Bytes -> table: file formats, encodings and delimiters, keeping every row's line number.

Surveys arrive from Excel on Turkish Windows (cp1254, semicolons, CRLF, or a workbook),
from web forms (UTF-8, commas), from Excel's "Unicode text" (UTF-16, tabs), compressed, or
through a pipe. This module reads all of them into the same
:class:`~clustermap.survey.table.Table`: the cells as text with the line (for a workbook:
the row) each came from, so that every later message can say where a problem is. Text is
decoded and split here; workbooks are read in :mod:`clustermap.survey.worksheet`, and the
header row is found by :mod:`clustermap.survey.header_row`.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from clustermap.errors import Issue, SurveyError
from clustermap.survey.header_row import (
    HEADER_ROWS_BELOW,
    NO_HEADER,
    HeaderChoice,
    HeaderRow,
    find_header,
    header_below,
    skipped_rows_note,
)
from clustermap.survey.table import Table, frame_from_rows, tidy_header
from clustermap.survey.worksheet import read_worksheet
from clustermap.turkish import clean_name

#: Tried in this order when no ``encoding`` is given and the file has no byte-order mark.
#: UTF-8 is strict, so a cp1254 file (Turkish Windows) almost never passes for UTF-8; cp1254
#: and cp1252 differ only in Ğ, İ, Ş, ğ, ı, ş (cp1252: Ð, Ý, Þ, ð, ý, þ) and in Ž, ž, which
#: cp1254 lacks; latin-1 decodes anything.
FALLBACK_ENCODINGS = ("utf-8", "cp1254", "cp1252", "latin-1")
DELIMITERS = (",", ";", "\t", "|")
#: Name of standard input among paths.
STDIN = "-"

_SEPARATOR_LINE = re.compile(r"^sep=(.)\r?\n", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    label: str | None = None,
    sheet: str | None = None,
    header: HeaderChoice = None,
    header_option: str | None = "--header-row",
) -> Table:
    """Read a survey file into a :class:`Table`.

    Parameters
    ----------
    path : str or Path
        A delimited text file (``.csv``, ``.tsv``, ``.txt``), the same compressed with gzip,
        an Excel workbook (``.xlsx``), or ``"-"`` for standard input. The format is
        recognised from the content, not the name.
    encoding : str, optional
        Force this text encoding. By default a byte-order mark decides, else the first of
        UTF-8, cp1254 (Turkish Windows), cp1252 and latin-1 that decodes the whole file.
    label : str, optional
        How to name the file in messages (default: the path as given).
    sheet : str, optional
        The worksheet of a workbook (default: the first).
    header : int or callable, optional
        The line (workbook row) of the header, or a score of a row's cells as a header
        (how many columns it names; 0 for none): the header is the best-scored of the
        first :data:`HEADER_SEARCH_ROWS` rows holding anything, the first of them on a
        tie (trying the other delimiters when none scores), else the first row as wide
        as the table below it. Default: the first row holding anything. The rows skipped
        above the header are named in an ``info`` issue (``header-row``).
    header_option : str, optional
        The option that sets the header row of this file, named in messages (``None``
        for the firms and alias files, which have none).

    Returns
    -------
    Table

    Raises
    ------
    SurveyError
        If the file cannot be read, is in no format clustermap reads, cannot be decoded,
        or has no header.
    UsageError
        If ``header`` is a line the file does not have, or a blank one.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_bytes("tedarikçi;müşteri\\r\\nAydın;Işık\\r\\n".encode("cp1254"))
    >>> table = read_table(path, label="ties.csv")
    >>> table.encoding, table.delimiter, list(table.frame.columns), table.frame.loc[2].tolist()
    ('cp1254', ';', ['tedarikçi', 'müşteri'], ['Aydın', 'Işık'])
    """
    label = label or ("standard input" if str(path) == STDIN else str(path))
    try:
        data = sys.stdin.buffer.read() if str(path) == STDIN else Path(path).read_bytes()
    except OSError as err:
        reason = err.strerror or str(err)
        raise SurveyError(
            Issue(label, None, None, "unreadable", f"cannot read the file: {reason}")
        ) from err
    return parse_table(
        data,
        label=label,
        encoding=encoding,
        sheet=sheet,
        header=header,
        header_option=header_option,
    )


def read_reported(
    path: str | Path,
    problems: list[Issue],
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    header: HeaderChoice = None,
    header_option: str | None = "--header-row",
) -> Table | None:
    """:func:`read_table`, the problem that stops it added to ``problems`` rather than raised
    (so that the other files of a survey are still checked)."""
    try:
        return read_table(
            path, encoding=encoding, sheet=sheet, header=header, header_option=header_option
        )
    except SurveyError as err:
        problems.extend(err.issues)
        return None


def parse_table(
    data: bytes,
    *,
    label: str,
    encoding: str | None = None,
    sheet: str | None = None,
    header: HeaderChoice = None,
    header_option: str | None = "--header-row",
) -> Table:
    """Parse the bytes of a survey file; see :func:`read_table`.

    >>> parse_table(b"a,b\\n1,2\\n", label="x.csv").frame.to_dict("records")
    [{'a': '1', 'b': '2'}]
    """
    checksum = hashlib.sha256(data).hexdigest()
    if data.startswith(_ZIP_MAGIC):
        return read_worksheet(data, label, sheet, checksum, header, header_option)
    if data.startswith(_OLE_MAGIC):
        raise SurveyError(
            Issue(
                label,
                None,
                None,
                "old-excel",
                "this is an old Excel workbook (.xls): in Excel choose File > Save As > "
                "'Excel Workbook (.xlsx)' or 'CSV UTF-8'",
            )
        )
    format_ = "csv"
    if data.startswith(_GZIP_MAGIC):
        data, format_ = _gunzip(data, label), "csv.gz"
    text, used = _decode(data, label, encoding)
    text, stated, skipped = _excel_separator_line(text)
    delimiter, found, passed = _header_and_delimiter(text, stated, skipped, label, header)
    issues: list[Issue] = []
    fast = _one_row_per_line(text, delimiter, skipped, found, label) if found else None
    misfits: frozenset[int] = frozenset()
    if fast is not None:
        frame, header_line, notes = fast
        issues.extend(notes)
        frame, original_names, positions = tidy_header(frame, header_line, label, issues)
    else:
        rows = _csv_rows(text, delimiter, label, skipped)
        frame, header_line, original_names, positions, misfits = frame_from_rows(
            rows,
            label,
            issues,
            delimiter,
            found.line if found else None,
            header_option=header_option,
        )
    issues.extend(skipped_rows_note(found, label, "line", header_option))
    return Table(
        label,
        frame,
        used,
        delimiter,
        checksum,
        issues,
        original_names,
        header_line,
        format_,
        positions=positions,
        header_found=passed if callable(header) else None,
        misfits=misfits,
    )


def known_encoding(name: str) -> bool:
    """Whether Python knows the text encoding ``name``.

    >>> known_encoding("cp1254"), known_encoding("klingon")
    (True, False)
    """
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _gunzip(data: bytes, label: str) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as err:
        raise SurveyError(
            Issue(
                label,
                None,
                None,
                "bad-gzip",
                f"the file looks gzip-compressed but cannot be decompressed ({err}): "
                "compress it again, or give the uncompressed file",
            )
        ) from err


def _decode(data: bytes, label: str, encoding: str | None) -> tuple[str, str]:
    """Decode: a byte-order mark is definitive, then ``encoding``, then detection."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as err:
                raise _undecodable(
                    err,
                    label,
                    f"the file starts with a {codec} byte-order mark but this line "
                    f"is not valid {codec} (pasted from another file?): fix the letters on this "
                    "line, or save the file again from a spreadsheet",
                ) from err
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
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
        except UnicodeDecodeError as err:
            raise _undecodable(
                err,
                label,
                f"byte {bytes(err.object)[err.start]:#04x} is not valid {encoding}: "
                "check the encoding, or leave out --encoding to let clustermap detect it",
            ) from err
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16), utf16
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


def _undecodable(err: UnicodeDecodeError, label: str, message: str) -> SurveyError:
    """The error for bytes that do not decode, on the line where they are."""
    line = bytes(err.object).count(b"\n", 0, err.start) + 1  # err.object: without the BOM
    return SurveyError(Issue(label, line, None, "bad-encoding", message))


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 text without a byte-order mark by its pattern of NUL bytes."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.7 * half and even == 0:
        return "utf-16-le"
    if even > 0.7 * half and odd == 0:
        return "utf-16-be"
    return None


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


def _header_and_delimiter(
    text: str, stated: str | None, skipped: int, label: str, choice: HeaderChoice
) -> tuple[str, HeaderRow | None, bool]:
    """The delimiter and the header row of CSV text. When no row passes the header test
    with the delimiter of the first line (a title line may hold none, or a comma), the
    other delimiters of the first lines are tried."""
    head = _first_lines(text, choice if isinstance(choice, int) else 0)
    if stated is None and isinstance(choice, int):  # the header line given: its delimiter
        lines = head.splitlines()
        at = choice - 1 - skipped
        sniffed = _sniff_delimiter(lines[at] if 0 <= at < len(lines) else text)
    else:
        sniffed = stated or _sniff_delimiter(text)
    found, passed = find_header(_lenient_rows(head, sniffed, skipped), choice, label, "line")
    if passed or stated is not None or not callable(choice):
        return sniffed, found, passed
    for other in DELIMITERS:
        if other != sniffed and other in head:
            header, ok = find_header(_lenient_rows(head, other, skipped), choice, label, "line")
            if ok:
                return other, header, True
    return sniffed, found, False


def _first_lines(text: str, at_least: int) -> str:
    """The text up to the end of its first lines: enough for the header search."""
    end = -1
    for _ in range(max(at_least, 0) + 200):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[: end + 1]


#: The longest cell the csv module reads (its own limit, 131,072 characters, would refuse a
#: file for a note pasted into a column clustermap does not even read): a name that long is
#: refused by the names' own rule, with its line and column.
_FIELD_LIMIT = 2**31 - 1


def _allow_long_cells() -> None:
    """Lift the csv module's limit on the length of a cell (set once for the process)."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)


def _lenient_rows(text: str, delimiter: str, skipped: int) -> Iterator[tuple[int, list[str]]]:
    """:func:`_csv_rows` of the first lines, ending quietly where they cut a quoted cell."""
    _allow_long_cells()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1 + skipped
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1 + skipped
            yield start, cells
    except csv.Error:
        return


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


def _csv_rows(
    text: str, delimiter: str, label: str, skipped: int
) -> Iterator[tuple[int, list[str]]]:
    """The rows of CSV text with the line each starts on (a quoted cell may span lines)."""
    _allow_long_cells()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1 + skipped
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1 + skipped
            yield start, cells
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


def _one_row_per_line(
    text: str, delimiter: str, skipped: int, found: HeaderRow, label: str
) -> tuple[pd.DataFrame, int, list[Issue]] | None:
    """The table as :func:`~clustermap.survey.table.frame_from_rows` makes it, by pandas'
    C parser, for the usual file: no quotes (so every line is one row: the line numbers
    are the row numbers) and no row longer than the header. ``None`` for any other file,
    which the csv module reads row by row, reporting what is wrong where (eight times
    slower on a million rows)."""
    if '"' in text or "\x00" in text or found.line == NO_HEADER:
        return None
    try:
        parsed = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=object,
            na_filter=False,
            skip_blank_lines=False,
            skiprows=found.line - 1 - skipped,  # the lines above the header
            quoting=csv.QUOTE_NONE,
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    # each distinct cell stripped once, and kept once: a firm named in a thousand rows is
    # one string, not a thousand (the parsed column is let go as soon as it is replaced)
    columns = {}
    blank = np.ones(len(parsed), dtype=bool)  # rows whose every cell is empty
    for position in list(parsed.columns):
        codes, distinct = pd.factorize(parsed.pop(position))
        stripped = np.array([cell.strip() for cell in distinct], dtype=object)
        columns[position] = stripped[codes]
        blank &= (stripped == "")[codes]
    cells = pd.DataFrame(columns, index=parsed.index)
    del parsed
    header = cells.iloc[0].tolist()
    if not any(header):
        return None
    blank[0] = True  # the header is no row of data
    names = [clean_name(cell) for cell in header]
    notes = []
    for at in np.flatnonzero(~blank[1:])[:HEADER_ROWS_BELOW] + 1:  # rows below the header
        row = cells.iloc[at].tolist()
        if not (continued := header_below(names, row, label, int(at) + found.line, "line")):
            break
        names, blank[at] = continued[0], True
        notes.append(continued[1])
    cells = cells[~blank]
    cells.columns = names
    cells.index = pd.Index(cells.index + found.line, name="line")
    return cells, found.line, notes
