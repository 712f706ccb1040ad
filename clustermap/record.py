"""``summary.json``: the record of an analysis, formatted from what the stages computed.

Nothing here computes a measure (:mod:`clustermap.pipeline` does): the record chooses,
orders and names the stages' results, the run's parameters, inputs and versions. Its layout
is an interface (:data:`SCHEMA_VERSION`), documented in the README.
"""

from __future__ import annotations

import platform
from collections import Counter
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from clustermap import scale
from clustermap._version import __version__
from clustermap.errors import ExitCode
from clustermap.graph.brokerage import ROLES, STRUCTURAL_HOLES_CONVENTION
from clustermap.graph.centrality import CONVENTIONS, Precision
from clustermap.options import AnalysisOptions
from clustermap.pipeline import Results
from clustermap.survey import Survey
from clustermap.survey.quality import quality_facts
from clustermap.survey.weights import WeightBasis

__all__ = ["INDEX_COLUMNS", "SCHEMA_VERSION", "index_row", "skipped_outputs", "summary_json"]

#: Version of the layout of summary.json; raised when a key changes meaning or goes away.
SCHEMA_VERSION = 1

#: The files left out of the result folder of a large network (:data:`clustermap.scale.SCALE`),
#: with the reason; ``summary.json`` → ``outputs`` and the report say so.
LARGE_SKIPPED = {
    "firm_pages.html": "a printed page per firm is for the firms of a cluster workshop, not "
    "thousands; firms.csv has every firm's figures",
    "map.svg": "a vector drawing of every tie is too large to open; map.png is the picture",
    "firms.xlsx": "a workbook this size is slow to write and to open; firms.csv has every figure",
    "network.gexf": "network.graphml holds the same network and opens in Gephi",
}
#: Left out too above :attr:`~clustermap.scale.ScalePolicy.huge_files` firms (over two
#: minutes for a million ties in networkx's writer).
HUGE_SKIPPED = {
    "network.graphml": "a network this size takes minutes to write as GraphML; ties.csv and "
    "firms.csv import into Gephi as its edge and node tables",
}

#: The columns of a batch's ``index.csv``: one row per survey, network-level figures that
#: compare clusters of any size.
INDEX_COLUMNS = (
    "survey",
    "status",
    "exit_code",
    "message",
    "file",
    "sha256",
    "firms_file",
    "firms",
    "ties",
    "mean_partners",
    "density",
    "reciprocity",
    "components",
    "largest_component_share",
    "isolates",
    "transitivity",
    "degree_centralization",
    "communities",
    "modularity",
    "communities_p_value",
    "core_size",
    "core_share",
    "core_periphery_fit",
    "core_periphery_p_value",
    "continuous_fit",
    "supply_stages",
    "dependent_firms",
    "cut_firms",
    "warnings",
)

_TOP = 5
_RANKED = ("betweenness", "pagerank", "eigenvector", "coreness", "out_degree", "in_degree")


def summary_json(
    survey: Survey,
    options: AnalysisOptions,
    results: Results,
    requested: AnalysisOptions | None = None,
) -> dict[str, Any]:
    """The content of ``summary.json``: the run's inputs and parameters and its results.

    ``options`` are those the analysis ran with (set for the network's size), ``requested``
    those it was asked for (default: the same), to say which parameters were guessed."""
    firms = results.firms
    connected = firms[firms["in_degree"] + firms["out_degree"] > 0]
    return {
        "schema_version": SCHEMA_VERSION,
        "clustermap_version": __version__,
        "inputs": [
            {
                "role": s.role,
                "file": Path(s.name).name,
                "sha256": s.sha256,
                "encoding": s.encoding,
                "format": s.format,
                "sheet": s.sheet,
                "delimiter": s.delimiter,
                "rows": s.rows,
                "header_line": s.header_line,
                "columns": s.columns,
            }
            for s in survey.sources
        ],
        "parameters": parameters(survey, options, results, requested or options),
        "network": results.network,
        "relations": results.layers,
        "relations_overlap": results.overlap,
        "survey": quality_facts(survey),
        "communities": _communities(options, results),
        "core_periphery": _core_periphery(options, results),
        "brokerage": _brokerage(results),
        "supply": _supply(survey, options, results),
        "top_firms": {
            measure: connected[connected[measure] > 0]
            .sort_values(measure, ascending=False, kind="stable")["firm"]
            .head(_TOP)
            .tolist()
            for measure in _RANKED
        },
        "conventions": {**CONVENTIONS, "structural_holes": STRUCTURAL_HOLES_CONVENTION},
        "precision": {
            measure: asdict(results.precision.get(measure, Precision("exact")))
            for measure in ("betweenness", "closeness")
        },
        "warnings": sorted(
            (
                {"code": issue.code, "file": Path(issue.file).name, "message": issue.message}
                for issue in survey.issues
                if issue.severity == "warning"
            ),
            key=lambda w: (w["file"], w["code"], w["message"]),
        ),
        "skipped": results.skipped,
        "outputs": {"skipped": skipped_outputs(len(firms))},
        "versions": _versions(options.engine),
    }


