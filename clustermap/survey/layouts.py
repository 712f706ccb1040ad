"""Survey layouts -> one canonical table of raw ties.

Surveys are recorded in three shapes, all turned into the same table here:

* **long**: one row per tie, supplier and customer columns (edge lists, most exports);
* **respondent**: one row per answer, as interviews are recorded: the firm interviewed,
  the partner it named, and whether that partner is its supplier or its customer;
* **wide**: one row per interviewed firm with numbered columns ``supplier_1`` ...
  ``customer_k`` (and optionally ``supplier_1_share`` ...), as form tools export them.

Every layout gives the columns of :data:`RAW_TIE_COLUMNS`: text cells, the firm that
reported the tie (empty when the layout does not say), the header of the weight cell (for
messages) and the line of the row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from clustermap.errors import Issue, UsageError, quoted
from clustermap.survey import schema
from clustermap.survey.headers import (
    ColumnMatch,
    match_columns,
    numbered_column,
    read_header,
    side_column,
)
from clustermap.survey.load import HEADER_SEARCH_ROWS, Table
from clustermap.turkish import fold

__all__ = [
    "RAW_TIE_COLUMNS",
    "LayoutResult",
    "columns_note",
    "detect_layout",
    "header_rule",
    "layout_ties",
    "map_columns",
    "resolve_columns",
    "ties_header_rule",
]

#: Columns of the raw ties table every layout produces.
RAW_TIE_COLUMNS = (
    "supplier",
    "customer",
    "weight",
    "relation",
    "reported_by",
    "supplier_column",
    "customer_column",
    "weight_column",
    "line",
)
_LAYOUT_HELP = (
    "it needs supplier and customer columns (one row per tie), or respondent, partner and "
    "direction columns (one row per answer), or a respondent column with supplier_1, "
    "customer_1, ... columns (one row per firm)"
)
_DEFAULTS = {"weight": "1", "relation": "supply", "reported_by": ""}


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
    resolved: dict[str, str | None] = {}
    for role, wanted in given.items():
        own = role if role in vocabulary else schema.ROLE_SYNONYMS.get(role, role)
        if not wanted.strip():
            resolved[own] = None
            continue
        found = _column_named(table, wanted)
        if found is None:
            listing = ", ".join(
                f"{position} {table.original(column)!r}"
                for position, column in enumerate(table.positions, start=1)
                if column is not None
            )
            raise UsageError(
                f"{table.label} has no such column (header on {table.row_word} "
                f"{table.header_line}); its columns are {listing}",
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
                    f"{', '.join(repr(table.original(h)) for h in table.frame.columns)})"
                    + (
                        f"; {hints}"
                        if hints
                        else f"; or give {option} {role}=HEADER"
                        if option
                        else ""
                    )
                    + (_not_found(table) if option == "--column" else ""),
                )
            )
        elif hints:
            issues.append(
                Issue(
                    table.label,
                    table.header_line,
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
                table.header_line,
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
        roles.append(role if fold(written) == fold(role) else f"{role} = {written!r}")
    text = ", ".join(roles) + (f" and {partners}" if partners else "")
    if layout is not None:
        text += f" ({layout} layout)"
    others = [_shown(table, column) for column in match.unused if column not in read]
    if others:
        text += f"; {unused}: {', '.join(map(repr, others[:8]))}"
        text += f" and {len(others) - 8} more" if len(others) > 8 else ""
    return Issue(table.label, table.header_line, None, "columns", f"columns read: {text}", "info")


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

    def score(cells: list[str]) -> int:
        headers, chosen = _row_columns(cells, given or {})
        if chosen is None:
            return 0
        found = _layout_of(headers, chosen, partial=False)
        if found is None or (layout is not None and found != layout):
            return 0
        return _named(headers, chosen)

    return score


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

    def score(cells: list[str]) -> int:
        headers, chosen = _row_columns(cells, given or {})
        if chosen is None:
            return 0
        named = match_columns(headers, vocabulary, chosen).columns
        return len(named) if set(required) <= set(named) else 0

    return score


def _named(headers: Mapping[str, str], given: Mapping[str, str]) -> int:
    """How many columns of a header row name a role, in any vocabulary of a survey."""
    named: set[str] = set(given.values())
    for vocabulary in (schema.TIE_COLUMNS, schema.RESPONDENT_COLUMNS):
        match = match_columns(headers, vocabulary)
        named |= set(match.columns.values())
        named |= {column for columns in match.ambiguous.values() for column in columns}
    named |= {column for column, written in headers.items() if numbered_column(written)}
    return len(named)


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


@dataclass(frozen=True)
class LayoutResult:
    """A survey table read in one layout.

    Attributes
    ----------
    layout : str
        ``"long"``, ``"respondent"`` or ``"wide"``.
    ties : pandas.DataFrame
        Raw ties (:data:`RAW_TIE_COLUMNS`): text cells, the headers each name came from (for
        messages) and the line of the row.
    columns : dict
        Role -> header, for messages.
    issues : list of Issue
        Problems with the header and the rows.
    names : list of str
        Every cell naming a firm, each counted once as written in the file.
    respondents : list of str
        Every firm that answered, including those who named no partner.
    weighted : bool
        Whether a weight column was read (else every tie has weight 1).
    """

    layout: str
    ties: pd.DataFrame
    columns: dict[str, str]
    issues: list[Issue]
    names: list[str] = field(default_factory=list)
    respondents: list[str] = field(default_factory=list)
    weighted: bool = False


def layout_ties(
    table: Table,
    layout: str | None = None,
    given: Mapping[str, str] | None = None,
    *,
    read_weights: bool = True,
) -> LayoutResult:
    """Read a survey table in ``layout`` (detected from the header when ``None``).

    ``given`` maps roles to the headers the user chose for them (``--column``); without
    ``read_weights`` (``--weights unweighted``) no weight column is read. When the header
    has an error, the ties table is empty. The issues begin with a note saying which
    column was read for each role.

    >>> from clustermap.survey.load import parse_table
    >>> table = parse_table("Tedarikçi,Müşteri\\nA,B\\n".encode(), label="t.csv")
    >>> result = layout_ties(table)
    >>> result.layout, result.ties[["supplier", "customer", "weight", "line"]].values.tolist()
    ('long', [['A', 'B', '1', 2]])
    >>> result.issues[0].message
    "columns read: supplier = 'Tedarikçi', customer = 'Müşteri' (long layout)"
    """
    chosen_columns = resolve_columns(table, given or {}, _ALL_TIE_ROLES, "--column")
    chosen = layout or detect_layout(table, chosen_columns)
    headers = {column: table.original(column) for column in table.frame.columns}
    if layout is None and chosen == "long" and two_readings(headers, given or {}):
        names = ", ".join(map(repr, headers.values()))
        return LayoutResult(
            "long",
            _frame([]),
            {},
            [
                table.header_issue(
                    None,
                    "ambiguous-layout",
                    f"the header ({names}) reads two ways: one row per tie, supplier -> "
                    "customer (--layout long; the firm column is then not read), or one row "
                    "per interviewed firm with its supplier and its customer (--layout "
                    "wide): say which with --layout",
                )
            ],
        )
    if chosen is None:
        others = (
            f"; the workbook's other sheets are {', '.join(map(repr, table.sheets[1:]))}"
            " (choose one with --sheet)"
            if len(table.sheets) > 1
            else ""
        )
        hints = _layout_hints(table)
        return LayoutResult(
            "long",
            _frame([]),
            {},
            [
                table.header_issue(
                    None,
                    "unknown-layout",
                    f"cannot tell how this survey is laid out: {_LAYOUT_HELP} "
                    f"(found on {table.row_word} {table.header_line}: "
                    f"{', '.join(repr(table.original(h)) for h in table.frame.columns)})"
                    f"{hints}{others}; --column ROLE=HEADER says which column is which"
                    f"{_not_found(table)}",
                )
            ],
        )
    outside = sorted(set(given or {}) - LAYOUT_ROLES[chosen])
    if outside:
        raise UsageError(
            f"the {chosen} layout has no {outside[0]} column (its columns: "
            f"{', '.join(sorted(LAYOUT_ROLES[chosen]))})",
            "columns",
            outside[0],
        )
    if not read_weights:
        chosen_columns["weight"] = None
    return _READERS[chosen](table, chosen_columns)


_ALL_TIE_ROLES = dict.fromkeys(schema.TIE_ROLES, ())
#: The library's parameter behind each option named in messages.
_PARAMETERS = {"--column": "columns", "--firms-column": "firm_columns"}
# "Tedarikçi: (Tümü)" but not a question's number, "S3: Tedarikçi Firma"
_FILTER = re.compile(r"^(?!\s*(?:s|q|soru|question)\s*\d+\b).*:\s*\S", re.IGNORECASE)


def _not_found(table: Table) -> str:
    """What to say when no row of the header search named the columns."""
    if table.header_found is not False:
        return ""
    return (
        f" (no row among the first {HEADER_SEARCH_ROWS} names the columns of a layout: "
        f"if the header is further down, give --header-row with its {table.row_word})"
    )


def _layout_hints(table: Table) -> str:
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


def _long(table: Table, given: Mapping[str, str | None]) -> LayoutResult:
    match, issues = map_columns(table, schema.TIE_COLUMNS, schema.TIE_REQUIRED, given)
    columns = match.columns
    if any(issue.is_error for issue in issues):
        return LayoutResult("long", _frame([]), columns, issues)
    frame = table.frame
    ties = pd.DataFrame(
        {
            role: frame[columns[role]] if role in columns else _DEFAULTS[role]
            for role in ("supplier", "customer", "weight", "relation", "reported_by")
        },
        index=frame.index,
        dtype=object,
    )
    ties["supplier_column"] = columns["supplier"]
    ties["customer_column"] = columns["customer"]
    ties["weight_column"] = columns.get("weight", "weight")
    ties["line"] = frame.index.astype(int)
    names = frame[columns["supplier"]].tolist() + frame[columns["customer"]].tolist()
    respondents = list(frame[columns["reported_by"]]) if "reported_by" in columns else []
    return LayoutResult(
        "long",
        ties.reset_index(drop=True)[list(RAW_TIE_COLUMNS)],
        columns,
        [columns_note(table, match, "long"), *issues],
        names + respondents,
        respondents,
        "weight" in columns,
    )


def _respondent(table: Table, given: Mapping[str, str | None]) -> LayoutResult:
    match, issues = map_columns(table, schema.RESPONDENT_COLUMNS, schema.RESPONDENT_REQUIRED, given)
    columns = match.columns
    if any(issue.is_error for issue in issues):
        return LayoutResult("respondent", _frame([]), columns, issues)
    issues.insert(0, columns_note(table, match, "respondent"))
    rows = []
    names: list[str] = []
    respondents: list[str] = []
    for line, record in zip(table.frame.index, table.frame.to_dict("records"), strict=True):
        respondent, partner = record[columns["respondent"]], record[columns["partner"]]
        names += [respondent, partner]
        respondents.append(respondent)
        said = record[columns["direction"]]
        side = schema.direction(said)
        if side is None:
            issues.append(
                Issue(
                    table.label,
                    int(line),
                    columns["direction"],
                    "bad-direction",
                    f"direction {quoted(said)} does not say whether the partner is a supplier "
                    "or a customer: write supplier/customer (tedarikçi/müşteri, or T/M)",
                )
            )
            continue
        rows.append(
            _raw(
                columns,
                record,
                int(line),
                side,
                partner,
                columns["partner"],
                respondent,
                columns["respondent"],
            )
        )
    return LayoutResult(
        "respondent", _frame(rows), columns, issues, names, respondents, "weight" in columns
    )


def _wide(table: Table, given: Mapping[str, str | None]) -> LayoutResult:
    partner_columns = frozenset(
        column
        for column in table.frame.columns
        if numbered_column(table.original(column)) or side_column(table.original(column))
    )
    match, issues = map_columns(
        table, schema.RESPONDENT_COLUMNS, ("respondent",), given, exclude=partner_columns
    )
    columns = match.columns
    taken = set(columns.values())
    slots = _wide_slots(table, issues, taken, read_weights=given.get("weight", "") is not None)
    if not slots:
        issues.append(
            table.header_issue(
                None,
                "missing-column",
                "no numbered partner columns: a wide survey has columns such as supplier_1, "
                "supplier_2, customer_1 (tedarikçi 1, müşteri 1) after the respondent column",
            )
        )
    if any(issue.is_error for issue in issues):
        return LayoutResult("wide", _frame([]), columns, issues)
    issues.insert(0, _wide_note(table, match, slots))
    rows = []
    names: list[str] = []
    respondents: list[str] = []
    shared = columns.get("weight")  # one weight column for every partner of the row
    for line, record in zip(table.frame.index, table.frame.to_dict("records"), strict=True):
        respondent = record[columns["respondent"]]
        names.append(respondent)
        respondents.append(respondent)
        for (side, number), slot in sorted(slots.items()):
            partner = str(record[slot["name"]]).strip()
            share = slot.get("weight") or shared
            if not partner:  # fewer partners than columns: the rest is left empty
                if slot.get("weight") and str(record[slot["weight"]]).strip():
                    issues.append(
                        Issue(
                            table.label,
                            int(line),
                            slot["weight"],
                            "share-without-partner",
                            f"a share is given but no {side} {number}: the share was ignored "
                            "(fill in the partner, or clear the share)",
                            "warning",
                        )
                    )
                continue
            names.append(partner)
            rows.append(
                {
                    **_raw(
                        columns,
                        record,
                        int(line),
                        side,
                        partner,
                        slot["name"],
                        respondent,
                        columns["respondent"],
                    ),
                    "weight": record[share] if share else _DEFAULTS["weight"],
                    "weight_column": share or "weight",
                }
            )
    issues.extend(_missing_shares(table, slots, rows))
    weighted = shared is not None or any("weight" in slot for slot in slots.values())
    return LayoutResult("wide", _frame(rows), columns, issues, names, respondents, weighted)


def _missing_shares(
    table: Table, slots: dict[tuple[str, int], dict[str, str]], rows: list[dict[str, object]]
) -> list[Issue]:
    """Partners without a share column beside partners with one: their ties have no weight,
    an error as an empty weight cell of the long layout is (a weight of 1 beside shares of
    30 would be averaged into 15.5)."""
    with_shares = [slot["weight"] for slot in slots.values() if "weight" in slot]
    if not with_shares:
        return []
    issues = []
    for (side, number), slot in sorted(slots.items()):
        if "weight" in slot:
            continue
        lines = [row["line"] for row in rows if row[f"{side}_column"] == slot["name"]]
        if not lines:
            continue
        header = table.original(slot["name"])
        shares = ", ".join(repr(table.original(h)) for h in with_shares[:3])
        issues.append(
            Issue(
                table.label,
                int(lines[0]),  # type: ignore[call-overload]
                slot["name"],
                "missing-share",
                f"{side} {number} ({header!r}) has no share column while other partners have "
                f"one ({shares}{', …' if len(with_shares) > 3 else ''}), so its "
                f"{len(lines)} tie{'s' if len(lines) != 1 else ''} ({table.row_word}"
                f"{'s' if len(lines) != 1 else ''} {_line_list(lines)}) "
                f"{'have' if len(lines) != 1 else 'has'} no weight: add a column "
                f"{header + ' share'!r} with the shares, or give --weights unweighted to "
                "read no shares at all",
            )
        )
    return issues


def _line_list(lines: list[object], shown: int = 5) -> str:
    """Lines for a message: the first few, then how many more."""
    text = ", ".join(map(str, lines[:shown]))
    return text + (f" and {len(lines) - shown} more" if len(lines) > shown else "")


def _wide_note(
    table: Table, match: ColumnMatch, slots: dict[tuple[str, int], dict[str, str]]
) -> Issue:
    """The columns note of a wide survey: the respondent column and the partner columns."""
    partners = []
    for side in schema.WIDE_SIDES:
        own = [slot for (s, _), slot in sorted(slots.items()) if s == side]
        if own:
            shares = sum("weight" in slot for slot in own)
            partners.append(
                f"{len(own)} {side} column{'s' if len(own) != 1 else ''}"
                + (f" ({shares} with shares)" if shares else "")
            )
    read = frozenset(header for slot in slots.values() for header in slot.values())
    return columns_note(table, match, "wide", partners=" and ".join(partners), read=read)


def _wide_slots(
    table: Table, issues: list[Issue], taken: set[str], *, read_weights: bool = True
) -> dict[tuple[str, int], dict[str, str]]:
    """The numbered partner columns: (side, number) -> {"name": header, "weight": header}.

    A column named after a side without a number ("Tedarikçi", "Müşteri Payı") is partner 1
    of that side (or its share) unless a numbered column is; two columns claiming one slot
    are an error. Share columns are left out when no weights are read.
    """
    slots: dict[tuple[str, int], dict[str, str]] = {}
    bare: dict[tuple[str, str], str] = {}
    for header in table.frame.columns:
        if header in taken:
            continue
        written = table.original(header)
        found = numbered_column(written)
        if found is None:
            unnumbered = side_column(written)
            if unnumbered is not None and not (unnumbered[1] == "weight" and not read_weights):
                bare.setdefault(unnumbered, header)
            continue
        side, number, kind = found
        if kind == "weight" and not read_weights:
            continue
        slot = slots.setdefault((side, number), {})
        if kind in slot:
            issues.append(
                table.header_issue(
                    header,
                    "ambiguous-column",
                    f"columns {table.original(slot[kind])!r} and {written!r} both look like "
                    f"{'the share of ' if kind == 'weight' else ''}{side} {number}: rename or "
                    "delete one of them",
                )
            )
        slot[kind] = header
    for (side, kind), header in bare.items():  # an unnumbered column: partner 1 of its side
        slots.setdefault((side, 1), {}).setdefault(kind, header)
    for (side, number), slot in sorted(slots.items()):
        if "name" not in slot:
            issues.append(
                table.header_issue(
                    slot["weight"],
                    "orphan-share-column",
                    f"there is no {side}_{number} column for this share column: rename one of "
                    "them so that they match",
                )
            )
    return slots


def _raw(
    columns: dict[str, str],
    record: dict[Any, str],
    line: int,
    side: str,
    partner: str,
    partner_column: str,
    respondent: str,
    respondent_column: str,
) -> dict[str, object]:
    """One raw tie between a respondent and a partner that is its ``side`` (supplier or
    customer)."""
    if side == "supplier":
        supplier, customer = (partner, partner_column), (respondent, respondent_column)
    else:
        supplier, customer = (respondent, respondent_column), (partner, partner_column)
    return {
        "supplier": supplier[0],
        "customer": customer[0],
        "weight": record[columns["weight"]] if "weight" in columns else _DEFAULTS["weight"],
        "relation": record[columns["relation"]] if "relation" in columns else "supply",
        "reported_by": respondent,
        "supplier_column": supplier[1],
        "customer_column": customer[1],
        "weight_column": columns.get("weight", "weight"),
        "line": line,
    }


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(RAW_TIE_COLUMNS), dtype=object)


_READERS: dict[str, Callable[[Table, Mapping[str, str | None]], LayoutResult]] = {
    "long": _long,
    "respondent": _respondent,
    "wide": _wide,
}
