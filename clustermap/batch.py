"""Many surveys in one run: a result folder per survey under one root, and ``index.csv``.

A regional development agency surveys several clusters (or the same cluster every few
years) and wants one table that compares them. :func:`analyze_many` analyses each survey
exactly as ``clustermap analyze`` does for one, in parallel processes, and writes::

    ROOT/index.csv          one row of network-level figures per survey
    ROOT/<survey>/...       the usual result folder of each survey

The root is written all or nothing (like a single result folder): the surveys are
analysed into a staging folder beside ROOT, which replaces ROOT at the end. A survey that
cannot be analysed does not stop the others: it gets a ``failed`` row in ``index.csv``
with its exit code and message, and no folder. Output does not depend on ``jobs`` or on
the order of the arguments: rows are sorted by folder name.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clustermap import forked, record
from clustermap.errors import ClustermapError, ExitCode, Issue, OutputError, UsageError, option

if TYPE_CHECKING:
    from clustermap.api import AnalysisOptions

__all__ = [
    "INDEX_COLUMNS",
    "BatchResult",
    "BatchSurvey",
    "Outcome",
    "analyze_many",
    "plan_batch",
]

#: File endings of surveys found in a folder given as an argument.
SURVEY_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".csv.gz", ".tsv.gz", ".txt.gz")
#: Name endings (before the file ending) of the companion files of a survey in a batch.
COMPANIONS = {"firms": "_firms", "aliases": "_aliases"}
#: A survey named ``north_ties.csv`` has the companions ``north_firms.csv``, ``north_aliases.csv``.
TIES_SUFFIX = "_ties"
INDEX_FILE = "index.csv"

#: Columns of ``index.csv``: the network-level figures that compare clusters of any size.
INDEX_COLUMNS = record.INDEX_COLUMNS


@dataclass(frozen=True)
class BatchSurvey:
    """One survey of a batch: its files and the name of its result folder."""

    name: str
    path: Path
    firms: Path | None = None
    aliases: Path | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one survey: its ``index.csv`` row and the problems met on the way."""

    survey: BatchSurvey
    row: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.row["status"] == "ok")


@dataclass(frozen=True)
class BatchResult:
    """The outcomes of a batch, sorted by folder name, and the root written."""

    root: Path
    outcomes: list[Outcome]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [outcome.row for outcome in self.outcomes]

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.ok]


def is_batch(paths: Sequence[str | Path]) -> bool:
    """Several surveys, or a folder of them, make a batch; one survey file does not."""
    return len(paths) != 1 or Path(paths[0]).is_dir()


def plan_batch(
    paths: Iterable[str | Path],
    *,
    firms: str | Path | None = None,
    aliases: str | Path | None = None,
) -> list[BatchSurvey]:
    """The surveys named by ``paths`` (files, and folders of survey files), with companions.

    A folder contributes its survey files (``.csv``, ``.tsv``, ``.txt``, ``.xlsx``, and
    gzip-compressed text), not those of its subfolders. A file named ``X_firms.*`` or
    ``X_aliases.*`` is the firms or alias file of the survey ``X.*`` or ``X_ties.*``
    beside it, not a survey; ``firms`` and ``aliases``, when given, apply to every survey
    instead. Result folders are named after the surveys (``north_ties.csv`` ->
    ``north_ties``), with their parent folder's name in front when two would clash.

    Raises
    ------
    UsageError
        If a path does not exist, is standard input, or no survey is found.
    """
    files: dict[Path, Path] = {}  # resolved -> as given, first mention wins
    for given in paths:
        path = Path(given)
        if str(given) == "-":
            raise UsageError(
                "standard input (-) can only be analysed alone: give one survey, or files"
            )
        if not path.exists():
            raise UsageError(f"the survey file {str(path)!r} does not exist")
        found = (
            sorted(child for child in path.iterdir() if _is_survey_file(child))
            if path.is_dir()
            else [path]
        )
        for file in found:
            files.setdefault(file.resolve(), file)
    companions: dict[tuple[Path, str, str], Path] = {}
    surveys: list[Path] = []
    for file in files.values():
        role = _companion_role(file)
        if role is None:
            surveys.append(file)
        else:
            companions[
                (file.parent.resolve(), survey_stem(file)[: -len(COMPANIONS[role])], role)
            ] = file
    if not surveys:
        raise UsageError(
            "no survey found in "
            + ", ".join(repr(str(path)) for path in paths)
            + f" (survey files end in {', '.join(SURVEY_SUFFIXES)})"
        )

    def companion(survey: Path, role: str, given: str | Path | None) -> Path | None:
        if given is not None:
            return Path(given)
        base = survey_stem(survey).removesuffix(TIES_SUFFIX)
        return companions.get((survey.parent.resolve(), base, role))

    names = _folder_names(surveys)
    return sorted(
        (
            BatchSurvey(
                names[survey],
                survey,
                companion(survey, "firms", firms),
                companion(survey, "aliases", aliases),
            )
            for survey in surveys
        ),
        key=lambda job: job.name,
    )


