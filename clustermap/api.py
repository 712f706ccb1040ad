"""``analyze``: the one pipeline the command line and notebooks share.

survey files -> :class:`clustermap.survey.Survey` -> ``networkx.DiGraph`` -> metrics ->
:class:`Analysis`, which :func:`clustermap.export.write_results` turns into files.
"""

from __future__ import annotations

import codecs
import platform
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from clustermap import __version__
from clustermap.errors import UsageError
from clustermap.graph.brokerage import STRUCTURAL_HOLES_CONVENTION, structural_holes
from clustermap.graph.build import build_graph, canonical_nodes
from clustermap.graph.centrality import CONVENTIONS, firm_centralities
from clustermap.graph.community import Partition, louvain_communities
from clustermap.graph.coreperiphery import (
    ContinuousCorePeriphery,
    CorePeriphery,
    borgatti_everett_continuous,
    borgatti_everett_discrete,
    parse_offdiagonal,
)
from clustermap.graph.layout import spring_positions
from clustermap.graph.summary import network_summary
from clustermap.survey import Survey, read_survey, schema
from clustermap.survey.names import clean_name
from clustermap.survey.quality import quality_facts

__all__ = ["FIRM_COLUMNS", "SCHEMA_VERSION", "Analysis", "AnalysisOptions", "analyze"]

#: Seeds feed numpy's legacy RandomState (python-louvain), which takes 0 to 2**32 - 1.
MAX_SEED = 2**32 - 1

#: Version of the layout of summary.json; raised when a key changes meaning or goes away.
SCHEMA_VERSION = 1

#: The metric columns of the firm table, in order; firm attributes follow them.
FIRM_COLUMNS = (
    "firm",
    "community",
    "cp_class",
    "coreness",
    "core_number",
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
    "betweenness",
    "closeness",
    "pagerank",
    "eigenvector",
    "constraint",
    "effective_size",
    "efficiency",
)
_TOP = 5
_RANKED = ("betweenness", "pagerank", "eigenvector", "coreness", "out_degree", "in_degree")


@dataclass(frozen=True)
class AnalysisOptions:
    """Every parameter of an analysis; all of them are recorded in ``summary.json``.

    Attributes
    ----------
    seed : int
        Seed of every random step (Louvain runs, core/periphery starts, layout).
    resolution : float
        Louvain resolution (> 0; larger gives more, smaller communities).
    runs : int
        Seeded Louvain runs; the one with the highest modularity is kept.
    cp_offdiagonal : str or float
        Core-periphery block of the ideal pattern: ``"ignore"`` (UCINET's default) or a
        value from 0 to 1.
    cp_starts : int
        Local searches of the discrete core/periphery model.
    relation : str or None
        Analyse only this relation layer (recorded in its canonical spelling:
        ``"fason"`` becomes ``"subcontracting"``).
    encoding : str or None
        Force the encoding of the input files.
    layout : str or None
        Survey layout, ``"long"``, ``"respondent"`` or ``"wide"`` (default: recognised).
    sheet : str or None
        Worksheet of an ``.xlsx`` survey (default: the first).
    """

    seed: int = 42
    resolution: float = 1.0
    runs: int = 10
    cp_offdiagonal: str | float = "ignore"
    cp_starts: int = 50
    relation: str | None = None
    encoding: str | None = None
    layout: str | None = None
    sheet: str | None = None

    def __post_init__(self) -> None:
        if self.layout is not None and self.layout not in schema.LAYOUTS:
            raise UsageError(
                f"--layout must be one of {', '.join(schema.LAYOUTS)}, got {self.layout!r}"
            )
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError as err:
                raise UsageError(
                    f"--encoding: unknown encoding {self.encoding!r}: try utf-8, "
                    "cp1254, cp1252 or latin-1"
                ) from err
        if self.relation is not None:
            if not self.relation.strip():
                raise UsageError("--relation needs a layer name, e.g. supply or knowledge")
            object.__setattr__(self, "relation", schema.relation(clean_name(self.relation)))
        if not self.resolution > 0:
            raise UsageError(f"--resolution must be greater than 0, got {self.resolution}")
        if self.runs < 1:
            raise UsageError(f"--runs must be at least 1, got {self.runs}")
        if not 0 <= self.seed <= MAX_SEED - self.runs + 1:  # run i uses seed + i
            raise UsageError(
                f"--seed must be a whole number from 0 to "
                f"{MAX_SEED - self.runs + 1}, got {self.seed}"
            )
        if self.cp_starts < 1:
            raise UsageError(f"--cp-starts must be at least 1, got {self.cp_starts}")
        try:
            object.__setattr__(self, "cp_offdiagonal", parse_offdiagonal(self.cp_offdiagonal))
        except ValueError as err:
            raise UsageError(f"--cp-offdiagonal: {err}") from err


