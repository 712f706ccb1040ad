"""Reading and cleaning surveys: files in, one validated :class:`Survey` out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from clustermap.errors import Issue, SurveyError, UsageError, option, quoted
from clustermap.options import ReadOptions
from clustermap.survey import schema
from clustermap.survey.aliases import ALIAS_FILE_COLUMNS, read_aliases, starter_aliases
from clustermap.survey.columns import (
    columns_note,
    header_rule,
    map_columns,
    plainly_a_header,
    resolve_columns,
    ties_header_rule,
)
from clustermap.survey.layouts import RAW_TIE_COLUMNS, LayoutResult, layout_ties
from clustermap.survey.load import read_reported
from clustermap.survey.names import NameResolution, name_key, resolve_names
from clustermap.survey.table import Source, Table
from clustermap.survey.validate import clean_firms, clean_ties
from clustermap.survey.weights import WeightBasis
from clustermap.turkish import clean_name, sort_key

__all__ = [
    "ALIAS_FILE_COLUMNS",
    "CheckResult",
    "Source",
    "Survey",
    "WeightBasis",
    "check_survey",
    "read_aliases",
    "read_survey",
    "starter_aliases",
]


@dataclass(frozen=True)
class Survey:
    """A validated survey, ready to become a graph.

    Attributes
    ----------
    ties : pandas.DataFrame
        One row per (supplier, customer, relation): ``weight``, ``rows`` (how many survey
        rows it merges) and ``reported_by`` (the respondents who named it, ``;``-separated;
        empty when the survey does not say), sorted by firm name.
    firms : pandas.DataFrame
        Firm attributes indexed by firm name (empty without a firms file). Firms listed
        here without ties are isolates of the network.
    issues : tuple of Issue
        Warnings about what was done to the input, notes on names merged, and likely
        duplicate names (severity ``"suggestion"``); errors raise instead.
    sources : tuple of Source
        The files read.
    relation : str or None
        The relation layer selected, or ``None`` for all layers.
    layout : str
        ``"long"``, ``"respondent"`` or ``"wide"``.
    names : NameResolution
        How spellings became firms (variants merged, likely duplicates).
    respondents : frozenset of str
        Firms known to have answered the survey: every respondent of the ties file (also
        those who named no partner, and whatever ``relation`` selects), and the firms
        marked surveyed in the firms file.
    self_tied : frozenset of str
        Firms named in a self-tie (of ``relation``, when one layer is selected): the tie is
        dropped, the firm stays in the network (an isolate if it has no other tie).
    aliases : dict
        The alias file's decisions (variant -> canonical), as read.
    language : str
        ``"tr"`` when the survey's headers are Turkish, else ``"en"`` (for the report).
    weights : WeightBasis
        What the tie weights are read as: given (``weights=``) or guessed, and why.
    """

    ties: pd.DataFrame
    firms: pd.DataFrame
    issues: tuple[Issue, ...]
    sources: tuple[Source, ...]
    relation: str | None = None
    layout: str = "long"
    names: NameResolution = field(default_factory=lambda: NameResolution({}, {}, []))
    respondents: frozenset[str] = frozenset()
    aliases: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    weights: WeightBasis = field(default_factory=lambda: WeightBasis("unweighted", True, ""))
    self_tied: frozenset[str] = frozenset()

    @property
    def firm_names(self) -> set[str]:
        """Every firm of the network: named in a tie, listed in the firms file, a
        respondent who named no partner, or named only in a self-tie."""
        return (
            set(self.ties["supplier"].tolist())
            | set(self.ties["customer"].tolist())
            | set(self.firms.index.tolist())
            | self.kept_firms
        )

    @property
    def kept_firms(self) -> frozenset[str]:
        """Firms in the network whether or not :attr:`ties` ties them: the respondents
        and the firms named in self-ties."""
        return self.respondents | self.self_tied

    @property
    def relations(self) -> list[str]:
        """The relation layers present, sorted."""
        return sorted(self.ties["relation"].unique())


def read_survey(
    path: str | Path,
    firms: str | Path | None = None,
    *,
    encoding: str | None = None,
    relation: str | None = None,
    layout: str | None = None,
    sheet: str | None = None,
    aliases: str | Path | None = None,
    columns: Mapping[str, str] | None = None,
    firm_columns: Mapping[str, str] | None = None,
    header_row: int | None = None,
    weights: str | None = None,
) -> Survey:
    """Read and validate a survey of supply ties, and optionally a firms file.

    Parameters
    ----------
    path : str or Path
        The ties file, in any of the layouts (long, respondent, wide) and formats (CSV and
        other delimited text, gzip-compressed, ``.xlsx``; ``"-"`` for standard input) that
        :mod:`clustermap.survey.layouts` and :mod:`clustermap.survey.load` read.
    firms : str or Path, optional
        A firms file: one row per firm with sector, actor class, region, employees,
        surveyed and any other attributes.
    encoding : str, optional
        Force the encoding of the text files (default: detected).
    relation : str, optional
        Keep only the ties of this relation layer (e.g. ``"supply"``, ``"knowledge"``).
    layout : str, optional
        ``"long"``, ``"respondent"`` or ``"wide"`` (default: recognised from the header).
    sheet : str, optional
        The worksheet of an ``.xlsx`` survey (default: the first).
    aliases : str or Path, optional
        Alias file: variant -> canonical firm name, as decided by the consultant.
    columns : mapping, optional
        Role -> header (as written, or its position from 1) of the ties file, overriding
        the recognition of headers: roles ``supplier``, ``customer``, ``weight``,
        ``relation``, ``reported_by``, ``respondent``, ``partner``, ``direction``; an
        empty header reads no column for the role.
    firm_columns : mapping, optional
        The same for the firms file: ``firm``, ``sector``, ``actor_class``, ``region``,
        ``employees``, ``surveyed``.
    header_row : int, optional
        The line (workbook row) of the survey's header; 0 when the file has none (its
        columns are then named by their numbers: ``columns={"supplier": "1", ...}``);
        default: the first of its first 20 rows that gives a layout.
    weights : str, optional
        What the weights are: ``"percent"`` or ``"fraction"`` of the supplier's sales,
        ``"volume"`` or ``"unweighted"`` (no weight column is read); guessed when not given.

    Returns
    -------
    Survey

    Raises
    ------
    SurveyError
        With every problem of every file (``.issues``) when the survey cannot be analysed.
    UsageError
        For an unknown role, a header the file does not have, or a header row it lacks.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ties.csv").write_text("supplier,customer,weight\\nA,B,2\\na,B,1\\n")
    >>> survey = read_survey(folder / "ties.csv")
    >>> survey.ties[["supplier", "customer", "weight", "rows"]].to_dict("records")
    [{'supplier': 'A', 'customer': 'B', 'weight': 3.0, 'rows': 2}]
    >>> [issue.code for issue in survey.issues]
    ['name-variants', 'columns', 'duplicate-tie']
    >>> _ = (folder / "answers.csv").write_text(
    ...     "Anket 2024\\n\\nTedarikçi Firmanın Adı,Müşteri Firmalar\\nA,B\\n")
    >>> survey = read_survey(folder / "answers.csv")
    >>> survey.sources[0].header_line, survey.sources[0].columns
    (3, {'supplier': 'Tedarikçi Firmanın Adı', 'customer': 'Müşteri Firmalar'})
    """
    ReadOptions(  # every option checked as the command line checks it
        relation=relation,
        encoding=encoding,
        layout=layout,
        sheet=sheet,
        weights=weights,
        columns=dict(columns or {}),
        firm_columns=dict(firm_columns or {}),
        header_row=header_row,
    )
    if firm_columns and firms is None:
        error = UsageError(
            f"{option('firm_columns')} needs {option('firms')}: it names the columns of the "
            "firms file, and none was given"
        )
        error.parameter = "firm_columns"
        raise error
    problems: list[Issue] = []
    sources: list[Source] = []
    given = dict(columns or {})
    rule = header_row if header_row is not None else ties_header_rule(layout, given)
    table = read_reported(path, problems, encoding=encoding, sheet=sheet, header=rule)
    read = LayoutResult(layout or "long", pd.DataFrame(columns=RAW_TIE_COLUMNS), {}, [])
    if table is not None:
        read = layout_ties(table, layout, given, read_weights=weights != "unweighted")
        problems.extend(table.issues + _beside_the_header(table, read.issues))
        sources.append(Source.of("ties", table, read.columns))
    # the firms and alias files come from elsewhere: their encodings are detected
    firms_file = None
    if firms is not None:
        firm_rule = header_rule(schema.FIRM_COLUMNS, schema.FIRM_REQUIRED, firm_columns)
        firms_file = read_reported(firms, problems, header=firm_rule, header_option=None)
    firm_rows: pd.DataFrame | None = None
    firm_map: dict[str, str] = {}
    if firms_file is not None:
        chosen = resolve_columns(
            firms_file, firm_columns or {}, schema.FIRM_COLUMNS, "--firms-column"
        )
        match, issues = map_columns(
            firms_file, schema.FIRM_COLUMNS, schema.FIRM_REQUIRED, chosen, "--firms-column"
        )
        firm_map = match.columns
        problems.extend(firms_file.issues + issues)
        sources.append(Source.of("firms", firms_file, firm_map))
        if not any(issue.is_error for issue in issues):
            problems.append(columns_note(firms_file, match, unused="kept as attributes"))
            firm_rows = firms_file.frame[~firms_file.frame.index.isin(_misfits(firms_file))]
    alias_map = {} if aliases is None else read_aliases(aliases, None, problems, sources)

    label = table.label if table is not None else str(path)
    listed = [] if firm_rows is None else [clean_name(str(n)) for n in firm_rows[firm_map["firm"]]]
    spellings: Counter[str] = Counter()
    # each spelling counted (in C: 20 million names in 4 s) and cleaned once, in the order
    # of first appearance as Counter would give them
    written, distinct = pd.factorize(np.asarray(read.names, dtype=object), use_na_sentinel=False)
    counts = np.bincount(written, minlength=len(distinct)).tolist()
    overlong: list[str] = []
    for cell, count in zip(distinct.tolist(), counts, strict=True):
        if name := clean_name(str(cell)):
            if len(name) > schema.LONGEST_NAME:
                overlong.append(cell)
            else:
                spellings[name] += count
    spellings.update(name for name in listed if name and len(name) <= schema.LONGEST_NAME)
    names = resolve_names(spellings, aliases=alias_map, preferred=listed)
    problems.extend(_name_notes(names, label))
    problems.extend(_unused_aliases(alias_map, spellings, label))
    if table is not None and overlong:
        problems.extend(_overlong_names(read, table, set(overlong)))

    def display(name: str) -> str:
        return names.display.get(name, name)

    ties = firm_table = None
    self_tied: frozenset[str] = frozenset()
    weight_basis = WeightBasis(weights or "unweighted", weights is None, "no ties")
    if table is not None and not any(
        issue.is_error and issue.code in _STRUCTURE for issue in read.issues
    ):
        raw = read.ties[~read.ties["line"].isin(_misfits(table))]
        cleaned = clean_ties(
            raw,
            label=label,
            columns=read.columns,
            display=display,
            basis=weights,
            relation=None if relation is None else schema.relation(clean_name(relation)),
            has_weights=read.weighted,
            row_word=table.row_word,
        )
        ties, weight_basis, self_tied = cleaned.ties, cleaned.weights, cleaned.self_tied
        problems.extend(cleaned.issues)
    if firms_file is not None and firm_rows is not None:
        firm_table, issues = clean_firms(
            firm_rows, firm_map, label=firms_file.label, display=display
        )
        problems.extend(issues)
    if ties is not None and firm_table is not None and firms_file is not None:
        problems.extend(_cross_check(ties, firm_table, firms_file.label))
    if ties is not None and relation is not None:
        ties, issues = _select_relation(ties, relation, label)
        problems.extend(issues)
    respondents = frozenset(
        display(name)
        for name in map(clean_name, map(str, read.respondents))
        if name and len(name) <= schema.LONGEST_NAME
    )
    usable = not any(issue.is_error for issue in problems)
    if (
        usable
        and ties is not None
        and ties.empty
        and not respondents
        and (firm_table is None or len(firm_table) == 0)
    ):
        problems.append(
            Issue(
                label,
                None,
                None,
                "no-ties",
                "the survey has no usable ties: add one row per tie "
                "(supplier, customer), or give a firms file",
            )
        )
    workbooks = {t.label for t in (table, firms_file) if t is not None and t.format == "xlsx"}
    workbooks |= {s.name for s in sources if s.format == "xlsx"}
    problems = [replace(i, unit="row") if i.file in workbooks else i for i in problems]
    if any(issue.is_error for issue in problems):
        raise SurveyError(problems)
    assert ties is not None
    if firm_table is None:
        firm_table = pd.DataFrame(index=pd.Index([], name="firm", dtype=object))
    if "surveyed" in firm_table:
        respondents |= set(firm_table.index[firm_table["surveyed"] == "yes"])
    return Survey(
        ties,
        firm_table,
        tuple(sorted(problems, key=_by_place)),
        tuple(sources),
        None if relation is None else schema.relation(clean_name(relation)),
        read.layout,
        names,
        frozenset(respondents),
        alias_map,
        _language(table),
        weight_basis,
        self_tied,
    )


def _overlong_names(read: LayoutResult, table: Table, cells: set[str]) -> list[Issue]:
    """Errors for cells too long to be a firm name: one per cell (line and column)."""
    named_by = {header: role for role, header in read.columns.items()}
    answered = read.columns.get("reported_by") or read.columns.get("respondent")
    found: dict[tuple[int, str | None], Issue] = {}
    ties = read.ties
    for role in ("supplier", "customer", "reported_by"):
        hits = ties[ties[role].isin(cells)]
        columns = (
            hits[f"{role}_column"].tolist() if f"{role}_column" in hits else [answered] * len(hits)
        )
        for line, cell, column in zip(
            hits["line"].tolist(), hits[role].tolist(), columns, strict=True
        ):
            name = clean_name(cell)
            what = named_by.get(column, role).replace("_", " ")
            size = f"has {len(name):,} characters ({quoted(name, 40)})"
            if table.format == "xlsx" and len(cell) >= _EXCEL_CELL:  # Excel cut it there
                size = (
                    f"({quoted(name, 40)}) fills its cell: {_EXCEL_CELL:,} characters, the "
                    "most an Excel cell holds (a longer text is cut there)"
                )
            found.setdefault(
                (int(line), column),
                Issue(
                    table.label,
                    int(line),
                    column,
                    "name-too-long",
                    f"this {what} name {size}: a firm name has at most {schema.LONGEST_NAME}; "
                    "is a note or a whole paragraph pasted into the cell? Shorten it",
                ),
            )
    return sorted(found.values(), key=_by_place) or [
        Issue(
            table.label,
            None,
            None,
            "name-too-long",
            f"{len(cells)} firm name{'s are' if len(cells) != 1 else ' is'} longer than "
            f"{schema.LONGEST_NAME} characters: shorten them",
        )
    ]


#: The most characters an Excel cell holds: a longer text pasted into one is cut there.
_EXCEL_CELL = 32_767


def _language(table: Table | None) -> str:
    """Turkish when a header of the survey has a Turkish letter ("Tedarikçi", "Müşteri")."""
    headers = "" if table is None else " ".join(map(table.original, table.frame.columns))
    return "tr" if any(letter in headers for letter in "çğıöşüÇĞİÖŞÜ") else "en"


def _beside_the_header(table: Table, issues: list[Issue]) -> list[Issue]:
    """The issues of reading a table in its layout, but for the errors about its columns
    when the row read as the header is no header (a title: most rows have more cells than
    it, and it names no column): the one error about the header says so already."""
    folded = sum(issue.code == "extra-cells" for issue in table.issues) < len(table.misfits)
    if not folded or plainly_a_header(table):
        return issues
    return [issue for issue in issues if not (issue.is_error and issue.code in _HEADER_ERRORS)]


#: Errors about the columns a header names (or fails to name).
_HEADER_ERRORS = frozenset({"missing-column", "ambiguous-column", "unknown-layout"})


def _misfits(table: Table) -> frozenset[int]:
    """Lines whose cells do not fit the header: reported already, their values not checked."""
    return table.misfits


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check_survey` found: every issue, and the survey when it is usable."""

    issues: tuple[Issue, ...]
    survey: Survey | None

    @property
    def usable(self) -> bool:
        """Whether the survey can be analysed (no issue is an error)."""
        return self.survey is not None


