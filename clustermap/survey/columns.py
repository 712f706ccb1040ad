"""Which column of a survey's header plays which role, and which layout the header describes.

Headers are read word by word (:mod:`clustermap.survey.headers`); here they are matched
against the roles of a file (a survey of ties, a firms file, an alias file), with the
user's choices (``--column ROLE=HEADER``), the rules that settle two columns claiming one
role, the messages that name what is missing, and the score by which the header row is
found among the first rows of a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial

import pandas as pd

from clustermap.errors import Issue, UsageError, quoted
from clustermap.survey import schema
from clustermap.survey.header_row import HEADER_SEARCH_ROWS
from clustermap.survey.headers import (
    ColumnMatch,
    match_columns,
    numbered_column,
    read_header,
    side_column,
)
from clustermap.survey.table import Table
from clustermap.turkish import fold

#: The library's parameter behind each option named in messages.
_PARAMETERS = {"--column": "columns", "--firms-column": "firm_columns"}
# "Tedarikçi: (Tümü)" but not a question's number, "S3: Tedarikçi Firma"
_FILTER = re.compile(r"^(?!\s*(?:s|q|soru|question)\s*\d+\b).*:\s*\S", re.IGNORECASE)


#: The longest header shown whole in a message (no longer one is read as a role).
_SHOWN = 120


def shown_header(text: str) -> str:
    """A header quoted for a message, shortened when it is no header but a pasted text.

    >>> shown_header("Tedarikçi"), shown_header("H" * 5000)[-20:]
    ("'Tedarikçi'", "' (5,000 characters)")
    """
    return quoted(text, _SHOWN)


def resolve_columns(
    table: Table, given: Mapping[str, str], vocabulary: Mapping[str, tuple[str, ...]], option: str
) -> dict[str, str | None]:
    """The columns the user chose for roles (``--column ROLE=HEADER``): role -> column, or
    ``None`` for a role given no header (``--column weight=``: read no weight column).

    HEADER is a header as written (case and Turkish letters aside) or a column's position,
    1 for the first. Roles are translated to ``vocabulary`` (the firm that answered is
    ``reported_by`` in the long layout, ``respondent`` in the others).

    Raises
    ------
    UsageError
        For a header the file does not have, naming the columns it has.
    """
    if all(role in given for role in schema.ROLE_SYNONYMS):  # one role under two names
        raise UsageError(
            "reported_by and respondent are one role (the firm that answered): give it once",
            _PARAMETERS[option],
            f"respondent={given['respondent']}",
        )
    resolved: dict[str, str | None] = {}
    for role, wanted in given.items():
        own = role if role in vocabulary else schema.ROLE_SYNONYMS.get(role, role)
        if not wanted.strip():
            resolved[own] = None
            continue
        found = _column_named(table, wanted)
        if found is None:
            listing = ", ".join(
                f"{position} {shown_header(table.original(column))}"
                for position, column in enumerate(table.positions, start=1)
                if column is not None
            )
            raise UsageError(
                f"{table.label} has no such column ({table.header_where}); its columns are "
                f"{listing}",
                _PARAMETERS[option],
                f"{role}={wanted}",
            )
        resolved[own] = found
    taken = [column for column in resolved.values() if column is not None]
    if len(taken) != len(set(taken)):
        twice = next(column for column in taken if taken.count(column) > 1)
        raise UsageError(
            f"column {table.original(twice)!r} is given to two roles", _PARAMETERS[option]
        )
    return resolved


def _column_named(table: Table, wanted: str) -> str | None:
    """The column a person means by ``wanted``: its header, in any case, or its position."""
    columns = list(table.frame.columns)
    for column in columns:
        if wanted in (column, table.original(column)):
            return column
    folded = [column for column in columns if fold(table.original(column)) == fold(wanted)]
    if len(folded) == 1:
        return folded[0]
    if wanted.strip().isdigit() and 1 <= int(wanted) <= len(table.positions):
        return table.positions[int(wanted) - 1]
    return None


def map_columns(
    table: Table,
    vocabulary: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    given: Mapping[str, str | None] | None = None,
    option: str | None = "--column",
    *,
    exclude: frozenset[str] = frozenset(),
) -> tuple[ColumnMatch, list[Issue]]:
    """Match the table's headers to roles of ``vocabulary`` (see
    :func:`clustermap.survey.headers.match_columns`); ``given`` are the columns the user
    chose (:func:`resolve_columns`) with ``option`` (``None`` when no option chooses them).

    Where several columns claim a role, one holding names beats columns holding only codes
    (no letter in any cell: account numbers beside a firm's name). Returns the match and the
    problems found: a required role with no column (naming the headers that are a typo
    away, or hold the role's words beside others), two columns claiming one role equally
    well; and warnings for a column passed over for another, and for headers that partly
    name a role no column has.
    """
    chosen = {role: column for role, column in (given or {}).items() if column is not None}
    headers = {c: table.original(c) for c in table.frame.columns if c not in exclude}
    match = match_columns(headers, vocabulary, chosen)
    for role, column in (given or {}).items():
        if column is None:  # "--column weight=": no column for the role
            match.columns.pop(role, None)
            match.how.pop(role, None)
            match.ambiguous.pop(role, None)
    issues = _names_over_codes(table, match, option)
    choose = (
        f"choose one with {option} {{role}}=HEADER (or rename the other)"
        if option
        else ("rename the other")
    )
    for role, columns in match.ambiguous.items():
        names = " and ".join(repr(table.original(column)) for column in columns)
        issues.append(
            table.header_issue(
                columns[-1],
                "ambiguous-column",
                f"columns {names} both look like the {role} column: " + choose.format(role=role),
            )
        )
    for role in vocabulary:
        if role in match.columns or role in match.ambiguous or role in (given or {}):
            continue
        hints = _hints(table, match, role, option)
        if role in required:
            issues.append(
                table.header_issue(
                    None,
                    "missing-column",
                    f"no {role} column: the header must name one, for example "
                    f"{schema.accepted_names(vocabulary, role)} (found: "
                    f"{', '.join(shown_header(table.original(h)) for h in table.frame.columns)})"
                    + (
                        f"; {hints}"
                        if hints
                        else f"; or give {option} {role}=HEADER"
                        if option
                        else ""
                    )
                    + (header_not_found(table) if option == "--column" else ""),
                )
            )
        elif hints:
            issues.append(
                Issue(
                    table.label,
                    table.header_at,
                    None,
                    "unread-column",
                    f"no column was read as the {role}; {hints}",
                    "warning",
                )
            )
    return match, issues


def _names_over_codes(table: Table, match: ColumnMatch, option: str | None) -> list[Issue]:
    """Settle the roles claimed by several columns where one holds names and the others
    codes, and warn about every column passed over for another."""
    issues = []
    for role in list(match.ambiguous) + list(match.passed_over):
        if role in match.ambiguous:
            candidates = match.ambiguous[role]
        else:
            candidates = [match.columns[role], *match.passed_over[role]]
        named = [column for column in candidates if _holds_names(table.frame[column])]
        if len(named) == 1 and len(candidates) > 1 and named[0] != match.columns.get(role):
            match.ambiguous.pop(role, None)
            match.columns[role], match.how[role] = named[0], "names"
            match.passed_over[role] = [c for c in candidates if c != named[0]]
            why = "it holds names, the other codes"
        elif role in match.ambiguous:
            continue
        else:
            why = "its header names the role more plainly"
        taken = match.columns[role]
        others = " and ".join(repr(table.original(c)) for c in match.passed_over[role])
        fix = f": {option} {role}=HEADER chooses another" if option else ""
        issues.append(
            Issue(
                table.label,
                table.header_at,
                match.passed_over[role][0],
                "second-column",
                f"{others} also {'look' if len(match.passed_over[role]) > 1 else 'looks'} "
                f"like the {role} column; {table.original(taken)!r} was read, as {why}{fix}",
                "warning",
            )
        )
    return issues


def _holds_names(column: pd.Series) -> bool:
    """Whether a column's cells hold names: a letter in some of its first distinct cells."""
    cells = pd.unique(column.to_numpy(object))[:500]
    return any(any(char.isalpha() for char in str(cell)) for cell in cells)


def _hints(table: Table, match: ColumnMatch, role: str, option: str | None) -> str:
    """What to say about the columns that nearly name ``role``: typos, extra words."""
    near = [
        (column, [word for word, of in reading.near if of == role])
        for column, reading in match.readings.items()
        if reading.role is None and any(of == role for _, of in reading.near)
    ]
    partial = [
        column
        for column, reading in match.readings.items()
        if reading.role is None and role in reading.mentions
    ]

    def use(column: str) -> str:
        return f"give {option} {role}={table.original(column)!r}" if option else "rename it"

    hints = [
        f"{table.original(column)!r} is close to {' or '.join(map(repr, words))}: did you mean "
        f"it? (rename the column, or {use(column)})"
        for column, words in near
    ]
    hints += [
        f"{table.original(column)!r} names a {role} among other words: if it holds the "
        f"{role}, {use(column)}"
        for column in partial
    ]
    return "; ".join(hints)


def columns_note(
    table: Table,
    match: ColumnMatch,
    layout: str | None = None,
    *,
    partners: str = "",
    read: frozenset[str] = frozenset(),
    unused: str = "not read",
) -> Issue:
    """An ``info`` issue saying which column was read for each role, and which were not
    (``unused`` says what became of them); ``partners`` describes the wide layout's
    partner columns, ``read``."""
    roles = []
    for role, column in match.columns.items():
        written = _shown(table, column)
        roles.append(role if fold(written) == fold(role) else f"{role} = {shown_header(written)}")
    text = ", ".join(roles) + (f" and {partners}" if partners else "")
    if layout is not None:
        text += f" ({layout} layout)"
    others = [_shown(table, column) for column in match.unused if column not in read]
    if others:
        text += f"; {unused}: {', '.join(map(shown_header, others[:8]))}"
        text += f" and {len(others) - 8} more" if len(others) > 8 else ""
    return Issue(table.label, table.header_at, None, "columns", f"columns read: {text}", "info")


def _shown(table: Table, column: str) -> str:
    """A column's header as written, or its unique name where two share a header."""
    return column if column in table.original_names else table.original(column)


#: The roles each layout reads (the firm that answered under both of its names).
LAYOUT_ROLES = {
    "long": frozenset({*schema.TIE_COLUMNS, "respondent"}),
    "respondent": frozenset({*schema.RESPONDENT_COLUMNS, "reported_by"}),
    "wide": frozenset({"respondent", "reported_by", "relation"}),
}


def detect_layout(
    table: Table, given: Mapping[str, str | None] | None = None, *, partial: bool = True
) -> str | None:
    """Which layout the header describes: ``"long"``, ``"respondent"``, ``"wide"`` or ``None``.

    ``given`` (role -> column chosen by the user) counts as found and rules out the
    layouts without that role. With ``partial``, a header that names only some roles of
    a layout gets that layout (its error then names what is missing); without, only a
    complete layout.

    >>> from clustermap.survey.load import parse_table
    >>> detect_layout(parse_table("Görüşülen firma;Ortak;Yön\\n".encode(), label="x"))
    'respondent'
    >>> detect_layout(parse_table(b"firm,supplier_1,supplier_2,customer_1\\n", label="x"))
    'wide'
    >>> detect_layout(parse_table("Tedarikçi Firmanın Adı;Müşteri Firmalar\\n".encode(),
    ...                           label="x"))
    'long'
    """
    headers = {column: table.original(column) for column in table.frame.columns}
    return _layout_of(headers, {r: c for r, c in (given or {}).items() if c}, partial)


def _layout_of(headers: Mapping[str, str], given: Mapping[str, str], partial: bool) -> str | None:
    possible = [layout for layout, roles in LAYOUT_ROLES.items() if set(given) <= roles]

    def found(vocabulary: Mapping[str, tuple[str, ...]], roles: tuple[str, ...]) -> bool:
        own = {
            schema.ROLE_SYNONYMS.get(r, r) if r not in vocabulary else r: c
            for r, c in given.items()
        }
        match = match_columns(headers, vocabulary, own)
        # two columns claiming a role still name it: the error says which to choose
        return set(roles) <= set(match.columns) | set(match.ambiguous)

    numbered = any(numbered_column(written) for written in headers.values())
    if "wide" in possible and numbered and found(schema.RESPONDENT_COLUMNS, ("respondent",)):
        return "wide"  # before long: "Tedarikçi", "Tedarikçi 2", ... are a form's columns
    if "long" in possible and found(schema.TIE_COLUMNS, schema.TIE_REQUIRED):
        return "long"
    if "respondent" in possible and found(schema.RESPONDENT_COLUMNS, schema.RESPONDENT_REQUIRED):
        return "respondent"
    if not partial:
        return None
    # a partial header: the layout it half matches names what is missing best
    if "long" in possible and any(found(schema.TIE_COLUMNS, (r,)) for r in schema.TIE_REQUIRED):
        return "long"
    respondent_roles = ("partner", "direction")
    if "respondent" in possible and any(
        found(schema.RESPONDENT_COLUMNS, (r,)) for r in respondent_roles
    ):
        return "respondent"
    return possible[0] if given and len(possible) == 1 else None


def two_readings(headers: Mapping[str, str], given: Mapping[str, str]) -> bool:
    """Whether a header read as the long layout also reads as the wide one: a firm column
    the long layout does not read beside unnumbered supplier and customer columns ("Firma;
    Tedarikçi; Müşteri": ties supplier -> customer, or one row per interviewed firm)."""
    if given or any(numbered_column(written) for written in headers.values()):
        return False
    long = match_columns(headers, schema.TIE_COLUMNS)
    if "reported_by" in long.columns or not {"supplier", "customer"} <= set(long.columns):
        return False
    sides = {long.columns["supplier"], long.columns["customer"]}
    if not all(side_column(headers[column]) for column in sides):
        return False
    answered = match_columns(headers, schema.RESPONDENT_COLUMNS).columns.get("respondent")
    return answered is not None and answered not in long.columns.values()


def ties_header_rule(
    layout: str | None, given: Mapping[str, str] | None = None
) -> Callable[[list[str]], int]:
    """How well a row of cells serves as the header of a survey of ties: 0 unless it gives
    a layout (``layout`` when one is chosen) with the columns ``given`` by name or
    position, else the number of columns it names.

    >>> rule = ties_header_rule(None)
    >>> rule(["Anket Sonuçları 2024"]), rule(["Tedarikçi", "Müşteri", "Pay"])
    (0, 3)
    >>> rule(["Supplier: (All)", "Customer: (All)", ""])  # a report's filter row
    0
    """

    def named(headers: dict[str, str], chosen: dict[str, str]) -> int:
        found = _layout_of(headers, chosen, partial=False)
        if found is None or (layout is not None and found != layout):
            return 0
        return _named(headers, chosen)

    return partial(_scored, given=given or {}, named=named)


def header_rule(
    vocabulary: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    given: Mapping[str, str] | None = None,
) -> Callable[[list[str]], int]:
    """How well a row of cells serves as the header of a file with the ``required`` roles
    of ``vocabulary`` (a firms or alias file): 0 without them, else the roles it names.

    >>> rule = header_rule(schema.FIRM_COLUMNS, schema.FIRM_REQUIRED)
    >>> rule(["Firma Listesi"]), rule(["Firmanın Adı", "Sektörü"])
    (0, 2)
    """

    def named(headers: dict[str, str], chosen: dict[str, str]) -> int:
        roles = match_columns(headers, vocabulary, chosen).columns
        return len(roles) if set(required) <= set(roles) else 0

    return partial(_scored, given=given or {}, named=named)


def _named(headers: Mapping[str, str], given: Mapping[str, str]) -> int:
    """How many columns of a header row name a role, in any vocabulary of a survey."""
    named: set[str] = set(given.values())
    for vocabulary in (schema.TIE_COLUMNS, schema.RESPONDENT_COLUMNS):
        match = match_columns(headers, vocabulary)
        named |= set(match.columns.values())
        named |= {column for columns in match.ambiguous.values() for column in columns}
    named |= {column for column, written in headers.items() if numbered_column(written)}
    return len(named)


#: A header row holding the columns the user gave beats any without them (whose score is
#: the columns it names): when no row has them, the header is still found, and the error
#: about the column given lists the header's columns.
_GIVEN_FOUND = 10**6


def _scored(
    cells: list[str],
    *,
    given: Mapping[str, str],
    named: Callable[[dict[str, str], dict[str, str]], int],
) -> int:
    """A row's score as the header: ``named(headers, chosen)``, the columns it names with
    the user's choices among them, and above any row without the columns given."""
    headers, chosen = _row_columns(cells, given)
    if chosen is None:  # a column given is not in the row: the header if none has it
        return named(headers, {})
    return (_GIVEN_FOUND if chosen else 1) * named(headers, chosen)


def _row_columns(
    cells: list[str], given: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str] | None]:
    """A candidate header row as columns, and the user's choices among them (``None`` when
    a chosen header is not in the row). A cell that gives a value after a colon
    ("Tedarikçi: (Tümü)", a report's filter) names no column."""
    headers = {
        f"{position}": cell
        for position, cell in enumerate(cells, start=1)
        if cell and not _FILTER.search(cell)
    }
    chosen: dict[str, str] = {}
    for role, wanted in given.items():
        if not wanted.strip():
            continue
        named = [k for k, cell in headers.items() if fold(cell) == fold(wanted)]
        if named:
            chosen[role] = named[0]
        elif wanted.strip().isdigit() and wanted.strip() in headers:
            chosen[role] = wanted.strip()
        else:
            return headers, None
    return headers, chosen


def header_not_found(table: Table) -> str:
    """What to say when no row of the header search named the columns: that the header may
    be further down, unless the row read as the header is plainly one (a column of it names
    a role, holds a role's words, or is a typo away from one)."""
    if table.header_found is not False or plainly_a_header(table):
        return ""
    return (
        f" (no row among the first {HEADER_SEARCH_ROWS} names the columns of a layout: "
        f"if the header is further down, give --header-row with its {table.row_word}; if "
        "the file has none, --header-row 0 names the columns by their numbers: "
        "--column supplier=1)"
    )


def plainly_a_header(table: Table) -> bool:
    """Whether a column of the row read as the header names a role of a survey, holds a
    role's words among others, or is a typo away from one: then the header is this row."""
    for column in table.frame.columns:
        written = table.original(column)
        if numbered_column(written):
            return True
        for vocabulary in (schema.TIE_COLUMNS, schema.RESPONDENT_COLUMNS):
            reading = read_header(vocabulary, written)
            if reading.role is not None or reading.mentions or reading.near:
                return True
    return False


def layout_hints(table: Table) -> str:
    """Typos among the headers of a survey whose layout is not recognised."""
    hints = []
    for column in table.frame.columns:
        written = table.original(column)
        for vocabulary in (schema.TIE_COLUMNS, schema.RESPONDENT_COLUMNS):
            near = read_header(vocabulary, written).near
            if near:
                words = " or ".join(repr(word) for word, _ in near)
                hints.append(f"{written!r} is close to {words}")
                break
    return f"; did you mean: {'; '.join(hints)}?" if hints else ""
