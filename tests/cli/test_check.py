"""`clustermap check`: every problem as a table, CSV or JSON; exit 0 usable, 3 not."""

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

from clustermap.errors import ExitCode
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES

Cli = Callable[..., Any]
BAD = "supplier,customer,weight\nA,B,-1\n,C,2\nIşık Kablaj,B,1\nIsik Kablaj,C,1\n"


def test_sample_is_usable(cli: Cli) -> None:
    result = cli("check", SAMPLE_TIES, "--firms", SAMPLE_FIRMS)
    assert result.exit_code == 0
    assert "the survey can be analysed: long layout, 303 ties, 93 firms" in result.stdout


def test_unusable_survey_exits_3_and_lists_everything(cli: Cli, write: Callable[..., Path]) -> None:
    survey = write("bad.csv", BAD)
    result = cli("check", survey)
    assert result.exit_code == ExitCode.BAD_SURVEY
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["severity", "where", "code", "message"]
    assert any(
        line.startswith("error") and "bad-weight" in line and ":2 column 'weight'" in line
        for line in lines
    )
    assert any("empty-name" in line for line in lines)
    assert "the survey cannot be analysed (2 errors" in result.stdout


def test_csv_and_json_formats(cli: Cli, write: Callable[..., Path]) -> None:
    survey = write("bad.csv", BAD)
    rows = list(csv.DictReader(io.StringIO(cli("check", survey, "--format", "csv").stdout)))
    assert list(rows[0]) == ["severity", "file", "line", "column", "code", "message"]
    assert {(row["severity"], row["line"], row["code"]) for row in rows} >= {
        ("error", "2", "bad-weight"),
        ("error", "3", "empty-name"),
    }
    found = json.loads(cli("check", survey, "--format", "json").stdout)
    assert {item["code"] for item in found} == {row["code"] for row in rows}
    assert found[0]["line"] == 2


def test_suggestions_and_starter_alias_file(
    cli: Cli, write: Callable[..., Path], tmp_path: Path
) -> None:
    survey = write(
        "s.csv",
        "supplier,customer\nIşık Kablaj,B\nIşık Kablaj,C\nIsik Kablaj,D\nIŞIK KABLAJ A.Ş.,E\n",
    )
    aliases = tmp_path / "aliases.csv"
    result = cli("check", survey, "--write-aliases", aliases)
    assert result.exit_code == 0
    assert "likely-duplicate" in result.stdout
    assert "name-variants" in result.stdout
    rows = list(csv.DictReader(io.StringIO(aliases.read_text(encoding="utf-8-sig"))))
    assert [(row["variant"], row["canonical"]) for row in rows] == [
        ("IŞIK KABLAJ A.Ş.", "Işık Kablaj"),
        ("Isik Kablaj", "Işık Kablaj"),
    ]
    # given back unchanged, the suggestion is not applied: still a suggestion, noted
    again = cli("check", survey, "--aliases", aliases, "--format", "json")
    assert "likely-duplicate" in again.stdout
    assert "suggested-aliases" in again.stdout
    unchanged = cli(
        "analyze", survey, "--aliases", aliases, "-o", tmp_path / "r", "--format", "json"
    )
    assert json.loads(unchanged.stdout)[0]["firms"] == 6
    # accepted, the consultant's file merges the suggested spelling too
    text = aliases.read_text(encoding="utf-8-sig")
    aliases.write_text(text.replace('"suggested:', '"accepted:', 1), "utf-8")
    accepted = cli("check", survey, "--aliases", aliases, "--format", "json")
    assert "likely-duplicate" not in accepted.stdout
    analysed = cli(
        "analyze", survey, "--aliases", aliases, "-o", tmp_path / "s", "--format", "json"
    )
    assert json.loads(analysed.stdout)[0]["firms"] == 5


def test_alias_rows_in_either_order_and_refreshed_in_place(
    cli: Cli, write: Callable[..., Path], tmp_path: Path
) -> None:
    survey = write(
        "a_survey.csv",
        "supplier,customer\nınce makina,Bora Döküm\nInce Makina,Ceyhan Elektronik\n"
        "Bora Döküm,Ceyhan Elektronik\nİnce Makina,Derin Kablaj\n",
    )
    rows = ["ınce makina,Ince Makina\n", "Ince Makina,ince makina\n"]
    refreshed = []
    for number, order in enumerate((rows, rows[::-1])):
        aliases = write(f"order{number}.csv", "variant,canonical\n" + "".join(order))
        checked = cli("check", survey, "--aliases", aliases)
        assert "4 ties, 4 firms" in checked.stdout  # the three "ince makina" spellings: one firm
        assert "likely-duplicate" not in checked.stdout
        # the README's refresh in place: the same firms, then the same bytes
        for _ in range(2):
            cli("check", survey, "--aliases", aliases, "--write-aliases", aliases)
            refreshed.append(aliases.read_bytes())
        analysed = cli(
            "analyze", survey, "--aliases", aliases, "--nulls", "0", "-o", tmp_path / f"r{number}"
        )
        assert analysed.exit_code == 0
        firms = (tmp_path / f"r{number}" / "firms.csv").read_text(encoding="utf-8-sig")
        assert sorted(line.split(",")[0] for line in firms.splitlines()[1:]) == [
            "Bora Döküm",
            "Ceyhan Elektronik",
            "Derin Kablaj",
            "ince makina",
        ]
    assert refreshed == refreshed[:1] * 4


