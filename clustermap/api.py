"""``analyze``: the one pipeline the command line and notebooks share.

survey files -> :class:`clustermap.survey.Survey` -> :class:`~clustermap.graph.network.Network`
-> the stages of :mod:`clustermap.pipeline` -> :class:`Analysis`, whose ``summary`` is
``summary.json`` (:mod:`clustermap.record`) and which :func:`clustermap.export.write_results`
turns into files. :func:`analyze_to_folder` does all of it in one call.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

import networkx as nx
import pandas as pd

from clustermap import record
from clustermap.errors import Issue, UsageError
from clustermap.firmtable import FIRM_COLUMNS
from clustermap.graph.build import build_network
from clustermap.graph.community import Partition
from clustermap.graph.coreperiphery import ContinuousCorePeriphery, CorePeriphery
from clustermap.graph.network import Network
from clustermap.options import GROUPINGS, AnalysisOptions
from clustermap.pipeline import run
from clustermap.record import SCHEMA_VERSION
from clustermap.survey import Survey
from clustermap.timing import stage
from clustermap.turkish import sort_key

__all__ = [
    "FIRM_COLUMNS",
    "SCHEMA_VERSION",
    "Analysis",
    "AnalysisOptions",
    "analyze",
    "analyze_to_folder",
]


@dataclass(frozen=True)
class Analysis:
    """Everything one analysis computed.

    Attributes
    ----------
    survey : Survey
        The validated input.
    network : Network
        The supply network (:attr:`graph`) with its firms in canonical order and its
        sparse matrices, made once and shared by the measures and the outputs.
    firms : pandas.DataFrame
        One row per firm: :data:`FIRM_COLUMNS`, then the firm attributes.
    ties : pandas.DataFrame
        The cleaned ties analysed (supplier, customer, relation, weight, rows).
    communities : Partition
    core_periphery : CorePeriphery
    coreness : ContinuousCorePeriphery
    positions : dict
        Firm -> (x, y) layout in [-1, 1].
    summary : dict
        The content of ``summary.json``.
    options : AnalysisOptions
        The options as they were set for this network (the automatic ones resolved).
    """

    survey: Survey
    network: Network
    firms: pd.DataFrame
    ties: pd.DataFrame
    communities: Partition
    core_periphery: CorePeriphery
    coreness: ContinuousCorePeriphery
    positions: dict[Any, tuple[float, float]]
    summary: dict[str, Any]
    options: AnalysisOptions = field(default_factory=AnalysisOptions)

    @property
    def graph(self) -> nx.DiGraph:
        """The supply network, supplier -> customer, with firm attributes on the nodes."""
        return cast(nx.DiGraph, self.network.graph)

    @property
    def adjacency(self) -> Any:
        """The weighted adjacency matrix of :attr:`graph` (scipy CSR), firms in canonical
        order (the rows of ``firms``)."""
        return self.network.adjacency()

    def index_row(self, name: str, survey_path: str | Path | None = None) -> dict[str, Any]:
        """This analysis as a row of a batch's ``index.csv``
        (:data:`clustermap.record.INDEX_COLUMNS`), named ``name``."""
        return record.index_row(self.summary, name, survey_path)


def analyze(
    survey: Survey | str | Path,
    firms: str | Path | None = None,
    options: AnalysisOptions | None = None,
    *,
    aliases: str | Path | None = None,
) -> Analysis:
    """Analyse a supply-network survey: metrics, communities, core/periphery, layout.

    Parameters
    ----------
    survey : Survey or path
        A survey read by :func:`clustermap.survey.read_survey`, or the path of a ties file.
    firms : path, optional
        Firms file (only with a path for ``survey``).
    options : AnalysisOptions, optional
    aliases : path, optional
        Alias file of firm names (only with a path for ``survey``).

    Returns
    -------
    Analysis

    Raises
    ------
    SurveyError
        If the survey files cannot be analysed.
    UsageError
        If an option is out of range, or names data the survey does not have.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer\\nA,B\\nB,C\\nC,A\\nC,D\\n")
    >>> result = analyze(path)
    >>> result.summary["network"]["firms"], result.firms["firm"].tolist()
    (4, ['A', 'B', 'C', 'D'])
    """
    options = options or AnalysisOptions()
    if not isinstance(survey, Survey):
        with stage("read and check the survey"), _collector_paused():
            survey = options.read(survey, firms, aliases=aliases)
    elif firms is not None or aliases is not None:
        raise UsageError("give the firms and alias files to read_survey() with a Survey")
    if notes := check_groups(options.groups, survey):
        survey = replace(survey, issues=(*survey.issues, *notes))
    with stage("build the graph"), _collector_paused():
        net = build_network(survey.ties, survey.firms, survey.kept_firms)
    # the graph does not change from here on: its order and matrices are made once, in net
    resolved, results = run(net, survey, options)
    return Analysis(
        survey,
        net,
        results.firms,
        survey.ties.copy(),
        results.communities,
        results.core_periphery,
        results.coreness,
        results.positions,
        record.summary_json(survey, resolved, results, options),
        resolved,
    )


def analyze_to_folder(
    survey: str | Path,
    out: str | Path,
    firms: str | Path | None = None,
    options: AnalysisOptions | None = None,
    *,
    aliases: str | Path | None = None,
    force: bool = False,
) -> Analysis:
    """Analyse a survey and write its result folder, as ``clustermap analyze`` does.

    The folder is written all or nothing; an existing one is replaced only with ``force``
    (and only when it holds nothing but clustermap's files).

    Raises
    ------
    SurveyError, UsageError
        As :func:`analyze`.
    OutputError
        If the folder cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ties.csv").write_text("supplier,customer\\nA,B\\nB,C\\n")
    >>> result = analyze_to_folder(folder / "ties.csv", folder / "results",
    ...                            options=AnalysisOptions(nulls=0))
    >>> sorted(path.name for path in (folder / "results").iterdir())[:3]
    ['firm_pages.html', 'firms.csv', 'firms.xlsx']
    """
    from clustermap.export import check_output_folder, write_results

    target = check_output_folder(Path(out), force=force)
    result = analyze(survey, firms, options, aliases=aliases)
    write_results(result, target, force=force)
    return result


def check_groups(groups: str | None, survey: Survey) -> list[Issue]:
    """Refuse brokerage groups by an attribute the firms do not have (a column missing, or
    empty on every row): every path would be counted in one group, as coordination. Return
    a warning when some firms have no value: they are counted as one group of their own.

    The groups by default (actor classes, when the firms file has them) are never refused,
    only warned about."""
    grouping = groups or ("actor_class" if "actor_class" in survey.firms else "community")
    if grouping == "community":
        return []
    firms = survey.firms
    filled = {
        name
        for name in GROUPINGS
        if name in firms and name != "community" and _has_values(firms[name])
    }
    if groups is not None and groups not in filled:
        choices = " or ".join([*(n for n in GROUPINGS if n in filled), "community"])
        if groups in firms:
            where = f"the firms file's {groups} column is empty on every row"
        elif len(firms.columns) == 0 and len(firms.index) == 0:
            where = "no firms file was given (with a column for it)"
        else:
            columns = ", ".join(map(str, firms.columns)) or "none"
            where = f"the firms file has no {groups} column (its columns: {columns})"
        raise UsageError(f"{where}; choose {choices}", "groups", groups)
    values = firms[grouping].reindex(list(survey.firm_names))
    blank = values.isna() | (values.astype(str).str.strip() == "")
    if not blank.any():
        return []
    listed = int((values.notna() & blank).sum())  # in the firms file, with the cell empty
    missing = int(values.isna().sum())  # not in the firms file at all
    why = [f"{listed} with an empty cell"] if listed else []
    why += [f"{missing} not in the firms file"] if missing else []
    source = next((s for s in survey.sources if s.role == "firms"), None)
    label = source.name if source else survey.sources[0].name if survey.sources else ""
    column = source.columns.get(grouping, grouping) if source else grouping
    given = f"--groups {grouping}" if groups else f"grouped by {grouping} (the default)"
    if blank.all():
        what = (
            f"no firm of the network has a {grouping} ({'; '.join(why)}): for brokerage "
            f"roles ({given}) they are all one group, so every path counts as coordination; "
            "fill in the column, or give --groups community"
        )
    else:
        shown = "; ".join(repr(name) for name in sorted(values.index[blank], key=sort_key)[:3])
        more = f" and {int(blank.sum()) - 3} more" if blank.sum() > 3 else ""
        what = (
            f"{int(blank.sum())} of the {len(values)} firms have no {grouping} "
            f"({'; '.join(why)}: {shown}{more}): for brokerage roles ({given}) they are "
            f"counted as one group of their own, '(none)', as if they shared a "
            f"{grouping}; fill in their {grouping}, or choose another grouping with --groups"
        )
    # '(none)': the group that clustermap.graph.brokerage gives a firm without a value
    return [Issue(label, None, column, "missing-groups", what, "warning")]


def _has_values(column: pd.Series) -> bool:
    """Whether a firms-file column holds anything on some row."""
    return bool((column.astype(str).str.strip() != "").any())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while millions of cells, names and tie dicts are made:
    it rescans every live object each time enough new ones appear, hundreds of times for a
    million ties (40 % of the graph's building time), and these objects hold no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
