"""``clustermap metrics``: the firm table on stdout, for pipelines; nothing written."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clustermap.api import FIRM_COLUMNS
from clustermap.errors import ExitCode
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES, SMALL_SURVEY

Cli = Callable[..., Any]


def test_csv_is_firms_csv_of_the_same_analysis(
    cli: Cli, small_survey: Path, tmp_path: Path
) -> None:
    before = sorted(tmp_path.iterdir())
    printed = cli("metrics", small_survey, "--format", "csv")
    assert printed.exit_code == 0, printed.stderr
    assert sorted(tmp_path.iterdir()) == before  # no files written
    assert cli("analyze", small_survey, "-o", tmp_path / "r").exit_code == 0
    written = (tmp_path / "r" / "firms.csv").read_bytes()
    # the same bytes, without the byte-order mark that only Excel needs
    assert printed.stdout_bytes == written.removeprefix(b"\xef\xbb\xbf")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_records_hold_every_column(cli: Cli, small_survey: Path, fmt: str) -> None:
    result = cli("metrics", small_survey, "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        records = json.loads(result.stdout)
    else:
        records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 7
    assert list(records[0])[: len(FIRM_COLUMNS)] == list(FIRM_COLUMNS)
    by_firm = {r["firm"]: r for r in records}
    # Güneş Savunma buys from two firms and sells to none (hand-checked in the survey)
    assert (by_firm["Güneş Savunma"]["in_degree"], by_firm["Güneş Savunma"]["out_degree"]) == (2, 0)
    assert isinstance(by_firm["Güneş Savunma"]["cut_firm"], bool)


def test_table_shows_the_main_measures_aligned(cli: Cli, small_survey: Path) -> None:
    result = cli("metrics", small_survey)
    header, *rows = result.stdout.splitlines()
    assert header.split() == [
        "firm",
        "community",
        "cp_class",
        "coreness",
        "in_degree",
        "out_degree",
        "betweenness",
        "pagerank",
        "constraint",
        "broker_total",
    ]
    assert len(rows) == 7
    assert "Anadolu Hassas İşleme" in rows[0]


def test_columns_option(cli: Cli, small_survey: Path) -> None:
    result = cli("metrics", small_survey, "--columns", "firm, pagerank", "--format", "csv")
    assert result.stdout.splitlines()[0] == "firm,pagerank"
    wide = cli("metrics", small_survey, "--columns", "all")
    assert wide.stdout.splitlines()[0].split()[: len(FIRM_COLUMNS)] == list(FIRM_COLUMNS)
    unknown = cli("metrics", small_survey, "--columns", "firm,pagerankk")
    assert unknown.exit_code == ExitCode.USAGE
    assert "'pagerankk'" in unknown.stderr
    assert "betweenness" in unknown.stderr  # the columns there are


def test_formula_cells_stay_inert_in_csv_but_plain_in_json(
    cli: Cli, write: Callable[..., Path]
) -> None:
    survey = write("f.csv", "supplier,customer\n=HYPERLINK(1),B\nB,C\n")
    as_csv = cli("metrics", survey, "--format", "csv", "--columns", "firm")
    assert "'=HYPERLINK(1)" in as_csv.stdout
    as_json = cli("metrics", survey, "--format", "json", "--columns", "firm")
    assert "=HYPERLINK(1)" in [r["firm"] for r in json.loads(as_json.stdout)]


def test_bad_survey_exits_3_with_nothing_on_stdout(cli: Cli, write: Callable[..., Path]) -> None:
    result = cli("metrics", write("bad.csv", "supplier,customer,weight\nA,B,x\n"))
    assert result.exit_code == ExitCode.BAD_SURVEY
    assert result.stdout == ""
    assert "column 'weight'" in result.stderr


def run(command: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, input=stdin, capture_output=True, check=False
    )


def test_reads_standard_input(tmp_path: Path) -> None:
    done = run(
        f"{sys.executable} -m clustermap metrics - --format csv --columns firm,out_degree",
        tmp_path,
        stdin=SMALL_SURVEY.encode("utf-8"),
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))
    assert {r["firm"]: r["out_degree"] for r in rows}["Başkent Elektronik"] == "2"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command",
    [
        "{cm} metrics {ties} --firms {firms} --format csv | head -n 2",
        "{cm} metrics {ties} --firms {firms} | head -c 10",
        "{cm} analyze {ties} {ties} -o r --format jsonl | head -n 1",
        "{cm} check {ties} --firms {firms} --format jsonl | head -n 1",
    ],
    ids=["metrics-csv", "metrics-table", "batch-jsonl", "check-jsonl"],
)
def test_head_ends_the_pipe_quietly(tmp_path: Path, command: str) -> None:
    cm = f"{sys.executable} -m clustermap"
    producer, reader = command.format(cm=cm, ties=SAMPLE_TIES, firms=SAMPLE_FIRMS).split(" | ")
    done = run(f"{producer} 2>err | {reader}; echo ${{PIPESTATUS[0]}} >&2", tmp_path)
    stderr = (tmp_path / "err").read_text(encoding="utf-8")
    assert "Traceback" not in stderr
    assert "BrokenPipe" not in stderr
    assert done.stderr.decode().strip() in ("0", "5")  # the command's own exit code
    assert done.stdout
