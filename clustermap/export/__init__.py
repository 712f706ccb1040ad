"""Turning an :class:`~clustermap.api.Analysis` into files: the only place that knows formats.

:func:`write_results` writes the whole result folder atomically: every file is written
into a temporary folder beside the target, which replaces the target only when all of
them are complete, so an interrupted or failed run never leaves a half-written folder.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from clustermap.errors import OutputError, option
from clustermap.export.tables import frame_csv, json_text
from clustermap.forked import beside
from clustermap.timing import stage

if TYPE_CHECKING:
    from clustermap.api import Analysis

__all__ = [
    "OUTPUT_FILES",
    "check_output_folder",
    "fill_folder",
    "render_files",
    "replace_folder",
    "write_folder",
    "write_results",
]

T = TypeVar("T")

#: The files of a result folder, in the order they are documented.
OUTPUT_FILES = (
    "report.html",
    "firm_pages.html",
    "firms.csv",
    "ties.csv",
    "summary.json",
    "map.html",
    "map.png",
    "map.svg",
    "firms.xlsx",
    "network.graphml",
    "network.gexf",
)


def render_files(analysis: Analysis) -> dict[str, bytes]:
    """Every output file of an analysis, as bytes, keyed by file name.

    CSV files are UTF-8 with a byte-order mark (for Excel); the others plain UTF-8.
    """
    title = Path(analysis.survey.sources[0].name).name if analysis.survey.sources else "survey"
    lang = analysis.options.lang or analysis.survey.language
    # the graph's order and matrices, made by analyze() (analysis.network), serve every file
    files = _rendered(analysis, title, lang)
    return {name: files[name] for name in OUTPUT_FILES if name in files}


def _rendered(analysis: Analysis, title: str, lang: str) -> dict[str, bytes]:
    # the writers (matplotlib, pyvis, openpyxl) are imported only when files are made
    from clustermap.export.picture import pictures

    skipped = analysis.summary.get("outputs", {}).get("skipped", {})
    kinds = ("png",) if "map.svg" in skipped else ("png", "svg")
    # the picture (a second of drawing and compressing) is made in a forked child, when a
    # core is free, while this process writes the other files; the report waits for it
    drawing = beside(
        lambda: pictures(analysis, title=title, kinds=kinds, lang=lang),
        allowed=analysis.options.engine == "networkx",  # networkit's threads: no fork
    )
    try:
        return _written(analysis, title, lang, skipped, drawing.result)
    finally:
        drawing.cancel()  # a writer failed before the picture was wanted


def _written(
    analysis: Analysis,
    title: str,
    lang: str,
    skipped: Collection[str],
    drawn: Callable[[], dict[str, bytes]],
) -> dict[str, bytes]:
    """Every file but those ``skipped``; the pictures (``drawn()``) as late as they can be."""
    from clustermap.export.firm_pages import firm_pages_html
    from clustermap.export.graphfiles import gexf_bytes, graphml_bytes
    from clustermap.export.map import map_html
    from clustermap.export.report import report_html
    from clustermap.export.workbook import workbook_bytes

    pictures: dict[str, bytes] = {}

    def picture(kind: str) -> bytes:
        if not pictures:
            with stage("map.png and map.svg"):  # one figure, saved in each format
                pictures.update(drawn())
        return pictures[kind]

    writers = {
        "firm_pages.html": lambda: firm_pages_html(analysis, title=title, lang=lang).encode(
            "utf-8"
        ),
        "firms.csv": lambda: frame_csv(analysis.firms).encode("utf-8-sig"),
        "ties.csv": lambda: frame_csv(analysis.ties).encode("utf-8-sig"),
        "summary.json": lambda: json_text(analysis.summary).encode("utf-8"),
        "map.html": lambda: map_html(analysis, title=title, lang=lang).encode("utf-8"),
        "firms.xlsx": lambda: workbook_bytes(analysis),
        "network.graphml": lambda: graphml_bytes(analysis),
        "network.gexf": lambda: gexf_bytes(analysis),
        "map.png": lambda: picture("png"),
        "map.svg": lambda: picture("svg"),
        "report.html": lambda: report_html(
            analysis, title=title, picture=picture("png"), lang=lang
        ).encode("utf-8"),
    }
    files: dict[str, bytes] = {}
    for name, write in writers.items():
        if name not in skipped:  # left out of large networks' folders: summary.json says why
            with stage(name):
                files[name] = write()
    return files


def check_output_folder(
    out: str | Path, *, force: bool = False, own: Collection[str] = OUTPUT_FILES
) -> Path:
    """Refuse an output folder that would lose someone's files.

    An existing non-empty folder is replaced only with ``force``, and even then only if it
    holds nothing but clustermap's own result files (``own``): ``--force`` must never delete a
    survey, notes or another program's output kept in the same folder. Called before any
    analysis starts, so a user does not wait for a refusal.

    Raises
    ------
    OutputError
        If ``out`` is a file, lies under a file, is the current folder or one of its
        parents, or is a non-empty folder that cannot be replaced.
    """
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path} exists and is not a folder: choose another {option('out')}")
    for parent in path.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"{parent} is a file, so {path} cannot be created")
            break
    if Path.cwd().resolve().is_relative_to(path.resolve()):
        raise OutputError(
            f"{path} is the current folder (or contains it): choose a new "
            f"{option('out')} folder for the results, such as results"
        )
    if path.is_dir() and os.path.ismount(path):
        raise OutputError(_mount_point(path))
    if path.is_dir() and any(path.iterdir()):
        others = sorted(child.name for child in path.iterdir() if child.name not in own)
        if not force:
            raise OutputError(
                f"{path} already exists and is not empty: choose another {option('out')}, "
                f"or add {option('force')} to replace the results in it"
            )
        if others:
            shown = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
            raise OutputError(
                f"{path} holds files that clustermap did not write ({shown}): "
                f"{option('force')} only replaces a folder of clustermap results; choose "
                f"another {option('out')}"
            )
    return path


def write_results(analysis: Analysis, out: str | Path, *, force: bool = False) -> Path:
    """Write the result folder of an analysis, all or nothing.

    Parameters
    ----------
    analysis : Analysis
    out : path
        The result folder. An existing non-empty folder is replaced only with ``force``.
    force : bool

    Returns
    -------
    Path
        The folder written.

    Raises
    ------
    OutputError
        If the folder exists (without ``force``) or cannot be written; nothing is left
        behind in that case.
    """
    return write_folder(render_files(analysis), out, force=force)


def write_folder(
    files: dict[str, bytes],
    out: str | Path,
    *,
    force: bool = False,
    own: Collection[str] = OUTPUT_FILES,
) -> Path:
    """Write ``files`` (name -> content) as the folder ``out``, all or nothing.

    The files go into a staging folder beside ``out``, which replaces it once all are
    written; ``force`` and ``own`` as for :func:`check_output_folder`.
    """
    target = check_output_folder(out, force=force, own=own)

    def write(staging: Path) -> None:
        for name, content in files.items():
            (staging / name).write_bytes(content)

    fill_folder(target, write)
    return target


def fill_folder(target: Path, fill: Callable[[Path], T]) -> T:
    """Make the folder ``target`` with ``fill(folder)``, all or nothing.

    ``fill`` writes into a new hidden folder beside ``target``, which replaces ``target``
    (:func:`replace_folder`) only once ``fill`` has returned; on any failure or Ctrl-C
    the hidden folder is removed and ``target`` is left as it was. Returns what ``fill``
    returns.
    """
    remove_stale_folders(target)
    staging = _staging_folder(target)
    try:
        result = fill(staging)
        replace_folder(staging, target)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        if err.errno == errno.EBUSY:
            raise OutputError(_mount_point(target)) from err
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from err
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _staging_folder(target: Path) -> Path:
    """A new hidden folder beside ``target``, to write into before :func:`replace_folder`;
    its name carries this process's number (``.results.4711.k3j2x9``), so that a later run
    can tell it was left by a process that no longer runs."""
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", dir=parent))
    except OSError as err:
        raise OutputError(f"cannot create {target}: {err.strerror or err}") from err


def remove_stale_folders(target: Path) -> list[Path]:
    """Remove the hidden folders beside ``target`` that a run into ``target`` left when it
    was killed outright (SIGKILL, a power cut): those named for a process that no longer
    runs. Returns the folders removed. A folder of a run still going is left alone."""
    if os.name != "posix":  # pragma: no cover - os.kill(pid, 0) would end a Windows process
        return []
    parent = target.resolve().parent
    # exactly the names made by _staging_folder and replace_folder (tempfile adds 8 letters)
    ours = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.(?:old\.)?[a-z0-9_]{{8}}")
    removed = []
    for folder in sorted(parent.glob(f".{glob.escape(target.name)}.*")):
        match = ours.fullmatch(folder.name)
        if match and folder.is_dir() and not _running(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _mount_point(target: Path) -> str:
    return (
        f"{target} is a mount point (or in use by another program), which cannot be "
        "replaced: clustermap writes a new folder and puts it in place of the old one. "
        "Write the results into a folder inside it instead, such as "
        f"{option('out', target / 'results')}"
    )


def replace_folder(staging: Path, target: Path) -> None:
    """Put the finished ``staging`` folder at ``target``, moving any old folder aside first."""
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; give the usual mode
    if not target.exists():
        staging.rename(target)
        return
    retired = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.old.", dir=staging.parent)
    )
    try:
        target.rename(retired / target.name)
        try:
            staging.rename(target)
        except OSError:
            (retired / target.name).rename(target)  # put the old results back
            raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
