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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pandas as pd

from clustermap.errors import Issue, UsageError, quoted
from clustermap.survey import schema
from clustermap.survey.columns import (
    LAYOUT_ROLES,
    columns_note,
    detect_layout,
    header_not_found,
    layout_hints,
    map_columns,
    resolve_columns,
    shown_header,
    two_readings,
)
from clustermap.survey.headers import ColumnMatch, numbered_column, share_column, side_column
from clustermap.survey.table import Table

__all__ = ["RAW_TIE_COLUMNS", "LayoutResult", "layout_ties"]

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
        hints = layout_hints(table)
        found_where = (
            f"on {table.row_word} {table.header_line}"
            if table.header_line
            else f"in a file with {table.header_where}"
        )
        return LayoutResult(
            "long",
            _frame([]),
            {},
            [
                table.header_issue(
                    None,
                    "unknown-layout",
                    f"cannot tell how this survey is laid out: {_LAYOUT_HELP} "
                    f"(found {found_where}: "
                    f"{', '.join(shown_header(table.original(h)) for h in table.frame.columns)})"
                    f"{hints}{others}; --column ROLE=HEADER says which column is which"
                    f"{header_not_found(table)}",
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
    result = _READERS[chosen](table, chosen_columns)
    result.issues.extend(_header_like_a_tie(table, given or {}, chosen_columns))
    return result


#: Roles whose columns hold firm names.
_NAME_ROLES = frozenset({"supplier", "customer", "respondent", "partner", "reported_by"})


def _header_like_a_tie(
    table: Table, given: Mapping[str, str], chosen: Mapping[str, str | None]
) -> list[Issue]:
    """A warning when columns given by number have headers that are firms of the rows below:
    the file has no header row, and its first tie was read as the column names."""
    by_number = any(wanted.strip().isdigit() for wanted in given.values())
    names = [
        column for role, column in chosen.items() if column is not None and role in _NAME_ROLES
    ]
    if not table.header_line or not by_number or not names:
        return []
    firms = set().union(*(table.frame[column].unique() for column in names))
    repeated = [table.original(column) for column in names if table.original(column) in firms]
    if not repeated:
        return []
    return [
        Issue(
            table.label,
            table.header_line,
            None,
            "header-like-a-tie",
            f"{table.row_word} {table.header_line} was read as the header (the column names), "
            f"but {repeated[0]!r} is also a firm of the rows below: if {table.row_word} "
            f"{table.header_line} is a tie, give --header-row 0 (no header row; the columns "
            "are named by their numbers, as in --column supplier=1)",
            "warning",
        )
    ]


_ALL_TIE_ROLES = dict.fromkeys(schema.TIE_ROLES, ())


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
    # an interviewed firm that named no partner: a row with nothing but the respondent
    answer = [
        columns[role] for role in ("partner", "direction", "weight", "relation") if role in columns
    ]
    for line, record in zip(table.frame.index, table.frame.to_dict("records"), strict=True):
        respondent, partner = record[columns["respondent"]], record[columns["partner"]]
        respondents.append(respondent)
        if not any(str(record[column]).strip() for column in answer):
            names.append(respondent)  # a firm of the network, with no tie (an isolate)
            continue
        names += [respondent, partner]
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
    read_weights = given.get("weight", "") is not None
    beside = _shares_beside(table) if read_weights and "weight" not in given else {}
    partner_columns = frozenset(
        column
        for column in table.frame.columns
        if numbered_column(table.original(column)) or side_column(table.original(column))
    ) | frozenset(beside)
    match, issues = map_columns(
        table, schema.RESPONDENT_COLUMNS, ("respondent",), given, exclude=partner_columns
    )
    columns = match.columns
    taken = set(columns.values())
    slots = _wide_slots(table, issues, taken, read_weights=read_weights, beside=beside)
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
    table: Table,
    issues: list[Issue],
    taken: set[str],
    *,
    read_weights: bool = True,
    beside: Mapping[str, tuple[str, int, str]] | None = None,
) -> dict[tuple[str, int], dict[str, str]]:
    """The numbered partner columns: (side, number) -> {"name": header, "weight": header}.

    A column named after a side without a number ("Tedarikçi", "Müşteri Payı") is partner 1
    of that side (or its share) unless a numbered column is; two columns claiming one slot
    are an error. ``beside``: the share columns that name no side, each the share of the
    partner column before it (:func:`_shares_beside`). Share columns are left out when no
    weights are read.
    """
    slots: dict[tuple[str, int], dict[str, str]] = {}
    bare: dict[tuple[str, str], str] = {}
    beside = beside or {}
    for header in table.frame.columns:
        if header in taken:
            continue
        written = table.original(header)
        found = beside.get(header) or numbered_column(written)
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


def _shares_beside(table: Table) -> dict[str, tuple[str, int, str]]:
    """Share columns that name no side (``share_2``, ``Pay 2``, ``%``), each right after a
    partner column: header -> (side, number, ``"weight"``) of that partner.

    A numbered one is that partner's share when the numbers agree; an unnumbered one only
    when every partner column is followed by one, as form tools lay them out (a single
    ``share`` after the last partner is the row's weight for every partner, as before).
    """
    headers = list(table.frame.columns)
    names = {header: _partner_name(table, header) for header in headers}
    partners = sum(reading is not None for reading in names.values())
    numbered: dict[str, tuple[str, int, str]] = {}
    unnumbered: dict[str, tuple[str, int, str]] = {}
    for before, header in pairwise(headers):
        reading = names[before]
        share = None if reading is None else share_column(table.original(header))
        if reading is None or share is None:
            continue
        if share[0] is None:
            unnumbered[header] = (*reading, "weight")
        elif share[0] == reading[1]:
            numbered[header] = (*reading, "weight")
    if unnumbered and len(numbered) + len(unnumbered) == partners:
        numbered.update(unnumbered)
    return numbered


def _partner_name(table: Table, header: str | None) -> tuple[str, int] | None:
    """(side, number) of a partner name column of the wide layout (an unnumbered one is
    number 1); ``None`` for any other column."""
    if header is None:
        return None
    written = table.original(header)
    numbered = numbered_column(written)
    if numbered is not None:
        return (numbered[0], numbered[1]) if numbered[2] == "name" else None
    unnumbered = side_column(written)
    return (unnumbered[0], 1) if unnumbered is not None and unnumbered[1] == "name" else None


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
