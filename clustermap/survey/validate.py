"""Value rules for ties and firms: every problem collected as an :class:`Issue`.

Nothing here stops at the first problem: a consultant fixing a survey wants the whole
list at once, with the line and column of each (csvkit's ``csvclean`` does the same).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from clustermap.errors import Issue, quoted
from clustermap.survey import schema
from clustermap.survey.names import name_key
from clustermap.survey.table import Number
from clustermap.survey.weights import (
    Cell,
    RowWeights,
    TieWeights,
    WeightBasis,
    ambiguity_note,
    decide_basis,
    number_style,
    parse_weight,
    percent_as_fraction,
    read_cell,
)
from clustermap.turkish import clean_name, sort_key

#: Columns of the cleaned ties table, one row per (supplier, customer, relation).
TIE_COLUMNS = ("supplier", "customer", "relation", "weight", "rows", "reported_by")


class CleanTies(NamedTuple):
    """What :func:`clean_ties` makes of a survey's rows."""

    #: one row per tie (:data:`TIE_COLUMNS`), in canonical order
    ties: pd.DataFrame
    issues: list[Issue]
    #: what the weights are read as
    weights: WeightBasis
    #: firms named in a self-tie of the analysed layer: the tie is dropped, the firm is not
    #: (an isolate unless it has other ties)
    self_tied: frozenset[str] = frozenset()


