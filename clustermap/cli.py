"""The ``clustermap`` command: a thin typer wrapper around :mod:`clustermap.api`.

Commands parse options, make the call a notebook user would make, hand the result to a
writer and turn :class:`~clustermap.errors.ClustermapError` into an exit code. Nothing
heavy (pandas, networkx, pyvis) is imported at module level, so ``clustermap --help``
starts fast.
"""

from __future__ import annotations

import inspect
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from clustermap import __version__
from clustermap.errors import ClustermapError, ExitCode, SurveyError

app = typer.Typer(
    name="clustermap",
    help="Supply-chain network analysis of regional industrial clusters.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags shown as flags, no colour codes to strip
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    """What a command prints on stdout: a table for people, or data for programs."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Layout(str, Enum):
    """Survey layouts (see the README)."""

    long = "long"
    respondent = "respondent"
    wide = "wide"


class Language(str, Enum):
    """Languages of report.html."""

    en = "en"
    tr = "tr"


class WeightBasis(str, Enum):
    """What tie weights mean."""

    percent = "percent"
    fraction = "fraction"
    volume = "volume"
    unweighted = "unweighted"


class Engine(str, Enum):
    """Engines for the heavy kernels (clustermap.graph.engine)."""

    auto = "auto"
    networkx = "networkx"
    networkit = "networkit"


class Grouping(str, Enum):
    """Partitions for brokerage roles."""

    actor_class = "actor_class"
    sector = "sector"
    region = "region"
    community = "community"


# Options shared by the commands, defined once.
SurveyArgument = Annotated[
    Path,
    typer.Argument(
        metavar="SURVEY",
        help="Survey of ties (CSV or other delimited text, gzip, .xlsx; - for standard "
        "input): one row per tie, per answer, or per interviewed firm.",
    ),
]
FirmsOption = Annotated[
    Path | None,
    typer.Option(
        "--firms",
        "-f",
        exists=True,
        dir_okay=False,
        readable=False,
        help="Firms file: firm, sector, actor class, region, employees, surveyed, other "
        "attributes.",
    ),
]
AliasesOption = Annotated[
    Path | None,
    typer.Option(
        "--aliases",
        "-a",
        exists=True,
        dir_okay=False,
        readable=False,
        help="Alias file of firm names (variant, canonical): your decisions on which "
        "spellings are one firm.",
    ),
]
LayoutOption = Annotated[
    Layout | None,
    typer.Option(help="Survey layout (default: recognised from the header).", show_default=False),
]
SheetOption = Annotated[
    str | None,
    typer.Option(help="Worksheet of an .xlsx survey (default: the first).", show_default=False),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        help="Encoding of the survey file (default: detected among UTF-8, UTF-16, cp1254, "
        "cp1252 and latin-1; the firms and alias files are always detected).",
        show_default=False,
    ),
]
ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        metavar="ROLE=HEADER",
        help="Which column of the survey is which (repeatable), instead of recognising the "
        "headers: ROLE is supplier, customer, weight, relation, reported_by, respondent, "
        "partner or direction; HEADER a header as written or a column number (1 = the "
        "first); an empty HEADER reads no column for the role.",
        show_default=False,
    ),
]
FirmsColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--firms-column",
        metavar="ROLE=HEADER",
        help="The same for the firms file: ROLE is firm, sector, actor_class, region, "
        "employees or surveyed.",
        show_default=False,
    ),
]
HeaderRowOption = Annotated[
    int | None,
    typer.Option(
        "--header-row",
        min=1,
        help="Line (workbook row) of the survey's header (default: the first of its first "
        "20 rows that names the columns).",
        show_default=False,
    ),
]
RelationOption = Annotated[
    str | None,
    typer.Option(help="Only this relation layer (e.g. supply, service, knowledge)."),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Result folder (default: a folder named after the survey, in the current folder).",
        show_default=False,
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Replace the results in an existing result folder."),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="No warnings or progress on stderr; errors are still reported."
    ),
]
SeedOption = Annotated[
    int, typer.Option(help="Seed of every random step: same input and seed, same results.")
]
ResolutionOption = Annotated[
    float,
    typer.Option(
        help="Louvain resolution: above 1 more, smaller communities; below 1 fewer, larger ones."
    ),
]
RunsOption = Annotated[
    int | None,
    typer.Option(
        help="Seeded Louvain runs; the most representative partition is kept (default: 20, "
        "or 5 above 5,000 firms).",
        show_default=False,
    ),
]
CpOffdiagonalOption = Annotated[
    str,
    typer.Option(
        "--cp-offdiagonal",
        help="Core-periphery ties in the ideal core/periphery pattern: 'ignore' (UCINET's "
        "default) or a density from 0 to 1.",
    ),
]
CpStartsOption = Annotated[
    int,
    typer.Option("--cp-starts", help="Local searches of the discrete core/periphery model."),
]
CpDirectedOption = Annotated[
    bool,
    typer.Option(
        "--cp-directed",
        help="Fit core/periphery on the directed ties as given "
        "(default: a tie in either direction).",
    ),
]
CpValuedOption = Annotated[
    bool,
    typer.Option(
        "--cp-valued", help="Fit core/periphery on tie weights (default: ties present or not)."
    ),
]
GroupsOption = Annotated[
    Grouping | None,
    typer.Option(
        help="Groups for brokerage roles (default: actor class when the firms "
        "file gives it, else community).",
        show_default=False,
    ),
]
DependenceOption = Annotated[
    float,
    typer.Option(
        "--dependence-threshold",
        help="Top customer's share of sales above "
        "which a firm is flagged as dependent on one customer.",
    ),
]
WeightsOption = Annotated[
    WeightBasis | None,
    typer.Option(
        help="What the tie weights are: percent or fraction of the supplier's "
        "sales, volume (any amounts) or unweighted (default: guessed from their "
        "sums).",
        show_default=False,
    ),
]
ExactUpToOption = Annotated[
    int,
    typer.Option(
        "--exact-up-to",
        help="Betweenness and closeness are exact up to this many firms, estimated from "
        "sampled firms above it (precision recorded in summary.json).",
    ),
]
CompleteUpToOption = Annotated[
    int,
    typer.Option(
        "--complete-up-to",
        help="Every measure up to this many ties; above, only those near-linear in the ties "
        "(betweenness, closeness, structural holes, transitivity, brokerage roles, supply "
        "dominators and resilience are left out; summary.json says so).",
    ),
]
PathSourcesOption = Annotated[
    int | None,
    typer.Option(
        "--path-sources",
        help="Firms sampled for betweenness and closeness above --exact-up-to (default: "
        "256, fewer above 200,000 ties, down to 32).",
        show_default=False,
    ),
]
EngineOption = Annotated[
    Engine,
    typer.Option(
        help="Engine of betweenness, PageRank, k-core and Louvain: networkit (pip install "
        '"clustermap[fast]") or networkx; auto uses networkit above 5,000 firms when it is '
        "installed.",
    ),
]
NullsOption = Annotated[
    int | None,
    typer.Option(
        help="Randomised networks for the significance of communities and "
        "core/periphery (0 skips the tests; default: 20, or none above 5,000 firms).",
        show_default=False,
    ),
]


def _format_help(table: str, data: str) -> str:
    return f"table: {table}, for people; json, jsonl or csv: {data}, for programs."


AnalyzeFormat = Annotated[
    Format,
    typer.Option(
        "--format", help=_format_help("a short summary", "the index.csv row of each survey")
    ),
]
MetricsFormat = Annotated[
    Format,
    typer.Option(
        "--format", help=_format_help("the main measures", "the firm table (as firms.csv)")
    ),
]
CompareFormat = Annotated[
    Format,
    typer.Option(
        "--format",
        help="table: a summary of the changes, for people; json: changes.json; jsonl or "
        "csv: one record per change, for programs.",
    ),
]
CheckFormat = Annotated[
    Format,
    typer.Option(
        "--format", help=_format_help("every problem and a verdict", "one record per problem")
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clustermap {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Supply-chain network analysis of regional industrial clusters.

    Run `clustermap analyze SURVEY.csv` to turn a survey of firm-to-firm supply ties into a
    folder of results: report.html, map.html, firms.csv, ties.csv, summary.json and more.
    Run `clustermap check SURVEY.csv` first to see every problem in the survey,
    `clustermap metrics SURVEY.csv` for the firm table on stdout, and `clustermap compare
    BASELINE.csv FOLLOWUP.csv` for what changed between two survey waves.

    Data goes to stdout, messages to stderr; exit codes: 0 done, 1 internal error, 2 bad
    command line, 3 survey cannot be analysed, 4 results cannot be written, 5 some
    surveys of a batch failed, 130 interrupted.
    """


def _options_from(given: dict[str, Any], **fixed: Any) -> Any:
    """:func:`_options` from a command's parameters: those it has, ``fixed`` overriding."""
    names = inspect.signature(_options).parameters
    return _options(**{name: value for name, value in given.items() if name in names}, **fixed)


def _options(
    *,
    seed: int = 42,
    resolution: float = 1.0,
    runs: int | None = None,
    cp_offdiagonal: str = "ignore",
    cp_starts: int = 50,
    cp_directed: bool = False,
    cp_valued: bool = False,
    groups: Grouping | None = None,
    dependence_threshold: float = 0.5,
    weights: WeightBasis | None = None,
    nulls: int | None = None,
    relation: str | None = None,
    layout: Layout | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    lang: Language | None = None,
    exact_up_to: int = 5_000,
    complete_up_to: int = 2_000_000,
    path_sources: int | None = None,
    engine: Engine = Engine.auto,
    column: list[str] | None = None,
    firms_column: list[str] | None = None,
    header_row: int | None = None,
) -> Any:
    """The :class:`~clustermap.api.AnalysisOptions` of a command line (validated there)."""
    from clustermap.api import AnalysisOptions

    return AnalysisOptions(
        seed=seed,
        resolution=resolution,
        runs=runs,
        cp_offdiagonal=cp_offdiagonal,
        cp_starts=cp_starts,
        relation=relation,
        encoding=encoding,
        layout=None if layout is None else layout.value,
        sheet=sheet,
        groups=None if groups is None else groups.value,
        dependence_threshold=dependence_threshold,
        nulls=nulls,
        weights=None if weights is None else weights.value,
        lang=None if lang is None else lang.value,
        cp_directed=cp_directed,
        cp_valued=cp_valued,
        exact_up_to=exact_up_to,
        complete_up_to=complete_up_to,
        path_sources=path_sources,
        engine=engine.value,
        columns=_choices(column, "--column"),
        firm_columns=_choices(firms_column, "--firms-column"),
        header_row=header_row,
    )


def _choices(given: list[str] | None, option: str) -> dict[str, str]:
    """``ROLE=HEADER`` options as a dict (role names are checked by the library)."""
    from clustermap.errors import UsageError

    choices: dict[str, str] = {}
    for text in given or []:
        role, equals, header = text.partition("=")
        if not equals or not role.strip():
            raise UsageError(
                f"{option} {text!r}: write ROLE=HEADER, for example {option} "
                f"{'supplier' if option == '--column' else 'firm'}='Tedarikçi Firma Adı'"
            )
        if role.strip() in choices:
            raise UsageError(f"{option} {role.strip()} is given twice: keep one")
        choices[role.strip()] = header.strip()
    return choices


#: index.csv columns shown by ``analyze --format table`` for a batch.
_BATCH_TABLE = (
    "survey",
    "status",
    "firms",
    "ties",
    "density",
    "communities",
    "modularity",
    "core_size",
    "core_periphery_fit",
    "message",
)


@app.command()
def analyze(
    surveys: Annotated[
        list[Path],
        typer.Argument(
            metavar="SURVEY",
            help="Survey files (CSV or other delimited text, gzip, .xlsx; - for standard "
            "input), or folders of them. Several surveys make a batch: one result folder "
            "each under --out, and index.csv.",
        ),
    ],
    firms: FirmsOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Result folder (default: a folder named after the survey, in the current "
            "folder); for a batch, the root of the result folders (required).",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    aliases: AliasesOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Surveys of a batch analysed in parallel (default: one per core); the "
            "results do not depend on it.",
            show_default=False,
        ),
    ] = None,
    seed: SeedOption = 42,
    resolution: ResolutionOption = 1.0,
    runs: RunsOption = None,
    cp_offdiagonal: CpOffdiagonalOption = "ignore",
    cp_starts: CpStartsOption = 50,
    cp_directed: CpDirectedOption = False,
    cp_valued: CpValuedOption = False,
    groups: GroupsOption = None,
    dependence_threshold: DependenceOption = 0.5,
    weights: WeightsOption = None,
    exact_up_to: ExactUpToOption = 5_000,
    complete_up_to: CompleteUpToOption = 2_000_000,
    path_sources: PathSourcesOption = None,
    engine: EngineOption = Engine.auto,
    lang: Annotated[
        Language | None,
        typer.Option(
            help="Language of report.html (default: Turkish when the survey's "
            "headers are, else English).",
            show_default=False,
        ),
    ] = None,
    nulls: NullsOption = None,
    relation: RelationOption = None,
    layout: LayoutOption = None,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    column: ColumnOption = None,
    firms_column: FirmsColumnOption = None,
    header_row: HeaderRowOption = None,
    quiet: QuietOption = False,
    output_format: AnalyzeFormat = Format.table,
) -> None:
    """Analyse surveys and write a folder of results for each.

    Exit code 0 when every survey was analysed; for a batch, 5 when some could not be
    (the others are written, and index.csv says which failed and why).
    """
    given = dict(locals())  # the analysis options among the parameters

    def run() -> None:
        from clustermap.batch import is_batch

        options = _options_from(given)
        if is_batch(surveys):
            _analyze_batch(surveys, options, firms, aliases, out, force, jobs, quiet, output_format)
        else:
            _analyze_one(surveys[0], options, firms, aliases, out, force, quiet, output_format)

    _guarded(run)


