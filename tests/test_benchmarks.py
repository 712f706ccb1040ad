"""The benchmarks use clustermap as its users can: public names only, each of which exists.

A benchmark reaching for a private name would break, unseen, the next time that helper
changes; the measurements themselves are run by hand (see ``benchmarks/README.md``).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).resolve().parent.parent / "benchmarks").glob("*.py"))


def clustermap_imports(script: Path) -> list[tuple[str, str]]:
    """(module, name) of every ``from clustermap... import name`` in ``script``."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("clustermap")
        for alias in node.names
    ]


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda path: path.name)
def test_benchmarks_import_public_names_that_exist(script: Path) -> None:
    for module, name in clustermap_imports(script):
        assert not any(part.startswith("_") for part in [*module.split("."), name]), (
            f"{script.name} imports the private {module}.{name}"
        )
        assert hasattr(importlib.import_module(module), name), f"{module} has no {name}"


def test_the_benchmarks_are_found() -> None:
    assert any(clustermap_imports(script) for script in BENCHMARKS)
