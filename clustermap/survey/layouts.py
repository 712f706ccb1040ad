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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from clustermap.errors import Issue
from clustermap.survey import schema
from clustermap.survey.load import Table

__all__ = ["RAW_TIE_COLUMNS", "LayoutResult", "detect_layout", "layout_ties", "map_columns"]

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


def map_columns(
    table: Table, vocabulary: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[dict[str, str], list[Issue]]:
    """Match the table's headers to roles of ``vocabulary``.

    Returns ``{role: header}`` and the problems found: a required role with no column, or
    two columns claiming the same role.
    """
    found: dict[str, str] = {}
    issues: list[Issue] = []
    for header in table.frame.columns:
        role = schema.role(vocabulary, table.original(header))
        if role is None:
            continue
        if role in found:
            issues.append(
                table.header_issue(
                    header,
                    "ambiguous-column",
                    f"columns {table.original(found[role])!r} and {table.original(header)!r} both "
                    f"look like the {role} column: rename or delete one of them",
                )
            )
            continue
        found[role] = header
    for role in required:
        if role not in found:
            issues.append(
                table.header_issue(
                    None,
                    "missing-column",
                    f"no {role} column: the header must name one, for example "
                    f"{schema.accepted_names(vocabulary, role)} "
                    f"(found: {', '.join(repr(h) for h in table.frame.columns)})",
                )
            )
    return found, issues


def detect_layout(table: Table) -> str | None:
    """Which layout the header describes: ``"long"``, ``"respondent"``, ``"wide"`` or ``None``.

    >>> from clustermap.survey.load import parse_table
    >>> detect_layout(parse_table("Görüşülen firma;Ortak;Yön\\n".encode(), label="x"))
    'respondent'
    >>> detect_layout(parse_table(b"firm,supplier_1,supplier_2,customer_1\\n", label="x"))
    'wide'
    """
    headers = [table.original(header) for header in table.frame.columns]

    def has(vocabulary: dict[str, tuple[str, ...]], roles: tuple[str, ...]) -> bool:
        present = {schema.role(vocabulary, header) for header in headers}
        return set(roles) <= present

    numbered = any(schema.wide_column(header) for header in headers)
    if numbered and has(schema.RESPONDENT_COLUMNS, ("respondent",)):
        return "wide"  # before long: "Tedarikçi", "Tedarikçi 2", ... are a form's columns
    if has(schema.TIE_COLUMNS, schema.TIE_REQUIRED):
        return "long"
    if has(schema.RESPONDENT_COLUMNS, schema.RESPONDENT_REQUIRED):
        return "respondent"
    # a partial header: the layout it half matches names what is missing best
    if any(has(schema.TIE_COLUMNS, (role,)) for role in schema.TIE_REQUIRED):
        return "long"
    if any(has(schema.RESPONDENT_COLUMNS, (role,)) for role in ("partner", "direction")):
        return "respondent"
    return None


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
    """

    layout: str
    ties: pd.DataFrame
    columns: dict[str, str]
    issues: list[Issue]
    names: list[str] = field(default_factory=list)
    respondents: list[str] = field(default_factory=list)


def layout_ties(table: Table, layout: str | None = None) -> LayoutResult:
    """Read a survey table in ``layout`` (detected from the header when ``None``).

    When the header has an error, the ties table is empty.

    >>> from clustermap.survey.load import parse_table
    >>> table = parse_table("Tedarikçi,Müşteri\\nA,B\\n".encode(), label="t.csv")
    >>> result = layout_ties(table)
    >>> result.layout, result.ties[["supplier", "customer", "weight", "line"]].values.tolist()
    ('long', [['A', 'B', '1', 2]])
    """
    chosen = layout or detect_layout(table)
    if chosen is None:
        others = (
            f"; the workbook's other sheets are {', '.join(map(repr, table.sheets[1:]))}"
            " (choose one with --sheet)"
            if len(table.sheets) > 1
            else ""
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
                    f"(found: {', '.join(repr(h) for h in table.frame.columns)}){others}",
                )
            ],
        )
    return _READERS[chosen](table)


def _long(table: Table) -> LayoutResult:
    columns, issues = map_columns(table, schema.TIE_COLUMNS, schema.TIE_REQUIRED)
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
        issues,
        names + respondents,
        respondents,
    )


def _respondent(table: Table) -> LayoutResult:
    columns, issues = map_columns(table, schema.RESPONDENT_COLUMNS, schema.RESPONDENT_REQUIRED)
    if any(issue.is_error for issue in issues):
        return LayoutResult("respondent", _frame([]), columns, issues)
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
                    f"direction {said!r} does not say whether the partner is a supplier or a "
                    "customer: write supplier/customer (tedarikçi/müşteri, or T/M)",
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
    return LayoutResult("respondent", _frame(rows), columns, issues, names, respondents)


def _wide(table: Table) -> LayoutResult:
    columns, issues = map_columns(table, schema.RESPONDENT_COLUMNS, ("respondent",))
    slots = _wide_slots(table, issues)
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
    rows = []
    names: list[str] = []
    respondents: list[str] = []
    for line, record in zip(table.frame.index, table.frame.to_dict("records"), strict=True):
        respondent = record[columns["respondent"]]
        names.append(respondent)
        respondents.append(respondent)
        for (side, number), slot in sorted(slots.items()):
            partner = str(record[slot["name"]]).strip()
            share = slot.get("weight")
            if not partner:  # fewer partners than columns: the rest is left empty
                if share and str(record[share]).strip():
                    issues.append(
                        Issue(
                            table.label,
                            int(line),
                            share,
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
    return LayoutResult("wide", _frame(rows), columns, issues, names, respondents)


def _wide_slots(table: Table, issues: list[Issue]) -> dict[tuple[str, int], dict[str, str]]:
    """The numbered partner columns: (side, number) -> {"name": header, "weight": header}.

    A column named after a side without a number ("Tedarikçi") is partner 1 of that side
    when the side has numbered columns too; two columns claiming one slot are an error.
    """
    slots: dict[tuple[str, int], dict[str, str]] = {}
    bare: dict[str, str] = {}
    for header in table.frame.columns:
        written = table.original(header)
        found = schema.wide_column(written)
        if found is None:
            side = schema.role(schema.WIDE_SIDES, written)
            if side is not None:
                bare[side] = header
            continue
        side, number, kind = found
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
    for side, header in bare.items():
        if any(s == side for s, _ in slots) and "name" not in slots.get((side, 1), {}):
            slots.setdefault((side, 1), {})["name"] = header
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


_READERS: dict[str, Callable[[Table], LayoutResult]] = {
    "long": _long,
    "respondent": _respondent,
    "wide": _wide,
}