def _analyze_one(
    survey: Path,
    options: Any,
    firms: Path | None,
    aliases: Path | None,
    out: Path | None,
    force: bool,
    quiet: bool,
    output_format: Format,
) -> None:
    from clustermap.api import analyze
    from clustermap.batch import INDEX_COLUMNS, index_row, survey_stem
    from clustermap.errors import UsageError
    from clustermap.export import check_output_folder, write_results
    from clustermap.export.tables import records_text
    from clustermap.export.text import summary_text

    _check_survey_path(survey)
    if out is None and str(survey) == "-":
        raise UsageError("reading the survey from standard input needs --out")
    target = check_output_folder(out or Path(survey_stem(survey)), force=force)
    result = analyze(survey, firms, options, aliases=aliases)
    if not quiet:
        _emit_issues(result.survey.issues)
    written = write_results(result, target, force=force)
    if output_format is Format.table:
        _emit(summary_text(result, written))
    else:
        row = index_row(result, target.name, None if str(survey) == "-" else survey)
        _emit(
            records_text(INDEX_COLUMNS, [[row[c] for c in INDEX_COLUMNS]], output_format.value),
            utf8=True,
        )


def _analyze_batch(
    surveys: list[Path],
    options: Any,
    firms: Path | None,
    aliases: Path | None,
    out: Path | None,
    force: bool,
    jobs: int | None,
    quiet: bool,
    output_format: Format,
) -> None:
    from clustermap.batch import INDEX_COLUMNS, Outcome, analyze_many, plan_batch
    from clustermap.errors import UsageError
    from clustermap.export.tables import records_text

    if out is None:
        raise UsageError(
            "several surveys need --out ROOT: each gets a result folder under ROOT, "
            "with ROOT/index.csv comparing them"
        )
    planned = plan_batch(surveys, firms=firms, aliases=aliases)
    progress = _Progress(len(planned)) if not quiet and _is_terminal(sys.stderr) else None

    def report(done: int, total: int, outcome: Outcome) -> None:
        if progress is not None:
            progress.show(done, outcome.survey.name)

    result = analyze_many(planned, out, options, jobs=jobs, force=force, progress=report)
    if progress is not None:
        progress.clear()
    for outcome in result.outcomes:
        _report_outcome(outcome, quiet)
    columns = _BATCH_TABLE if output_format is Format.table else INDEX_COLUMNS
    _emit(
        records_text(
            columns, [[row[c] for c in columns] for row in result.rows], output_format.value
        ),
        utf8=output_format is not Format.table,
    )
    failed = len(result.failed)
    if not quiet or failed:
        _emit(
            f"clustermap: {len(result.outcomes) - failed} of {len(result.outcomes)} surveys "
            f"analysed{f', {failed} failed' if failed else ''}; results: {result.root} "
            f"(index.csv)\n",
            err=True,
        )
    if failed:
        raise typer.Exit(int(ExitCode.SOME_FAILED))


