"""One exception family and the exit codes of the command line.

Every error clustermap raises on purpose is a :class:`ClustermapError`; the command line
turns each subclass into its own :class:`ExitCode`. Survey problems are data
(:class:`Issue`, with file, line and column) so that all of them can be reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``clustermap`` command. They are API: documented and tested."""

    OK = 0
    #: An unexpected internal error (a bug in clustermap: please report it).
    INTERNAL = 1
    #: The command line itself is wrong: unknown option, bad option value, missing file.
    USAGE = 2
    #: The survey (or firms file) cannot be analysed; every problem is listed.
    BAD_SURVEY = 3
    #: The results cannot be written (folder exists and --force not given, disk, permissions).
    OUTPUT = 4
    #: Some surveys of a batch could not be analysed or written; the others were (see
    #: index.csv for which and why).
    SOME_FAILED = 5
    #: Stopped by a hang-up (SIGHUP: the terminal or SSH session closed); 128 + 1.
    HANGUP = 129
    #: Interrupted with Ctrl-C.
    INTERRUPTED = 130
    #: Stopped by SIGTERM (``kill``, a job scheduler, a container stopping); 128 + 15.
    TERMINATED = 143


@dataclass(frozen=True, order=True)
class Issue:
    """One problem or remark about an input file, located as precisely as possible.

    ``line`` is the physical line in the file (1 = the first), or the row of a workbook
    (``unit`` is then ``"row"``), ``column`` the header name as written in the file; either
    is ``None`` when the problem is not tied to one. ``severity`` is ``"error"`` (the
    survey cannot be analysed), ``"warning"`` (it was analysed, and this is what was done
    about it), ``"info"`` (a note on how it was read) or ``"suggestion"``.

    >>> Issue("ties.csv", 4, "weight", "bad-weight", "weight 'abc' is not a number", "error")
    ... # doctest: +ELLIPSIS
    Issue(file='ties.csv', line=4, column='weight', code='bad-weight', ...)
    >>> str(Issue("ties.csv", 4, "weight", "bad-weight", "weight 'abc' is not a number"))
    "ties.csv, line 4, column 'weight': error: weight 'abc' is not a number [bad-weight]"
    >>> str(Issue("anket.xlsx", 4, None, "empty-name", "the supplier name is empty", unit="row"))
    'anket.xlsx, row 4: error: the supplier name is empty [empty-name]'

    """

    file: str
    line: int | None
    column: str | None
    code: str
    message: str
    severity: str = "error"
    unit: str = "line"

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"{self.unit} {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.severity}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def quoted(text: object, limit: int = 60) -> str:
    """A cell of an input file quoted for a message, shortened when it is long: a message
    must stay readable whatever the file holds.

    >>> quoted("Işık Kablaj"), quoted("A" * 100, limit=10)
    ("'Işık Kablaj'", "'AAAAAAAAA…' (100 characters)")
    """
    text = str(text)
    if len(text) <= limit:
        return repr(text)
    return f"{text[: limit - 1] + '…'!r} ({len(text):,} characters)"


#: How the library names the options its error messages refer to (:func:`option`).
LIBRARY_NAMES = {"force": "force=True"}


def option(name: str, value: object = None) -> str:
    """An option (with ``value``) named in an error message, as each caller names it:
    ``str(error)`` writes the library's parameter (``force=True``, ``groups region``), the
    command line its flag (:meth:`ClustermapError.worded`). The marks around the name
    cannot occur in a path.

    >>> error = OutputError(f"choose another {option('out')}, or add {option('force')}")
    >>> str(error), error.worded(lambda name: "--" + name)
    ('choose another out, or add force=True', 'choose another --out, or add --force')
    """
    return f"\0{name}\0" if value is None else f"\0{name}\1{value}\0"


_OPTION = re.compile("\0(\\w+)(?:\1([^\0]*))?\0")


class ClustermapError(Exception):
    """Base class of every error clustermap raises deliberately."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def worded(self, flag: Callable[[str], str] | None = None) -> str:
        """The message with each :func:`option` in it named by its command-line ``flag``
        (a function of the parameter's name), or else by the library's parameter."""

        def named(found: re.Match[str]) -> str:
            name, value = found[1], found[2]
            shown = LIBRARY_NAMES.get(name, name) if flag is None else flag(name)
            return shown if value is None else f"{flag(name) if flag else name} {value}"

        return _OPTION.sub(named, super().__str__())

    def __str__(self) -> str:
        return self.worded()


class UsageError(ClustermapError):
    """An option or argument value that clustermap cannot use.

    ``parameter`` names the library's parameter at fault (``"seed"``, ``"columns"``), and
    ``value`` the value given to it when the message is about that value, so that each
    caller can name them its own way (:func:`option`): the command line says
    ``--groups region``.

    >>> str(UsageError("must be 0 or more, got -1", "nulls"))
    'nulls: must be 0 or more, got -1'
    >>> error = UsageError("the firms file has no region column", "groups", "region")
    >>> str(error)
    'groups region: the firms file has no region column'
    >>> error.worded(lambda name: "--" + name)
    '--groups region: the firms file has no region column'
    """

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, parameter: str | None = None, value: str = "") -> None:
        self.message = message
        self.parameter = parameter
        self.value = value
        where = option(parameter, value or None) if parameter else ""
        super().__init__(f"{where}: {message}" if where else message)


class SurveyError(ClustermapError):
    """The survey cannot be analysed. ``issues`` holds every problem found, errors first;
    ``wave`` which survey of a comparison it is about ("baseline", "follow-up"), if any."""

    exit_code = ExitCode.BAD_SURVEY

    def __init__(self, issues: list[Issue] | Issue, wave: str | None = None) -> None:
        found = [issues] if isinstance(issues, Issue) else list(issues)
        self.issues = sorted(found, key=_issue_order)
        self.wave = wave
        errors = [issue for issue in self.issues if issue.is_error]
        headline = errors[0] if errors else self.issues[0]
        more = len(errors) - 1
        suffix = f" (and {more} more error{'s' if more != 1 else ''})" if more > 0 else ""
        super().__init__(f"{headline}{suffix}")


class OutputError(ClustermapError):
    """The results could not be written; nothing was left half-written."""

    exit_code = ExitCode.OUTPUT


class Stopped(BaseException):
    """The process was told to stop (SIGTERM or SIGHUP): raised in the main thread, as
    ``KeyboardInterrupt`` is for Ctrl-C, so that the same clean-up runs (worker processes
    stopped, half-written folders removed). Not a :class:`ClustermapError`: nothing may
    catch it as an ordinary failure.

    >>> import signal
    >>> Stopped(signal.SIGTERM).exit_code, Stopped(signal.SIGTERM).signal_name
    (<ExitCode.TERMINATED: 143>, 'SIGTERM')
    """

    def __init__(self, signal_number: int) -> None:
        import signal

        self.signal_name = signal.Signals(signal_number).name
        self.exit_code = ExitCode(128 + signal_number)
        super().__init__(f"stopped by {self.signal_name}")


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP raise :class:`Stopped` in the main thread (the command
    line's entry point calls this; a notebook keeps Python's own handling)."""
    import signal

    def stop(signal_number: int, _frame: object) -> None:
        raise Stopped(signal_number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):  # Windows has no SIGHUP
            signal.signal(getattr(signal, name), stop)


def _issue_order(issue: Issue) -> tuple[int, str, int, str, str]:
    return (0 if issue.is_error else 1, issue.file, issue.line or 0, issue.column or "", issue.code)
