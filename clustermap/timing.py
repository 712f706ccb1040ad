"""Where an analysis spends its time and memory, stage by stage.

The pipeline marks its stages with :func:`stage`; nothing is measured unless a caller
asks with :func:`recording` (the scale benchmarks do), so the marks cost nothing in a
normal run.

>>> with recording() as stages:
...     with stage("sum"):
...         total = sum(range(1000))
>>> [s.name for s in stages], stages[0].seconds >= 0
(['sum'], True)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["Stage", "peak_memory_mb", "recording", "stage"]


@dataclass(frozen=True)
class Stage:
    """One stage: its name, wall time, and the process's memory after it and at its peak."""

    name: str
    seconds: float
    memory_mb: float
    peak_mb: float


class _Recorder(list[Stage]):
    def __init__(self, listener: Callable[[str, str, Stage | None], None] | None) -> None:
        super().__init__()
        self.listener = listener


_STAGES: ContextVar[_Recorder | None] = ContextVar("clustermap_stages", default=None)


@contextmanager
def recording(
    listener: Callable[[str, str, Stage | None], None] | None = None,
) -> Iterator[list[Stage]]:
    """Record the stages run inside the block, in the order they end.

    ``listener``, if given, is called as ``listener("start", name, None)`` when a stage
    starts and ``listener("end", name, stage)`` when it ends: a benchmark that may have to
    stop a long run learns which stage was running.
    """
    stages = _Recorder(listener)
    token = _STAGES.set(stages)
    try:
        yield stages
    finally:
        _STAGES.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Mark a stage of the pipeline (measured only inside :func:`recording`)."""
    stages = _STAGES.get()
    if stages is None:
        yield
        return
    if stages.listener is not None:
        stages.listener("start", name, None)
    started = time.perf_counter()
    try:
        yield
    finally:
        done = Stage(name, time.perf_counter() - started, memory_mb(), peak_memory_mb())
        stages.append(done)
        if stages.listener is not None:
            stages.listener("end", name, done)


def memory_mb() -> float:
    """The resident memory of this process now, in MB (0 where it cannot be read)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as file:
            pages = int(file.read().split()[1])
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return 0.0
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_memory_mb() -> float:
    """The highest resident memory of this process so far, in MB."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    # Linux updates the high-water mark lazily: never report less than the memory now
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6, memory_mb())
