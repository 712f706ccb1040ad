"""Above 5,000 firms without the fast engine the user hears, once and before the long part,
which engine runs, how long it takes at this size and how to install the fast one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clustermap import scale
from clustermap.graph import engine
from tests.conftest import SAMPLE_FIRMS, SAMPLE_TIES

Cli = Callable[..., Any]


@pytest.fixture
def large_without_networkit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample's 93 firms count as a large network, and networkit is not installed."""
    monkeypatch.setattr(scale, "SCALE", scale.ScalePolicy(large=50))
    monkeypatch.setattr(engine, "available", lambda: False)


@pytest.mark.usefixtures("large_without_networkit")
def test_the_note_says_the_engine_the_time_and_the_install(cli: Cli, tmp_path: Path) -> None:
    result = cli("analyze", SAMPLE_TIES, "--firms", SAMPLE_FIRMS, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("clustermap: note:")]
    assert len(notes) == 1
    note = notes[0].removeprefix("clustermap: note: ")
    assert note.startswith("93 firms: the measures run on networkx (networkit is not installed)")
    assert 'pip install "clustermap[fast]"' in note
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["parameters"]["engine"] == "networkx"
    assert summary["parameters"]["guessed"]["engine"] == note


@pytest.mark.usefixtures("large_without_networkit")
@pytest.mark.parametrize("arguments", [["-q"], ["--engine", "networkx"]])
def test_no_note_when_asked_for_quiet_or_for_networkx(
    cli: Cli, tmp_path: Path, arguments: list[str]
) -> None:
    result = cli("analyze", SAMPLE_TIES, "-o", tmp_path / "out", *arguments)
    assert result.exit_code == 0, result.stderr
    assert "clustermap: note:" not in result.stderr


def test_no_note_for_a_survey(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "available", lambda: False)
    result = cli("analyze", SAMPLE_TIES, "-o", tmp_path / "out", "--nulls", "0")
    assert "clustermap: note:" not in result.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["parameters"]["guessed"]["engine"].startswith("set for a network of this size")
