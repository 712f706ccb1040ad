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
from typing import Any

import pandas as pd

from clustermap.errors import Issue
from clustermap.survey import schema
from clustermap.survey.load import Table

__all__ = ["RAW_TIE_COLUMNS", "detect_layout", "layout_ties", "map_columns"]

#: Columns of the raw ties table every layout produces.
RAW_TIE_COLUMNS = (
    "supplier",
    "customer",
    "weight",
    "relation",
    "reported_by",
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
                Issue(
                    table.label,
                    table.header_line,
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
                Issue(
                    table.label,
                    table.header_line,
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

    if has(schema.TIE_COLUMNS, schema.TIE_REQUIRED):
        return "long"
    if has(schema.RESPONDENT_COLUMNS, schema.RESPONDENT_REQUIRED):
        return "respondent"
    numbered = any(schema.wide_column(header) for header in headers)
    if numbered and has(schema.RESPONDENT_COLUMNS, ("respondent",)):
        return "wide"
    # a partial header: the layout it half matches names what is missing best
    if any(has(schema.TIE_COLUMNS, (role,)) for role in schema.TIE_REQUIRED):
        return "long"
    if any(has(schema.RESPONDENT_COLUMNS, (role,)) for role in ("partner", "direction")):
        return "respondent"
    return None


def layout_ties(
    table: Table, layout: str | None = None
) -> tuple[str, pd.DataFrame, dict[str, str], list[Issue]]:
    """Read a survey table in ``layout`` (detected from the header when ``None``).

    Returns the layout used, the raw ties (:data:`RAW_TIE_COLUMNS`), the header of each
    role (for messages) and the problems with the header; when one is an error the ties
    table may be empty.

    >>> from clustermap.survey.load import parse_table
    >>> table = parse_table("Tedarikçi,Müşteri\\nA,B\\n".encode(), label="t.csv")
    >>> layout, ties, columns, issues = layout_ties(table)
    >>> layout, ties.drop(columns="weight_column").to_dict("records"), issues
    ('long', [{'supplier': 'A', 'customer': 'B', 'weight': '1', 'relation': 'supply', \
'reported_by': '', 'line': 2}], [])
    """
    chosen = layout or detect_layout(table)
    if chosen is None:
        return (
            "long",
            _empty(),
            {},
            [
                Issue(
                    table.label,
                    table.header_line,
                    None,
                    "unknown-layout",
                    f"cannot tell how this survey is laid out: {_LAYOUT_HELP} "
                    f"(found: {', '.join(repr(h) for h in table.frame.columns)})",
                )
            ],
        )
    ties, columns, issues = _READERS[chosen](table)
    return chosen, ties, columns, issues


def _long(table: Table) -> tuple[pd.DataFrame, dict[str, str], list[Issue]]:
    columns, issues = map_columns(table, schema.TIE_COLUMNS, schema.TIE_REQUIRED)
    if any(issue.is_error for issue in issues):
        return _empty(), columns, issues
    frame = table.frame
    ties = pd.DataFrame(
        {
            role: frame[columns[role]] if role in columns else _DEFAULTS[role]
            for role in ("supplier", "customer", "weight", "relation", "reported_by")
        },
        index=frame.index,
        dtype=object,
    )
    ties["weight_column"] = columns.get("weight", "weight")
    ties["line"] = frame.index.astype(int)
    return ties.reset_index(drop=True), columns, issues


def _respondent(table: Table) -> tuple[pd.DataFrame, dict[str, str], list[Issue]]:
    columns, issues = map_columns(table, schema.RESPONDENT_COLUMNS, schema.RESPONDENT_REQUIRED)
    if any(issue.is_error for issue in issues):
        return _empty(), columns, issues
    rows = []
    for line, record in zip(table.frame.index, table.frame.to_dict("records"), strict=True):
        respondent, partner = record[columns["respondent"]], record[columns["partner"]]
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
                    "customer: write supplier/customer (tedarikçi/müşteri, or S/C, T/M)",
                )
            )
            continue
        supplier, customer = (partner, respondent) if side == "supplier" else (respondent, partner)
        rows.append(_raw(columns, record, int(line), supplier, customer, respondent))
    return _frame(rows), columns, issues


def _wide(table: Table) -> tuple[pd.DataFrame, dict[str, str], list[Issue]]:
    columns, issues = map_columns(table, schema.RESPONDENT_COLUMNS, ("respondent",))
    slots: dict[tuple[str, int], dict[str, str]] = {}
    for header in table.frame.columns:
        found = schema.wide_column(table.original(header))
        if found is not None:
            side, number, kind = found
            slots.setdefault((side, number), {})[kind] = header
    for (side, number), slot in sorted(slots.items()):
        if "name" not in slot:
            issues.append(
                Issue(
                    table.label,
                    table.header_line,
                    slot["weight"],
                    "orphan-share-column",
                    f"there is no {side}_{number} column for this share column: rename one of "
                    "them so that they match",
                )
            )
    if any(issue.is_error for issue in issues):
        return _empty(), columns, issues
    rows = []
    for line, record in zip(table.frame.index, table.frame.to_dict("records"), strict=True):
        respondent = record[columns["respondent"]]
        for (side, _), slot in sorted(slots.items()):
            partner = record[slot["name"]]
            if not partner.strip():
                continue  # fewer partners than columns: the rest is left empty
            supplier, customer = (
                (partner, respondent) if side == "supplier" else (respondent, partner)
            )
            weight_column = slot.get("weight")
            rows.append(
                {
                    **_raw(columns, record, int(line), supplier, customer, respondent),
                    "weight": record[weight_column] if weight_column else _DEFAULTS["weight"],
                    "weight_column": weight_column or "weight",
                }
            )
    return _frame(rows), columns, issues


def _raw(
    columns: dict[str, str],
    record: dict[Any, str],
    line: int,
    supplier: str,
    customer: str,
    respondent: str,
) -> dict[str, object]:
    return {
        "supplier": supplier,
        "customer": customer,
        "weight": record[columns["weight"]] if "weight" in columns else _DEFAULTS["weight"],
        "relation": record[columns["relation"]] if "relation" in columns else "supply",
        "reported_by": respondent,
        "weight_column": columns.get("weight", "weight"),
        "line": line,
    }


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(RAW_TIE_COLUMNS), dtype=object)


def _empty() -> pd.DataFrame:
    return _frame([])


_READERS: dict[str, Callable[[Table], tuple[pd.DataFrame, dict[str, str], list[Issue]]]] = {
    "long": _long,
    "respondent": _respondent,
    "wide": _wide,
}
