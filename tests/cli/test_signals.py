"""Stopping clustermap leaves nothing behind: real processes, real signals.

SIGTERM (``kill``, a scheduler) and SIGHUP (a closed terminal) stop the command with exit
codes 143 and 129, stop the batch's worker processes, and remove the hidden folder the run
was writing into. A run killed outright (SIGKILL) cannot clean up; its workers end with it,
and the next run into the same place removes what it left.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clustermap.errors import ExitCode

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc"
)


def survey(path: Path, firms: int, ties: int, seed: int) -> Path:
    """A random supply network as a ties file (large enough to keep clustermap busy)."""
    rng = random.Random(seed)
    lines = ["supplier,customer,weight"]
    for _ in range(ties):
        a, b = rng.sample(range(firms), 2)
        lines.append(f"Firma {a:05d},Firma {b:05d},{rng.randint(1, 50)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


Start = Callable[..., "subprocess.Popen[str]"]


@pytest.fixture
def start() -> Iterator[Start]:
    """Starts ``python -m clustermap ARGUMENTS`` in ``cwd``; whatever a failed test left
    running is killed at its end (with its workers, which die with it)."""
    started: list[subprocess.Popen[str]] = []

    def run(*arguments: str | Path, cwd: Path) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "clustermap", *map(str, arguments)],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process

    yield run
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (and that are not zombies)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition: Callable[[], object], seconds: float = 300.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        time.sleep(0.01)


def hidden(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.name.startswith("."))


@pytest.fixture
def surveys(tmp_path: Path) -> list[Path]:
    return [survey(tmp_path / f"region{i}.csv", 1500, 6000, seed=i) for i in range(4)]


@pytest.mark.parametrize(
    ("signal_number", "code"),
    [(signal.SIGTERM, ExitCode.TERMINATED), (signal.SIGHUP, ExitCode.HANGUP)],
)
def test_a_stopped_batch_stops_its_workers_and_leaves_nothing(
    tmp_path: Path, surveys: list[Path], signal_number: int, code: ExitCode, start: Start
) -> None:
    run = start("analyze", *surveys, "-o", "root", "--jobs", "2", "-q", cwd=tmp_path)
    wait_for(lambda: len(children(run.pid)) >= 2 and hidden(tmp_path))
    workers = children(run.pid)
    os.kill(run.pid, signal_number)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == code, stderr
    assert f"stopped by {signal.Signals(signal_number).name}; nothing was written" in stderr
    assert "Traceback" not in stderr
    wait_for(lambda: not any(alive(worker) for worker in workers), seconds=10)
    assert hidden(tmp_path) == []
    assert not (tmp_path / "root").exists()


def test_a_run_stopped_while_writing_removes_its_hidden_folder(
    tmp_path: Path, start: Start
) -> None:
    # quick to analyse (sampled paths), long enough to write to be stopped while writing
    ties = survey(tmp_path / "big.csv", 3000, 12000, seed=9)
    run = start(
        "analyze", ties, "-o", "out", "--nulls", "0", "--exact-up-to", "100", "-q", cwd=tmp_path
    )
    wait_for(lambda: hidden(tmp_path))  # the results are being written
    os.kill(run.pid, signal.SIGTERM)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == ExitCode.TERMINATED, stderr
    assert hidden(tmp_path) == []
    assert not (tmp_path / "out").exists()


def test_workers_end_with_a_killed_parent_and_the_next_run_cleans_up(
    tmp_path: Path, surveys: list[Path], start: Start
) -> None:
    run = start("analyze", *surveys, "-o", "root", "--jobs", "2", "-q", cwd=tmp_path)
    wait_for(lambda: len(children(run.pid)) >= 2 and hidden(tmp_path))
    workers = children(run.pid)
    os.kill(run.pid, signal.SIGKILL)  # no clean-up possible
    run.communicate(timeout=60)
    wait_for(lambda: not any(alive(worker) for worker in workers), seconds=10)
    left = hidden(tmp_path)
    assert left, "a killed run leaves its hidden folder"
    again = start("analyze", surveys[0], "-o", "root", "--nulls", "0", "-q", cwd=tmp_path)
    _, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert hidden(tmp_path) == []


def test_only_folders_of_ended_runs_are_removed(
    tmp_path: Path, small_survey: Path, start: Start
) -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    dead = int(ended.stdout)
    stale = tmp_path / f".out.{dead}.abcd_123"
    running = tmp_path / f".out.{os.getpid()}.zyxw_987"  # this test's process runs
    someone_elses = tmp_path / ".out.2024"  # not a name clustermap makes
    for folder in (stale, running, someone_elses):
        folder.mkdir()
        (folder / "summary.json").write_text("{}")
    run = start("analyze", small_survey, "-o", "out", "--nulls", "0", "-q", cwd=tmp_path)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 0, stderr
    assert set(hidden(tmp_path)) == {someone_elses, running}
