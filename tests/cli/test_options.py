"""The command line's options are the library's: declared once, the same defaults and
choices, and every value checked by the library in one place."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from clustermap import (
    analyze,
    analyze_many,
    analyze_to_folder,
    check_survey,
    cli_options,
    compare_surveys,
)
from clustermap.cli import app
from clustermap.cli_options import ANALYSIS, LANGUAGE, NULLS, READING
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

#: The options each command takes as a library options object, and those it fixes: metrics
#: tests no significance and writes no page; check only reads.
OPTIONS = {"analyze": AnalysisOptions, "metrics": AnalysisOptions, "compare": AnalysisOptions,
           "check": ReadOptions}  # fmt: skip
NOT_FLAGS = {"metrics": {"nulls", "lang"}}
#: The commands' own parameters that the library's entry points take too.
ENTRY_POINTS = {
    "analyze": (analyze_to_folder, {"firms": "firms", "aliases": "aliases", "force": "force"}),
    "analyze (batch)": (analyze_many, {"jobs": "jobs", "force": "force"}),
    "compare": (compare_surveys, {"firms": "firms", "aliases": "aliases"}),
    "check": (check_survey, {"firms": "firms", "aliases": "aliases"}),
    "metrics": (analyze, {"firms": "firms", "aliases": "aliases"}),
}
FLAGS = {flag.name: flag for group in (READING, ANALYSIS, NULLS, LANGUAGE) for flag in group}


def library_default(options: type[ReadOptions], name: str) -> Any:
    field = next(f for f in fields(options) if f.name == name)
    return field.default if field.default is not MISSING else field.default_factory()  # type: ignore[misc]


def command_parameters(command: str) -> dict[str, Any]:
    return {p.name: p for p in get_command(app).commands[command].params}  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", sorted(OPTIONS))
def test_every_command_line_default_is_the_library_default(command: str) -> None:
    """Read off the commands themselves: every option of the library's options object is a
    flag of the command (but those the command fixes), with the library's default."""
    options = OPTIONS[command]
    params = command_parameters(command)
    declared = {f.name for f in fields(options)}
    assert declared - set(params) == NOT_FLAGS.get(command, set())
    for name in declared & set(params):
        flag, parameter = FLAGS[name], params[name]
        assert flag.flag in parameter.opts, name
        assert flag.to_library(parameter.default) == library_default(options, name), name


@pytest.mark.parametrize("command", sorted(ENTRY_POINTS))
def test_the_commands_own_defaults_are_the_entry_points(command: str) -> None:
    """``--firms``, ``--aliases``, ``--force`` and ``--jobs`` mean what the library's
    ``analyze_to_folder``, ``analyze_many``, ``compare_surveys`` and ``check_survey`` do
    when not given."""
    function, names = ENTRY_POINTS[command]
    params = command_parameters(command.split()[0])
    signature = inspect.signature(function).parameters
    for flag, parameter in names.items():
        assert params[flag].default == signature[parameter].default, (command, flag)


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
    for arguments in (["--encoding", "klingon"], ["--relation", " "], ["--header-row", "-1"]):
        checked = cli("check", small_survey, *arguments)
        analysed = cli("analyze", small_survey, *arguments)
        assert checked.exit_code == analysed.exit_code == ExitCode.USAGE
        assert checked.stderr.splitlines()[-1] == analysed.stderr.splitlines()[-1]
