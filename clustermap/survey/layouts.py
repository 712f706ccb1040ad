"""Survey layouts -> one canonical ties table (supplier, customer, weight, relation, line).

Only the *long* layout (one row per tie) exists so far; the respondent and wide layouts
of interview records and form exports will be added here and produce the same table.
"""

from __future__ import annotations

import pandas as pd

from clustermap.errors import Issue
from clustermap.survey import schema
from clustermap.survey.load import Table

#: Columns of the canonical raw ties table every layout produces.
RAW_TIE_COLUMNS = ("supplier", "customer", "weight", "relation")


def map_columns(
    table: Table, vocabulary: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[dict[str, str], list[Issue]]:
    """Match the table's headers to roles of ``vocabulary``.

    Returns ``{role: header as written}`` and the problems found: a required role with
    no column, or two columns claiming the same role.
    """
    role_of = schema.tie_role if vocabulary is schema.TIE_COLUMNS else schema.firm_role
    header_line = table.header_line
    found: dict[str, str] = {}
    issues: list[Issue] = []
    for header in table.frame.columns:
        role = role_of(table.original(header))
        if role is None:
            continue
        if role in found:
            issues.append(
                Issue(
                    table.label,
                    header_line,
                    header,
                    "ambiguous-column",
                    f"columns {found[role]!r} and {header!r} both look like the {role} column: "
                    "rename or delete one of them",
                )
            )
            continue
        found[role] = header
    for role in required:
        if role not in found:
            issues.append(
                Issue(
                    table.label,
                    header_line,
                    None,
                    "missing-column",
                    f"no {role} column: the header must name one, for example "
                    f"{schema.accepted_names(vocabulary, role)} "
                    f"(found: {', '.join(repr(h) for h in table.frame.columns)})",
                )
            )
    return found, issues


def long_layout(table: Table) -> tuple[pd.DataFrame, dict[str, str], list[Issue]]:
    """Read a long-layout survey: one row per tie, supplier -> customer.

    Returns the raw ties (text cells, ``line`` column), the header used for each role
    (for messages), and the problems with the header. A missing ``weight`` column gives
    every tie weight ``"1"``; a missing ``relation`` column puts every tie in ``"supply"``.

    >>> from clustermap.survey.load import parse_table
    >>> table = parse_table("Tedarikçi,Müşteri\\nA,B\\n".encode(), label="t.csv")
    >>> ties, columns, issues = long_layout(table)
    >>> ties.to_dict("records"), issues
    ([{'supplier': 'A', 'customer': 'B', 'weight': '1', 'relation': 'supply', 'line': 2}], [])
    """
    columns, issues = map_columns(table, schema.TIE_COLUMNS, schema.TIE_REQUIRED)
    frame = table.frame
    defaults = {"weight": "1", "relation": "supply"}
    ties = pd.DataFrame(
        {
            role: frame[columns[role]] if role in columns else defaults.get(role, "")
            for role in RAW_TIE_COLUMNS
            if role in columns or role in defaults
        },
        index=frame.index,
        dtype=object,
    )
    ties["line"] = frame.index.astype(int)
    return ties.reset_index(drop=True), columns, issues
