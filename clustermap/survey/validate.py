"""Value rules for ties and firms: every problem collected as an :class:`Issue`.

Nothing here stops at the first problem: a consultant fixing a survey wants the whole
list at once, with the line and column of each (csvkit's ``csvclean`` does the same).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from clustermap.errors import Issue
from clustermap.survey import schema
from clustermap.survey.names import clean_name, sort_key

#: Columns of the cleaned ties table, one row per (supplier, customer, relation).
TIE_COLUMNS = ("supplier", "customer", "relation", "weight", "rows")

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
# Turkish (and most European) number format: dots group thousands, a comma marks decimals.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_AMBIGUOUS_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$")


def decimal_comma_column(cells: list[str]) -> bool:
    """Whether a column writes decimals with a comma (``12,5``) rather than a dot.

    >>> decimal_comma_column(["1.250", "12,5"]), decimal_comma_column(["0.25", "1.5"])
    (True, False)
    """
    numbers = [_strip_percent(cell) for cell in cells]
    return any(_DECIMAL_COMMA.match(n) or ("," in n and _GROUPED.match(n)) for n in numbers)


def parse_weight(text: str, *, decimal_comma: bool) -> float | str:
    """Return the weight in ``text`` as a float, or the reason it is not a usable weight.

    A ``%`` before or after the number is ignored (shares may be written as percentages,
    ``%25`` as Turkish Excel writes them). With ``decimal_comma`` (the file's weights use a
    decimal comma), ``12,5`` means 12.5 and ``1.250,5`` means 1250.5.

    >>> parse_weight("12,5", decimal_comma=True), parse_weight("%40", decimal_comma=False)
    (12.5, 40.0)
    >>> parse_weight("1.250.000", decimal_comma=True), parse_weight("1.250", decimal_comma=False)
    (1250000.0, 1.25)
    >>> parse_weight("-3", decimal_comma=False)
    'must be greater than zero'
    """
    cleaned = _strip_percent(text)
    if not cleaned:
        return "is empty"
    if decimal_comma and (_DECIMAL_COMMA.match(cleaned) or _GROUPED.match(cleaned)):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return "is not a number"
    if not math.isfinite(value):
        return "is not a finite number"
    if value <= 0:
        return "must be greater than zero"
    return value


def _strip_percent(text: str) -> str:
    return text.strip().removesuffix("%").removeprefix("%").strip()


def clean_ties(
    raw: pd.DataFrame, columns: dict[str, str], *, label: str
) -> tuple[pd.DataFrame, list[Issue]]:
    """Validate raw ties and merge duplicates.

    Rules (stated in the README): names are cleaned (Unicode NFC, single spaces); an
    empty name or a non-positive or non-numeric weight is an error naming its line; a
    self-tie is dropped with a warning; ties repeated for the same supplier, customer and
    relation are merged into one, weights summed, with a warning. Whether weights use a
    decimal comma is decided for the whole column (:func:`decimal_comma_column`); in a
    column with decimal points, ``1.250`` is read as 1.25 with a warning that it may have
    meant 1 250. A relation that is not a known layer is kept as its own layer, with a
    warning (it may be a typo).

    Returns the cleaned ties (columns :data:`TIE_COLUMNS`, sorted) and every issue.

    >>> raw = pd.DataFrame({"supplier": ["A", "A", "B"], "customer": ["B", "B", "B"],
    ...                     "weight": ["1", "2", "1"], "relation": ["supply"] * 3,
    ...                     "line": [2, 3, 4]})
    >>> ties, issues = clean_ties(raw, {}, label="t.csv")
    >>> ties.to_dict("records")
    [{'supplier': 'A', 'customer': 'B', 'relation': 'supply', 'weight': 3.0, 'rows': 2}]
    >>> [issue.code for issue in issues]
    ['self-tie', 'duplicate-tie']
    """
    issues: list[Issue] = []
    kept: list[tuple[str, str, str, float, int]] = []
    decimal_comma = decimal_comma_column([str(cell) for cell in raw["weight"]])
    unknown_layers: dict[str, int] = {}
    cells = zip(
        raw["supplier"], raw["customer"], raw["weight"], raw["relation"], raw["line"], strict=True
    )
    for supplier_cell, customer_cell, weight_cell, relation_cell, line_number in cells:
        line = int(line_number)
        supplier, customer = clean_name(str(supplier_cell)), clean_name(str(customer_cell))
        problem = False
        for role, name in (("supplier", supplier), ("customer", customer)):
            if not name:
                issues.append(
                    Issue(
                        label,
                        line,
                        columns.get(role, role),
                        "empty-name",
                        f"the {role} name is empty: fill it in or delete the row",
                    )
                )
                problem = True
        weight = parse_weight(str(weight_cell), decimal_comma=decimal_comma)
        if isinstance(weight, str):
            issues.append(
                Issue(
                    label,
                    line,
                    columns.get("weight", "weight"),
                    "bad-weight",
                    f"weight {str(weight_cell)!r} {weight}: give a positive number (for example "
                    "a sales share such as 25 or 0.25), or remove the weight column to give "
                    "every tie weight 1",
                )
            )
            problem = True
        if problem:
            continue
        if supplier == customer:
            issues.append(
                Issue(
                    label,
                    line,
                    None,
                    "self-tie",
                    f"{supplier!r} is listed as its own supplier: tie dropped",
                    "warning",
                )
            )
            continue
        if not decimal_comma and _AMBIGUOUS_THOUSANDS.match(_strip_percent(str(weight_cell))):
            issues.append(
                Issue(
                    label,
                    line,
                    columns.get("weight", "weight"),
                    "ambiguous-weight",
                    f"weight {str(weight_cell)!r} was read as {weight:g}; if the dot separates "
                    f"thousands, write {str(weight_cell).replace('.', '')}",
                    "warning",
                )
            )
        relation = schema.relation(clean_name(str(relation_cell))) or "supply"
        if relation not in schema.RELATIONS:
            unknown_layers.setdefault(relation, line)
        kept.append((supplier, customer, relation, float(weight), line))
    for relation, line in unknown_layers.items():
        issues.append(
            Issue(
                label,
                line,
                columns.get("relation", "relation"),
                "unknown-relation-layer",
                f"relation {relation!r} is not one of {', '.join(schema.RELATIONS)}: its ties are "
                "kept as a layer of their own (check the spelling)",
                "warning",
            )
        )

    frame = pd.DataFrame(kept, columns=["supplier", "customer", "relation", "weight", "line"])
    keys = ["supplier", "customer", "relation"]
    ties = (
        frame.groupby(keys, sort=True)
        .agg(weight=("weight", "sum"), rows=("line", "size"), first=("line", "min"))
        .reset_index()
    )
    for tie in ties[ties["rows"] > 1].itertuples(index=False):
        issues.append(
            Issue(
                label,
                int(tie.first),
                None,
                "duplicate-tie",
                f"the tie {tie.supplier} → {tie.customer} ({tie.relation}) is listed {tie.rows} "
                f"times: merged into one tie, weights summed to {tie.weight:g}",
                "warning",
            )
        )
    ties = ties.drop(columns="first")
    return _canonical_order(ties, keys), issues


def clean_firms(
    raw: pd.DataFrame, columns: dict[str, str], *, label: str
) -> tuple[pd.DataFrame, list[Issue]]:
    """Validate the firms file: one row per firm, known roles cleaned, others kept.

    Returns a table indexed by firm name with the columns ``sector``, ``actor_class``,
    ``region``, ``employees`` (those present) and every other column as an attribute.
    A firm listed twice with different attributes is an error; an unrecognised actor
    class or a non-numeric employee count is kept as written, with a warning.

    >>> raw = pd.DataFrame({"Firma": ["Işık Kablaj", "Ana Savunma"],
    ...                     "Aktör sınıfı": ["yan sanayi", "Ana yüklenici"]}, index=[2, 3])
    >>> firms, issues = clean_firms(raw, {"firm": "Firma", "actor_class": "Aktör sınıfı"},
    ...                             label="f.csv")
    >>> firms["actor_class"].to_dict(), issues
    ({'Ana Savunma': 'prime_contractor', 'Işık Kablaj': 'supporting_firm'}, [])
    """
    issues: list[Issue] = []
    roles = {header: role for role, header in columns.items()}
    attribute_names = [roles.get(header, clean_name(header)) for header in raw.columns]
    records: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    for line, cells in zip(raw.index, raw.itertuples(index=False), strict=True):
        values = {
            name: clean_name(str(cell)) for name, cell in zip(attribute_names, cells, strict=True)
        }
        firm = values.pop("firm")
        if not firm:
            issues.append(
                Issue(
                    label,
                    int(line),
                    columns["firm"],
                    "empty-name",
                    "the firm name is empty: fill it in or delete the row",
                )
            )
            continue
        values = _clean_firm_attributes(values, columns, label, int(line), issues)
        if firm in records:
            if records[firm] != values:
                issues.append(
                    Issue(
                        label,
                        int(line),
                        columns["firm"],
                        "conflicting-firm",
                        f"{firm!r} is listed again with different attributes (first on line "
                        f"{first_line[firm]}): keep one row per firm",
                    )
                )
            else:
                issues.append(
                    Issue(
                        label,
                        int(line),
                        columns["firm"],
                        "duplicate-firm",
                        f"{firm!r} is listed twice: the repeat was ignored",
                        "warning",
                    )
                )
            continue
        records[firm], first_line[firm] = values, int(line)
    names = [name for name in attribute_names if name != "firm"]
    # built from rows with an explicit index: from_dict loses firms that have no attributes
    firms = pd.DataFrame(list(records.values()), index=list(records), columns=names, dtype=object)
    firms.index.name = "firm"
    return _canonical_order(firms.reset_index(), ["firm"]).set_index("firm"), issues


def _clean_firm_attributes(
    values: dict[str, str], columns: dict[str, str], label: str, line: int, issues: list[Issue]
) -> dict[str, str]:
    actor = values.get("actor_class")
    if actor:
        canonical = schema.actor_class(actor)
        if canonical is None:
            issues.append(
                Issue(
                    label,
                    line,
                    columns["actor_class"],
                    "unknown-actor-class",
                    f"actor class {actor!r} is not one of {', '.join(schema.ACTOR_CLASSES)}: "
                    "kept as written",
                    "warning",
                )
            )
        else:
            values["actor_class"] = canonical
    employees = values.get("employees")
    if employees:
        count = parse_weight(employees, decimal_comma=False)
        if isinstance(count, float) and count.is_integer():
            values["employees"] = str(int(count))
        else:
            issues.append(
                Issue(
                    label,
                    line,
                    columns["employees"],
                    "bad-employees",
                    f"employee count {employees!r} is not a whole number: kept as written",
                    "warning",
                )
            )
    return values


def _canonical_order(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sort rows by firm names in Turkish alphabetical order, independent of input order."""
    order = sorted(
        range(len(frame)), key=lambda i: tuple(sort_key(str(frame[key].iat[i])) for key in keys)
    )
    return frame.iloc[order].reset_index(drop=True)