def check_survey(
    path: str | Path,
    firms: str | Path | None = None,
    options: ReadOptions | None = None,
    *,
    aliases: str | Path | None = None,
) -> CheckResult:
    """Run the intake only and collect every problem, note and suggestion, as
    ``clustermap check`` does.

    Takes the files of :func:`read_survey` and its options as one
    :class:`~clustermap.options.ReadOptions` (an :class:`~clustermap.options.AnalysisOptions`
    will do: what analysing it would report); never raises for a bad survey.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer,weight\\nA,B,-1\\n")
    >>> result = check_survey(path)
    >>> result.usable, [issue.code for issue in result.issues]
    (False, ['bad-weight', 'columns'])
    """
    try:
        survey = (options or ReadOptions()).read(path, firms, aliases=aliases)
    except SurveyError as err:
        return CheckResult(tuple(err.issues), None)
    return CheckResult(survey.issues, survey)


#: Header problems that make the values of a file impossible to check.
_STRUCTURE = frozenset(
    {"missing-column", "ambiguous-column", "unknown-layout", "orphan-share-column"}
)


def _name_notes(names: NameResolution, label: str) -> list[Issue]:
    notes = [
        Issue(
            label,
            None,
            None,
            "name-variants",
            f"{firm!r} is written {len(spellings)} ways "
            f"({'; '.join(repr(s) for s in spellings)}): treated as one firm",
            "info",
        )
        for firm, spellings in sorted(names.variants.items(), key=lambda kv: sort_key(kv[0]))
    ]
    notes.extend(
        Issue(
            label,
            None,
            None,
            "likely-duplicate",
            f"{pair.first!r} and {pair.second!r} may be the same firm (similarity "
            f"{pair.score:.2f}: {pair.reason}); if they are, add the row "
            f"'{pair.second},{pair.first}' to an alias file (--aliases)",
            "suggestion",
        )
        for pair in names.duplicates
    )
    return notes