def test_analyze_refusing_a_survey_prints_the_same_problems(
    cli: Cli, write: Callable[..., Path], tmp_path: Path
) -> None:
    survey = write("bad.csv", BAD)
    checked = cli("check", survey, "--format", "csv").stdout
    errors = [row for row in csv.DictReader(io.StringIO(checked)) if row["severity"] == "error"]
    refused = cli("analyze", survey, "-o", tmp_path / "r")
    assert refused.exit_code == ExitCode.BAD_SURVEY
    for row in errors:
        assert row["message"] in refused.stderr


def test_analyze_reads_standard_input(tmp_path: Path) -> None:
    data = "Tedarikçi;Müşteri\nIşık;Çelik\nÇelik;Anka\n".encode("cp1254")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "clustermap",
            "analyze",
            "-",
            "-o",
            str(tmp_path / "r"),
            "--format",
            "json",
        ],
        input=data,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["firms"] == 3
    summary = json.loads((tmp_path / "r" / "summary.json").read_text(encoding="utf-8"))
    assert summary["inputs"][0]["encoding"] == "cp1254"


def test_standard_input_needs_an_output_folder(cli: Cli) -> None:
    result = cli("analyze", "-")
    assert result.exit_code == ExitCode.USAGE
    assert "needs --out" in result.stderr


@pytest.mark.parametrize("layout", ["long", "respondent", "wide"])
def test_layout_option(cli: Cli, write: Callable[..., Path], layout: str) -> None:
    survey = write("s.csv", "respondent,partner,direction\nA,B,customer\n")
    result = cli("check", survey, "--layout", layout, "--format", "json")
    codes = {item["code"] for item in json.loads(result.stdout)}
    assert (result.exit_code == 0) == (layout == "respondent"), codes


def shell(command: str, cwd: Path) -> int:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, capture_output=True, check=False
    ).returncode


@pytest.mark.parametrize(
    ("command", "code"),
    [
        # the reader of stderr or stdout goes away: the work is still done, the code kept
        ("{cm} analyze warn.csv -o out 2>&1 | true; echo ${{PIPESTATUS[0]}} > rc", 0),
        ("{cm} analyze bad.csv -o out2 2>&1 | true; echo ${{PIPESTATUS[0]}} > rc", 3),
        ("{cm} check bad.csv | true; echo ${{PIPESTATUS[0]}} > rc", 3),
        ("{cm} check bad.csv --format json | true; echo ${{PIPESTATUS[0]}} > rc", 3),
    ],
    ids=["analyze-warnings", "analyze-bad", "check-table", "check-json"],
)
def test_closed_pipes_keep_exit_codes(tmp_path: Path, command: str, code: int) -> None:
    # thousands of warnings (self-ties), more than a pipe holds, on a two-firm network
    (tmp_path / "warn.csv").write_text(
        "supplier,customer\nA,B\n" + "A,A\n" * 3000, encoding="utf-8"
    )
    (tmp_path / "bad.csv").write_text(
        "supplier,customer,weight\n" + "A,B,x\n" * 3000, encoding="utf-8"
    )
    cm = f"{sys.executable} -m clustermap"
    shell(command.format(cm=cm), tmp_path)
    assert int((tmp_path / "rc").read_text()) == code
    if "analyze warn" in command:
        assert (tmp_path / "out" / "summary.json").is_file()


def test_check_rejects_an_unknown_encoding(cli: Cli, small_survey: Path) -> None:
    result = cli("check", small_survey, "--encoding", "klingon")
    assert result.exit_code == ExitCode.USAGE


def test_default_folder_of_a_compressed_survey(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    (tmp_path / "anket.csv.gz").write_bytes(gzip.compress(b"supplier,customer\nA,B\n"))
    monkeypatch.chdir(tmp_path)
    assert cli("analyze", "anket.csv.gz").exit_code == 0
    assert (tmp_path / "anket" / "summary.json").is_file()


def test_write_aliases_never_replaces_another_file(cli: Cli, write: Callable[..., Path]) -> None:
    survey = write("s.csv", "supplier,customer\nA,B\n")
    result = cli("check", survey, "--write-aliases", survey)
    assert result.exit_code == ExitCode.OUTPUT
    assert survey.read_text() == "supplier,customer\nA,B\n"
