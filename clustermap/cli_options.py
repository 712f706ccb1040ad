"""The command line's options, each declared once, in groups that commands share.

A flag's default and choices come from the library's single definition of the option
(:mod:`clustermap.options`); this module adds what only the command line has: the flag's
name and its help. A group is added to a command by :func:`with_options` (as sqlite-utils'
shared option decorators do), which hands the command one validated options object
instead of a parameter per flag.

Light, as the command line must be: nothing here imports pandas or networkx.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from clustermap.errors import UsageError
from clustermap.options import (
    ENGINES,
    GROUPINGS,
    LANGUAGES,
    LAYOUTS,
    WEIGHT_BASES,
    ReadOptions,
)
from clustermap.scale import SCALE

__all__ = [
    "ANALYSIS",
    "LANGUAGE",
    "NULLS",
    "READING",
    "Flag",
    "Format",
    "flag_of",
    "with_options",
]


def _choices(name: str, values: tuple[str, ...]) -> Any:
    """A command-line choice from the library's tuple of values (one definition of each)."""
    return Enum(name, [(value, value) for value in values], type=str)


class Format(str, Enum):
    """What a command prints on stdout: a table for people, or data for programs."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


Layout = _choices("Layout", LAYOUTS)
WeightBasis = _choices("WeightBasis", WEIGHT_BASES)
Grouping = _choices("Grouping", GROUPINGS)
Language = _choices("Language", LANGUAGES)
Engine = _choices("Engine", ENGINES)


def _annotated(kind: Any, option: Any) -> Any:
    return Annotated[kind, option]


def _identity(value: Any) -> Any:
    return value


def _value(choice: Any) -> Any:
    """A choice's value (``None`` stays ``None``)."""
    return None if choice is None else choice.value


def _roles(parameter: str) -> Callable[[list[str] | None], dict[str, str]]:
    """``ROLE=HEADER`` options as a dict (role names are checked by the library)."""

    def parse(given: list[str] | None) -> dict[str, str]:
        chosen: dict[str, str] = {}
        for text in given or []:
            role, equals, header = text.partition("=")
            if not equals or not role.strip():
                raise UsageError(f"{text!r}: write ROLE=HEADER, for example supplier=2", parameter)
            if role.strip() in chosen:
                raise UsageError(f"{role.strip()} is given twice: keep one", parameter)
            chosen[role.strip()] = header.strip()
        return chosen

    return parse


@dataclass(frozen=True)
class Flag:
    """One command-line option of an options object: the library's parameter ``name``, its
    flag and help, its command-line type, and how its value becomes the library's."""

    name: str
    flag: str
    help: str
    kind: Any = None
    to_library: Callable[[Any], Any] = _identity
    metavar: str | None = None

    def parameter(self, options: type[ReadOptions]) -> inspect.Parameter:
        """The command's parameter for this flag, its default the library's."""
        default = _library_default(options, self.name)
        if isinstance(default, dict):
            default = None  # a repeatable flag given no time: the library's empty choice
        elif self.to_library is _value and default is not None:
            default = self.kind(default)
        kind = self.kind if self.kind is not None else type(default)
        shown = default is not None and not isinstance(default, bool)
        option = typer.Option(self.flag, help=self.help, show_default=shown, metavar=self.metavar)
        annotation = _annotated(kind | None if default is None else kind, option)
        return inspect.Parameter(
            self.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
        )


def _library_default(options: type[ReadOptions], name: str) -> Any:
    for field in fields(options):
        if field.name == name:
            if field.default is not MISSING:
                return field.default
            if field.default_factory is not MISSING:
                return field.default_factory()
    raise KeyError(name)  # pragma: no cover - a flag of no option


#: How the survey files are read (every command).
READING: tuple[Flag, ...] = (
    Flag("relation", "--relation", "Only this relation layer (e.g. supply, service, knowledge).",
         str),
    Flag("layout", "--layout", "Survey layout (default: recognised from the header).", Layout,
         _value),
    Flag("sheet", "--sheet", "Worksheet of an .xlsx survey, by name or number (default: the "
         "first).", str),
    Flag("encoding", "--encoding", "Encoding of the survey file (default: detected among UTF-8, "
         "UTF-16, cp1254, cp1252 and latin-1; the firms and alias files are always detected).",
         str),
    Flag("columns", "--column", "Which column of the survey is which (repeatable), instead of "
         "recognising the headers: ROLE is supplier, customer, weight, relation, reported_by, "
         "respondent, partner or direction; HEADER a header as written or a column number (1 = "
         "the first); an empty HEADER reads no column for the role.", list[str],
         _roles("columns"), "ROLE=HEADER"),
    Flag("firm_columns", "--firms-column", "The same for the firms file: ROLE is firm, sector, "
         "actor_class, region, employees or surveyed.", list[str], _roles("firm_columns"),
         "ROLE=HEADER"),
    Flag("header_row", "--header-row", "Line (workbook row) of the survey's header (default: "
         "the row of its first 20 that names the columns); 0 when it has none: its columns "
         "are then named 1, 2, ... (--column supplier=1).", int),
    Flag("weights", "--weights", "What the tie weights are: percent or fraction of the "
         "supplier's sales, volume (any amounts) or unweighted (no weights read; default: "
         "guessed from their sums).", WeightBasis, _value),
)  # fmt: skip