def _unused_aliases(aliases: dict[str, str], spellings: Counter[str], label: str) -> list[Issue]:
    """Alias rows whose variant the survey never writes: a typo in the alias file?"""
    written = {name_key(spelling) for spelling in spellings} | set(spellings)
    unused = [
        variant
        for variant in aliases
        if variant not in written and name_key(variant) not in written
    ]
    if not unused:
        return []
    shown = "; ".join(repr(name) for name in sorted(unused, key=sort_key)[:5])
    more = f" and {len(unused) - 5} more" if len(unused) > 5 else ""
    return [
        Issue(
            label,
            None,
            None,
            "unused-alias",
            f"{len(unused)} alias row{'s match' if len(unused) != 1 else ' matches'} no "
            f"firm name of the survey: {shown}{more}",
            "warning",
        )
    ]


def _cross_check(ties: pd.DataFrame, firms: pd.DataFrame, label: str) -> list[Issue]:
    """Warn about firms named in one file and missing from the other."""
    named = set(ties["supplier"].tolist()) | set(ties["customer"].tolist())
    listed = set(firms.index.tolist())
    issues = []
    for names, message in (
        (
            named - listed,
            "named in the ties but missing from the firms file, so they have no "
            "sector or actor class (check the spelling in both files)",
        ),
        (listed - named, "in the firms file but in no tie, so isolated in the network"),
    ):
        if names:
            shown = "; ".join(repr(name) for name in sorted(names, key=sort_key)[:5])
            more = f" and {len(names) - 5} more" if len(names) > 5 else ""
            count = f"{len(names)} firm{'s are' if len(names) != 1 else ' is'}"
            issues.append(
                Issue(
                    label,
                    None,
                    None,
                    "firms-mismatch",
                    f"{count} {message}: {shown}{more}",
                    "warning",
                )
            )
    return issues


def _select_relation(
    ties: pd.DataFrame, relation: str, label: str
) -> tuple[pd.DataFrame, list[Issue]]:
    wanted = schema.relation(clean_name(relation))
    selected = ties[ties["relation"] == wanted].reset_index(drop=True)
    if selected.empty:
        layers = ", ".join(sorted(ties["relation"].unique())) or "none"
        return selected, [
            Issue(
                label,
                None,
                None,
                "unknown-relation",
                f"no ties of relation {relation!r}: the survey has {layers}",
            )
        ]
    return selected, []


def _by_place(issue: Issue) -> tuple[str, int, str, str]:
    return (issue.file, issue.line or 0, issue.code, issue.message)
