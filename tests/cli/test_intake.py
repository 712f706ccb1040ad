"""The intake from the command line: --column, --header-row, weights, messages (#15)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clustermap.errors import ExitCode

Cli = Callable[..., Any]
Write = Callable[..., Path]

TYPO = "Tedarkçi;Alıcı Firma;Satış Payı (%)\r\nAnka;Bora;40\r\nBora;Ceyhan;30\r\nCeyhan;Anka;20\r\n"


def summary(folder: Path) -> Any:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def test_column_option_reads_a_header_it_would_not(cli: Cli, write: Write, tmp_path: Path) -> None:
    survey = write("anket.csv", TYPO, "cp1254")
    refused = cli("analyze", survey, "-o", tmp_path / "no")
    assert refused.exit_code == ExitCode.BAD_SURVEY
    assert "did you mean it?" in refused.stderr
    assert "--column supplier='Tedarkçi'" in refused.stderr
    assert not (tmp_path / "no").exists()
    out = tmp_path / "yes"
    result = cli("analyze", survey, "--column", "supplier=Tedarkçi", "-o", out, "--nulls", "0")
    assert result.exit_code == 0, result.stderr
    note = "info: columns read: supplier = 'Tedarkçi', customer = 'Alıcı Firma', weight = "
    assert note in result.stderr
    [ties] = [entry for entry in summary(out)["inputs"] if entry["role"] == "ties"]
    assert ties["columns"] == {
        "supplier": "Tedarkçi",
        "customer": "Alıcı Firma",
        "weight": "Satış Payı (%)",
    }
    assert ties["header_line"] == 1
    assert summary(out)["parameters"]["columns"] == {"supplier": "Tedarkçi"}


@pytest.mark.parametrize("command", ["check", "metrics", "compare"])
def test_every_reading_command_takes_column(
    cli: Cli, write: Write, tmp_path: Path, command: str
) -> None:
    survey = write("anket.csv", TYPO, "cp1254")
    waves = [survey, survey] if command == "compare" else [survey]
    out = ["-o", tmp_path / "c"] if command == "compare" else []
    result = cli(command, *waves, "--column", "supplier=1", *out)
    assert result.exit_code == 0, result.stderr + result.stdout


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("suplier=Tedarkçi", "unknown role 'suplier'; the roles are supplier, customer"),
        ("supplier=Satıcı", "no such column (header on line 1); its columns are 1 'Tedarkçi'"),
        ("supplier", "write ROLE=HEADER"),
        ("partner=2", "the long layout has no partner column"),
    ],
)
def test_bad_column_option_is_a_usage_error(
    cli: Cli, write: Write, tmp_path: Path, option: str, expected: str
) -> None:
    survey = write("anket.csv", TYPO, "cp1254")
    layout = ["--layout", "long"] if option.startswith("partner") else []
    for command in ("analyze", "check"):
        result = cli(command, survey, "--column", option, *layout)
        assert result.exit_code == ExitCode.USAGE, (command, result.stderr)
        assert expected in result.stderr


def test_firms_column_option(cli: Cli, write: Write, tmp_path: Path) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\nB,C\n")
    firms = write("f.csv", "Unvan,Faaliyet\nA,Metal\nB,Kimya\nC,Metal\n")
    out = tmp_path / "r"
    result = cli("analyze", ties, "--firms", firms, "--firms-column", "sector=Faaliyet", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert summary(out)["communities"]["details"][0]["sectors"]
    bad = cli("check", ties, "--firms", firms, "--firms-column", "industry=Faaliyet")
    assert bad.exit_code == ExitCode.USAGE
    assert "the roles are firm, sector, actor_class, region, employees, surveyed" in bad.stderr


def test_header_row_found_and_given(cli: Cli, write: Write, tmp_path: Path) -> None:
    survey = write(
        "anket.csv", "Anket Sonuçları 2024\r\n\r\n" + TYPO.replace("Tedarkçi", "Tedarikçi")
    )
    out = tmp_path / "r"
    result = cli("analyze", survey, "-o", out, "--nulls", "0")
    assert result.exit_code == 0, result.stderr
    assert "the header (the column names) is on line 3" in result.stderr
    assert summary(out)["inputs"][0]["header_line"] == 3
    given = cli("check", survey, "--header-row", "3")
    assert given.exit_code == 0
    missing = cli("check", survey, "--header-row", "40")
    assert missing.exit_code == ExitCode.USAGE
    assert "--header-row 40: it has 6 lines" in missing.stderr


def test_a_file_without_a_header_row(cli: Cli, write: Write, tmp_path: Path) -> None:
    survey = write("ties.csv", "Anka,Bora,40\nBora,Ceyhan,30\nCeyhan,Anka,20\n")
    numbered = ["--column", "supplier=1", "--column", "customer=2", "--column", "weight=3"]
    out = tmp_path / "r"
    result = cli("analyze", survey, "--header-row", "0", *numbered, "-o", out, "--nulls", "0")
    assert result.exit_code == 0, result.stderr
    assert summary(out)["network"]["ties"] == 3
    assert summary(out)["inputs"][0]["header_line"] == 0
    warned = cli("check", survey, *numbered)  # without --header-row 0: the first tie lost
    assert "give --header-row 0" in warned.stdout + warned.stderr
    refused = cli("check", survey, "--header-row", "-1")
    assert refused.exit_code == ExitCode.USAGE


def test_groups_by_an_attribute_the_firms_do_not_have(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\nB,C\n")
    firms = write("f.csv", "firm,sector\nA,Metal\nB,Kimya\nC,Metal\n")
    out = tmp_path / "r"
    result = cli("analyze", ties, "--firms", firms, "--groups", "region", "-o", out)
    assert result.exit_code == ExitCode.USAGE
    assert "--groups region: the firms file has no region column (its columns: sector)" in (
        result.stderr
    )
    assert "choose sector or community" in result.stderr
    assert not out.exists()
    alone = cli("analyze", ties, "--groups", "actor_class", "-o", out)
    assert alone.exit_code == ExitCode.USAGE
    assert "no firms file was given" in alone.stderr


def test_many_notes_are_one_line_each_on_analyze(cli: Cli, write: Write, tmp_path: Path) -> None:
    rows = "".join(f"Firma {i:02d} Makina,Firma {(i + 1) % 40:02d} Makina\n" for i in range(40))
    rows += "".join(f"firma {i:02d} makina a.ş.,Merkez\n" for i in range(40))
    survey = write("s.csv", "supplier,customer\n" + rows)
    result = cli("analyze", survey, "-o", tmp_path / "r", "--nulls", "0")
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "[name-variants]" in line]
    assert notes == [
        f"{survey}: info: 40 firms were written several ways and merged: clustermap check "
        "lists them [name-variants]"
    ]
    listed = cli("check", survey)
    assert listed.stdout.count("name-variants") == 40
    assert len(summary(tmp_path / "r")["survey"]["name_variants"]) == 40


def test_many_errors_of_one_kind_are_counted(cli: Cli, write: Write, tmp_path: Path) -> None:
    rows = "".join(f"F{i},F{i + 1},x\n" for i in range(12))
    survey = write("s.csv", "supplier,customer,weight\n" + rows)
    result = cli("analyze", survey, "-o", tmp_path / "r")
    assert result.exit_code == ExitCode.BAD_SURVEY
    assert result.stderr.count("[bad-weight]") == 6  # five shown, one line counting the rest
    assert "… and 7 more like this: clustermap check lists every one" in result.stderr
    assert "the survey cannot be analysed (12 errors above)" in result.stderr
    assert cli("check", survey).stdout.count("bad-weight") == 12


def test_check_reports_what_analyze_would(cli: Cli, write: Write, tmp_path: Path) -> None:
    text = (
        "respondent,supplier_1,supplier_1_share,supplier_2,supplier_2_share\nA,B,30,C,20\nD,,,,\n"
    )
    survey = write("w.csv", text)
    checked = cli("check", survey)
    assert "wide layout, 2 ties, 4 firms" in checked.stdout
    out = tmp_path / "r"
    assert cli("analyze", survey, "-o", out, "--nulls", "0").exit_code == 0
    assert summary(out)["network"]["firms"] == 4
    fraction = cli("check", survey, "--weights", "fraction")
    assert fraction.exit_code == ExitCode.BAD_SURVEY
    assert fraction.stdout.count("weight-above-whole") == 2


def test_an_absurd_name_is_refused_quickly_and_briefly(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    survey = write("s.csv", "supplier,customer\n" + "B" * 2_000_000 + ",A\nA,C\n")
    result = cli("analyze", survey, "-o", tmp_path / "r")
    assert result.exit_code == ExitCode.BAD_SURVEY
    [line] = [line for line in result.stderr.splitlines() if "[name-too-long]" in line]
    assert "line 2, column 'supplier'" in line
    assert "2,000,000 characters" in line
    assert len(line) < 400
    assert not (tmp_path / "r").exists()


def test_quiet_silences_the_notes(cli: Cli, write: Write, tmp_path: Path) -> None:
    survey = write("anket.csv", TYPO.replace("Tedarkçi", "Tedarikçi"), "cp1254")
    result = cli("analyze", survey, "-o", tmp_path / "r", "-q", "--nulls", "0")
    assert result.exit_code == 0
    assert result.stderr == ""


# What a review of the intake found after the issue was worked on (audit D1, D2, D13, D14)

ALIAS_SURVEY = (
    "supplier,customer,weight\nİnce Makina,Bora Döküm,40\nInce Makina,Bora Döküm,10\n"
    "ınce makina,Ceyhan,20\nIşık Kablaj Ltd. Şti.,Bora Döküm,30\nIsik Kablaj,Ceyhan,25\n"
    "Bora Döküm,Ceyhan,50\n"
)


def firm_count(cli: Cli, survey: Path, aliases: Path) -> int:
    result = cli("metrics", survey, "--aliases", aliases, "--columns", "firm", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return len(result.stdout.splitlines()) - 1


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_an_alias_file_refreshed_in_place_changes_nothing(
    cli: Cli, write: Write, order: str
) -> None:
    survey = write("s.csv", ALIAS_SURVEY)
    rows = ["ınce makina,Ince Makina", "Ince Makina,ince makina"]
    aliases = write("a.csv", "variant,canonical\n" + "\n".join(rows[:: 1 if order == "ab" else -1]))
    before = firm_count(cli, survey, aliases)
    written = []
    for _ in range(2):
        refreshed = cli("check", survey, "--aliases", aliases, "--write-aliases", aliases)
        assert refreshed.exit_code == 0, refreshed.stderr
        written.append(aliases.read_bytes())
        assert firm_count(cli, survey, aliases) == before
    assert written[1] == written[0]
    text = written[0].decode("utf-8-sig")
    assert 'Isik Kablaj,Işık Kablaj Ltd. Şti.,0.99,"suggested: ' in text
    checked = cli("check", survey, "--aliases", aliases)
    assert "1 row of the alias file is a suggestion (line 5), not applied" in checked.stdout
    # accepted, as the README says: the reason rewritten
    aliases.write_text(text.replace('"suggested:', '"accepted:', 1), "utf-8")
    assert firm_count(cli, survey, aliases) == before - 1


def test_groups_by_an_attribute_empty_or_partly_blank(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\nB,C\nC,D\nD,A\nA,E\n")
    empty = write("f.csv", "firm,sector,region\nA,Metal,\nB,Kimya,\nC,Metal,\nD,Kimya,\nE,Metal,\n")
    refused = cli("analyze", ties, "--firms", empty, "--groups", "region", "-o", tmp_path / "r")
    assert refused.exit_code == ExitCode.USAGE
    assert (
        "--groups region: the firms file's region column is empty on every row; choose sector "
        "or community" in refused.stderr
    )
    assert not (tmp_path / "r").exists()
    partly = write("g.csv", "firm;region\r\nA;Ankara\r\nB;\r\nC;Konya\r\nD;  \r\n", "cp1254")
    out = tmp_path / "p"
    result = cli(
        "analyze", ties, "--firms", partly, "--groups", "region", "-o", out, "--nulls", "0"
    )
    assert result.exit_code == 0, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "[missing-groups]" in line]
    assert "3 of the 5 firms have no region (2 with an empty cell; 1 not in the firms file" in line
    assert "counted as one group of their own, '(none)'" in line
    warnings = [w for w in summary(out)["warnings"] if w["code"] == "missing-groups"]
    assert len(warnings) == 1
    # the default groups (actor classes) are warned about, never refused
    classes = write("c.csv", "firm,actor_class\nA,core firm\nB,\nC,university\nD,\nE,\n")
    default = cli("analyze", ties, "--firms", classes, "-o", tmp_path / "d", "--nulls", "0")
    assert default.exit_code == 0, default.stderr
    assert "grouped by actor_class (the default)" in default.stderr


def test_compare_says_which_wave_cannot_be_read(cli: Cli, write: Write, tmp_path: Path) -> None:
    good = write("w1.csv", TYPO.replace("Tedarkçi", "Tedarikçi"), "cp1254")
    typo = write("w2.csv", TYPO, "cp1254")
    usage = cli("compare", typo, good, "--column", "supplier=Tedarkçi", "-o", tmp_path / "a")
    assert usage.exit_code == ExitCode.USAGE
    assert "--column supplier=Tedarkçi: follow-up wave: " in usage.stderr
    assert f"{good} has no such column" in usage.stderr
    bad = cli("compare", good, typo, "-o", tmp_path / "b")
    assert bad.exit_code == ExitCode.BAD_SURVEY
    assert f"follow-up: {typo}, line 1: error: no supplier column" in bad.stderr
    assert "the follow-up survey cannot be analysed (1 error above)" in bad.stderr
    first = cli("compare", typo, good, "-o", tmp_path / "c")
    assert "the baseline survey cannot be analysed" in first.stderr
    assert not any((tmp_path / name).exists() for name in "abc")


@pytest.mark.parametrize("command", ["check", "analyze"])
def test_options_that_cannot_be_used_together(
    cli: Cli, write: Write, tmp_path: Path, command: str
) -> None:
    survey = write("r.csv", "Kim;Kimden;Yön\r\nA;B;T\r\n")
    out = ["-o", tmp_path / "r"] if command == "analyze" else []
    alone = cli(command, survey, "--firms-column", "firm=1", *out)
    assert alone.exit_code == ExitCode.USAGE
    assert "--firms-column needs --firms" in alone.stderr
    twice = cli(command, survey, "--column", "reported_by=1", "--column", "respondent=1", *out)
    assert twice.exit_code == ExitCode.USAGE
    assert "reported_by and respondent are one role" in twice.stderr