def parameters(
    survey: Survey, options: AnalysisOptions, results: Results, requested: AnalysisOptions
) -> dict[str, Any]:
    """The parameters as used, and under ``guessed`` why each one not given has its value
    (read from the survey, or set for the network's size).

    >>> from clustermap.api import analyze
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = path.write_text("Tedarikçi,Müşteri,Pay\\nA,B,60\\nA,C,40\\n")
    >>> used = analyze(path).summary["parameters"]
    >>> used["lang"], used["weights"], used["groups"], used["layout"], used["encoding"]
    ('tr', 'percent', 'community', 'long', 'utf-8')
    >>> used["guessed"]["lang"]
    "the survey's headers have Turkish letters"
    """
    ties = next((source for source in survey.sources if source.role == "ties"), None)
    weights = survey.weights
    used = {
        "lang": options.lang or survey.language,
        "weights": options.weights or weights.basis,
        "groups": results.grouping,
        "layout": options.layout or survey.layout,
        "encoding": options.encoding or (ties.encoding if ties and ties.format != "xlsx" else None),
    }
    language = "Turkish letters" if used["lang"] == "tr" else "no Turkish letter"
    why = {
        "lang": f"the survey's headers have {language}",
        "weights": weights.reason,
        "groups": "the firms file gives actor classes"
        if results.grouping == "actor_class"
        else "no actor classes in a firms file: the communities",
        "layout": f"the header names the columns of the {used['layout']} layout",
        "encoding": "the first of utf-8, cp1254, cp1252 and latin-1 that decodes the file, "
        "or its byte-order mark",
    }
    sized = "set for a network of this size (clustermap.scale)"
    automatic = {
        "runs": requested.runs is None,
        "nulls": requested.nulls is None,
        "path_sources": requested.path_sources is None,
        "engine": requested.engine == "auto",
    }
    guessed = {
        name: why[name] for name in why if getattr(options, name) is None and used[name] is not None
    }
    guessed |= {name: sized for name, automatic_value in automatic.items() if automatic_value}
    if results.engine_note:  # networkx on a large network, the fast engine not installed
        guessed["engine"] = results.engine_note
    recorded = {**options.recorded(), **used}
    return {**recorded, "guessed": {name: guessed[name] for name in recorded if name in guessed}}


def skipped_outputs(firms: int) -> dict[str, str]:
    """The files left out of the result folder of a network of ``firms``, with the reason."""
    policy = scale.SCALE
    return {
        **(LARGE_SKIPPED if policy.is_large(firms) else {}),
        **(HUGE_SKIPPED if firms > policy.huge_files else {}),
    }


def index_row(record: dict[str, Any], name: str, survey_path: str | Path | None) -> dict[str, Any]:
    """The ``index.csv`` row of an analysis from its ``summary.json`` (:data:`INDEX_COLUMNS`).

    Shares and means rather than counts where clusters of different sizes are compared:
    ``mean_partners`` (ties per firm), ``largest_component_share``, ``core_share``.
    """
    network = record["network"]
    communities = record["communities"]
    core = record["core_periphery"]
    supply = record["supply"]
    firms = network["firms"]
    ties_source = record["inputs"][0]
    firms_source = next((s for s in record["inputs"] if s["role"] == "firms"), None)
    survey_path = survey_path if survey_path is not None else ties_source["file"]
    return {
        "survey": name,
        "status": "ok",
        "exit_code": int(ExitCode.OK),
        "message": "",
        "file": str(survey_path),
        "sha256": ties_source["sha256"],
        "firms_file": firms_source["file"] if firms_source else None,
        "firms": firms,
        "ties": network["ties"],
        "mean_partners": network["ties"] / firms if firms else None,
        "density": network["density"],
        "reciprocity": network["reciprocity"],
        "components": network["components"],
        "largest_component_share": network["largest_component"] / firms if firms else None,
        "isolates": network["isolates"],
        "transitivity": network["transitivity"],
        "degree_centralization": network["degree_centralization"],
        "communities": communities["count"],
        "modularity": communities["modularity"],
        "communities_p_value": (communities["significance"] or {}).get("p_value"),
        "core_size": core["core_size"],
        "core_share": core["core_size"] / firms if firms else None,
        "core_periphery_fit": core["fit"],
        "core_periphery_p_value": (core["significance"] or {}).get("p_value"),
        "continuous_fit": core["continuous_fit"],
        "supply_stages": supply["stages"],
        "dependent_firms": len(supply["dependent_firms"]),
        "cut_firms": len(supply["cut_firms"]),
        "warnings": len(record["warnings"]),
    }


