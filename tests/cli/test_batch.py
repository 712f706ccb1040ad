"""Many surveys in one ``analyze`` call: folders, index.csv, partial failure, --jobs."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clustermap.batch import INDEX_COLUMNS, plan_batch
from clustermap.errors import ExitCode
from clustermap.export import OUTPUT_FILES
from tests.conftest import SMALL_SURVEY

Cli = Callable[..., Any]

#: The small survey with a fourth supplier on the periphery: another region.
OTHER_REGION = SMALL_SURVEY + "Hisar Döküm,Fırat Sac,35,supply\n"
BROKEN = "supplier,customer,weight\nA,B,x\n"


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def index_rows(root: Path) -> list[dict[str, str]]:
    with (root / "index.csv").open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def regions(tmp_path: Path) -> Path:
    """surveys/north.csv, surveys/south_ties.csv + south_firms.csv, surveys/broken.csv."""
    folder = tmp_path / "surveys"
    folder.mkdir()
    (folder / "north.csv").write_text(SMALL_SURVEY, encoding="utf-8")
    (folder / "south_ties.csv").write_text(OTHER_REGION, encoding="utf-8")
    (folder / "south_firms.csv").write_text(
        "firm,sector\nHisar Döküm,casting\nYalnız Kalıp,moulds\n", encoding="utf-8"
    )
    (folder / "broken.csv").write_text(BROKEN, encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"not a survey")
    return folder


def test_a_folder_of_surveys_gives_a_folder_each_and_an_index(
    cli: Cli, regions: Path, tmp_path: Path
) -> None:
    root = tmp_path / "results"
    result = cli("analyze", regions, "-o", root, "--nulls", "0")
    # one bad survey: the others are written, and the exit code says some failed
    assert result.exit_code == ExitCode.SOME_FAILED == 5, result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["index.csv", "north", "south_ties"]
    for name in ("north", "south_ties"):
        assert sorted(p.name for p in (root / name).iterdir()) == sorted(OUTPUT_FILES)
    rows = index_rows(root)
    assert list(rows[0]) == list(INDEX_COLUMNS)
    assert [(r["survey"], r["status"], r["exit_code"]) for r in rows] == [
        ("broken", "failed", "3"),
        ("north", "ok", "0"),
        ("south_ties", "ok", "0"),
    ]
    north, south = rows[1], rows[2]
    assert (north["firms"], north["ties"], north["firms_file"]) == ("7", "8", "")
    # south_firms.csv is south_ties.csv's firms file, not a survey: one more isolate
    assert (south["firms"], south["isolates"], south["firms_file"]) == ("9", "1", "south_firms.csv")
    summary = json.loads((root / "north" / "summary.json").read_text(encoding="utf-8"))
    assert north["sha256"] == summary["inputs"][0]["sha256"]
    assert float(north["density"]) == summary["network"]["density"]
    assert "weight 'x' is not a number" in rows[0]["message"]
    # stdout: the table; stderr: the failed survey's problems and the tally
    assert "broken" in result.stdout
    assert "failed" in result.stdout
    assert "broken.csv, line 2, column 'weight': error" in result.stderr
    assert "2 of 3 surveys analysed, 1 failed" in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_every_survey_good_exits_0(cli: Cli, regions: Path, tmp_path: Path) -> None:
    (regions / "broken.csv").unlink()
    result = cli("analyze", regions / "north.csv", regions, "-o", tmp_path / "r", "--nulls", "0")
    assert result.exit_code == 0, result.stderr
    assert [r["survey"] for r in index_rows(tmp_path / "r")] == ["north", "south_ties"]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_machine_formats_print_one_record_per_survey(
    cli: Cli, regions: Path, tmp_path: Path, fmt: str
) -> None:
    result = cli("analyze", regions, "-o", tmp_path / "r", "--nulls", "0", "--format", fmt)
    assert result.exit_code == ExitCode.SOME_FAILED
    if fmt == "json":
        records = json.loads(result.stdout)
    elif fmt == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [str(r["survey"]) for r in records] == ["broken", "north", "south_ties"]
    assert list(records[0]) == list(INDEX_COLUMNS)
    assert str(records[1]["ties"]) == "8"


def test_batch_needs_an_output_root(cli: Cli, regions: Path) -> None:
    result = cli("analyze", regions)
    assert result.exit_code == ExitCode.USAGE
    assert "--out ROOT" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [(["-"], "standard input"), (["missing.csv"], "does not exist"), ([], "no survey found")],
    ids=["stdin", "missing", "empty-folder"],
)
def test_batch_usage_errors(
    cli: Cli, regions: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("analyze", empty, *args, "-o", tmp_path / "r")
    assert result.exit_code == ExitCode.USAGE
    assert message in result.stderr
    assert not (tmp_path / "r").exists()


def test_existing_root_needs_force_and_force_keeps_foreign_files(
    cli: Cli, regions: Path, tmp_path: Path
) -> None:
    root = tmp_path / "r"
    (regions / "broken.csv").unlink()
    assert cli("analyze", regions, "-o", root, "--nulls", "0").exit_code == 0
    again = cli("analyze", regions, "-o", root, "--nulls", "0")
    assert again.exit_code == ExitCode.OUTPUT
    assert "--force" in again.stderr
    (regions / "south_ties.csv").unlink()
    assert cli("analyze", regions, "-o", root, "--nulls", "0", "--force").exit_code == 0
    # the root is replaced as a whole: no folder left over from the earlier batch
    assert sorted(p.name for p in root.iterdir()) == ["index.csv", "north"]
    (root / "notes.txt").write_text("keep me")
    refused = cli("analyze", regions, "-o", root, "--force")
    assert refused.exit_code == ExitCode.OUTPUT
    assert "notes.txt" in refused.stderr
    assert (root / "notes.txt").read_text() == "keep me"


def test_clashing_names_get_their_folder_in_front(tmp_path: Path) -> None:
    for region in ("ankara", "konya"):
        (tmp_path / region).mkdir()
        (tmp_path / region / "survey.csv").write_text(SMALL_SURVEY, encoding="utf-8")
    planned = plan_batch([tmp_path / "konya", tmp_path / "ankara" / "survey.csv"])
    assert [job.name for job in planned] == ["ankara-survey", "konya-survey"]
    # the same file named twice is analysed once
    assert len(plan_batch([tmp_path / "konya", tmp_path / "konya" / "survey.csv"])) == 1


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "clustermap", *map(str, args)],
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_byte_identical_across_jobs_argument_order_and_hash_seeds(
    regions: Path, tmp_path: Path
) -> None:
    (regions / "extra.csv").write_text(OTHER_REGION.replace("Hisar", "Kale"), encoding="utf-8")
    files = sorted(p for p in regions.iterdir() if p.suffix == ".csv")
    trees = []
    for number, (jobs, order, hash_seed) in enumerate(
        [("1", files, "0"), ("2", files[::-1], "1"), ("3", [regions], "random")]
    ):
        root = tmp_path / f"run{number}"
        done = run_cli(
            "analyze",
            *order,
            "-o",
            root,
            "--jobs",
            jobs,
            "--nulls",
            "3",
            "-q",
            env={"PYTHONHASHSEED": hash_seed},
        )
        assert done.returncode == ExitCode.SOME_FAILED, done.stderr
        trees.append(tree_bytes(root))
    assert len(trees[0]) == 1 + 3 * len(OUTPUT_FILES)
    assert trees[0] == trees[1] == trees[2]


def test_progress_and_colour_only_on_a_terminal(regions: Path, tmp_path: Path) -> None:
    import pty

    without_no_color = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}

    def on_terminal(root: Path, env: dict[str, str]) -> bytes:
        """Run with stderr on a pseudo-terminal; return what it showed."""
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [sys.executable, "-m", "clustermap", "analyze", regions, "-o", root, "--nulls", "0"],
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env={**without_no_color, "TERM": "xterm", **env},
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            shown += chunk
        os.close(leader)
        assert process.wait() == ExitCode.SOME_FAILED
        return shown

    coloured = on_terminal(tmp_path / "a", {})
    assert b"[3/3]" in coloured
    assert b"\x1b[1;31mclustermap: error:" in coloured
    plain = on_terminal(tmp_path / "b", {"NO_COLOR": "1"})
    assert b"[3/3]" in plain
    assert b"\x1b[" not in plain
    piped = run_cli("analyze", regions, "-o", tmp_path / "c", "--nulls", "0")
    assert b"[3/3]" not in piped.stderr
    assert b"\x1b[" not in piped.stderr
    quiet = run_cli("analyze", regions, "-o", tmp_path / "d", "--nulls", "0", "-q")
    assert b"warning" not in quiet.stderr
    assert b"broken" in quiet.stderr  # failures are still reported


def test_ctrl_c_stops_every_process_quietly_and_writes_nothing(tmp_path: Path) -> None:
    import signal
    import time

    from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES

    surveys = tmp_path / "surveys"
    surveys.mkdir()
    for number in range(6):
        (surveys / f"wave{number}_ties.csv").write_bytes(SAMPLE_TIES.read_bytes())
        (surveys / f"wave{number}_firms.csv").write_bytes(SAMPLE_FIRMS.read_bytes())
    root = tmp_path / "r"
    process = subprocess.Popen(
        [sys.executable, "-m", "clustermap", "analyze", surveys, "-o", root, "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 60
    while not any(
        (tmp_path / name).is_dir() for name in os.listdir(tmp_path) if name.startswith(".r.")
    ):
        assert time.monotonic() < deadline
        assert process.poll() is None
        time.sleep(0.05)
    time.sleep(1.0)  # the workers are busy analysing
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == ExitCode.INTERRUPTED == 130
    assert b"Traceback" not in stderr
    assert stderr.decode().strip().endswith("interrupted; nothing was written")
    assert stdout == b""
    assert sorted(os.listdir(tmp_path)) == ["surveys"]