def clean_ties(
    raw: pd.DataFrame,
    *,
    label: str,
    columns: dict[str, str] | None = None,
    display: Callable[[str], str] = clean_name,
    basis: str | None = None,
    relation: str | None = None,
    has_weights: bool = True,
    row_word: str = "line",
) -> CleanTies:
    """Validate raw ties (:data:`~clustermap.survey.layouts.RAW_TIE_COLUMNS`) and merge repeats.

    Rules (stated in the README): an empty name or a non-positive or non-numeric weight is
    an error naming its line; a self-tie is dropped with a warning. How the weights write
    numbers is decided for the whole column (:func:`~clustermap.survey.weights.number_style`):
    ``1.250`` is 1.25 in a column with decimal points, 1250 in one with decimal commas or
    with no decimals at all, and every reading of such a cell that could have meant the
    other is a warning. A relation that is not a known layer is kept as its own layer, with
    a warning (it may be a typo).

    Rows for the same supplier, customer and relation become one tie. Rows from the same
    respondent (or from a survey that does not say who answered) are repeats: their
    weights are summed, with a warning. Reports of the same tie by different respondents
    (its supplier and its customer) confirm it: their weights are averaged.

    Parameters
    ----------
    raw : pandas.DataFrame
        Text cells; ``reported_by``, ``weight_column`` and ``line`` may be missing.
    label : str
        The file, for messages.
    columns : dict, optional
        Role -> header as written, for messages.
    display : callable
        Maps a cleaned name to the firm's name (see
        :func:`clustermap.survey.names.resolve_names`).
    basis : str, optional
        What the weights are (``--weights``); guessed when not given, from the ties of
        ``relation`` when one layer is analysed (:func:`~clustermap.survey.weights.decide_basis`).
    has_weights : bool
        Whether the survey has a weight column (else every weight is the default, 1).
    row_word : str
        What a line of the file is called in messages ("row" in a workbook).

    Returns
    -------
    CleanTies
        The ties (:data:`TIE_COLUMNS`, sorted by firm names), the issues, and what the
        weights are read as.

    Examples
    --------
    >>> raw = pd.DataFrame({"supplier": ["A", "A", "B"], "customer": ["B", "B", "B"],
    ...                     "weight": ["1", "2", "1"], "relation": ["supply"] * 3,
    ...                     "line": [2, 3, 4]})
    >>> ties, issues, weights, self_tied = clean_ties(raw, label="t.csv")
    >>> ties.to_dict("records")
    [{'supplier': 'A', 'customer': 'B', 'relation': 'supply', 'weight': 3.0, 'rows': 2, \
'reported_by': ''}]
    >>> [issue.code for issue in issues], weights.basis, sorted(self_tied)
    (['self-tie', 'duplicate-tie'], 'percent', ['B'])
    """
    columns = columns or {}
    analysed = relation  # the layer whose ties decide what the weights are
    issues: list[Issue] = []

    def report(
        line: int | None, column: str | None, code: str, message: str, severity: str = "error"
    ) -> None:
        issues.append(Issue(label, line, column, code, message, severity))

    defaults = {
        "reported_by": "",
        "supplier_column": columns.get("supplier", "supplier"),
        "customer_column": columns.get("customer", "customer"),
        "weight_column": columns.get("weight", "weight"),
    }
    weights = raw["weight"].tolist()

    def given(key: str) -> list[Any]:
        """Per row, the cell of ``key``, or its default where the row gives none."""
        if key not in raw:
            return [defaults[key]] * len(raw)
        empty_ok = key == "reported_by"
        return [
            value if isinstance(value, str) and (value or empty_ok) else defaults[key]
            for value in raw[key].tolist()
        ]

    # a firm is named in many rows, a layer in most, a weight in several: each distinct
    # cell is read once, every row then checked with arrays; only the rows with something
    # to report are looked at one by one
    rows = len(raw)
    names, distinct = pd.factorize(
        np.concatenate([raw["supplier"].to_numpy(object), raw["customer"].to_numpy(object)])
    )
    cleaned = np.array([clean_name(str(cell)) for cell in distinct], dtype=object)
    displayed = {name: display(name) for name in cleaned.tolist() if name}
    shown = np.array([displayed.get(name, "") for name in cleaned.tolist()], dtype=object)
    firm, firm_names = pd.factorize(shown)  # one number per firm shown
    firm_rank = _ranks(firm_names.tolist())  # its place in the canonical order
    suppliers, customers = cleaned[names[:rows]], cleaned[names[rows:]]
    shown_supplier, shown_customer = shown[names[:rows]], shown[names[rows:]]
    if any(isinstance(cell, Number) for cell in weights):
        # a workbook's number cell equals its text as a key, but is read differently
        keys = [(isinstance(cell, Number), cell) for cell in weights]
        numbered = {key: number for number, key in enumerate(dict.fromkeys(keys))}
        weight_of = np.array([numbered[key] for key in keys], dtype=np.int64)
        texts = [cell for _, cell in numbered]
    else:
        weight_of, distinct_weights = pd.factorize(raw["weight"].to_numpy(object))
        texts = distinct_weights.tolist()
    style = number_style(texts)  # how the column writes numbers, from its distinct cells
    readings = [read_cell(cell, style) for cell in texts]
    # a cell with a percent sign says what it is: in a column of fractions, 18.8% is 0.188
    converted = percent_as_fraction(readings, basis)
    value = np.array(
        [
            math.nan
            if isinstance(cell.value, str)
            else cell.value / 100
            if converted and cell.percent
            else cell.value
            for cell in readings
        ],
        dtype=float,
    )[weight_of]
    ambiguous = np.array([cell.ambiguous for cell in readings], dtype=bool)[weight_of]
    relation_of, relation_cells = pd.factorize(raw["relation"].to_numpy(object))
    relations = np.array(
        [schema.relation(clean_name(str(cell))) or "supply" for cell in relation_cells],
        dtype=object,
    )
    reporter_of, reporter_cells = pd.factorize(np.asarray(given("reported_by"), dtype=object))
    reporters = np.array(
        [
            displayed.get(name) or display(name) if (name := clean_name(str(cell))) else ""
            for cell in reporter_cells
        ],
        dtype=object,
    )
    lines = raw["line"].to_numpy(dtype=np.int64)
    named = (suppliers != "") & (customers != "")
    different = firm[names[:rows]] != firm[names[rows:]]
    clean = named & ~np.isnan(value) & different & ~ambiguous
    checked_and_kept: list[int] = []
    self_tied: set[str] = set()
    to_check = np.flatnonzero(~clean)

    def given_at(key: str, row: int) -> str:
        """The cell of ``key`` in one row, or its default (for messages)."""
        value = raw[key].iat[row] if key in raw else None
        return value if isinstance(value, str) and value else defaults[key]

    # column -> what it names ("respondent" as well as supplier or customer) and the lines
    # of its empty cells; a cell read for two ties (a respondent's) is one empty cell
    empty: dict[str, tuple[str, list[int]]] = {}
    named_by = {header: role for role, header in columns.items()}
    for row in to_check.tolist():
        line = int(lines[row])
        usable = True
        for role, name, column in (
            ("supplier", suppliers[row], given_at("supplier_column", row)),
            ("customer", customers[row], given_at("customer_column", row)),
        ):
            if not name:
                empty.setdefault(column, (named_by.get(column, role), []))[1].append(line)
                usable = False
        cell = readings[weight_of[row]]
        text, weight = cell.text, cell.value
        if weight == "is empty":
            empty.setdefault(given_at("weight_column", row), ("weight", []))[1].append(line)
            usable = False
        elif isinstance(weight, str):
            report(
                line,
                given_at("weight_column", row),
                "bad-weight",
                f"weight {quoted(text)} {weight}: give a positive number (for example a sales "
                "share such as 25 or 0.25), or remove the weight column to give every tie "
                "weight 1",
            )
            usable = False
        if not usable:
            continue
        if not different[row]:
            if analysed is None or relations[relation_of[row]] == analysed:
                self_tied.add(str(shown_supplier[row]))
            report(
                line,
                None,
                "self-tie",
                f"{shown_supplier[row]!r} is listed as its own supplier: tie dropped",
                "warning",
            )
            continue
        report(
            line,
            given_at("weight_column", row),
            "ambiguous-weight",
            ambiguity_note(text, weight, style),
            "warning",
        )
        checked_and_kept.append(row)
    issues.extend(_empty_cells(empty, raw, defaults, label, row_word))
    kept_rows = np.sort(np.concatenate([np.flatnonzero(clean), checked_and_kept])).astype(int)
    kept = pd.DataFrame(
        {
            "supplier": shown_supplier[kept_rows],
            "customer": shown_customer[kept_rows],
            "relation": relations[relation_of[kept_rows]],
            "reported_by": reporters[reporter_of[kept_rows]],
            "weight": value[kept_rows],
            "line": lines[kept_rows],
            "supplier_rank": firm_rank[firm[names[kept_rows]]],
            "customer_rank": firm_rank[firm[names[kept_rows + rows]]],
        }
    )
    unknown_layers: dict[str, list[tuple[str, int, int]]] = {}  # key -> (spelling, rows, line)
    unknown = kept[~kept["relation"].isin(schema.RELATIONS)]
    first_seen = unknown.groupby("relation")["line"].agg(["size", "min"]).sort_values("min")
    for spelling, rows, line in first_seen.itertuples(name=None):
        unknown_layers.setdefault(name_key(str(spelling)), []).append((str(spelling), rows, line))
    layer_name = {}  # a layer of the survey's own, one spelling for "Lojistik", "LOJİSTİK"
    for spellings in unknown_layers.values():
        counts = {spelling: rows for spelling, rows, _ in spellings}
        chosen = min(counts, key=lambda spelling: (-counts[spelling], sort_key(spelling)))
        layer_name.update(dict.fromkeys(counts, chosen))
        relation, line = chosen, min(line for _, _, line in spellings)
        report(
            line,
            columns.get("relation", "relation"),
            "unknown-relation-layer",
            f"relation {quoted(relation)} is not one of {', '.join(schema.RELATIONS)}: its ties "
            "are kept as a layer of their own (check the spelling)",
            "warning",
        )
    if layer_name:
        kept["relation"] = kept["relation"].replace(layer_name)
    ties, tie_ranks = _merge_reports(kept, report)
    # what the weights are, on the ties analysed (one layer, with --relation)
    in_rows = np.ones(len(kept), dtype=bool)
    in_ties = np.ones(len(ties), dtype=bool)
    if analysed is not None:
        in_rows = kept["relation"].to_numpy() == analysed
        in_ties = ties["relation"].to_numpy() == analysed
    analysed_rows = kept_rows[in_rows]
    supplier_ranks = kept["supplier_rank"].to_numpy()

    def supplier_named(rank: int) -> str:  # for messages only: a search is fine
        return str(kept["supplier"].iat[int(np.argmax(supplier_ranks == rank))])

    basis_read, basis_issues = decide_basis(
        RowWeights(
            value=value[analysed_rows],
            percent=np.array([cell.percent for cell in readings], dtype=bool)[
                weight_of[analysed_rows]
            ],
            line=lines[analysed_rows],
            supplier=supplier_ranks[in_rows],
            text=lambda at: readings[weight_of[analysed_rows[at]]].text,
            column=lambda at: given_at("weight_column", int(analysed_rows[at])),
            converted=converted,
            **_currencies(readings, weight_of, lines, lambda row: given_at("weight_column", row)),
        ),
        TieWeights(
            ties["weight"].to_numpy(dtype=float)[in_ties],
            tie_ranks[0][in_ties],
            tie_ranks[1][in_ties],
            supplier_named,
        ),
        basis,
        label=label,
        row_word=row_word,
        has_weights=has_weights,
    )
    issues.extend(basis_issues)
    return CleanTies(ties, issues, basis_read, frozenset(self_tied))