#: How the network is analysed (analyze, metrics, compare).
ANALYSIS: tuple[Flag, ...] = (
    Flag("seed", "--seed", "Seed of every random step: same input and seed, same results.", int),
    Flag("resolution", "--resolution", "Louvain resolution: above 1 more, smaller communities; "
         "below 1 fewer, larger ones.", float),
    Flag("runs", "--runs", "Seeded Louvain runs; the most representative partition is kept "
         f"(default: {SCALE.runs}, or {SCALE.large_runs} above {SCALE.large:,} firms).", int),
    Flag("cp_offdiagonal", "--cp-offdiagonal", "Core-periphery ties in the ideal core/periphery "
         "pattern: 'ignore' (UCINET's default) or a density from 0 to 1.", str),
    Flag("cp_starts", "--cp-starts", "Local searches of the discrete core/periphery model.", int),
    Flag("cp_directed", "--cp-directed", "Fit core/periphery on the directed ties as given "
         "(default: a tie in either direction).", bool),
    Flag("cp_valued", "--cp-valued", "Fit core/periphery on tie weights (default: ties present "
         "or not).", bool),
    Flag("groups", "--groups", "Groups for brokerage roles (default: actor class when the firms "
         "file gives it, else community).", Grouping, _value),
    Flag("dependence_threshold", "--dependence-threshold", "Top customer's share of sales above "
         "which a firm is flagged as dependent on one customer.", float),
    Flag("exact_up_to", "--exact-up-to", "Betweenness and closeness are exact up to this many "
         "firms, estimated from sampled firms above it (precision recorded in summary.json).",
         int),
    Flag("complete_up_to", "--complete-up-to", "Every measure up to this many ties; above, only "
         "those near-linear in the ties (betweenness, closeness, structural holes, "
         "transitivity, brokerage roles, supply dominators and resilience are left out; "
         "summary.json says so).", int),
    Flag("path_sources", "--path-sources", "Firms sampled for betweenness and closeness above "
         "--exact-up-to (default: 256, fewer above 200,000 ties, down to 32).", int),
    Flag("engine", "--engine", "Engine of betweenness, PageRank, k-core and Louvain: networkit "
         '(pip install "clustermap[fast]") or networkx; auto uses networkit above 5,000 firms '
         "when it is installed.", Engine, _value),
)  # fmt: skip

#: The significance tests (analyze, compare; metrics prints firm figures only).
NULLS: tuple[Flag, ...] = (
    Flag("nulls", "--nulls", "Randomised networks for the significance of communities and "
         f"core/periphery (0 skips the tests; default: {SCALE.nulls}, or none above "
         f"{SCALE.large:,} firms).", int),
)  # fmt: skip

#: The language of the pages (analyze, compare).
LANGUAGE: tuple[Flag, ...] = (
    Flag("lang", "--lang", "Language of the pages and pictures: report, map, comparison "
         "(default: Turkish when the survey's headers are, else English).", Language, _value),
)  # fmt: skip

_FLAGS = {flag.name: flag.flag for flag in (*READING, *ANALYSIS, *NULLS, *LANGUAGE)}


def flag_of(parameter: str) -> str:
    """The command line's flag for a library parameter (``"columns"`` -> ``--column``).

    >>> flag_of("columns"), flag_of("seed"), flag_of("out")
    ('--column', '--seed', '--out')
    """
    return _FLAGS.get(parameter, "--" + parameter.replace("_", "-"))


def with_options(
    options: type[ReadOptions],
    *groups: tuple[Flag, ...],
    fixed: Mapping[str, Any] | None = None,
    guard: Callable[[Callable[[], None]], None],
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Add the flags of ``groups`` to a command, which then receives one ``options`` object
    of type ``options`` (with ``fixed`` values for the options it has no flag for) made from
    them, inside ``guard`` (which turns a bad value into a usage error).

    The command's own parameters come first in its help, then the groups' flags.
    """
    flags = [flag for group in groups for flag in group]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "options"]
        added = [flag.parameter(options) for flag in flags]

        @functools.wraps(command)
        def wrapper(**given: Any) -> None:
            values = {flag.name: given.pop(flag.name) for flag in flags}

            def run() -> None:
                converted = {flag.name: flag.to_library(values[flag.name]) for flag in flags}
                command(**given, options=options(**converted, **(fixed or {})))

            guard(run)

        parameters = [*own, *added]
        wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
        return wrapper

    return decorate


# Options of the files and the output, shared by several commands.
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
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Replace the results in an existing result folder."),
]


def _quiet_libraries(quiet: bool) -> bool:
    """``-q`` silences the libraries too: their Python warnings and logged warnings."""
    if quiet:
        import logging
        import warnings

        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)
    return quiet


QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        callback=_quiet_libraries,
        help="No warnings or progress on stderr; errors are still reported.",
    ),
]
