"""Shared fixtures: tiny surveys written by the tests themselves, and the CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
        return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)

    return _invoke
