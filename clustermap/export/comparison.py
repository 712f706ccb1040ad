"""The files of ``clustermap compare``: a page for the steering committee, data for analysts.

``compare.html`` is one offline page without any script (every survey string autoescaped);
``changes.json`` is the machine-readable diff; ``tie_changes.csv`` and
``firm_changes.csv`` are the tables behind it, for Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from clustermap._version import __version__
from clustermap.export.tables import format_value, frame_csv, json_text

if TYPE_CHECKING:
    from clustermap.compare import Comparison

__all__ = ["COMPARISON_FILES", "comparison_files", "comparison_html", "write_comparison"]

#: The files of a comparison folder.
COMPARISON_FILES = ("compare.html", "changes.json", "tie_changes.csv", "firm_changes.csv")

_FIGURE_LABELS = {
    "firms": "Firms",
    "ties": "Ties",
    "mean_partners": "Ties per firm",
    "density": "Density",
    "reciprocity": "Reciprocity",
    "components": "Components",
    "largest_component_share": "Share of firms in the largest component",
    "transitivity": "Transitivity",
    "degree_centralization": "Degree centralisation",
    "communities": "Communities",
    "modularity": "Modularity",
    "core_size": "Core firms",
    "core_share": "Share of firms in the core",
    "core_periphery_fit": "Core/periphery fit",
    "continuous_fit": "Continuous coreness fit",
    "supply_stages": "Supply-chain stages",
    "dependent_firms": "Firms dependent on one customer",
    "cut_firms": "Firms whose loss cuts the network",
}
_MEASURE_LABELS = {
    "in_degree": "Suppliers (in-degree)",
    "out_degree": "Customers (out-degree)",
    "betweenness": "Brokerage (betweenness)",
    "closeness": "Closeness",
    "pagerank": "PageRank",
    "eigenvector": "Eigenvector centrality",
    "coreness": "Coreness",
    "constraint": "Burt's constraint",
    "broker_total": "Brokerage roles (Gould-Fernandez)",
}


def comparison_files(comparison: Comparison) -> dict[str, bytes]:
    """Every file of a comparison folder, as bytes, keyed by file name."""
    return {
        "compare.html": comparison_html(comparison).encode("utf-8"),
        "changes.json": json_text(comparison.diff).encode("utf-8"),
        "tie_changes.csv": frame_csv(comparison.ties).encode("utf-8-sig"),
        "firm_changes.csv": frame_csv(comparison.firms).encode("utf-8-sig"),
    }


def write_comparison(comparison: Comparison, out: str | Path, *, force: bool = False) -> Path:
    """Write the comparison folder, all or nothing (see :func:`clustermap.export.write_folder`)."""
    from clustermap.export import write_folder

    return write_folder(comparison_files(comparison), out, force=force, own=COMPARISON_FILES)


def comparison_html(comparison: Comparison) -> str:
    """The comparison page: figures side by side, then the changes in ties, core,
    communities and firm measures."""
    diff = comparison.diff
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("clustermap.export", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    ties = comparison.ties
    return environment.get_template("compare.html").render(
        version=__version__,
        baseline=wave_name(diff["baseline"]),
        followup=wave_name(diff["followup"]),
        inputs=[
            (wave, source["role"], source["file"], source["sha256"])
            for wave in ("baseline", "followup")
            for source in diff[wave]
        ],
        figures=[
            (
                _FIGURE_LABELS[name],
                _shown(values["baseline"]),
                _shown(values["followup"]),
                _signed(values["baseline"], values["followup"]),
                _trend(values["change"]),
            )
            for name, values in diff["network"].items()
        ],
        tie_counts=diff["ties"],
        jaccard=_shown(diff["ties"]["jaccard"]),
        ties=[
            (
                row.change,
                row.supplier,
                row.customer,
                row.relation,
                _shown(row.baseline_weight),
                _shown(row.followup_weight),
            )
            for row in ties.itertuples(index=False)
        ],
        firms=diff["firms"],
        core=diff["core"],
        communities=diff["communities"],
        ari=_shown(diff["communities"]["adjusted_rand_index"]),
        nmi=_shown(diff["communities"]["normalized_mutual_information"]),
        largest=[
            (
                _MEASURE_LABELS[measure],
                [
                    (
                        c["firm"],
                        _shown(c["baseline"]),
                        _shown(c["followup"]),
                        _signed(c["baseline"], c["followup"]),
                    )
                    for c in changes
                ],
            )
            for measure, changes in diff["largest_changes"].items()
        ],
        spellings=diff["matched_spellings"],
    )


def wave_name(sources: list[dict[str, Any]]) -> str:
    """How a wave is named: its survey file."""
    return str(sources[0]["file"]) if sources else "survey"


def _shown(value: Any) -> str:
    """A figure for people: at most 3 decimals, no trailing zeros."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return format_value(value, inert=False)


def _signed(before: Any, after: Any) -> str:
    """The change between two figures as shown (rounded first, so that the three agree)."""
    if before is None or after is None:
        return "–"
    change = round(float(after), 3) - round(float(before), 3)
    text = _shown(change)
    return text if text in ("–", "0") or text.startswith("-") else "+" + text


def _trend(value: float | None) -> str:
    """A class name for the page: changed or same (whether a change is good depends on
    the figure, so it is not coloured as such)."""
    return "same" if value is None or abs(value) < 1e-12 else "changed"
