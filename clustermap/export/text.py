"""The short human summary printed after an analysis."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = ["summary_text"]


def summary_text(analysis: Analysis, out: Path | None = None) -> str:
    """Firms, ties, density, communities, core and fit, top firms, and where the files are."""
    summary = analysis.summary
    network = summary["network"]
    communities = summary["communities"]
    core = summary["core_periphery"]
    density = network["density"]
    modularity = communities["modularity"]
    fit = core["fit"]
    lines = [
        *(
            f"read {source['file']} ({source['encoding']}, {_DELIMITERS[source['delimiter']]}, "
            f"{_plural(source['rows'], 'row', 'rows')})"
            for source in summary["inputs"]
        ),
        f"{network['firms']} firms, {network['ties']} ties, density "
        f"{'n/a' if density is None else f'{density:.3f}'}, "
        f"{network['components']} component{'s' if network['components'] != 1 else ''}",
        f"{_plural(communities['count'], 'community', 'communities')} (modularity "
        f"{'n/a' if modularity is None else f'{modularity:.3f}'})",
        f"core: {core['core_size']} firms (fit {'n/a' if fit is None else f'{fit:.3f}'}): "
        + _names(core["core"], 8),
        "top brokers (betweenness): " + _names(summary["top_firms"]["betweenness"], 5),
        "top by PageRank: " + _names(summary["top_firms"]["pagerank"], 5),
    ]
    warnings = len(summary["warnings"])
    if warnings:
        lines.append(f"{warnings} data warning{'s' if warnings != 1 else ''} (see summary.json)")
    if out is not None:
        lines.append(
            f"results: {out}{'/' if not str(out).endswith('/') else ''} "
            f"(open {Path(out) / 'map.html'})"
        )
    return "\n".join(lines) + "\n"


_DELIMITERS = {
    ",": "comma-separated",
    ";": "semicolon-separated",
    "\t": "tab-separated",
    "|": "bar-separated",
}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _names(names: list[str], limit: int) -> str:
    shown = ", ".join(str(name) for name in names[:limit]) or "none"
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