@dataclass(frozen=True)
class Analysis:
    """Everything one analysis computed.

    Attributes
    ----------
    survey : Survey
        The validated input.
    graph : networkx.DiGraph
        The supply network, supplier -> customer, with firm attributes on the nodes.
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
    """

    survey: Survey
    graph: nx.DiGraph
    firms: pd.DataFrame
    ties: pd.DataFrame
    communities: Partition
    core_periphery: CorePeriphery
    coreness: ContinuousCorePeriphery
    positions: dict[Any, tuple[float, float]]
    summary: dict[str, Any]
    options: AnalysisOptions = field(default_factory=AnalysisOptions)


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
        If an option is out of range.

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
        survey = read_survey(
            survey,
            firms,
            encoding=options.encoding,
            relation=options.relation,
            layout=options.layout,
            sheet=options.sheet,
            aliases=aliases,
        )
    elif firms is not None or aliases is not None:
        raise UsageError("give the firms and alias files to read_survey() with a Survey")
    G = build_graph(survey.ties, survey.firms)
    measures = {**firm_centralities(G), **structural_holes(G)}
    communities = louvain_communities(
        G, resolution=options.resolution, seed=options.seed, runs=options.runs
    )
    core_periphery = borgatti_everett_discrete(
        G, offdiagonal=options.cp_offdiagonal, starts=options.cp_starts, seed=options.seed
    )
    coreness = borgatti_everett_continuous(G)
    firm_table = _firm_table(G, survey, measures, communities, core_periphery, coreness)
    summary = _summary(G, survey, firm_table, communities, core_periphery, coreness, options)
    return Analysis(
        survey,
        G,
        firm_table,
        survey.ties.copy(),
        communities,
        core_periphery,
        coreness,
        spring_positions(G, seed=options.seed),
        summary,
        options,
    )


def _firm_table(
    G: nx.DiGraph,
    survey: Survey,
    measures: dict[str, dict[Any, float]],
    communities: Partition,
    core_periphery: CorePeriphery,
    coreness: ContinuousCorePeriphery,
) -> pd.DataFrame:
    nodes = canonical_nodes(G)
    columns: dict[str, Any] = {
        "firm": nodes,
        "community": pd.array([communities.membership[n] for n in nodes], dtype="Int64"),
        "cp_class": [core_periphery.membership[n] for n in nodes],
        "coreness": [coreness.coreness[n] for n in nodes],
    }
    for name in FIRM_COLUMNS[4:]:
        columns[name] = [measures[name][n] for n in nodes]
    table = pd.DataFrame(columns)
    attributes = survey.firms.reindex(nodes)
    for name in attributes.columns:
        if name not in table:
            table[name] = attributes[name].to_numpy()
    return table


def _summary(
    G: nx.DiGraph,
    survey: Survey,
    firms: pd.DataFrame,
    communities: Partition,
    core_periphery: CorePeriphery,
    coreness: ContinuousCorePeriphery,
    options: AnalysisOptions,
) -> dict[str, Any]:
    parameters = asdict(options)
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
            }
            for s in survey.sources
        ],
        "parameters": parameters,
        "network": network_summary(G),
        "relations": _layers(survey.ties),
        "survey": quality_facts(survey),
        "communities": {
            "count": communities.count,
            "modularity": communities.modularity,
            "sizes": communities.sizes,
            "isolates": communities.isolates,
            "method": communities.method,
            "network": "undirected projection, reciprocal weights summed",
            "resolution": communities.resolution,
            "seed": communities.seed,
            "runs": communities.runs,
        },
        "core_periphery": {
            "model": "Borgatti-Everett discrete",
            "offdiagonal": core_periphery.offdiagonal,
            "network": "binary, symmetrised (a tie in either direction)",
            "fit": core_periphery.fit,
            "core_size": len(core_periphery.core),
            "core": list(core_periphery.core),
            "block_density": core_periphery.block_density,
            "starts": core_periphery.starts,
            "alternatives": core_periphery.alternatives,
            "continuous_fit": coreness.fit,
        },
        "top_firms": {
            measure: connected[connected[measure] > 0]
            .sort_values(measure, ascending=False, kind="stable")["firm"]
            .head(_TOP)
            .tolist()
            for measure in _RANKED
        },
        "conventions": {**CONVENTIONS, "structural_holes": STRUCTURAL_HOLES_CONVENTION},
        "warnings": sorted(
            (
                {"code": issue.code, "file": Path(issue.file).name, "message": issue.message}
                for issue in survey.issues
                if issue.severity == "warning"
            ),
            key=lambda w: (w["file"], w["code"], w["message"]),
        ),
        "versions": _versions(),
    }


def _layers(ties: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per relation layer: its ties, the firms they join and its density."""
    layers = {}
    for layer, group in ties.groupby("relation", sort=True):
        pairs = set(zip(group["supplier"], group["customer"], strict=True))
        firms = len(set(group["supplier"]) | set(group["customer"]))
        layers[str(layer)] = {
            "ties": len(pairs),
            "firms": firms,
            "density": len(pairs) / (firms * (firms - 1)) if firms > 1 else None,
        }
    return layers


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("networkx", "pandas", "numpy", "python-louvain", "pyvis"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:  # pragma: no cover - installed as dependencies
            found[package] = "unknown"
    return found
