"""``clustermap compare``: two survey waves with known changes between them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clustermap.compare import CHANGE_COLUMNS, COMPARED_MEASURES
from clustermap.errors import ExitCode
from clustermap.export.comparison import COMPARISON_FILES
from tests.conftest import SMALL_SURVEY

Cli = Callable[..., Any]

#: The small survey a wave later: Fırat Sac left, Hisar Döküm joined with two customers,
#: Eryaman Yüzey's share to Başkent fell from 70 to 40, and Dereli Kablaj's name is written
#: differently (the same firm under the name rules).
FOLLOWUP = """supplier,customer,weight,relation
Anadolu Hassas İşleme,Başkent Elektronik,30,supply
Başkent Elektronik,Çankaya Kompozit,20,supply
Çankaya Kompozit,Anadolu Hassas İşleme,25,service
DERELİ KABLAJ LTD. ŞTİ.,Anadolu Hassas İşleme,60,subcontracting
Eryaman Yüzey,Başkent Elektronik,40,subcontracting
Anadolu Hassas İşleme,Güneş Savunma,40,supply
Başkent Elektronik,Güneş Savunma,50,supply
Hisar Döküm,Çankaya Kompozit,45,supply
Hisar Döküm,Güneş Savunma,10,supply
"""


@pytest.fixture
def waves(write: Callable[..., Path]) -> tuple[Path, Path]:
    return write("wave2019.csv", SMALL_SURVEY), write("wave2023.csv", FOLLOWUP)


def test_known_changes_are_found(cli: Cli, waves: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    result = cli("compare", *waves, "-o", out, "--nulls", "0", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(COMPARISON_FILES)
    diff = json.loads(result.stdout)
    assert diff == json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert diff["ties"] == {"added": 2, "lost": 1, "changed": 1, "unchanged": 6, "jaccard": 0.7}
    assert diff["firms"] == {"both": 6, "entered": ["Hisar Döküm"], "left": ["Fırat Sac"]}
    assert diff["matched_spellings"] == [
        {"baseline": "Dereli Kablaj", "followup": "DERELİ KABLAJ LTD. ŞTİ."}
    ]
    network = diff["network"]
    assert network["ties"] == {"baseline": 8, "followup": 9, "change": 1}
    assert network["firms"] == {"baseline": 7, "followup": 7, "change": 0}
    assert network["density"]["change"] == pytest.approx(9 / 42 - 8 / 42, abs=1e-6)
    with (out / "tie_changes.csv").open(encoding="utf-8-sig", newline="") as file:
        ties = [
            (r["change"], r["supplier"], r["customer"], r["baseline_weight"], r["followup_weight"])
            for r in csv.DictReader(file)
        ]
    assert ties == [
        ("added", "Hisar Döküm", "Çankaya Kompozit", "", "45"),
        ("added", "Hisar Döküm", "Güneş Savunma", "", "10"),
        ("lost", "Fırat Sac", "Çankaya Kompozit", "55", ""),
        ("changed", "Eryaman Yüzey", "Başkent Elektronik", "70", "40"),
    ]
    # Güneş Savunma gained a supplier: in-degree 2 -> 3
    assert {"firm": "Güneş Savunma", "baseline": 2, "followup": 3, "change": 1} in diff[
        "largest_changes"
    ]["in_degree"]
    assert set(diff["largest_changes"]) == set(COMPARED_MEASURES)
    with (out / "firm_changes.csv").open(encoding="utf-8-sig", newline="") as file:
        firms = {r["firm"]: r for r in csv.DictReader(file)}
    assert (firms["Hisar Döküm"]["status"], firms["Fırat Sac"]["status"]) == ("entered", "left")
    assert firms["Hisar Döküm"]["in_degree_change"] == ""  # no baseline to compare with


def test_a_wave_compared_with_itself_has_no_changes(
    cli: Cli, waves: tuple[Path, Path], tmp_path: Path
) -> None:
    result = cli("compare", waves[0], waves[0], "-o", tmp_path / "same", "--format", "json")
    diff = json.loads(result.stdout)
    assert diff["ties"]["added"] == diff["ties"]["lost"] == diff["ties"]["changed"] == 0
    assert diff["firms"]["entered"] == diff["firms"]["left"] == []
    assert diff["core"]["entered"] == diff["core"]["left"] == []
    communities = diff["communities"]
    assert communities["adjusted_rand_index"] == communities["normalized_mutual_information"] == 1
    assert communities["moved"] == []
    assert all(v["change"] in (0, None) for v in diff["network"].values())
    assert all(changes == [] for changes in diff["largest_changes"].values())


def test_alias_file_is_honoured_in_both_waves(
    cli: Cli, waves: tuple[Path, Path], write: Callable[..., Path], tmp_path: Path
) -> None:
    followup = write("ascii.csv", FOLLOWUP.replace("Eryaman Yüzey", "Eryaman Yuzey"))
    plain = cli("compare", waves[0], followup, "-o", tmp_path / "a", "--format", "json")
    assert "Eryaman Yuzey" in json.loads(plain.stdout)["firms"]["entered"]
    aliases = write("aliases.csv", "variant,canonical\nEryaman Yuzey,Eryaman Yüzey\n")
    merged = cli(
        "compare",
        waves[0],
        followup,
        "--aliases",
        aliases,
        "-o",
        tmp_path / "b",
        "--format",
        "json",
    )
    assert merged.exit_code == 0, merged.stderr
    assert json.loads(merged.stdout)["firms"]["entered"] == ["Hisar Döküm"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_flat_records_for_pipelines(
    cli: Cli, waves: tuple[Path, Path], tmp_path: Path, fmt: str
) -> None:
    result = cli("compare", *waves, "-o", tmp_path / "c", "--nulls", "0", "--format", fmt)
    if fmt == "csv":
        records = list(csv.DictReader(io.StringIO(result.stdout)))
        assert list(records[0]) == list(CHANGE_COLUMNS)
    else:
        records = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = [r["kind"] for r in records]
    assert kinds.count("tie_added") == 2
    assert kinds.count("tie_lost") == kinds.count("tie_changed") == 1
    assert [r["firm"] for r in records if r["kind"] == "firm_entered"] == ["Hisar Döküm"]
    changed = next(r for r in records if r["kind"] == "tie_changed")
    assert (str(changed["baseline"]), str(changed["followup"]), str(changed["change"])) == (
        "70" if fmt == "csv" else "70.0",
        "40" if fmt == "csv" else "40.0",
        "-30" if fmt == "csv" else "-30.0",
    )


def test_table_summary_and_default_folder(
    cli: Cli, waves: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("compare", *waves, "--nulls", "0")
    assert result.exit_code == 0
    assert "1 entered (Hisar Döküm), 1 left (Fırat Sac)" in result.stdout
    assert "2 added, 1 lost, 1 with a changed weight" in result.stdout
    assert (tmp_path / "wave2019-vs-wave2023" / "compare.html").is_file()
    again = cli("compare", *waves, "--nulls", "0")
    assert again.exit_code == ExitCode.OUTPUT
    assert "--force" in again.stderr
    forced = cli("compare", *waves, "--nulls", "0", "--force")
    assert forced.exit_code == 0, forced.stderr


def test_firms_file_once_or_twice(
    cli: Cli, waves: tuple[Path, Path], write: Callable[..., Path], tmp_path: Path
) -> None:
    firms = write("firms.csv", "firm,sector\nYalnız Kalıp,moulds\n")
    once = cli("compare", *waves, "-f", firms, "-o", tmp_path / "a", "--format", "json")
    assert json.loads(once.stdout)["firms"]["both"] == 7  # the isolate is in both waves
    twice = cli("compare", *waves, "-f", firms, "-f", waves[0], "-o", tmp_path / "b")
    assert twice.exit_code == ExitCode.BAD_SURVEY  # the second "firms file" is a ties file
    thrice = cli("compare", *waves, "-f", firms, "-f", firms, "-f", firms, "-o", tmp_path / "c")
    assert thrice.exit_code == ExitCode.USAGE


@pytest.mark.browser
def test_comparison_page_in_a_browser(
    browser: Any, waves: tuple[Path, Path], write: Callable[..., Path], tmp_path: Path, cli: Cli
) -> None:
    hostile = "<img src=x onerror=alert(1)> Ltd"
    followup = write("hostile.csv", FOLLOWUP + f'"{hostile}",Güneş Savunma,5,supply\n')
    assert cli("compare", waves[0], followup, "-o", tmp_path / "h").exit_code == 0
    context = browser.new_context()
    dialogs: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((tmp_path / "h" / "compare.html").as_uri())
    assert page.title() == "What changed · wave2019.csv → hostile.csv"
    figures = page.locator("#figures tr")
    assert figures.count() == 1 + 18
    assert "Ties" in figures.nth(2).inner_text()
    assert page.locator("#ties").inner_text().count("added") == 3
    assert hostile in page.locator("body").inner_text()  # shown as text, never run
    assert page.locator("img").count() == 0
    assert dialogs == errors == []
    context.close()
