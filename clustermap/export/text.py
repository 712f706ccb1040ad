"""The short human summary printed after an analysis."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clustermap.errors import Issue
from clustermap.export.tables import aligned_table

if TYPE_CHECKING:
    from clustermap.api import Analysis
    from clustermap.compare import Comparison

__all__ = ["analysis_text", "comparison_text", "condensed", "issues_text"]

_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}


def analysis_text(analysis: Analysis, out: Path | None = None) -> str:
    """Inputs read, firms, ties, density, communities, core and fit, top firms, where the files are.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.api import analyze
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("supplier,customer\\nA,B\\nB,C\\nC,A\\n")
    >>> print(analysis_text(analyze(path)), end="")
    read ties.csv (utf-8, comma-separated, 3 rows)
    3 firms, 3 ties, density 0.500, 1 component
    1 community (modularity 0.000) [not significant, p = 1.000]
    core: 0 firms (fit n/a): none
    top brokers (betweenness): A; B; C
    top by PageRank: A; B; C
    single-customer dependence: needs tie weights (shares of sales)
    resilience: removing the 10% most connected or most central firms leaves 67% of firms \
in the largest connected part, against 67% when 10% of firms are lost at random: the \
network is robust to the loss of its central firms
    """
    summary = analysis.summary
    network, communities, core = (
        summary["network"],
        summary["communities"],
        summary["core_periphery"],
    )
    lines = [f"read {source['file']} ({_how_read(source)})" for source in summary["inputs"]]
    lines += [
        f"{_count(network['firms'], 'firm')}, {_count(network['ties'], 'tie')}, "
        f"density {_figure(network['density'])}, {_count(network['components'], 'component')}",
        f"{_count(communities['count'], 'community', 'communities')} "
        f"(modularity {_figure(communities['modularity'])}){_tested(communities)}",
        f"core: {_count(core['core_size'], 'firm')} (fit {_figure(core['fit'])}"
        f"{_alternatives(core)}){_tested(core)}: " + _names(core["core"], 8),
        "top brokers (betweenness): "
        + (
            "not computed (above --complete-up-to ties)"
            if "betweenness" in summary.get("skipped", {})
            else _names(summary["top_firms"]["betweenness"], 5)
        ),
        "top by PageRank: " + _names(summary["top_firms"]["pagerank"], 5),
    ]
    supply = summary.get("supply")
    if supply:
        dependent = supply["dependent_firms"]
        basis = supply["weight_basis"]
        how = f"weights read as {_BASIS[basis]}" + (
            ", a guess: --weights to set it" if supply.get("weight_basis_guessed") else ""
        )
        if basis == "unweighted":
            lines.append("single-customer dependence: needs tie weights (shares of sales)")
        else:
            verb = "depends" if len(dependent) == 1 else "depend"
            lines.append(
                f"{_count(len(dependent), 'firm')} {verb} on one customer for over "
                f"{supply['dependence_threshold']:.0%} of sales ({how}): " + _names(dependent, 5)
            )
        lines.append(f"resilience: {supply['resilience']['verdict']}")
    if summary["warnings"]:
        lines.append(f"{_count(len(summary['warnings']), 'data warning')} (see summary.json)")
    if out is not None:
        lines.append(f"results: {out} (open {Path(out) / 'map.html'})")
    return "\n".join(lines) + "\n"


def comparison_text(comparison: Comparison, out: Path | None = None) -> str:
    """A short summary of the changes for a terminal.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.api import analyze
    >>> from clustermap.compare import compare
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("supplier,customer\\nA,B\\nB,C\\nC,A\\n")
    >>> _ = (folder / "b.csv").write_text("supplier,customer\\nA,B\\nB,C\\nC,D\\n")
    >>> print(comparison_text(compare(analyze(folder / "a.csv"), analyze(folder / "b.csv"))))
    ... # doctest: +ELLIPSIS
    compared a.csv (baseline) with b.csv (follow-up)
    firms: 3 -> 4 (+1): 1 entered (D), 0 left
    ties: 3 -> 3 (+0): 1 added, 1 lost, 0 with a changed weight; 50% of ties kept
    density: 0.500 -> 0.250 (-0.250)
    ...
    """
    from clustermap.export.comparison import wave_name

    diff = comparison.diff
    network = diff["network"]
    ties, firms, core, communities = diff["ties"], diff["firms"], diff["core"], diff["communities"]

    def figure(name: str, label: str | None = None, digits: int = 3) -> str:
        values = network[name]
        if values["baseline"] is None or values["followup"] is None:
            return (
                f"{label or name}: {_figure(values['baseline'])} -> {_figure(values['followup'])}"
            )
        change = values["change"]
        return (
            f"{label or name}: {values['baseline']:.{digits}f} -> {values['followup']:.{digits}f} "
            f"({change:+.{digits}f})"
        )

    lines = [
        f"compared {wave_name(diff['baseline'])} (baseline) with "
        f"{wave_name(diff['followup'])} (follow-up)",
        figure("firms", digits=0) + f": {len(firms['entered'])} entered{_some(firms['entered'])}, "
        f"{len(firms['left'])} left{_some(firms['left'])}",
        figure("ties", digits=0)
        + f": {ties['added']} added, {ties['lost']} lost, {ties['changed']} with a changed "
        f"weight; {_share(ties['jaccard'])} of ties kept",
        figure("density"),
        figure("degree_centralization", "degree centralisation"),
        figure("modularity"),
        figure("core_periphery_fit", "core/periphery fit"),
        f"core: {len(core['entered'])} entered{_some(core['entered'])}, "
        f"{len(core['left'])} left{_some(core['left'])}, {len(core['stayed'])} stayed",
        f"communities: {network['communities']['baseline']} -> "
        f"{network['communities']['followup']}; similarity of the partitions: adjusted Rand "
        f"{_figure(communities['adjusted_rand_index'])}, NMI "
        f"{_figure(communities['normalized_mutual_information'])}; "
        f"{len(communities['moved'])} of {communities['firms_compared']} firms moved",
    ]
    for measure in ("betweenness", "pagerank"):
        top = diff["largest_changes"][measure][:3]
        if top:
            lines.append(
                f"largest change in {measure}: "
                + "; ".join(f"{c['firm']} ({c['change']:+.3f})" for c in top)
            )
    if diff["matched_spellings"]:
        count = len(diff["matched_spellings"])
        lines.append(f"{count} firm name{'s' if count != 1 else ''} matched across spellings")
    if out is not None:
        lines.append(f"results: {out} (open {Path(out) / 'compare.html'})")
    return "\n".join(lines) + "\n"


def _how_read(source: dict[str, Any]) -> str:
    rows = _count(source["rows"], "row")
    if source["format"] == "xlsx":
        return f"Excel sheet {source['sheet']!r}, {rows}"
    compressed = "gzip, " if source["format"] == "csv.gz" else ""
    return f"{compressed}{source['encoding']}, {_DELIMITERS[source['delimiter']]}-separated, {rows}"


_BASIS = {
    "percent": "percent of sales",
    "fraction": "fractions of sales",
    "volume": "volumes: shares within the cluster",
    "unweighted": "ties",
}


def _tested(section: dict[str, Any]) -> str:
    """The significance verdict in a few words, when the structure was tested."""
    test = section.get("significance")
    if not test or test.get("p_value") is None:
        return ""
    if test["nulls"] < 19:
        return f" [too few randomisations to test, p = {test['p_value']:.3f}]"
    verdict = "beyond what degrees explain" if test["p_value"] <= 0.05 else "not significant"
    return f" [{verdict}, p = {test['p_value']:.3f}]"


def _alternatives(core: dict[str, Any]) -> str:
    others = core.get("alternatives") or 0
    return f"; {others} other cores fit as well" if others else ""


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _count(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _some(names: list[str], limit: int = 3) -> str:
    """`` (A; B; C and 2 more)``, or nothing without names."""
    return f" ({_names(names, limit)})" if names else ""


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _names(names: list[str], limit: int) -> str:
    shown = "; ".join(str(name) for name in names[:limit]) or "none"  # names contain commas
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


#: How many issues of one kind (file, code and column) ``analyze`` prints before it counts
#: the rest; ``check`` prints every one.
SHOWN_PER_KIND = {"error": 5, "warning": 3}
#: Notes ``analyze`` prints as one line each, counted, when there are several.
_COUNTED = {
    "name-variants": "firms were written several ways and merged",
    "likely-duplicate": "pairs of names may be one firm (check --write-aliases writes them "
    "down for you to decide)",
}


def condensed(issues: Iterable[Issue]) -> list[Issue]:
    """The issues as ``analyze`` prints them: a line per kind of note, the first few of each
    kind of error and warning, and how many more ``clustermap check`` lists.

    >>> notes = [Issue("t.csv", None, None, "name-variants", f"'F{i}' is written 2 ways", "info")
    ...          for i in range(40)]
    >>> errors = [Issue("t.csv", i, "Pay", "bad-weight", "weight 'x' is not a number")
    ...           for i in range(2, 9)]
    >>> for issue in condensed(notes + errors):
    ...     print(issue)  # doctest: +NORMALIZE_WHITESPACE
    t.csv: info: 40 firms were written several ways and merged: clustermap check lists
    them [name-variants]
    t.csv, line 2, column 'Pay': error: weight 'x' is not a number [bad-weight]
    t.csv, line 3, column 'Pay': error: weight 'x' is not a number [bad-weight]
    t.csv, line 4, column 'Pay': error: weight 'x' is not a number [bad-weight]
    t.csv, line 5, column 'Pay': error: weight 'x' is not a number [bad-weight]
    t.csv, line 6, column 'Pay': error: weight 'x' is not a number [bad-weight]
    t.csv, column 'Pay': error: … and 2 more like this: clustermap check lists every
    one [bad-weight]
    """
    issues = list(issues)
    counts: dict[tuple[str, str, str, str | None], int] = {}
    for issue in issues:
        key = _kind(issue)
        counts[key] = counts.get(key, 0) + 1
    shown: dict[tuple[str, str, str, str | None], int] = {}
    kept: list[Issue] = []
    for issue in issues:
        key = _kind(issue)
        total = counts[key]
        seen = shown[key] = shown.get(key, 0) + 1
        if issue.code in _COUNTED and total > 1:
            if seen == 1:
                what = _COUNTED[issue.code]
                kept.append(
                    Issue(
                        issue.file,
                        None,
                        None,
                        issue.code,
                        f"{total} {what}: clustermap check lists them",
                        issue.severity,
                    )
                )
            continue
        limit = SHOWN_PER_KIND.get(issue.severity)
        if limit is None or seen <= limit:
            kept.append(issue)
        elif seen == limit + 1:
            kept.append(
                Issue(
                    issue.file,
                    None,
                    issue.column,
                    issue.code,
                    f"… and {total - limit} more like this: clustermap check lists every one",
                    issue.severity,
                )
            )
    return kept


def _kind(issue: Issue) -> tuple[str, str, str, str | None]:
    column = issue.column if issue.severity == "error" else None
    return issue.file, issue.severity, issue.code, column


def issues_text(issues: Iterable[Issue]) -> str:
    """Issues as an aligned table for a terminal: severity, place, code, message.

    >>> from clustermap.errors import Issue
    >>> print(issues_text([Issue("t.csv", 4, "Pay", "bad-weight", "weight 'x' is not a number"),
    ...                    Issue("t.csv", None, None, "name-variants", "'A' ...", "info")]), end="")
    severity  where                 code           message
    error     t.csv:4 column 'Pay'  bad-weight     weight 'x' is not a number
    info      t.csv                 name-variants  'A' ...
    """
    rows = []
    for issue in issues:
        where = issue.file + (f":{issue.line}" if issue.line is not None else "")
        where += f" column {issue.column!r}" if issue.column is not None else ""
        rows.append((issue.severity, where, issue.code, issue.message))
    if not rows:
        return "no problems found\n"
    return aligned_table(("severity", "where", "code", "message"), rows)
