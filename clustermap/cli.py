"""The ``clustermap`` command: a thin typer wrapper around :mod:`clustermap.api`.

Commands parse options, make the call a notebook user would make, hand the result to a
writer and turn :class:`~clustermap.errors.ClustermapError` into an exit code. Nothing
heavy (pandas, networkx, pyvis) is imported at module level, so ``clustermap --help``
starts fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from clustermap import __version__
from clustermap.errors import ClustermapError, ExitCode, SurveyError

app = typer.Typer(
    name="clustermap",
    help="Supply-chain network analysis of regional industrial clusters.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    """What ``analyze`` prints on stdout."""

    text = "text"
    json = "json"


class IssueFormat(str, Enum):
    """How ``check`` prints the problems it found."""

    table = "table"
    csv = "csv"
    json = "json"


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


class Grouping(str, Enum):
    """Partitions for brokerage roles."""

    actor_class = "actor_class"
    sector = "sector"
    region = "region"
    community = "community"


# Options shared by the commands that read a survey, defined once.
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
        help="Encoding of the input files (default: detected among UTF-8, UTF-16, cp1254, "
        "cp1252 and latin-1).",
        show_default=False,
    ),
]
RelationOption = Annotated[
    str | None,
    typer.Option(help="Only this relation layer (e.g. supply, service, knowledge)."),
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
    folder of results: firms.csv, ties.csv, summary.json and an offline map.html. Run
    `clustermap check SURVEY.csv` first to see every problem in the survey.
    """


@app.command()
def analyze(
    survey: SurveyArgument,
    firms: FirmsOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Result folder (default: a folder named after the survey, in the current folder).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace the results in an existing result folder."),
    ] = False,
    aliases: AliasesOption = None,
    seed: Annotated[
        int, typer.Option(help="Seed of every random step: same input and seed, same results.")
    ] = 42,
    resolution: Annotated[
        float,
        typer.Option(
            help="Louvain resolution: above 1 more, smaller communities; below 1 fewer, "
            "larger ones."
        ),
    ] = 1.0,
    runs: Annotated[
        int,
        typer.Option(
            help="Seeded Louvain runs; the partition with the highest modularity is kept."
        ),
    ] = 20,
    cp_offdiagonal: Annotated[
        str,
        typer.Option(
            "--cp-offdiagonal",
            help="Core-periphery ties in the ideal core/periphery pattern: 'ignore' (UCINET's "
            "default) or a density from 0 to 1.",
        ),
    ] = "ignore",
    cp_starts: Annotated[
        int,
        typer.Option("--cp-starts", help="Local searches of the discrete core/periphery model."),
    ] = 50,
    cp_directed: Annotated[
        bool,
        typer.Option(
            "--cp-directed",
            help="Fit core/periphery on the directed ties as given "
            "(default: a tie in either direction).",
        ),
    ] = False,
    cp_valued: Annotated[
        bool,
        typer.Option(
            "--cp-valued", help="Fit core/periphery on tie weights (default: ties present or not)."
        ),
    ] = False,
    groups: Annotated[
        Grouping | None,
        typer.Option(
            help="Groups for brokerage roles (default: actor class when the firms "
            "file gives it, else community).",
            show_default=False,
        ),
    ] = None,
    dependence_threshold: Annotated[
        float,
        typer.Option(
            "--dependence-threshold",
            help="Top customer's share of sales above "
            "which a firm is flagged as dependent on one customer.",
        ),
    ] = 0.5,
    weights: Annotated[
        WeightBasis | None,
        typer.Option(
            help="What the tie weights are: percent or fraction of the supplier's "
            "sales, volume (any amounts) or unweighted (default: guessed from their "
            "sums).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            help="Language of report.html (default: Turkish when the survey's "
            "headers are, else English).",
            show_default=False,
        ),
    ] = None,
    nulls: Annotated[
        int,
        typer.Option(
            help="Randomised networks for the significance of communities and "
            "core/periphery (0 skips the tests)."
        ),
    ] = 20,
    relation: RelationOption = None,
    layout: LayoutOption = None,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Print a short text summary, or summary.json.")
    ] = OutputFormat.text,
) -> None:
    """Analyse a survey and write a folder of results."""

    def run() -> None:
        from clustermap.api import AnalysisOptions, analyze
        from clustermap.errors import UsageError
        from clustermap.export import check_output_folder, write_results
        from clustermap.export.tables import json_text
        from clustermap.export.text import summary_text

        _check_survey_path(survey)
        if out is None and str(survey) == "-":
            raise UsageError("reading the survey from standard input needs --out")
        target = check_output_folder(out or _default_folder(survey), force=force)
        options = AnalysisOptions(
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
        )
        result = analyze(survey, firms, options, aliases=aliases)
        for issue in result.survey.issues:
            _emit(f"{issue}\n", err=True)
        written = write_results(result, target, force=force)
        if output_format is OutputFormat.json:
            _emit(json_text(result.summary), utf8=True)
        else:
            _emit(summary_text(result, written))

    _guarded(run)


@app.command()
def check(
    survey: SurveyArgument,
    firms: FirmsOption = None,
    aliases: AliasesOption = None,
    relation: RelationOption = None,
    layout: LayoutOption = None,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    output_format: Annotated[
        IssueFormat, typer.Option("--format", help="A table for people, or csv or json.")
    ] = IssueFormat.table,
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
        from clustermap.export.tables import alias_csv, issues_csv, issues_json
        from clustermap.export.text import issues_text
        from clustermap.survey import check_survey
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
        )
        if output_format is IssueFormat.csv:
            _emit(issues_csv(result.issues), utf8=True)
        elif output_format is IssueFormat.json:
            _emit(issues_json(result.issues), utf8=True)
        else:
            _emit(issues_text(result.issues) + _verdict(result))
        if write_aliases is not None and result.survey is None:
            _emit(
                f"clustermap: no alias file written to {write_aliases}: fix the errors first\n",
                err=True,
            )
        elif write_aliases is not None and result.survey is not None:
            starter = alias_csv(result.survey.names, result.survey.aliases)
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
    firms = len(
        set(survey.ties["supplier"]) | set(survey.ties["customer"]) | set(survey.firms.index)
    )
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


def _default_folder(survey: Path) -> Path:
    """``survey.csv`` -> ``survey``; ``survey.csv.gz`` -> ``survey``."""
    name = survey.name.removesuffix(".gz").removesuffix(".GZ")
    return Path(Path(name).stem)


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
        for issue in err.issues:
            _emit(f"{issue}\n", err=True)
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
    _emit(f"clustermap: error: {message}\n", err=True)
    raise typer.Exit(int(code))


def main() -> None:
    """Entry point of the ``clustermap`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A Windows console or pipe in a legacy code page cannot show every letter of every
        # firm name; print an escape rather than fail after the results were written.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app(prog_name="clustermap")
