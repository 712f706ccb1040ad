"""The README is an interface: it must document every output column, file, option and exit code."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from clustermap.api import FIRM_COLUMNS, analyze
from clustermap.batch import INDEX_COLUMNS
from clustermap.compare import CHANGE_COLUMNS
from clustermap.errors import ExitCode
from clustermap.export import OUTPUT_FILES
from clustermap.export.comparison import COMPARISON_FILES
from clustermap.options import LANGUAGES
from clustermap.survey import schema
from tests.conftest import REPO, SAMPLE_FIRMS, SAMPLE_TIES

README = (REPO / "README.md").read_text(encoding="utf-8")


FIRMS_SECTION = README.split("### `firms.csv` columns")[1].split("###")[0]


@pytest.mark.parametrize("column", FIRM_COLUMNS)
def test_every_firms_column_is_documented(column: str) -> None:
    documented = [line for line in FIRMS_SECTION.splitlines() if line.startswith("| `")]
    assert any(f"`{column}`" in line.split("|")[1] for line in documented)


@pytest.mark.parametrize("name", OUTPUT_FILES)
def test_every_output_file_is_documented(name: str) -> None:
    assert f"| `{name}` |" in README


@pytest.mark.parametrize("code", list(ExitCode))
def test_every_exit_code_is_documented(code: ExitCode) -> None:
    assert re.search(rf"^\| {code.value} \| {code.name} \|", README, flags=re.M)


@pytest.mark.parametrize("name", ["analyze", "check", "metrics", "compare"])
def test_every_option_is_documented(name: str) -> None:
    from typer.main import get_command

    from clustermap.cli import app

    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    for parameter in command.params:
        for option in parameter.opts:
            if option.startswith("--") and option != "--help":
                assert f"`{option}`" in README, option


@pytest.mark.parametrize("column", INDEX_COLUMNS)
def test_every_index_column_is_documented(column: str) -> None:
    row = next(line for line in README.splitlines() if line.startswith("| `ROOT/index.csv` |"))
    assert f"`{column}`" in row


@pytest.mark.parametrize("name", [*COMPARISON_FILES, *CHANGE_COLUMNS])
def test_every_comparison_file_and_record_column_is_documented(name: str) -> None:
    assert f"`{name}`" in README.split("### `compare`")[1].split("###")[0]


def test_every_summary_key_is_documented() -> None:
    summary = analyze(SAMPLE_TIES, SAMPLE_FIRMS).summary
    for key in summary:
        assert f"`{key}`" in README, key
    for section in ("network", "communities", "core_periphery", "survey"):
        for key in summary[section]:
            assert f"`{key}`" in README, f"{section}.{key}"


@pytest.mark.parametrize("role", ["supplier", "customer", "weight", "relation"])
def test_tie_header_aliases_in_the_readme_are_accepted(role: str) -> None:
    row = next(line for line in README.splitlines() if line.startswith(f"| {role} |"))
    for alias in row.split("|")[3].split(","):
        assert schema.tie_role(alias.strip()) == role, alias


def test_the_python_block_of_the_readme_runs_on_the_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verbatim, from a copy of the repository's root: the sample, a folder of two surveys
    and two waves (the second without the sample's first 40 ties)."""
    block = README.split("From Python, every command is one call")[1]
    code = block.split("```python\n")[1].split("```")[0]
    samples = tmp_path / "data" / "samples"
    samples.mkdir(parents=True)
    for path in (SAMPLE_TIES, SAMPLE_FIRMS):
        shutil.copy(path, samples / path.name)
    (tmp_path / "surveys").mkdir()
    for copy in ("surveys/north.csv", "surveys/south.csv", "wave2019.csv"):
        shutil.copy(SAMPLE_TIES, tmp_path / copy)
    lines = SAMPLE_TIES.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "wave2023.csv").write_text("".join([lines[0], *lines[41:]]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    scope: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["check"].usable
    assert scope["analysis"].summary["parameters"]["seed"] == 7
    written = json.loads(Path("ostim-results/summary.json").read_text(encoding="utf-8"))
    assert written["network"]["firms"] == scope["analysis"].summary["network"]["firms"] == 93
    assert [row["survey"] for row in scope["batch"].rows] == ["north", "south"]
    assert scope["change"].diff["ties"]["lost"] > 0


GLOSSARY = (REPO / "docs" / "glossary.md").read_text(encoding="utf-8")


def test_the_glossary_names_each_term_in_both_languages() -> None:
    """Every actor class and relation layer by its name in each language, and every firm
    measure the glossary cites is a column of firms.csv."""
    from clustermap.export import words

    for lang in LANGUAGES:
        for name in words.ACTOR_CLASSES[lang].values():
            assert f"| {name} |" in GLOSSARY, name
    for layer in words.RELATIONS["tr"].values():
        assert layer in GLOSSARY, layer
    rows = [line.split("|") for line in GLOSSARY.splitlines() if line.startswith("| ")]
    cited = {name for row in rows for name in re.findall(r"`([^`]+)`", row[3])}
    columns = {name for name in cited if "." not in name and " " not in name}
    known = {*FIRM_COLUMNS, "core", "periphery", "relation", *words.ACTOR_CLASSES["en"]}
    assert columns - known == set()
