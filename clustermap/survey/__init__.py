"""Reading and cleaning surveys: files in, one validated :class:`Survey` out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from clustermap.errors import Issue, SurveyError
from clustermap.survey import schema
from clustermap.survey.layouts import long_layout, map_columns
from clustermap.survey.load import Table, read_table
from clustermap.survey.names import sort_key
from clustermap.survey.validate import clean_firms, clean_ties

__all__ = ["Source", "Survey", "read_survey"]


@dataclass(frozen=True)
class Source:
    """Where one input file came from and how it was read (recorded in ``summary.json``)."""

    role: str
    name: str
    sha256: str
    encoding: str
    delimiter: str
    rows: int

    @classmethod
    def of(cls, role: str, table: Table) -> Source:
        return cls(
            role, table.label, table.sha256, table.encoding, table.delimiter, len(table.frame)
        )


@dataclass(frozen=True)
class Survey:
    """A validated survey, ready to become a graph.

    Attributes
    ----------
    ties : pandas.DataFrame
        One row per (supplier, customer, relation): ``weight`` (summed over repeated rows)
        and ``rows`` (how many survey rows it merges), sorted by firm name.
    firms : pandas.DataFrame
        Firm attributes indexed by firm name (empty without a firms file). Firms listed
        here without ties are isolates of the network.
    issues : tuple of Issue
        The warnings about what was done to the input (errors raise instead).
    sources : tuple of Source
        The files read.
    relation : str or None
        The relation layer selected, or ``None`` for all layers.
    """

    ties: pd.DataFrame
    firms: pd.DataFrame
    issues: tuple[Issue, ...]
    sources: tuple[Source, ...]
    relation: str | None = None

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
) -> Survey:
    """Read and validate a survey of supply ties, and optionally a firms file.

    Parameters
    ----------
    path : str or Path
        The ties file (long layout: one row per tie, supplier -> customer).
    firms : str or Path, optional
        A firms file: one row per firm with sector, actor class, region, employees and any
        other attributes.
    encoding : str, optional
        Force the encoding of both files (default: detected; see
        :func:`clustermap.survey.load.read_table`).
    relation : str, optional
        Keep only the ties of this relation layer (e.g. ``"supply"``, ``"knowledge"``).

    Returns
    -------
    Survey

    Raises
    ------
    SurveyError
        With every problem of both files (``.issues``) when the survey cannot be analysed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ties.csv").write_text("supplier,customer,weight\\nA,B,2\\nA,B,1\\n")
    >>> survey = read_survey(folder / "ties.csv")
    >>> survey.ties.to_dict("records")
    [{'supplier': 'A', 'customer': 'B', 'relation': 'supply', 'weight': 3.0, 'rows': 2}]
    >>> [str(issue) for issue in survey.issues]  # doctest: +ELLIPSIS
    ['...ties.csv, line 2: warning: the tie A → B (supply) is listed 2 times: merged...']
    """
    problems: list[Issue] = []
    sources: list[Source] = []
    ties = firm_table = None
    table = _read("ties", path, encoding, sources, problems)
    if table is not None:
        raw, columns, issues = long_layout(table)
        problems.extend(table.issues + issues)
        if not any(issue.is_error for issue in issues):  # the columns are all there
            # rows that do not fit the header are reported already; check all the others
            misfits = {issue.line for issue in table.issues if issue.code == "extra-cells"}
            ties, issues = clean_ties(raw[~raw["line"].isin(misfits)], columns, label=table.label)
            problems.extend(issues)
    firms_file = None if firms is None else _read("firms", firms, encoding, sources, problems)
    if firms_file is not None:
        columns, issues = map_columns(firms_file, schema.FIRM_COLUMNS, schema.FIRM_REQUIRED)
        problems.extend(firms_file.issues + issues)
        if not any(issue.is_error for issue in issues):
            misfits = {issue.line for issue in firms_file.issues if issue.code == "extra-cells"}
            rows = firms_file.frame[~firms_file.frame.index.isin(misfits)]
            firm_table, issues = clean_firms(rows, columns, label=firms_file.label)
            problems.extend(issues)
    if ties is not None and firm_table is not None and firms_file is not None:
        problems.extend(_cross_check(ties, firm_table, firms_file.label))
    if ties is not None and relation is not None:
        ties, issues = _select_relation(ties, relation, str(path))
        problems.extend(issues)
    usable = not any(issue.is_error for issue in problems)
    if usable and ties is not None and ties.empty and (firm_table is None or len(firm_table) == 0):
        problems.append(
            Issue(
                str(path),
                None,
                None,
                "no-ties",
                "the survey has no usable ties: add one row per tie "
                "(supplier, customer), or give a firms file",
            )
        )
    if any(issue.is_error for issue in problems):
        raise SurveyError(problems)
    assert ties is not None
    if firm_table is None:
        firm_table = pd.DataFrame(index=pd.Index([], name="firm", dtype=object))
    return Survey(
        ties,
        firm_table,
        tuple(sorted(problems, key=_by_place)),
        tuple(sources),
        None if relation is None else schema.relation(relation),
    )


def _cross_check(ties: pd.DataFrame, firms: pd.DataFrame, label: str) -> list[Issue]:
    """Warn about firms named in one file and missing from the other."""
    named = set(ties["supplier"]) | set(ties["customer"])
    listed = set(firms.index)
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


def _read(
    role: str, path: str | Path, encoding: str | None, sources: list[Source], problems: list[Issue]
) -> Table | None:
    """Read one input file, recording where it came from, or its problem."""
    try:
        table = read_table(path, encoding=encoding)
    except SurveyError as err:
        problems.extend(err.issues)
        return None
    sources.append(Source.of(role, table))
    return table


def _select_relation(
    ties: pd.DataFrame, relation: str, label: str
) -> tuple[pd.DataFrame, list[Issue]]:
    wanted = schema.relation(relation.strip())
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
