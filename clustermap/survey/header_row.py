"""Where the header row of a survey file is.

Files from clients often have a title, a date or a filter row ("Bölge: (All)") above the
column names. The header is the row that names the most columns (as scored by the caller),
among the first rows holding anything; the rows skipped above it are named in a note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from clustermap.errors import Issue, UsageError
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
    scores: list[int] = []
    for line, cells in rows:
        if any(cell.strip() for cell in cells):
            if choice is None:
                return HeaderRow(line), False
            candidates.append((line, cells))
            scores.append(choice([clean_name(cell) for cell in cells]))
            if len(candidates) == HEADER_SEARCH_ROWS:
                break
    if not candidates:
        return None, False
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
