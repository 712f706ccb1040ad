"""Shared fixtures: tiny surveys written by the tests themselves, and the CLI runner."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples"
SAMPLE_TIES = SAMPLES / "ostim_defence_ties.csv"
SAMPLE_FIRMS = SAMPLES / "ostim_defence_firms.csv"

#: A small cluster: a core triangle (A, B, C) with suppliers on the periphery.
SMALL_SURVEY = """supplier,customer,weight,relation
Anadolu Hassas İşleme,Başkent Elektronik,30,supply
Başkent Elektronik,Çankaya Kompozit,20,supply
Çankaya Kompozit,Anadolu Hassas İşleme,25,service
Dereli Kablaj,Anadolu Hassas İşleme,60,subcontracting
Eryaman Yüzey,Başkent Elektronik,70,subcontracting
Fırat Sac,Çankaya Kompozit,55,supply
Anadolu Hassas İşleme,Güneş Savunma,40,supply
Başkent Elektronik,Güneş Savunma,50,supply
"""


#: The notes every read makes on how it read the files: the column taken for each role,
#: the rows skipped above the header.
READING_NOTES = frozenset({"columns", "header-row", "header-units", "header-subheadings"})


def found(issues: Iterable[Any]) -> list[Any]:
    """The issues of a read, without its notes on how the files were read."""
    return [issue for issue in issues if issue.code not in READING_NOTES]


@pytest.fixture(autouse=True)
def _logging_enabled() -> Iterator[None]:
    """``-q`` turns logging off for the whole process (the command line's process); a test
    that runs it in-process must not leave it off for the next test."""
    yield
    logging.disable(logging.NOTSET)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` to ``tmp_path/name`` in ``encoding`` and return the path."""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write


@pytest.fixture
def small_survey(write: Callable[..., Path]) -> Path:
    return write("small.csv", SMALL_SURVEY)


@pytest.fixture
def cli() -> Callable[..., object]:
    """Invoke the real typer app in-process; returns click's Result (stdout/stderr apart)."""
    from clustermap.cli import app

    runner = CliRunner()

    def _invoke(*args: str | Path) -> object:
        logging.disable(logging.NOTSET)  # as in a new process: -q of an earlier call undone
        return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)

    return _invoke


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CLUSTERMAP_CHROMIUM"),
        "chromium",
        "chromium-browser",
        "/usr/bin/chromium",
    ):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium (Debian's), driven by Playwright; skipped without one, except
    under CI (``CI`` set), where a missing browser is a failure."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the browser tests: apt-get install chromium")
        pytest.skip("no Chromium installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Children forked as in a command-line run (whatever threads this test session runs,
    such as the browser tests' driver): the processes forked, each waited for by the end."""
    from clustermap import forked

    if not hasattr(os, "fork") or forked.available_cores() < 2:
        pytest.skip("no fork, or one core")
    monkeypatch.setattr(forked, "_FORBIDDEN", False)
    monkeypatch.setattr(forked, "_alone", lambda: True)
    started: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded)
    yield started
    for pid in started:
        with pytest.raises(ChildProcessError):  # waited for: no zombie left
            os.waitpid(pid, os.WNOHANG)
