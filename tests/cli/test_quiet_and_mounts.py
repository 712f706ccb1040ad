"""`-q` silences every warning, a library's included; an output folder that cannot be
replaced (a mount point) is refused with what to do instead."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clustermap.errors import ExitCode

#: Runs the command line with a library that warns (as matplotlib does when a layout does
#: not fit) and logs a warning, in a process of its own: pytest would catch the warnings.
WARNING_LIBRARY = """
import logging, sys, warnings
import clustermap.pipeline as pipeline
from clustermap.cli import main

drawn = pipeline.spring_positions

def spring_positions(*args, **kwargs):
    warnings.warn("Tight layout not applied", UserWarning)
    logging.getLogger("somelibrary").warning("a library's logged warning")
    return drawn(*args, **kwargs)

pipeline.spring_positions = spring_positions
sys.argv = ["clustermap", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("quiet", [False, True])
def test_quiet_silences_library_warnings(tmp_path: Path, small_survey: Path, quiet: bool) -> None:
    command = [sys.executable, "-c", WARNING_LIBRARY, "analyze", str(small_survey)]
    command += ["-o", str(tmp_path / "out"), "--nulls", "0"] + (["-q"] if quiet else [])
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    library = ("Tight layout not applied", "a library's logged warning")
    if quiet:
        assert done.stderr == ""
    else:  # shown without -q: the test's library really warns
        assert all(text in done.stderr for text in library)


def test_quiet_still_shows_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("supplier,customer,weight\nA,B,-1\n", encoding="utf-8")
    command = [sys.executable, "-m", "clustermap", "analyze", str(bad), "-q", "-o", "out"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == ExitCode.BAD_SURVEY
    assert "bad-weight" in done.stderr


def test_a_mount_point_is_refused_with_what_to_do(
    cli: object, small_survey: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mounted = tmp_path / "usb"
    mounted.mkdir()
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == mounted)
    result = cli("analyze", small_survey, "-o", mounted, "--force")  # type: ignore[operator]
    assert result.exit_code == ExitCode.OUTPUT
    assert "is a mount point" in result.stderr
    assert f"--out {mounted / 'results'}" in result.stderr
    assert sorted(os.listdir(tmp_path)) == sorted([small_survey.name, "usb"])
    assert os.listdir(mounted) == []


def test_a_folder_in_use_is_explained(
    cli: object, small_survey: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename fails with EBUSY ("Device or resource busy") where the mount is not seen
    beforehand; nothing is left behind."""
    import clustermap.export as export

    def busy(staging: Path, target: Path) -> None:
        raise OSError(errno.EBUSY, "Device or resource busy")

    monkeypatch.setattr(export, "replace_folder", busy)
    result = cli("analyze", small_survey, "-o", tmp_path / "out")  # type: ignore[operator]
    assert result.exit_code == ExitCode.OUTPUT
    assert "mount point (or in use by another program)" in result.stderr
    assert "Device or resource busy" not in result.stderr
    assert sorted(os.listdir(tmp_path)) == [small_survey.name]
