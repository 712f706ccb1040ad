"""Where the header row of a survey file is.

Files from clients often have a title, a date or a filter row ("Bölge: (All)") above the
column names. The header is the row that names the most columns (as scored by the caller),
among the first rows holding anything; the rows skipped above it are named in a note.
A row right below it can continue it: units (``(Unvan)``, ``(%)``) or the sub-headings
under headings merged over several columns (``Tedarikçi`` over ``Adı | İli``); the header
is then read from both rows, and scored so in the search.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from clustermap.errors import Issue, UsageError
from clustermap.survey.headers import is_heading
from clustermap.turkish import clean_name

#: Where the header is: a line number (the workbook row for a workbook), or a score of a
#: row's cells as a header (0: none; the best-scored of the first rows is the header, the
#: first of them on a tie).
HeaderChoice = int | Callable[[list[str]], int] | None
#: The header row given for a file without one: its columns are named by their numbers.
NO_HEADER = 0
#: The rows (holding anything) among which a header is looked for.
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class HeaderRow:
    """Where the header row is, and the rows holding anything above it (line, text)."""

    line: int
    skipped: tuple[tuple[int, str], ...] = ()


def find_header(
    rows: Iterable[tuple[int, list[str]]], choice: HeaderChoice, label: str, word: str
) -> tuple[HeaderRow | None, bool]:
    """The header row among ``rows`` (see :func:`clustermap.survey.load.read_table`), and
    whether it is the one asked for (scored by the test, or the line given); ``None`` when
    no row holds anything."""
    above: list[tuple[int, str]] = []
    if choice == NO_HEADER:  # every row is data
        return HeaderRow(NO_HEADER), True
    if isinstance(choice, int):
        last, first = 0, None
        for line, cells in rows:
            last, first = line, line if first is None else first
            filled = [cell.strip() for cell in cells if cell.strip()]
            if line == choice and filled:
                return HeaderRow(line, tuple(above)), True
            if line >= choice:
                break
            if filled:
                above.append((line, " ".join(filled)))
        where = f"{word} {choice} is blank" if last >= choice else f"it has {last} {word}s"
        if first is not None and choice < first:  # above the rows: Excel's "sep=;" line
            where = f"{word} {choice} is Excel's sep= line, not the header"
        raise UsageError(
            f"{where} in {label}: give the {word} of the header (the column names)",
            "header_row",
            str(choice),
        )
    candidates: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        if any(cell.strip() for cell in cells):
            if choice is None:
                return HeaderRow(line), False
            candidates.append((line, cells))
            if len(candidates) == HEADER_SEARCH_ROWS + 1:  # the last one's row below too
                break
    if not candidates:
        return None, False
    assert choice is not None  # the first row holding anything was returned above
    scores = [
        _score(choice, cells, candidates[at + 1][1] if at + 1 < len(candidates) else None)
        for at, (_, cells) in enumerate(candidates[:HEADER_SEARCH_ROWS])
    ]
    candidates = candidates[:HEADER_SEARCH_ROWS]
    if max(scores) > 0:  # the row naming the most columns: a filter row above names fewer
        at = scores.index(max(scores))
        return HeaderRow(candidates[at][0], _texts(candidates[:at])), True
    # no row passes: the first as wide as most rows (a title above it is narrower)
    widths = sorted(sum(bool(cell.strip()) for cell in cells) for _, cells in candidates)
    typical = widths[(len(widths) - 1) // 2]
    at = next(
        i
        for i, (_, cells) in enumerate(candidates)
        if sum(bool(c.strip()) for c in cells) >= typical
    )
    return HeaderRow(candidates[at][0], _texts(candidates[:at])), False


def _score(choice: Callable[[list[str]], int], cells: list[str], below: list[str] | None) -> int:
    """A row's score as the header: by itself, or with the row below it when that row
    continues it (units, sub-headings: :func:`header_below`), whichever names more."""
    header = [clean_name(cell) for cell in cells]
    alone = choice(header)
    if below is None or (continued := _continued(header, below)) is None:
        return alone
    return max(alone, choice(continued[0]))


def _texts(rows: list[tuple[int, list[str]]]) -> tuple[tuple[int, str], ...]:
    return tuple((line, " ".join(c.strip() for c in cells if c.strip())) for line, cells in rows)


def skipped_rows_note(
    found: HeaderRow | None, label: str, word: str, option: str | None = "--header-row"
) -> list[Issue]:
    """An ``info`` issue naming the rows above the header, which were not read; ``option``
    sets the header row of the file, if any option does."""
    if found is None or not found.skipped:
        return []
    lines = [line for line, _ in found.skipped]
    where = f"{word} {lines[0]}" if len(lines) == 1 else f"{word}s {', '.join(map(str, lines))}"
    first = found.skipped[0][1]
    shown = first if len(first) <= 60 else first[:59] + "…"
    return [
        Issue(
            label,
            found.line,
            None,
            "header-row",
            f"the header (the column names) is on {word} {found.line}: {where} above it "
            f"({shown!r}{', …' if len(lines) > 1 else ''}) {'was' if len(lines) == 1 else 'were'} "
            f"skipped{f' ({option} chooses another)' if option else ''}",
            "info",
        )
    ]


#: Rows below the header that can continue it: sub-headings, then units.
HEADER_ROWS_BELOW = 2
#: A cell of a units row: in brackets ("(%)", "[TL]", "(Unvan)") or a unit on its own.
_UNIT_CELL = re.compile(r"\(.*\)|\[.*\]|%|tl|₺|try|usd|\$|eur|€|adet|kg|ton", re.IGNORECASE)
#: A unit of measure: a bracketed cell holding one stays a unit of its column's name ("(%)");
#: any other is words of the name ("(Unvan)": the firm's title, no share).
_MEASURE = re.compile(r"%|₺|\$|€|\b(?:tl|try|usd|eur|adet|kg|ton)\b", re.IGNORECASE)


def with_units(header: list[str], cells: list[str]) -> list[str] | None:
    """The header with the units row below it (``(Unvan)``, ``(%)``, ``TL``: every filled
    cell in brackets or a unit, as survey tools export them) joined to its column names;
    ``None`` when ``cells`` is no such row.

    >>> with_units(["Tedarikçi", "Pay"], ["(Unvan)", "(%)"])
    ['Tedarikçi Unvan', 'Pay (%)']
    >>> with_units(["Tedarikçi", "Pay"], ["Anka", "40"]) is None
    True
    """
    texts = [str(cell).strip() for cell in cells]
    filled = [text for text in texts if text]
    if not filled or any(texts[len(header) :]):
        return None
    if not all(_UNIT_CELL.fullmatch(text) for text in filled):
        return None
    texts = texts[: len(header)] + [""] * (len(header) - len(texts))
    return [_joined(name, unit) for name, unit in zip(header, texts, strict=True)]


def _joined(name: str, unit: str) -> str:
    if not unit:
        return name
    if unit[0] in "([" and not _MEASURE.search(unit):
        unit = unit[1:-1].strip()
    return f"{name} {unit}".strip()


def with_subheadings(header: list[str], cells: list[Any]) -> list[str] | None:
    """The header with the row of sub-headings below it joined to the headings above them:
    a heading over several columns (a merged cell: its text in the first, the others
    empty, or repeated in each) names each column below it with its sub-heading; ``None``
    when ``cells`` is no such row (it must fill a cell left empty under such a heading, or
    under a repeated one, and every cell of it must read as a heading:
    :func:`~clustermap.survey.headers.is_heading`).

    >>> with_subheadings(["Tedarikçi", "", "Müşteri", ""], ["Firma", "İli", "Firma", "İli"])
    ['Tedarikçi Firma', 'Tedarikçi İli', 'Müşteri Firma', 'Müşteri İli']
    >>> with_subheadings(["Tedarikçi", "", "Pay"], ["Firma", "İli", ""])
    ['Tedarikçi Firma', 'Tedarikçi İli', 'Pay']
    >>> with_subheadings(["Satış Payı", "Satış Payı"], ["2023", "2024"])
    ['Satış Payı 2023', 'Satış Payı 2024']
    >>> with_subheadings(["Tedarikçi", "", "Müşteri"], ["Anka", "Makina", "Bora"]) is None
    True
    """
    texts = [str(cell).strip() for cell in cells]  # a number is no heading: is_heading
    width = max(len(header), len(texts))  # a header's empty cells at its end may be cut off
    header = header + [""] * (width - len(header))
    texts = texts + [""] * (width - len(texts))
    spanned, above = [], ""
    for name in header:  # the heading each column is under: its own, or the last to its left
        above = name or above
        spanned.append(above)
    pairs = list(zip(header, texts, strict=True))
    # a heading spans the empty cells after it, or is repeated over each of its columns
    # (a merged heading unmerged and filled in, as pandas writes a two-row header)
    gaps = [
        i
        for i, (name, text) in enumerate(pairs)
        if text and (not name or (i and name == header[i - 1]))
    ]
    if not gaps or not all(spanned[i] for i in gaps) or sum(map(bool, header)) < 2:
        return None  # no heading over an empty cell, or a title over the whole table
    if not all(is_heading(text) for text in texts if text):
        return None
    return [f"{spanned[i]} {text}" if text else name for i, (name, text) in enumerate(pairs)]


def _continued(header: list[str], cells: list[Any]) -> tuple[list[str], str] | None:
    """The header joined with the row below it when that row continues it, and how (the
    note's code: units, or sub-headings); ``None`` when it is a row of data."""
    if (units := with_units(header, cells)) is not None:
        return units, "header-units"
    if (joined := with_subheadings(header, cells)) is not None:
        return joined, "header-subheadings"
    return None


def header_below(
    header: list[str], cells: list[Any], label: str, line: int, word: str
) -> tuple[list[str], Issue] | None:
    """The header joined with the row on ``line`` below it when that row continues it
    (units: :func:`with_units`; sub-headings under a merged heading:
    :func:`with_subheadings`), with the note saying so; ``None`` when it is a row of data."""
    if (continued := _continued(header, cells)) is None:
        return None
    names, code = continued
    shown = ", ".join(repr(str(cell).strip()) for cell in cells if str(cell).strip())
    if code == "header-units":
        says = f"holds units ({shown}): read as part of the column names"
    else:
        named = ", ".join(repr(name) for name in names if name)
        says = (
            f"holds sub-headings ({shown}) under headings that span several columns: read "
            f"together as the column names ({named})"
        )
    return names, Issue(label, line, None, code, f"{word} {line} below the header {says}", "info")