def _communities(options: AnalysisOptions, results: Results) -> dict[str, Any]:
    partition, firms = results.communities, results.firms
    grouped = dict(iter(firms.groupby("community", sort=True)))
    # betweenness names the brokers inside; where it is not computed, PageRank the hubs
    leading = "betweenness" if firms["betweenness"].notna().any() else "pagerank"
    details = []
    for number, size in enumerate(partition.sizes):
        members = grouped[number]
        details.append(
            {
                "community": number,
                "size": size,
                "density": results.community_ties[number] / (size * (size - 1) / 2)
                if size > 1
                else None,
                "sectors": _mix(members, "sector"),
                "actor_classes": _mix(members, "actor_class"),
                "top_firms": members.sort_values(leading, ascending=False, kind="stable")["firm"]
                .head(_TOP)
                .tolist(),
                "mean_stability": _mean(members["community_stability"]),
            }
        )
    return {
        "count": partition.count,
        "modularity": partition.modularity,
        "best_modularity": partition.best_modularity,
        "mean_modularity": partition.mean_modularity,
        "agreement": partition.agreement,
        "sizes": partition.sizes,
        "isolates": partition.isolates,
        "method": partition.method,
        "network": "undirected projection, reciprocal weights summed",
        "resolution": partition.resolution,
        "seed": partition.seed,
        "runs": partition.runs,
        "choice": "the most representative run (highest mean adjusted Rand index with the others)",
        "significance": asdict(results.community_significance),
        "details": details,
    }


def _mean(values: pd.Series) -> float | None:
    """The mean of the values given, or ``None`` when none is."""
    mean = values.astype(float).mean()
    return None if np.isnan(mean) else float(mean)


def _mix(members: pd.DataFrame, column: str) -> dict[str, int]:
    if column not in members:
        return {}
    counts = members[column].dropna().astype(str).value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}


def _core_periphery(options: AnalysisOptions, results: Results) -> dict[str, Any]:
    cp, other, test = results.core_periphery, results.other_reading, results.core_significance
    shells = Counter(results.firms["core_number"].tolist())
    return {
        "model": "Borgatti-Everett discrete",
        "offdiagonal": cp.offdiagonal,
        "network": (
            "directed" if options.cp_directed else "symmetrised (a tie in either direction)"
        )
        + (", tie values" if options.cp_valued else ", binary"),
        "fit": cp.fit,
        "core_size": len(cp.core),
        "core": list(cp.core),
        "periphery": [firm for firm, role in cp.membership.items() if role == "periphery"],
        "block_density": cp.block_density,
        "exact": cp.exact,
        "search": cp.search,
        "starts": cp.starts,
        "alternatives": cp.alternatives,
        "continuous_fit": results.coreness.fit,
        "other_reading": None
        if other is None
        else {
            "network": "symmetrised" if options.cp_directed else "directed as given",
            "fit": other.fit,
            "core_size": len(other.core),
            "core": list(other.core),
            "block_density": other.block_density,
        },
        "significance": None if test is None else asdict(test),
        "k_core_shells": {str(k): shells[k] for k in sorted(shells)},
        "rich_club": {str(k): round(v, 6) for k, v in results.rich_club.items()},
    }


def _brokerage(results: Results) -> dict[str, Any]:
    firms = results.firms
    counted = "brokerage roles" not in results.skipped
    return {
        "groups": results.grouping,
        "totals": {role: int(firms[f"broker_{role}"].sum()) if counted else None for role in ROLES},
        "top_firms": {
            role: firms[firms[f"broker_{role}"] > 0]
            .sort_values(f"broker_{role}", ascending=False, kind="stable")["firm"]
            .head(_TOP)
            .tolist()
            for role in ROLES
        },
    }


def _supply(survey: Survey, options: AnalysisOptions, results: Results) -> dict[str, Any]:
    critical, firms = results.critical, results.firms
    weights = (
        WeightBasis(options.weights, False, f"given (--weights {options.weights})")
        if options.weights
        else survey.weights
    )
    return {
        "weight_basis": weights.basis,
        "weight_basis_guessed": weights.guessed,
        "weight_basis_reason": weights.reason,
        "dependence_threshold": options.dependence_threshold,
        "dependent_firms": firms.loc[firms["single_customer_dependent"], "firm"].tolist(),
        "integrators": firms.loc[firms["integrator"], "firm"].tolist(),
        "allocators": firms.loc[firms["allocator"], "firm"].tolist(),
        "stages": results.tiers.stages,
        "tier_incoherence": results.tiers.incoherence,
        "cut_firms": list(critical.cut_firms),
        "bridges": [list(pair) for pair in critical.bridges],
        "primes": list(critical.primes),
        "end_customers": critical.end_customers,
        "dominators": {
            str(prime): [{"firm": firm, "share": share} for firm, share in found]
            for prime, found in critical.dominators.items()
        },
        "resilience": results.resilience,
    }


def _versions(engine: str) -> dict[str, str]:
    found = {"python": platform.python_version()}
    used = ("networkit",) if engine == "networkit" else ()
    for package in ("networkx", "pandas", "numpy", "python-louvain", "pyvis", *used):
        try:
            found[package] = version(package)
        except PackageNotFoundError:  # pragma: no cover - installed as dependencies
            found[package] = "unknown"
    return found
