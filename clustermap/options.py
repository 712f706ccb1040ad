"""The options of reading a survey and of analysing it: the single definition of each.

:class:`ReadOptions` says how the survey files are read; :class:`AnalysisOptions` adds how
the network is analysed. Each option's default, choices and rule are written here once:
the command line declares its flags from them, and ``summary.json`` records them.

The module is light (the standard library only; what checks an option's value is imported
when an option object is made), so that ``clustermap --help`` does not load pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clustermap.errors import UsageError
from clustermap.scale import SCALE

if TYPE_CHECKING:
    from clustermap.survey import Survey

__all__ = [
    "ENGINES",
    "GROUPINGS",
    "LANGUAGES",
    "LAYOUTS",
    "MAX_SEED",
    "PARAMETERS",
    "WEIGHT_BASES",
    "AnalysisOptions",
    "ReadOptions",
]

#: Survey layouts: one row per tie, per answer, or per interviewed firm.
LAYOUTS = ("long", "respondent", "wide")
#: What tie weights can mean (see :func:`clustermap.shares.guess_basis`).
WEIGHT_BASES = ("percent", "fraction", "volume", "unweighted")
#: Partitions that brokerage roles can be counted on.
GROUPINGS = ("actor_class", "sector", "region", "community")
#: Languages of the pages.
LANGUAGES = ("en", "tr")
#: Engines of the heavy kernels (:mod:`clustermap.graph.engine`).
ENGINES = ("auto", "networkx", "networkit")
#: Seeds feed numpy's legacy RandomState (python-louvain), which takes 0 to 2**32 - 1.
MAX_SEED = 2**32 - 1
#: Roles the survey's columns can be chosen for, and the firms file's.
TIE_ROLES = (
    "supplier",
    "customer",
    "weight",
    "relation",
    "reported_by",
    "respondent",
    "partner",
    "direction",
)
FIRM_ROLES = ("firm", "sector", "actor_class", "region", "employees", "surveyed")


def _choice(value: str | None, choices: tuple[str, ...], parameter: str) -> None:
    if value is not None and value not in choices:
        raise UsageError(f"must be one of {', '.join(choices)}, got {value!r}", parameter)


def _at_least(value: int | float | None, least: int, parameter: str) -> None:
    if value is not None and value < least:
        raise UsageError(f"must be {least} or more, got {value}", parameter)


@dataclass(frozen=True)
class ReadOptions:
    """How the survey files are read (:func:`clustermap.survey.read_survey`).

    Attributes
    ----------
    relation : str or None
        Analyse only this relation layer (recorded in its canonical spelling:
        ``"fason"`` becomes ``"subcontracting"``).
    encoding : str or None
        Force the encoding of the survey file.
    layout : str or None
        Survey layout, one of :data:`LAYOUTS` (default: recognised from the header).
    sheet : str or None
        Worksheet of an ``.xlsx`` survey (default: the first).
    weights : str or None
        What the tie weights are, one of :data:`WEIGHT_BASES`: ``"percent"`` or
        ``"fraction"`` of the supplier's total sales, ``"volume"`` (any amounts) or
        ``"unweighted"`` (no weight column is read); guessed when ``None``.
    columns : dict
        Role -> header (or its position from 1) of the survey, overriding the recognition
        of headers; an empty header reads no column for the role.
    firm_columns : dict
        The same for the firms file.
    header_row : int or None
        The line (workbook row) of the survey's header; 0: the file has no header (its
        columns are named by their numbers, 1 for the first); default: found in its first
        rows.
    """

    relation: str | None = None
    encoding: str | None = None
    layout: str | None = None
    sheet: str | None = None
    weights: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    firm_columns: dict[str, str] = field(default_factory=dict)
    header_row: int | None = None

    def __post_init__(self) -> None:
        from clustermap.survey import schema
        from clustermap.survey.load import known_encoding
        from clustermap.turkish import clean_name

        _choice(self.layout, LAYOUTS, "layout")
        _choice(self.weights, WEIGHT_BASES, "weights")
        _at_least(self.header_row, 0, "header_row")
        if self.encoding is not None and not known_encoding(self.encoding):
            raise UsageError(
                f"unknown encoding {self.encoding!r}: try utf-8, cp1254, cp1252 or latin-1",
                "encoding",
            )
        for given, roles, parameter in (
            (self.columns, TIE_ROLES, "columns"),
            (self.firm_columns, FIRM_ROLES, "firm_columns"),
        ):
            for role in given:
                if role not in roles:
                    raise UsageError(
                        f"unknown role {role!r}; the roles are {', '.join(roles)}", parameter
                    )
        if self.relation is not None:
            if not self.relation.strip():
                raise UsageError("needs a layer name, e.g. supply or knowledge", "relation")
            object.__setattr__(self, "relation", schema.relation(clean_name(self.relation)))

    def reading(self) -> ReadOptions:
        """Only the options of reading (of an :class:`AnalysisOptions`, say)."""
        return ReadOptions(**{f.name: getattr(self, f.name) for f in fields(ReadOptions)})

    def read(
        self,
        path: str | Path,
        firms: str | Path | None = None,
        *,
        aliases: str | Path | None = None,
    ) -> Survey:
        """Read and check a survey with these options
        (:func:`clustermap.survey.read_survey`)."""
        from clustermap.survey import read_survey

        return read_survey(
            path,
            firms,
            encoding=self.encoding,
            relation=self.relation,
            layout=self.layout,
            sheet=self.sheet,
            aliases=aliases,
            columns=self.columns,
            firm_columns=self.firm_columns,
            header_row=self.header_row,
            weights=self.weights,
        )


@dataclass(frozen=True)
class AnalysisOptions(ReadOptions):
    """Every parameter of an analysis: how the survey is read (:class:`ReadOptions`) and
    how the network is analysed. All of them are recorded in ``summary.json``.

    Attributes
    ----------
    seed : int
        Seed of every random step (Louvain runs, core/periphery starts, layout).
    resolution : float
        Louvain resolution (> 0; larger gives more, smaller communities).
    runs : int or None
        Seeded Louvain runs; the most representative partition is kept. ``None``: as the
        scale policy says (:data:`clustermap.scale.SCALE`: 20, fewer on large networks).
    cp_offdiagonal : str or float
        Core-periphery block of the ideal pattern: ``"ignore"`` (UCINET's default) or a
        value from 0 to 1.
    cp_starts : int
        Local searches of the discrete core/periphery model.
    groups : str or None
        Partition for brokerage roles, one of :data:`GROUPINGS` (default: actor class when
        the firms file gives it, else community).
    dependence_threshold : float
        Top customer's share of sales above which a firm depends on a single customer.
    nulls : int or None
        Degree-preserving randomisations for the significance of communities and of the
        core/periphery structure (0 skips the tests). ``None``: 20, or none on large
        networks (each randomisation costs a community search).
    lang : str or None
        Language of the pages, ``"en"`` or ``"tr"`` (default: Turkish when the survey's
        headers are, else English).
    cp_directed, cp_valued : bool
        Fit core/periphery on the directed network as given (default: symmetrised) and on
        tie values (default: binary).
    exact_up_to : int
        Betweenness and closeness are exact up to this many firms and estimated from
        ``path_sources`` sampled firms above it (precision in ``summary.json``).
    path_sources : int or None
        Firms sampled for those estimates. ``None``: 256, fewer above 200,000 ties
        (:func:`~clustermap.graph.centrality.path_sources`: a fixed budget of tie visits).
    complete_up_to : int
        Every measure up to this many ties; above, only those near-linear in the ties.
    engine : str
        Engine of betweenness, PageRank, k-core numbers and Louvain, one of
        :data:`ENGINES`: ``"auto"`` runs networkit on large networks when it is installed;
        recorded as the engine that ran.
    """

    seed: int = 42
    resolution: float = 1.0
    runs: int | None = None
    cp_offdiagonal: str | float = "ignore"
    cp_starts: int = 50
    groups: str | None = None
    dependence_threshold: float = 0.5
    nulls: int | None = None
    lang: str | None = None
    cp_directed: bool = False
    cp_valued: bool = False
    exact_up_to: int = SCALE.large
    path_sources: int | None = None
    complete_up_to: int = SCALE.complete
    engine: str = "auto"

    def __post_init__(self) -> None:
        super().__post_init__()
        from clustermap.graph import engine as engines
        from clustermap.graph.coreperiphery import parse_offdiagonal

        _choice(self.engine, ENGINES, "engine")
        if self.engine != "auto":
            engines.resolve(self.engine, 0)  # installed
        _choice(self.groups, GROUPINGS, "groups")
        _choice(self.lang, LANGUAGES, "lang")
        _at_least(self.complete_up_to, 0, "complete_up_to")
        _at_least(self.exact_up_to, 0, "exact_up_to")
        _at_least(self.path_sources, 2, "path_sources")
        _at_least(self.nulls, 0, "nulls")
        _at_least(self.runs, 1, "runs")
        _at_least(self.cp_starts, 1, "cp_starts")
        if not 0 < self.dependence_threshold <= 1:
            raise UsageError(
                f"must be a share above 0 and at most 1, got {self.dependence_threshold}",
                "dependence_threshold",
            )
        if not self.resolution > 0:
            raise UsageError(f"must be greater than 0, got {self.resolution}", "resolution")
        last = MAX_SEED - (self.runs or SCALE.runs) + 1  # run i uses seed + i
        if not 0 <= self.seed <= last:
            raise UsageError(f"must be a whole number from 0 to {last}, got {self.seed}", "seed")
        try:
            object.__setattr__(self, "cp_offdiagonal", parse_offdiagonal(self.cp_offdiagonal))
        except ValueError as err:
            raise UsageError(str(err), "cp_offdiagonal") from err

    def for_network(self, firms: int, ties: int = 0) -> AnalysisOptions:
        """These options with the automatic ones (``None``) set for a network of ``firms``
        and ``ties``, as the scale policy says (:data:`clustermap.scale.SCALE`)."""
        from clustermap import scale
        from clustermap.graph import engine as engines
        from clustermap.graph.centrality import path_sources

        policy = scale.SCALE
        large = policy.is_large(firms)
        runs = (
            policy.huge_runs
            if ties > self.complete_up_to
            else policy.large_runs
            if large
            else policy.runs
        )
        return replace(
            self,
            runs=self.runs or runs,
            nulls=self.nulls if self.nulls is not None else (0 if large else policy.nulls),
            engine=engines.resolve(self.engine, firms),
            path_sources=self.path_sources or path_sources(ties),
        )

    def recorded(self) -> dict[str, Any]:
        """The options as ``summary.json`` records them (:data:`PARAMETERS`, in order)."""
        return {name: getattr(self, name) for name in PARAMETERS}


#: The parameters of an analysis in the order ``summary.json`` → ``parameters`` lists them.
PARAMETERS = (
    "seed",
    "resolution",
    "runs",
    "cp_offdiagonal",
    "cp_starts",
    "relation",
    "encoding",
    "layout",
    "sheet",
    "groups",
    "dependence_threshold",
    "nulls",
    "weights",
    "lang",
    "cp_directed",
    "cp_valued",
    "exact_up_to",
    "path_sources",
    "complete_up_to",
    "engine",
    "columns",
    "firm_columns",
    "header_row",
)