def analyze_many(
    surveys: Sequence[BatchSurvey],
    out: str | Path,
    options: AnalysisOptions | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: Callable[[int, int, Outcome], None] | None = None,
    flag: Callable[[str], str] | None = None,
) -> BatchResult:
    """Analyse every survey into ``out/<name>/`` and write ``out/index.csv``.

    Parameters
    ----------
    surveys : sequence of BatchSurvey
        Usually from :func:`plan_batch`.
    out : path
        The root folder; an existing non-empty one is replaced only with ``force``, and
        only if it holds nothing but an earlier batch's results.
    options : AnalysisOptions, optional
        The same options for every survey.
    jobs : int, optional
        Processes to run in parallel (default: every core). The output is the same for
        every value.
    force : bool
    progress : callable, optional
        Called as ``progress(done, total, outcome)`` after each survey.
    flag : callable, optional
        How a failed survey's message names an option (the command line's flag of a
        parameter: :meth:`~clustermap.errors.ClustermapError.worded`); by default, by the
        library's parameter.

    Returns
    -------
    BatchResult
        One outcome per survey, sorted by folder name; failed surveys included.

    Raises
    ------
    OutputError
        If the root cannot be written; nothing is left behind then.
    """
    from clustermap.api import AnalysisOptions
    from clustermap.export import fill_folder
    from clustermap.export.tables import csv_text

    options = options or AnalysisOptions()
    root = check_batch_root(out, force=force)
    workers = max(1, min(jobs or forked.available_cores(), len(surveys)))
    if workers > 1:
        _preload_writers()

    def fill(staging: Path) -> list[Outcome]:
        outcomes = _run(surveys, options, staging, workers, progress, flag)
        rows = [[outcome.row.get(column) for column in INDEX_COLUMNS] for outcome in outcomes]
        (staging / INDEX_FILE).write_bytes(csv_text(INDEX_COLUMNS, rows).encode("utf-8-sig"))
        return outcomes

    outcomes = fill_folder(root, fill)
    return BatchResult(root, outcomes)


def check_batch_root(out: str | Path, *, force: bool) -> Path:
    """Refuse a root that would lose someone's files (see :func:`check_output_folder`).

    With ``force``, a root is replaced only when it holds nothing but ``index.csv`` and
    clustermap result folders.
    """
    from clustermap.export import OUTPUT_FILES, check_output_folder

    root = Path(out)
    if root.is_dir() and any(root.iterdir()) and force:
        foreign = sorted(
            child.name
            for child in root.iterdir()
            if not (
                child.name == INDEX_FILE
                or (
                    child.is_dir()
                    and all(grandchild.name in OUTPUT_FILES for grandchild in child.iterdir())
                )
            )
        )
        if foreign:
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            raise OutputError(
                f"{root} holds files that clustermap did not write ({shown}): "
                f"{option('force')} only replaces a folder of clustermap results; choose "
                f"another {option('out')}"
            )
        return root
    return check_output_folder(root, force=force)


def analyze_one(
    survey: BatchSurvey,
    options: AnalysisOptions,
    staging: Path,
    flag: Callable[[str], str] | None = None,
) -> Outcome:
    """Analyse one survey of a batch into ``staging/<name>``; failures become an outcome."""
    from clustermap.api import analyze
    from clustermap.errors import SurveyError
    from clustermap.export import render_files

    try:
        analysis = analyze(survey.path, survey.firms, options, aliases=survey.aliases)
        files = render_files(analysis)
        folder = staging / survey.name
        folder.mkdir()
        for name, content in files.items():
            (folder / name).write_bytes(content)
    except SurveyError as err:  # the first error, and how many more
        return _failed(survey, err.exit_code, err.worded(flag), err.issues)
    except ClustermapError as err:
        return _failed(survey, err.exit_code, err.worded(flag))
    except OSError as err:
        return _failed(survey, ExitCode.OUTPUT, f"cannot write the results: {err.strerror or err}")
    except Exception as err:  # a bug must not cost the rest of the batch
        return _failed(survey, ExitCode.INTERNAL, f"internal error ({type(err).__name__}: {err})")
    warnings = [issue for issue in analysis.survey.issues if issue.severity == "warning"]
    return Outcome(survey, analysis.index_row(survey.name, survey.path), warnings)


