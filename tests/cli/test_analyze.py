"""The real command line: files written, exit codes, formats, byte-identical results."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clustermap.errors import ExitCode
from clustermap.export import OUTPUT_FILES
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES, SMALL_SURVEY

Cli = Callable[..., Any]


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_analyze_writes_every_file(cli: Cli, small_survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = cli("analyze", small_survey, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(OUTPUT_FILES)
    assert "7 firms, 8 ties" in result.stdout
    assert f"results: {out}" in result.stdout
    firms = (out / "firms.csv").read_bytes()
    assert firms.startswith(b"\xef\xbb\xbffirm,community,cp_class,coreness,core_number,")
    assert "Çankaya Kompozit".encode() in firms


def test_default_folder_is_named_after_the_survey(
    cli: Cli, small_survey: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("analyze", small_survey).exit_code == 0
    assert (tmp_path / "small" / "summary.json").is_file()


def read_summary(folder: Path) -> Any:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_machine_formats_print_the_index_row(
    cli: Cli, small_survey: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "r"
    result = cli("analyze", small_survey, "-o", out, "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        (row,) = json.loads(result.stdout)
    elif fmt == "jsonl":
        (line,) = result.stdout.splitlines()
        row = json.loads(line)
    else:
        (row,) = csv.DictReader(io.StringIO(result.stdout))
    summary = read_summary(out)
    assert str(row["survey"]) == "r"
    assert str(row["file"]) == str(small_survey)
    assert str(row["sha256"]) == summary["inputs"][0]["sha256"]
    assert int(row["firms"]) == summary["network"]["firms"] == 7
    assert float(row["density"]) == summary["network"]["density"]
    assert "results:" not in result.stdout


def test_summary_json_contract(cli: Cli, small_survey: Path, tmp_path: Path) -> None:
    cli("analyze", small_survey, "-o", tmp_path / "r")
    summary = json.loads((tmp_path / "r" / "summary.json").read_text(encoding="utf-8"))
    assert summary["schema_version"] == 1
    assert len(summary["inputs"][0]["sha256"]) == 64
    assert {"count", "modularity"} <= set(summary["communities"])
    assert {"fit", "core_size", "model", "block_density"} <= set(summary["core_periphery"])
    assert set(summary["core_periphery"]["block_density"]) == {
        "core->core",
        "core->periphery",
        "periphery->core",
        "periphery->periphery",
    }
    assert {"density", "reciprocity", "components", "transitivity", "degree_centralization"} <= set(
        summary["network"]
    )


def test_warnings_go_to_stderr(cli: Cli, write: Callable[..., Path], tmp_path: Path) -> None:
    survey = write("dup.csv", SMALL_SURVEY + "Fırat Sac,Çankaya Kompozit,5,supply\n")
    result = cli("analyze", survey, "-o", tmp_path / "r")
    assert result.exit_code == 0
    assert "duplicate-tie" in result.stderr
    assert "duplicate-tie" not in result.stdout
    assert "line 7" in result.stderr  # the first of the repeated rows


@pytest.mark.parametrize("firms", ["firm\nA\n", "firm\nA\nB\nC\n"], ids=["one-firm", "no-ties"])
def test_networks_without_ties_are_analysed(
    cli: Cli, write: Callable[..., Path], tmp_path: Path, firms: str
) -> None:
    survey = write("t.csv", "supplier,customer\n")
    result = cli("analyze", survey, "--firms", write("f.csv", firms), "-o", tmp_path / "r")
    assert result.exit_code == 0, result.stderr
    summary = read_summary(tmp_path / "r")
    assert summary["network"]["ties"] == 0
    assert summary["network"]["isolates"] == summary["network"]["firms"] == firms.count("\n") - 1
    assert summary["core_periphery"]["fit"] is None
    assert summary["communities"]["modularity"] is None


def test_bad_survey_exits_3_lists_every_error_and_writes_nothing(
    cli: Cli, write: Callable[..., Path], tmp_path: Path
) -> None:
    survey = write("bad.csv", "supplier,customer,weight\nA,B,-1\n,C,2\nD,E,x\n")
    out = tmp_path / "never"
    result = cli("analyze", survey, "-o", out)
    assert result.exit_code == ExitCode.BAD_SURVEY == 3
    assert f"{survey}, line 2, column 'weight': error: weight '-1'" in result.stderr
    assert f"{survey}, line 3, column 'supplier': error" in result.stderr
    assert f"{survey}, line 4, column 'weight'" in result.stderr
    assert "3 errors above" in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [survey]


def test_existing_folder_exits_4_unless_forced(
    cli: Cli, small_survey: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r"
    assert cli("analyze", small_survey, "-o", out).exit_code == 0
    result = cli("analyze", small_survey, "-o", out)
    assert result.exit_code == ExitCode.OUTPUT == 4
    assert "--force" in result.stderr
    (out / "map.html").write_text("old results")
    assert cli("analyze", small_survey, "-o", out, "--force").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    assert (out / "map.html").read_text(encoding="utf-8") != "old results"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_force_never_deletes_files_clustermap_did_not_write(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "anket"
    folder.mkdir()
    survey = folder / "anket.csv"
    survey.write_text(SMALL_SURVEY, encoding="utf-8")
    (folder / "notes.txt").write_text("interview notes")
    result = cli("analyze", survey, "-o", folder, "--force")
    assert result.exit_code == ExitCode.OUTPUT
    assert "anket.csv, notes.txt" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["anket.csv", "notes.txt"]


def test_current_folder_is_refused(
    cli: Cli, small_survey: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("analyze", small_survey, "-o", ".", "--force")
    assert result.exit_code == ExitCode.OUTPUT
    assert "current folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.csv"]


def test_output_under_a_file_is_refused_before_analysing(
    cli: Cli, small_survey: Path, tmp_path: Path
) -> None:
    result = cli("analyze", small_survey, "-o", small_survey / "sub")
    assert result.exit_code == ExitCode.OUTPUT
    assert "is a file" in result.stderr


def test_empty_existing_folder_is_used(cli: Cli, small_survey: Path, tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    assert cli("analyze", small_survey, "-o", tmp_path / "r").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("analyze", "missing.csv"),
        ("analyze", "{survey}", "--resolution", "0"),
        ("analyze", "{survey}", "--cp-offdiagonal", "sometimes"),
        ("analyze", "{survey}", "--bogus"),
        ("analyze", "{survey}", "--format", "xml"),
        ("analyze", "{survey}", "--runs", "0"),
        ("analyze", "{survey}", "--seed", "-5"),
        ("analyze", "{survey}", "--seed", "4294967295"),
        ("analyze", "{survey}", "--encoding", "klingon"),
        ("analyze", "{survey}", "--relation", " "),
    ],
    ids=[
        "missing-file",
        "resolution",
        "offdiagonal",
        "unknown-option",
        "format",
        "runs",
        "negative-seed",
        "huge-seed",
        "encoding",
        "empty-relation",
    ],
)
def test_usage_errors_exit_2(
    cli: Cli, small_survey: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    argv = [arg.format(survey=small_survey) for arg in args]
    result = cli(*argv, "-o", tmp_path / "r")
    assert result.exit_code == ExitCode.USAGE == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r").exists()


def test_unknown_relation_is_a_survey_error(cli: Cli, small_survey: Path, tmp_path: Path) -> None:
    result = cli("analyze", small_survey, "--relation", "knowledge", "-o", tmp_path / "r")
    assert result.exit_code == 3
    assert "service, subcontracting, supply" in result.stderr


def test_relation_layer_is_selected(cli: Cli, small_survey: Path, tmp_path: Path) -> None:
    result = cli("analyze", small_survey, "--relation", "fason", "-o", tmp_path / "r")
    assert result.exit_code == 0
    summary = read_summary(tmp_path / "r")
    assert summary["parameters"]["relation"] == "subcontracting"
    layer = summary["relations"]["subcontracting"]
    assert (layer["ties"], layer["firms"], layer["density"]) == (2, 4, 0.166667)
    assert list(summary["relations"]) == ["subcontracting"]


def shuffled_copy(source: Path, target: Path, seed: int) -> Path:
    header, *rows = source.read_text(encoding="utf-8").splitlines(keepends=True)
    random.Random(seed).shuffle(rows)
    target.write_text(header + "".join(rows), encoding="utf-8")
    return target


@pytest.mark.parametrize("seed", [1, 2])
def test_byte_identical_whatever_the_row_order(cli: Cli, tmp_path: Path, seed: int) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    original = shuffled_copy(SAMPLE_TIES, tmp_path / "a" / "survey.csv", 0)
    shuffled = shuffled_copy(SAMPLE_TIES, tmp_path / "b" / "survey.csv", seed)
    original_firms = shuffled_copy(SAMPLE_FIRMS, tmp_path / "a" / "firms.csv", 0)
    firms = shuffled_copy(SAMPLE_FIRMS, tmp_path / "b" / "firms.csv", seed)
    assert (
        cli("analyze", original, "--firms", original_firms, "-o", tmp_path / "one").exit_code == 0
    )
    assert cli("analyze", shuffled, "--firms", firms, "-o", tmp_path / "two").exit_code == 0
    one, two = folder_bytes(tmp_path / "one"), folder_bytes(tmp_path / "two")
    for name in set(OUTPUT_FILES) - {"summary.json", "report.html"}:  # these name the
        assert one[name] == two[name], name  # checksums of the inputs, whose bytes differ
    for folder in (one, two):
        report = folder["report.html"].decode("utf-8")
        folder["report.html"] = re.sub(r"sha256 [0-9a-f]+", "", report).encode("utf-8")
    assert one["report.html"] == two["report.html"]
    summaries = [json.loads(folder[name]) for folder in (one, two) for name in ["summary.json"]]
    for summary in summaries:  # only the input checksums may differ: the files differ
        for source in summary["inputs"]:
            source.pop("sha256")
    assert summaries[0] == summaries[1]


def run_module(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clustermap", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_byte_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    folders = []
    for hash_seed in ("0", "123"):
        out = tmp_path / f"run{hash_seed}"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = run_module("analyze", SAMPLE_TIES, "--firms", SAMPLE_FIRMS, "-o", out, env=env)
        assert done.returncode == 0, done.stderr
        folders.append(folder_bytes(out))
    assert folders[0] == folders[1]


def test_json_output_is_utf8_whatever_the_console(tmp_path: Path) -> None:
    survey = tmp_path / "emoji.csv"
    survey.write_text("supplier,customer\n🚀 Roket Ltd,Işık A.Ş.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1254"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "clustermap",
            "analyze",
            str(survey),
            "-o",
            str(tmp_path / "r"),
            "--format",
            "json",
        ],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8"))[0]["file"] == str(survey)
    assert read_summary(tmp_path / "r")["top_firms"]["pagerank"][0] == "Işık A.Ş."


def test_python_dash_m_and_version() -> None:
    from clustermap import __version__

    done = run_module("--version")
    assert (done.returncode, done.stdout) == (0, f"clustermap {__version__}\n")


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys; from clustermap.cli import app\n"
        "try:\n    app(['--help'], prog_name='clustermap')\nexcept SystemExit:\n    pass\n"
        "heavy = {'pandas', 'networkx', 'pyvis', 'numpy', 'community'} & set(sys.modules)\n"
        "print(sorted(heavy), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"
    assert "analyze" in done.stdout


def test_sample_analysis_finds_the_planted_core(cli: Cli, tmp_path: Path) -> None:
    result = cli("analyze", SAMPLE_TIES, "--firms", SAMPLE_FIRMS, "-o", tmp_path / "r")
    assert result.exit_code == 0
    summary = read_summary(tmp_path / "r")
    assert summary["network"]["firms"] == 93
    found = set(summary["core_periphery"]["core"])
    with (tmp_path / "r" / "firms.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    planted = {row["firm"] for row in rows if row["actor_class"] == "core_firm"}
    assert len(found & planted) >= 0.75 * len(planted)
    assert len(found & planted) >= 0.75 * len(found)
    isolates = {row["firm"] for row in rows if row["in_degree"] == row["out_degree"] == "0"}
    assert len(isolates) == summary["network"]["isolates"] > 0