def _currencies(
    readings: list[Cell],
    weight_of: np.ndarray,
    lines: np.ndarray,
    column_of: Callable[[int], str],
) -> dict[str, Any]:
    """The currencies a weight column's amounts are written in, each with its first cell,
    line and column (``units``), and the currency when there is one (``unit``)."""
    at_cell = {number: cell.unit for number, cell in enumerate(readings) if cell.unit}
    if not at_cell:
        return {"unit": None, "units": ()}
    rows = np.flatnonzero(np.isin(weight_of, np.array(sorted(at_cell), dtype=np.int64)))
    cells, first = np.unique(weight_of[rows], return_index=True)  # each distinct cell once
    named: dict[str, tuple[str, str, int, str]] = {}
    for cell, row in sorted(zip(cells.tolist(), rows[first].tolist(), strict=True), key=_second):
        unit = at_cell[cell]  # in file order: a currency's first cell names it
        named.setdefault(unit, (unit, readings[cell].text, int(lines[row]), column_of(row)))
    return {"unit": next(iter(named)) if len(named) == 1 else None, "units": tuple(named.values())}


def _second(pair: tuple[int, int]) -> int:
    return pair[1]


def _empty_cells(
    empty: dict[str, tuple[str, list[int]]],
    raw: pd.DataFrame,
    defaults: dict[str, str],
    label: str,
    row_word: str,
) -> list[Issue]:
    """Errors for empty names and weights: one per cell, or one per column when the column
    is empty on every row that has it (a column left blank)."""
    issues = []
    for column, (role, found) in empty.items():
        lines = list(dict.fromkeys(found))
        keys = ("weight_column",) if role == "weight" else ("supplier_column", "customer_column")
        if all(key in raw for key in keys):
            used = int(
                raw.loc[np.logical_or.reduce([raw[k] == column for k in keys]), "line"].nunique()
            )
        else:
            used = int(raw["line"].nunique()) if "line" in raw else len(raw)
        fix = (
            f"fill in the {role.replace('_', ' ')} names"
            if role != "weight"
            else "fill in the weights, or leave the column out (--column weight= reads no "
            "weight column, and every tie then has weight 1)"
        )
        if len(lines) == used and used > 1:
            issues.append(
                Issue(
                    label,
                    lines[0],
                    column,
                    "empty-column",
                    f"the {role} column is empty on every {row_word} ({row_word}s "
                    f"{lines[0]}–{lines[-1]}): {fix}",
                )
            )
            continue
        for line in lines:
            message = (
                f"the {role.replace('_', ' ')} name is empty: fill it in or delete the row"
                if role != "weight"
                else "weight '' is empty: give a positive number (for example a sales share "
                "such as 25 or 0.25), or remove the weight column to give every tie weight 1"
            )
            issues.append(
                Issue(
                    label, line, column, "empty-name" if role != "weight" else "bad-weight", message
                )
            )
    return issues


