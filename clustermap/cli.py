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
    folder of results: firms.csv, ties.csv, summary.json and an offline map.html.
    """


@app.command()
def analyze(
    survey: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=False,
            metavar="SURVEY",
            help="Survey of ties: one row per tie, supplier -> customer (CSV, any common "
            "delimiter and encoding).",
        ),
    ],
    firms: Annotated[
        Path | None,
        typer.Option(
            "--firms",
            "-f",
            exists=True,
            dir_okay=False,
            readable=False,
            help="Firms file: firm, sector, actor class, region, employees, other attributes.",
        ),
    ] = None,
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
        typer.Option("--force", help="Replace the result folder if it exists and is not empty."),
    ] = False,
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
    ] = 10,
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
    relation: Annotated[
        str | None,
        typer.Option(help="Analyse only this relation layer (e.g. supply, service, knowledge)."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="Encoding of the input files (default: detected among UTF-8, UTF-16, cp1254 "
            "and latin-1).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Print a short text summary, or summary.json.")
    ] = OutputFormat.text,
) -> None:
    """Analyse a survey and write a folder of results."""

    def run() -> None:
        from clustermap.api import AnalysisOptions, analyze
        from clustermap.export import check_output_folder, write_results
        from clustermap.export.tables import json_text
        from clustermap.export.text import summary_text

        target = check_output_folder(out or Path(survey.stem), force=force)
        options = AnalysisOptions(
            seed=seed,
            resolution=resolution,
            runs=runs,
            cp_offdiagonal=cp_offdiagonal,
            cp_starts=cp_starts,
            relation=relation,
            encoding=encoding,
        )
        result = analyze(survey, firms, options)
        for issue in result.survey.issues:
            typer.echo(str(issue), err=True)
        written = write_results(result, target, force=force)
        if output_format is OutputFormat.json:  # JSON is UTF-8 whatever the console's code page
            sys.stdout.flush()
            sys.stdout.buffer.write(json_text(result.summary).encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(summary_text(result, written))

    _guarded(run)


def _guarded(command: object) -> None:
    """Run a command body, turning every failure into a message and an exit code."""
    try:
        command()  # type: ignore[operator]
    except SurveyError as err:
        for issue in err.issues:
            typer.echo(str(issue), err=True)
        errors = sum(issue.is_error for issue in err.issues)
        _fail(
            f"the survey cannot be analysed ({errors} error{'s' if errors != 1 else ''} "
            "above): fix them and run again; nothing was written",
            err.exit_code,
        )
    except ClustermapError as err:
        _fail(str(err), err.exit_code)
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
    typer.echo(f"clustermap: error: {message}", err=True)
    raise typer.Exit(int(code))


def main() -> None:
    """Entry point of the ``clustermap`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A Windows console or pipe in a legacy code page cannot show every letter of every
        # firm name; print an escape rather than fail after the results were written.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app(prog_name="clustermap")