def _failed(
    survey: BatchSurvey, code: ExitCode, message: str, issues: Sequence[Issue] = ()
) -> Outcome:
    row: dict[str, Any] = dict.fromkeys(INDEX_COLUMNS)
    row.update(
        survey=survey.name,
        status="failed",
        exit_code=int(code),
        message=message,
        file=str(survey.path),
        sha256=_sha256(survey.path),
        firms_file=survey.firms.name if survey.firms else None,
    )
    return Outcome(survey, row, list(issues))


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _run(
    surveys: Sequence[BatchSurvey],
    options: AnalysisOptions,
    staging: Path,
    workers: int,
    progress: Callable[[int, int, Outcome], None] | None,
    flag: Callable[[str], str] | None,
) -> list[Outcome]:
    outcomes: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes), len(surveys), outcome)

    if workers == 1:
        for survey in surveys:
            record(analyze_one(survey, options, staging, flag))
    else:
        _run_in_processes(surveys, options, staging, workers, record, flag)
    return sorted(outcomes, key=lambda outcome: outcome.survey.name)


def _run_in_processes(
    surveys: Sequence[BatchSurvey],
    options: AnalysisOptions,
    staging: Path,
    workers: int,
    record: Callable[[Outcome], None],
    flag: Callable[[str], str] | None,
) -> None:
    # fork shares the parent's imported modules, so a worker starts in milliseconds
    method = "fork" if "fork" in get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        workers, mp_context=get_context(method), initializer=_start_worker, initargs=(os.getpid(),)
    )
    try:
        pending: set[Future[Outcome]] = {
            pool.submit(analyze_one, survey, options, staging, flag) for survey in surveys
        }
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                record(future.result())
    except BaseException:
        # Ctrl-C, SIGTERM, SIGHUP or a broken pool: stop at once, without waiting for
        # queued surveys (the caller removes what they wrote)
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()
        raise
    pool.shutdown()


def _preload_writers() -> None:
    """Import the file writers once, before the workers fork, rather than once in each."""
    import clustermap.export.graphfiles
    import clustermap.export.map
    import clustermap.export.picture
    import clustermap.export.report
    import clustermap.export.workbook  # noqa: F401


def _start_worker(parent: int) -> None:
    """Workers leave Ctrl-C to the parent, which stops them and reports once; SIGTERM
    (the parent's ``terminate()``) ends them at once; and they end with the parent even
    when it is killed outright (:func:`clustermap.forked.follow_parent`)."""
    forked.forbid()  # the other workers have the other cores
    forked.follow_parent(parent, int(ExitCode.TERMINATED))


def survey_stem(path: Path) -> str:
    """A survey's name without its file ending: ``north.csv.gz`` -> ``north``."""
    name = path.name
    for suffix in sorted(SURVEY_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return Path(name.removesuffix(".gz").removesuffix(".GZ")).stem


def _is_survey_file(path: Path) -> bool:
    return (
        path.is_file()
        and not path.name.startswith(".")
        and path.name.lower().endswith(SURVEY_SUFFIXES)
        and path.name != INDEX_FILE
    )


def _companion_role(path: Path) -> str | None:
    stem = survey_stem(path)
    for role, suffix in COMPANIONS.items():
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            return role
    return None


def _folder_names(surveys: Sequence[Path]) -> dict[Path, str]:
    """Folder names from survey stems; parent folder names in front where two clash."""
    depth = dict.fromkeys(surveys, 0)
    while True:
        names = {survey: _qualified(survey, depth[survey]) for survey in surveys}
        clashes = [s for s in surveys if sum(n == names[s] for n in names.values()) > 1]
        deeper = [s for s in clashes if depth[s] < len(s.absolute().parent.parts) - 1]
        if not deeper:
            break
        for survey in deeper:
            depth[survey] += 1
    seen: dict[str, int] = {}
    for survey in sorted(surveys, key=str):  # the same file name twice in one folder
        count = seen[names[survey]] = seen.get(names[survey], 0) + 1
        if count > 1:
            names[survey] = f"{names[survey]}-{count}"
    return names


def _qualified(survey: Path, depth: int) -> str:
    parents = survey.absolute().parent.parts[len(survey.absolute().parent.parts) - depth :]
    return "-".join([*parents, survey_stem(survey)]) if depth else survey_stem(survey)