def _merge_reports(
    frame: pd.DataFrame, report: Callable[..., None]
) -> tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray]]:
    """The kept rows (supplier, customer, relation, reported_by, weight, line, and the
    supplier's and customer's ranks in the canonical order; in the order of the file)
    merged into one tie per supplier, customer and relation, in canonical order; with the
    ties' supplier and customer ranks."""
    # grouped on ranks, in arrays: grouping ten million rows on their names took half a
    # minute, and groups sorted by rank are in canonical order
    relation, reporter = _ranks_of(frame["relation"]), _ranks_of(frame["reported_by"])
    ranks = (frame["supplier_rank"].to_numpy(), frame["customer_rank"].to_numpy(), relation)
    # first each respondent's own rows (repeats: summed), then across respondents (averaged)
    order, starts, rows = _groups(_ordered_codes(*ranks, reporter))
    firsts = order[starts]  # a row of each respondent's report of each tie
    weight = np.add.reduceat(frame["weight"].to_numpy(dtype=float)[order], starts)
    line = np.minimum.reduceat(frame["line"].to_numpy()[order], starts)
    cells = {key: frame[key].to_numpy(object) for key in (*TIE_COLUMNS[:3], "reported_by")}
    for at in np.flatnonzero(rows > 1).tolist():
        row = firsts[at]
        reporter_name = cells["reported_by"][row]
        who = f" by {reporter_name}" if reporter_name else ""
        report(
            int(line[at]),
            None,
            "duplicate-tie",
            f"the tie {cells['supplier'][row]} → {cells['customer'][row]} "
            f"({cells['relation'][row]}) is listed {rows[at]} times{who}: merged into one "
            f"tie, weights summed to {weight[at]:g}",
            "warning",
        )
    tie_order, tie_starts, reports = _groups(_ordered_codes(*(rank[firsts] for rank in ranks)))
    first_rows = firsts[tie_order[tie_starts]]
    ties = pd.DataFrame({key: cells[key][first_rows] for key in TIE_COLUMNS[:3]})
    ties["weight"] = np.add.reduceat(weight[tie_order], tie_starts) / reports
    ties["rows"] = np.add.reduceat(rows[tie_order], tie_starts)
    reporters = cells["reported_by"][firsts[tie_order]]
    if (reporters != "").any():  # respondent layouts: who reported each tie
        ties["reported_by"] = [
            ";".join(sorted(name for name in reporters[start:end] if name))
            for start, end in zip(tie_starts.tolist(), (tie_starts + reports).tolist(), strict=True)
        ]
    else:  # a plain list of ties: no per-tie Python call for a million rows
        ties["reported_by"] = ""
    return ties, (ranks[0][first_rows], ranks[1][first_rows])


