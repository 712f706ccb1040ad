"""The engine floor script still runs: it calls clustermap's array kernels by name, so a
change to one of them must not leave the benchmark broken until the next measurement."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_engine_floor_computes_every_step(tmp_path: Path) -> None:
    pytest.importorskip("networkit")
    script = BENCHMARKS / "bench_engine.py"
    result = subprocess.run(
        [sys.executable, str(script), "--size", "6000:30000", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    steps = [line.split("  ")[0] for line in result.stdout.splitlines()]
    for step in ("betweenness (", "structural holes", "supply chain", "brokerage roles"):
        assert any(name.startswith(step) for name in steps), result.stdout
    assert "total" in steps
    assert "(6,000 firms, 30,000 ties)" in result.stdout.splitlines()[-1]
