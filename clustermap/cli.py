"""The ``clustermap`` command: a thin typer wrapper around the library.

Commands parse options, make the call a notebook user would make, hand the result to a
writer and turn :class:`~clustermap.errors.ClustermapError` into an exit code. The options
are declared once (:mod:`clustermap.cli_options`) from the library's definitions. Nothing
heavy (pandas, networkx, pyvis) is imported at module level, so ``clustermap --help``
starts fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from clustermap._version import __version__
from clustermap.cli_options import (
    ANALYSIS,
    LANGUAGE,
    NULLS,
    READING,
    AliasesOption,
    FirmsOption,
    ForceOption,
    Format,
    QuietOption,
    SurveyArgument,
    flag_of,
    with_options,
)
from clustermap.errors import (
    ClustermapError,
    ExitCode,
    Stopped,
    SurveyError,
    UsageError,
    stop_on_signals,
)
from clustermap.options import AnalysisOptions, ReadOptions

app = typer.Typer(
    name="clustermap",
    help="Supply-chain network analysis of regional industrial clusters.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags shown as flags, no colour codes to strip
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
    _show_library_notes()


def _show_library_notes() -> None:
    """The library's notes for the user (the ``clustermap`` logger: which engine a large
    analysis runs on, and how long it takes) as ``clustermap: note: …`` lines on stderr;
    ``-q`` silences them with the other warnings."""
    import logging

    class Notes(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            _emit(f"clustermap: note: {record.getMessage()}\n", err=True)

    logger = logging.getLogger("clustermap")
    if not any(type(handler).__name__ == "Notes" for handler in logger.handlers):
        logger.addHandler(Notes())
        logger.propagate = False  # said once, not again by Python's last-resort handler


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


def _guarded(command: Any) -> None:
    """Run a command body, turning every failure into a message and an exit code."""
    try:
        command()
    except SurveyError as err:
        _emit_issues(err.issues, f"{err.wave}: " if err.wave else "")
        errors = sum(issue.is_error for issue in err.issues)
        which = f"the {err.wave} survey" if err.wave else "the survey"
        _fail(
            f"{which} cannot be analysed ({errors} error{'s' if errors != 1 else ''} "
            "above): fix them and run again; nothing was written",
            err.exit_code,
        )
    except ClustermapError as err:  # the library names its parameters; the command line its flags
        _fail(err.worded(flag_of), err.exit_code)
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        _fail("interrupted; nothing was written", ExitCode.INTERRUPTED)
    except Stopped as err:
        _fail(f"stopped by {err.signal_name}; nothing was written", err.exit_code)
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
@with_options(AnalysisOptions, READING, ANALYSIS, NULLS, LANGUAGE, guard=_guarded)
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
    quiet: QuietOption = False,
    output_format: AnalyzeFormat = Format.table,
    *,
    options: AnalysisOptions,
) -> None:
    """Analyse surveys and write a folder of results for each.

    Exit code 0 when every survey was analysed; for a batch, 5 when some could not be
    (the others are written, and index.csv says which failed and why).
    """
    from clustermap.batch import is_batch

    if is_batch(surveys):
        _analyze_batch(surveys, options, firms, aliases, out, force, jobs, quiet, output_format)
    else:
        _analyze_one(surveys[0], options, firms, aliases, out, force, quiet, output_format)


def _analyze_one(
    survey: Path,
    options: AnalysisOptions,
    firms: Path | None,
    aliases: Path | None,
    out: Path | None,
    force: bool,
    quiet: bool,
    output_format: Format,
) -> None:
    from clustermap.api import analyze
    from clustermap.batch import INDEX_COLUMNS, survey_stem
    from clustermap.export import check_output_folder, write_results
    from clustermap.export.tables import records_text
    from clustermap.export.text import analysis_text

    _check_survey_path(survey)
    if out is None and str(survey) == "-":
        raise UsageError("reading the survey from standard input needs --out")
    target = check_output_folder(out or Path(survey_stem(survey)), force=force)
    result = analyze(survey, firms, options, aliases=aliases)
    if not quiet:
        _emit_issues(result.survey.issues)
    written = write_results(result, target, force=force)
    if output_format is Format.table:
        _emit(analysis_text(result, written))
    else:
        row = result.index_row(target.name, None if str(survey) == "-" else survey)
        _emit(
            records_text(INDEX_COLUMNS, [[row[c] for c in INDEX_COLUMNS]], output_format.value),
            utf8=True,
        )


def _analyze_batch(
    surveys: list[Path],
    options: AnalysisOptions,
    firms: Path | None,
    aliases: Path | None,
    out: Path | None,
    force: bool,
    jobs: int | None,
    quiet: bool,
    output_format: Format,
) -> None:
    from clustermap.batch import INDEX_COLUMNS, Outcome, analyze_many, plan_batch
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

    result = analyze_many(
        planned, out, options, jobs=jobs, force=force, progress=report, flag=flag_of
    )
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
@with_options(AnalysisOptions, READING, ANALYSIS, fixed={"nulls": 0}, guard=_guarded)
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
    quiet: QuietOption = False,
    output_format: MetricsFormat = Format.table,
    *,
    options: AnalysisOptions,
) -> None:
    """Print the per-firm measures on stdout, writing no files: for pipelines.

    The same table as firms.csv in a result folder, with the same options and seed (no
    significance tests: they test network-level figures only, not printed here).
    """
    from clustermap.api import analyze
    from clustermap.export.tables import frame_rows, records_text

    _check_survey_path(survey)
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


@app.command()
@with_options(AnalysisOptions, READING, ANALYSIS, NULLS, LANGUAGE, guard=_guarded)
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
    quiet: QuietOption = False,
    output_format: CompareFormat = Format.table,
    *,
    options: AnalysisOptions,
) -> None:
    """Compare two survey waves: ties, firms, core, communities and measures that changed.

    Both waves are analysed with the same options and seed; firms are matched by name.
    """
    from clustermap.batch import survey_stem
    from clustermap.compare import CHANGE_COLUMNS, compare_surveys
    from clustermap.export import check_output_folder
    from clustermap.export.comparison import COMPARISON_FILES, write_comparison
    from clustermap.export.tables import json_text, records_text
    from clustermap.export.text import comparison_text

    for path in (baseline, followup):
        _check_survey_path(path)
    if str(baseline) == str(followup) == "-":
        raise UsageError("only one of the two waves can come from standard input")
    names = [survey_stem(path) if str(path) != "-" else "stdin" for path in (baseline, followup)]
    target = check_output_folder(
        out or Path(f"{names[0]}-vs-{names[1]}"), force=force, own=COMPARISON_FILES
    )
    comparison = compare_surveys(
        baseline,
        followup,
        options,
        firms=_per_wave(firms, "--firms"),
        aliases=_per_wave(aliases, "--aliases"),
    )
    if not quiet:
        for label, wave in (("baseline", comparison.baseline), ("follow-up", comparison.followup)):
            _emit_issues(wave.survey.issues, f"{label}: ")
    lang = options.lang or comparison.baseline.survey.language
    written = write_comparison(comparison, target, force=force, lang=lang)
    if output_format is Format.table:
        _emit(comparison_text(comparison, written))
    elif output_format is Format.json:
        _emit(json_text(comparison.diff), utf8=True)
    else:
        _emit(records_text(CHANGE_COLUMNS, comparison.records(), output_format.value), utf8=True)


def _per_wave(files: list[Path] | None, option: str) -> tuple[Path | None, Path | None]:
    if not files:
        return None, None
    if len(files) > 2:
        raise UsageError(f"{option} is given once for both waves, or twice: not {len(files)} times")
    return files[0], files[-1]


@app.command()
@with_options(ReadOptions, READING, guard=_guarded)
def check(
    survey: SurveyArgument,
    firms: FirmsOption = None,
    aliases: AliasesOption = None,
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
    *,
    options: ReadOptions,
) -> None:
    """Check a survey without analysing it: every problem, note and suggestion.

    It reports what `analyze` would with the same reading options. Exit code 0 when the
    survey can be analysed, 3 when it cannot.
    """
    from clustermap.export.tables import ISSUE_COLUMNS, csv_text, issue_rows, records_text
    from clustermap.export.text import issues_text
    from clustermap.survey import ALIAS_FILE_COLUMNS, check_survey, starter_aliases

    _check_survey_path(survey)
    result = check_survey(survey, firms, options, aliases=aliases)
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


def _verdict(result: Any) -> str:
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
    return (
        f"\nthe survey can be analysed: {survey.layout} layout, {len(survey.ties)} ties, "
        f"{len(survey.firm_names)} firms ({tally})\n"
    )


def _check_survey_path(survey: Path) -> None:
    """A missing survey is a usage error (exit 2), as for every other missing file."""
    if str(survey) == "-":
        return
    if not survey.exists():
        raise UsageError(f"the survey file {str(survey)!r} does not exist")
    if survey.is_dir():
        raise UsageError(f"{str(survey)!r} is a folder: give the survey file inside it")


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


def main() -> None:
    """Entry point of the ``clustermap`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A Windows console or pipe in a legacy code page cannot show every letter of every
        # firm name; print an escape rather than fail after the results were written.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    stop_on_signals()
    try:
        app(prog_name="clustermap")
    except Stopped as err:  # before a command started, or while its error was printed
        sys.exit(int(err.exit_code))
