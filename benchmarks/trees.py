"""Run clustermap from a given source tree, and measure this machine's speed today.

A change is measured against the code before it in one sitting: a worktree of the earlier
commit (``git worktree add /tmp/before HEAD~1``) and this checkout take turns, each run in
a fresh process that imports clustermap from its own tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: This checkout.
HERE = Path(__file__).resolve().parent.parent


def in_tree(tree: Path) -> dict[str, Any]:
    """The ``subprocess`` arguments of a Python process importing clustermap from ``tree``.

    The process starts in the temporary folder: Python puts its current folder first on
    the import path, so starting in a checkout would import that checkout's clustermap.
    """
    return {"env": {**os.environ, "PYTHONPATH": str(tree)}, "cwd": tempfile.gettempdir()}


def run_in(tree: Path, arguments: list[str], **options: Any) -> subprocess.CompletedProcess[Any]:
    """``python ARGUMENTS`` importing clustermap from ``tree``."""
    return subprocess.run([sys.executable, *arguments], **in_tree(tree), **options)


def version_of(tree: Path) -> str:
    """The version of ``tree``'s clustermap; stops unless its processes import that tree."""
    shown = run_in(
        tree,
        ["-c", "import clustermap as c; print(c.__version__, c.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if not Path(shown[1]).resolve().is_relative_to(tree.resolve()):
        sys.exit(f"{tree}: Python imports clustermap from {shown[1]} instead")
    return str(shown[0])


def trees_given(paths: list[Path] | None) -> list[Path]:
    """The trees of ``--tree`` options (default: this checkout), each checked."""
    trees = [path.resolve() for path in (paths or [HERE])]
    for tree in trees:
        version_of(tree)
    return trees


def in_turns(trees: list[Path], rounds: int) -> list[tuple[int, Path]]:
    """(round, tree) in the order to run them: the trees take turns, in alternating order,
    so that neither always runs on a warmer or busier machine."""
    return [
        (round_, tree)
        for round_ in range(rounds)
        for tree in (trees if round_ % 2 == 0 else list(reversed(trees)))
    ]


def yardstick() -> float:
    """Seconds of ``sum(range(10**8))`` in a fresh process: how fast this machine is today,
    to compare figures of different days."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "sum(range(10**8))"], check=True)
    return time.perf_counter() - started