def _ordered_codes(*keys: np.ndarray) -> np.ndarray:
    """One code per row for its combination of ``keys`` (non-negative integers, the first
    the most significant), ordered as the combinations sort."""
    code = keys[0].astype(np.int64)
    bound = int(code.max()) + 1 if len(code) else 1
    for key in keys[1:]:
        width = int(key.max()) + 1 if len(key) else 1
        if bound * width >= 2**62:  # made dense first: below the number of rows
            code = np.unique(code, return_inverse=True)[1].reshape(-1)
            bound = int(code.max()) + 1
        code, bound = code * width + key, bound * width
    return code


def _groups(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows ordered by code (stably: in file order within a code), where each code's
    rows start in that order, and how many they are."""
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.diff(codes[order], prepend=-1)) if len(codes) else order
    return order, starts, np.diff(np.append(starts, len(order)))


def clean_firms(
    raw: pd.DataFrame,
    columns: dict[str, str],
    *,
    label: str,
    display: Callable[[str], str] = clean_name,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Validate the firms file: one row per firm, known roles cleaned, others kept.

    Returns a table indexed by firm name with the columns ``sector``, ``actor_class``,
    ``region``, ``employees``, ``surveyed`` (those present) and every other column as an
    attribute. A firm listed twice with different attributes is an error; an unrecognised
    actor class, a non-numeric employee count or a surveyed cell that is neither yes nor no
    is kept as written, with a warning. ``surveyed`` becomes ``"yes"`` or ``"no"``.

    >>> raw = pd.DataFrame({"Firma": ["Işık Kablaj", "Ana Savunma"],
    ...                     "Aktör sınıfı": ["yan sanayi", "Ana yüklenici"]}, index=[2, 3])
    >>> firms, issues = clean_firms(raw, {"firm": "Firma", "actor_class": "Aktör sınıfı"},
    ...                             label="f.csv")
    >>> firms["actor_class"].to_dict(), issues
    ({'Ana Savunma': 'prime_contractor', 'Işık Kablaj': 'supporting_firm'}, [])
    """
    issues: list[Issue] = []

    def report(
        line: int, column: str | None, code: str, message: str, severity: str = "error"
    ) -> None:
        issues.append(Issue(label, line, column, code, message, severity))

    roles = {header: role for role, header in columns.items()}
    attribute_names = [roles.get(header, clean_name(header)) for header in raw.columns]
    records: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    for at, cells in zip(raw.index, raw.itertuples(index=False), strict=True):
        line = int(at)
        values = {
            name: clean_name(str(cell)) for name, cell in zip(attribute_names, cells, strict=True)
        }
        firm = values.pop("firm")
        if not firm:
            report(
                line,
                columns["firm"],
                "empty-name",
                "the firm name is empty: fill it in or delete the row",
            )
            continue
        if len(firm) > schema.LONGEST_NAME:
            report(
                line,
                columns["firm"],
                "name-too-long",
                f"this firm name has {len(firm):,} characters ({quoted(firm, 40)}): a firm "
                f"name has at most {schema.LONGEST_NAME}; shorten it",
            )
            continue
        firm = display(firm)
        values = _clean_firm_attributes(values, columns, line, report)
        if firm not in records:
            records[firm], first_line[firm] = values, line
        elif records[firm] != values:
            report(
                line,
                columns["firm"],
                "conflicting-firm",
                f"{firm!r} is listed again with different attributes (first on line "
                f"{first_line[firm]}): keep one row per firm",
            )
        else:
            report(
                line,
                columns["firm"],
                "duplicate-firm",
                f"{firm!r} is listed twice: the repeat was ignored",
                "warning",
            )
    names = [name for name in attribute_names if name != "firm"]
    # built from rows with an explicit index: from_dict loses firms that have no attributes
    firms = pd.DataFrame(list(records.values()), index=list(records), columns=names, dtype=object)
    firms.index.name = "firm"
    return _canonical_order(firms.reset_index(), ["firm"]).set_index("firm"), issues


def _clean_firm_attributes(
    values: dict[str, str], columns: dict[str, str], line: int, report: Callable[..., None]
) -> dict[str, str]:
    actor = values.get("actor_class")
    if actor:
        canonical = schema.actor_class(actor)
        if canonical is None:
            report(
                line,
                columns["actor_class"],
                "unknown-actor-class",
                f"actor class {actor!r} is not one of {', '.join(schema.ACTOR_CLASSES)}: "
                "kept as written",
                "warning",
            )
        else:
            values["actor_class"] = canonical
    employees = values.get("employees")
    if employees:
        count = parse_weight(employees, style="comma")  # people: "1.250" is 1250
        if isinstance(count, float) and count.is_integer():
            values["employees"] = str(int(count))
        else:
            report(
                line,
                columns["employees"],
                "bad-employees",
                f"employee count {employees!r} is not a whole number: kept as written",
                "warning",
            )
    if "surveyed" in values:
        answered = schema.truth(values["surveyed"])
        if answered is None:
            report(
                line,
                columns["surveyed"],
                "bad-surveyed",
                f"{values['surveyed']!r} is neither yes nor no (evet/hayır): kept as written",
                "warning",
            )
        else:
            values["surveyed"] = "yes" if answered else "no"
    return values


def _canonical_order(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sort rows by firm names in Turkish alphabetical order, independent of input order."""
    ranks = [_ranks_of(frame[key].astype(str)) for key in keys]
    order = np.lexsort(ranks[::-1]) if ranks else np.arange(len(frame))
    return frame.iloc[order].reset_index(drop=True)


def _ranks_of(names: pd.Series) -> np.ndarray:
    """Per row, the rank of its name in Turkish alphabetical order (equal names, equal
    ranks), each distinct name ranked once."""
    codes, distinct = pd.factorize(names)
    return _ranks(distinct.tolist())[codes]


def _ranks(names: list[str]) -> np.ndarray:
    """The rank of each of these distinct names in Turkish alphabetical order (sort_key is
    total: distinct names, distinct ranks)."""
    rank = np.empty(len(names), dtype=np.int64)
    rank[sorted(range(len(names)), key=lambda i: sort_key(names[i]))] = np.arange(len(names))
    return rank
