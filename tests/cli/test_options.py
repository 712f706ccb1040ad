"""The command line's options are the library's: declared once, the same defaults and
choices, and every value checked by the library in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from clustermap import cli_options
from clustermap.cli import app
from clustermap.cli_options import ANALYSIS, LANGUAGE, NULLS, READING, Flag
from clustermap.errors import ExitCode
from clustermap.options import (
    ENGINES,
    GROUPINGS,
    LANGUAGES,
    LAYOUTS,
    WEIGHT_BASES,
    AnalysisOptions,
    ReadOptions,
)

Cli = Callable[..., Any]

GROUPS = {
    "analyze": (READING, ANALYSIS, NULLS, LANGUAGE),
    "metrics": (READING, ANALYSIS),
    "compare": (READING, ANALYSIS, NULLS),
    "check": (READING,),
}


def library_default(name: str) -> Any:
    field = next(f for f in fields(AnalysisOptions) if f.name == name)
    return field.default if field.default is not MISSING else field.default_factory()  # type: ignore[misc]


@pytest.mark.parametrize("command", sorted(GROUPS))
def test_every_command_line_default_is_the_library_default(command: str) -> None:
    params = {p.name: p for p in get_command(app).commands[command].params}  # type: ignore[attr-defined]
    flags: list[Flag] = [flag for group in GROUPS[command] for flag in group]
    for flag in flags:
        parameter = params[flag.name]
        assert flag.flag in parameter.opts, flag.name
        assert flag.to_library(parameter.default) == library_default(flag.name), flag.name
    declared = {f.name for f in fields(ReadOptions if command == "check" else AnalysisOptions)}
    missing = declared - {flag.name for flag in flags}
    # metrics tests no significance and writes no page; check reads only
    assert missing == {"metrics": {"nulls", "lang"}, "analyze": set(), "compare": {"lang"}}.get(
        command, set()
    )


def test_command_line_choices_are_the_library_choices() -> None:
    for choice, values in (
        (cli_options.Layout, LAYOUTS),
        (cli_options.WeightBasis, WEIGHT_BASES),
        (cli_options.Grouping, GROUPINGS),
        (cli_options.Language, LANGUAGES),
        (cli_options.Engine, ENGINES),
    ):
        assert tuple(member.value for member in choice) == values


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--seed", "-1"], "--seed: must be a whole number from 0 to"),
        (["--column", "suplier=1"], "--column: unknown role 'suplier'"),
        (["--column", "supplier"], "--column: 'supplier': write ROLE=HEADER"),
        (["--header-row", "99"], "--header-row 99: it has"),
        (["--encoding", "klingon"], "--encoding: unknown encoding 'klingon'"),
        (["--cp-offdiagonal", "2"], "--cp-offdiagonal: "),
        (["--dependence-threshold", "0"], "--dependence-threshold: must be a share"),
    ],
)
def test_a_bad_value_names_its_flag(
    cli: Cli, small_survey: Path, arguments: list[str], message: str
) -> None:
    for command in ("analyze", "metrics") if arguments[0] != "--cp-offdiagonal" else ("metrics",):
        result = cli(command, small_survey, *arguments)
        assert result.exit_code == ExitCode.USAGE, result.stderr
        assert message in result.stderr


def test_check_checks_values_as_analyze_does(cli: Cli, small_survey: Path) -> None:
    """check reads with the library's ReadOptions: the same rules, not its own copy."""
    for arguments in (["--encoding", "klingon"], ["--relation", " "], ["--header-row", "0"]):
        checked = cli("check", small_survey, *arguments)
        analysed = cli("analyze", small_survey, *arguments)
        assert checked.exit_code == analysed.exit_code == ExitCode.USAGE
        assert checked.stderr.splitlines()[-1] == analysed.stderr.splitlines()[-1]