def _report_outcome(outcome: Any, quiet: bool) -> None:
    """A failed survey's problems in full; a good one's warnings only counted."""
    name = outcome.survey.name
    if not outcome.ok:
        errors = sum(issue.is_error for issue in outcome.issues)
        _emit_issues(outcome.issues)
        why = (
            f"the survey cannot be analysed ({errors} error{'s' if errors != 1 else ''} above)"
            if errors
            else outcome.row["message"]
        )
        _emit(f"{_paint('clustermap: error:', 'red')} {name}: {why}; no results for it\n", err=True)
    elif outcome.issues and not quiet:
        count = len(outcome.issues)
        _emit(
            f"clustermap: {name}: {count} warning{'s' if count != 1 else ''} "
            f"(see {name}/summary.json)\n",
            err=True,
        )


class _Progress:
    """``[12/200] north`` on one rewritten line of a terminal's stderr."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.width = 0

    def show(self, done: int, name: str) -> None:
        text = f"[{done}/{self.total}] {name}"[:78]
        _emit("\r" + text.ljust(self.width), err=True)
        self.width = len(text)

    def clear(self) -> None:
        _emit("\r" + " " * self.width + "\r", err=True)


#: firms.csv columns shown by ``metrics --format table`` unless --columns is given.
_METRICS_TABLE = (
    "firm",
    "community",
    "cp_class",
    "coreness",
    "in_degree",
    "out_degree",
    "betweenness",
    "pagerank",
    "constraint",
    "broker_total",
)


@app.command()
def metrics(
    survey: SurveyArgument,
    firms: FirmsOption = None,
    aliases: AliasesOption = None,
    shown_columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="Comma-separated columns to print, e.g. firm,betweenness,pagerank, or "
            "'all' (default: all for json, jsonl and csv; the main measures for table).",
            show_default=False,
        ),
    ] = None,
    seed: SeedOption = 42,
    resolution: ResolutionOption = 1.0,
    runs: RunsOption = None,
    cp_offdiagonal: CpOffdiagonalOption = "ignore",
    cp_starts: CpStartsOption = 50,
    cp_directed: CpDirectedOption = False,
    cp_valued: CpValuedOption = False,
    groups: GroupsOption = None,
    dependence_threshold: DependenceOption = 0.5,
    weights: WeightsOption = None,
    exact_up_to: ExactUpToOption = 5_000,
    complete_up_to: CompleteUpToOption = 2_000_000,
    path_sources: PathSourcesOption = None,
    engine: EngineOption = Engine.auto,
    relation: RelationOption = None,
    layout: LayoutOption = None,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    column: ColumnOption = None,
    firms_column: FirmsColumnOption = None,
    header_row: HeaderRowOption = None,
    quiet: QuietOption = False,
    output_format: MetricsFormat = Format.table,
) -> None:
    """Print the per-firm measures on stdout, writing no files: for pipelines.

    The same table as firms.csv in a result folder, with the same options and seed.
    """
    given = dict(locals())  # the analysis options among the parameters

    def run() -> None:
        from clustermap.api import analyze
        from clustermap.errors import UsageError
        from clustermap.export.tables import frame_rows, records_text

        _check_survey_path(survey)
        # no randomisations: they test network-level figures only, not printed here
        options = _options_from(given, nulls=0)
        result = analyze(survey, firms, options, aliases=aliases)
        if not quiet:
            _emit_issues(result.survey.issues)
        table = result.firms
        if shown_columns is not None and shown_columns.strip() != "all":
            wanted = [name.strip() for name in shown_columns.split(",") if name.strip()]
            unknown = [name for name in wanted if name not in table]
            if unknown or not wanted:
                raise UsageError(
                    f"--columns: unknown column {', '.join(map(repr, unknown)) or '(none)'}; "
                    f"the columns are: {', '.join(table.columns)}"
                )
            table = table[wanted]
        elif shown_columns is None and output_format is Format.table:
            table = table[list(_METRICS_TABLE)]
        _emit(
            records_text(list(table.columns), frame_rows(table), output_format.value),
            utf8=output_format is not Format.table,
        )

    _guarded(run)


@app.command()
def compare(
    baseline: Annotated[
        Path, typer.Argument(metavar="BASELINE", help="Survey of the earlier wave (- for stdin).")
    ],
    followup: Annotated[
        Path, typer.Argument(metavar="FOLLOWUP", help="Survey of the later wave (- for stdin).")
    ],
    firms: Annotated[
        list[Path] | None,
        typer.Option(
            "--firms",
            "-f",
            exists=True,
            dir_okay=False,
            readable=False,
            help="Firms file: once for both waves, or twice (baseline, then follow-up).",
            show_default=False,
        ),
    ] = None,
    aliases: Annotated[
        list[Path] | None,
        typer.Option(
            "--aliases",
            "-a",
            exists=True,
            dir_okay=False,
            readable=False,
            help="Alias file: once for both waves, or twice (baseline, then follow-up).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder for compare.html, changes.json, tie_changes.csv and "
            "firm_changes.csv (default: BASELINE-vs-FOLLOWUP in the current folder).",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    seed: SeedOption = 42,
    resolution: ResolutionOption = 1.0,
    runs: RunsOption = None,
    cp_offdiagonal: CpOffdiagonalOption = "ignore",
    cp_starts: CpStartsOption = 50,
    cp_directed: CpDirectedOption = False,
    cp_valued: CpValuedOption = False,
    groups: GroupsOption = None,
    dependence_threshold: DependenceOption = 0.5,
    weights: WeightsOption = None,
    exact_up_to: ExactUpToOption = 5_000,
    complete_up_to: CompleteUpToOption = 2_000_000,
    path_sources: PathSourcesOption = None,
    engine: EngineOption = Engine.auto,
    nulls: NullsOption = None,
    relation: RelationOption = None,
    layout: LayoutOption = None,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    column: ColumnOption = None,
    firms_column: FirmsColumnOption = None,
    header_row: HeaderRowOption = None,
    quiet: QuietOption = False,
    output_format: CompareFormat = Format.table,
) -> None:
    """Compare two survey waves: ties, firms, core, communities and measures that changed.

    Both waves are analysed with the same options and seed; firms are matched by name.
    """
    given = dict(locals())  # the analysis options among the parameters

    def run() -> None:
        from clustermap.api import analyze
        from clustermap.batch import survey_stem
        from clustermap.compare import CHANGE_COLUMNS, compare
        from clustermap.errors import UsageError
        from clustermap.export import check_output_folder
        from clustermap.export.comparison import COMPARISON_FILES, write_comparison
        from clustermap.export.tables import records_text
        from clustermap.export.text import comparison_text

        for path in (baseline, followup):
            _check_survey_path(path)
        if str(baseline) == str(followup) == "-":
            raise UsageError("only one of the two waves can come from standard input")
        firm_files = _per_wave(firms, "--firms")
        alias_files = _per_wave(aliases, "--aliases")
        names = [
            survey_stem(path) if str(path) != "-" else "stdin" for path in (baseline, followup)
        ]
        target = check_output_folder(
            out or Path(f"{names[0]}-vs-{names[1]}"), force=force, own=COMPARISON_FILES
        )
        options = _options_from(given)
        waves = [
            analyze(path, firm_files[i], options, aliases=alias_files[i])
            for i, path in enumerate((baseline, followup))
        ]
        if not quiet:
            for label, wave in zip(("baseline", "follow-up"), waves, strict=True):
                _emit_issues(wave.survey.issues, f"{label}: ")
        comparison = compare(*waves)
        written = write_comparison(comparison, target, force=force)
        if output_format is Format.table:
            _emit(comparison_text(comparison, written))
        elif output_format is Format.json:
            from clustermap.export.tables import json_text

            _emit(json_text(comparison.diff), utf8=True)
        else:
            _emit(
                records_text(CHANGE_COLUMNS, comparison.records(), output_format.value), utf8=True
            )

    _guarded(run)


def _per_wave(files: list[Path] | None, option: str) -> list[Path | None]:
    from clustermap.errors import UsageError

    if not files:
        return [None, None]
    if len(files) > 2:
        raise UsageError(f"{option} is given once for both waves, or twice: not {len(files)} times")
    return [files[0], files[-1]]


@app.command()
def check(
    survey: SurveyArgument,
    firms: FirmsOption = None,
    aliases: AliasesOption = None,
    relation: RelationOption = None,
    layout: LayoutOption = None,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    column: ColumnOption = None,
    firms_column: FirmsColumnOption = None,
    header_row: HeaderRowOption = None,
    weights: WeightsOption = None,
    output_format: CheckFormat = Format.table,
    write_aliases: Annotated[
        Path | None,
        typer.Option(
            "--write-aliases",
            dir_okay=False,
            help="Also write a starter alias file: the name merges made and suggested, to "
            "edit and give back with --aliases.",
        ),
    ] = None,
) -> None:
    """Check a survey without analysing it: every problem, note and suggestion.

    Exit code 0 when the survey can be analysed, 3 when it cannot.
    """

    def run() -> None:
        from clustermap.errors import UsageError
        from clustermap.export.tables import ISSUE_COLUMNS, csv_text, issue_rows, records_text
        from clustermap.export.text import issues_text
        from clustermap.survey import ALIAS_FILE_COLUMNS, check_survey, starter_aliases
        from clustermap.survey.load import known_encoding

        _check_survey_path(survey)
        if encoding is not None and not known_encoding(encoding):
            raise UsageError(
                f"--encoding: unknown encoding {encoding!r}: try utf-8, cp1254, cp1252 or latin-1"
            )
        if relation is not None and not relation.strip():
            raise UsageError("--relation needs a layer name, e.g. supply or knowledge")
        result = check_survey(
            survey,
            firms,
            encoding=encoding,
            relation=relation,
            layout=None if layout is None else layout.value,
            sheet=sheet,
            aliases=aliases,
            columns=_choices(column, "--column"),
            firm_columns=_choices(firms_column, "--firms-column"),
            header_row=header_row,
            weights=None if weights is None else weights.value,
        )
        if output_format is Format.table:
            _emit(issues_text(result.issues) + _verdict(result))
        else:
            _emit(
                records_text(ISSUE_COLUMNS, issue_rows(result.issues), output_format.value),
                utf8=True,
            )
        if write_aliases is not None and result.survey is None:
            _emit(
                f"clustermap: no alias file written to {write_aliases}: fix the errors first\n",
                err=True,
            )
        elif write_aliases is not None and result.survey is not None:
            starter = csv_text(
                ALIAS_FILE_COLUMNS, starter_aliases(result.survey.names, result.survey.aliases)
            )
            _write_file(write_aliases, starter.encode("utf-8-sig"), may_replace=aliases)
        if not result.usable:
            raise typer.Exit(int(ExitCode.BAD_SURVEY))

    _guarded(run)


def _verdict(result: object) -> str:
    from clustermap.survey import CheckResult

    assert isinstance(result, CheckResult)
    counts = {
        severity: sum(issue.severity == severity for issue in result.issues)
        for severity in ("error", "warning", "info", "suggestion")
    }
    tally = ", ".join(
        f"{count} {severity}{'s' if count != 1 else ''}" for severity, count in counts.items()
    )
    if result.survey is None:
        return f"\nthe survey cannot be analysed ({tally})\n"
    survey = result.survey
    firms = len(survey.firm_names)
    return (
        f"\nthe survey can be analysed: {survey.layout} layout, {len(survey.ties)} ties, "
        f"{firms} firms ({tally})\n"
    )


def _check_survey_path(survey: Path) -> None:
    """A missing survey is a usage error (exit 2), as for every other missing file."""
    from clustermap.errors import UsageError

    if str(survey) == "-":
        return
    if not survey.exists():
        raise UsageError(f"the survey file {str(survey)!r} does not exist")
    if survey.is_dir():
        raise UsageError(f"{str(survey)!r} is a folder: give the survey file inside it")


def _emit(text: str, *, err: bool = False, utf8: bool = False) -> None:
    """Print, ending quietly when the reader has gone (`| head`, `| true`): the command
    still finishes its work and exits with its own code."""
    stream = sys.stderr if err else sys.stdout
    try:
        if utf8:  # machine output is UTF-8 whatever the console's code page
            stream.flush()
            stream.buffer.write(text.encode("utf-8"))
            stream.buffer.flush()
        else:
            stream.write(text)
            stream.flush()
    except BrokenPipeError:
        # later writes (and the interpreter's final flush) must not fail either
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def _colour() -> bool:
    """Colour only on a terminal, never with NO_COLOR set (no-color.org) or TERM=dumb."""
    return (
        _is_terminal(sys.stderr)
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
    )


_STYLES = {"red": "\033[1;31m", "yellow": "\033[33m", "dim": "\033[2m"}


def _paint(text: str, style: str) -> str:
    """``text`` in a colour on stderr, when :func:`_colour` allows it."""
    return f"{_STYLES[style]}{text}\033[0m" if _colour() else text


def _painted_issue(issue: Any) -> str:
    """An issue line for stderr, its severity coloured on a terminal."""
    text = str(issue)
    severity = f": {issue.severity}: "
    style = {"error": "red", "warning": "yellow"}.get(issue.severity, "dim")
    return text.replace(severity, f": {_paint(issue.severity, style)}: ", 1)


def _emit_issues(issues: Any, prefix: str = "") -> None:
    """Issues on stderr as ``analyze`` shows them: a line per kind of note, the first few of
    each kind of problem (``clustermap check`` lists every one)."""
    from clustermap.export.text import condensed

    for issue in condensed(issues):
        _emit(f"{prefix}{_painted_issue(issue)}\n", err=True)


def _write_file(path: Path, content: bytes, *, may_replace: Path | None = None) -> None:
    """Write a file the user asked for, never replacing one unless it is ``may_replace``."""
    from clustermap.errors import OutputError

    if path.exists() and (may_replace is None or path.resolve() != may_replace.resolve()):
        raise OutputError(
            f"{path} already exists: choose another name (only the alias file "
            "given with --aliases is refreshed in place)"
        )
    try:
        path.write_bytes(content)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from err


def _guarded(command: object) -> None:
    """Run a command body, turning every failure into a message and an exit code."""
    try:
        command()  # type: ignore[operator]
    except SurveyError as err:
        _emit_issues(err.issues)
        errors = sum(issue.is_error for issue in err.issues)
        _fail(
            f"the survey cannot be analysed ({errors} error{'s' if errors != 1 else ''} "
            "above): fix them and run again; nothing was written",
            err.exit_code,
        )
    except ClustermapError as err:
        _fail(str(err), err.exit_code)
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        _fail("interrupted; nothing was written", ExitCode.INTERRUPTED)
    except Exception as err:
        if os.environ.get("CLUSTERMAP_DEBUG"):
            raise
        _fail(
            f"internal error ({type(err).__name__}: {err}). This is a bug in clustermap: "
            "please report it with the command you ran (CLUSTERMAP_DEBUG=1 shows the "
            "traceback)",
            ExitCode.INTERNAL,
        )


def _fail(message: str, code: ExitCode) -> NoReturn:
    _emit(f"{_paint('clustermap: error:', 'red')} {message}\n", err=True)
    raise typer.Exit(int(code))


def main() -> None:
    """Entry point of the ``clustermap`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A Windows console or pipe in a legacy code page cannot show every letter of every
        # firm name; print an escape rather than fail after the results were written.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app(prog_name="clustermap")
