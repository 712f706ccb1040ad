"""Work done beside the main process, in one forked child, on a machine with a core to spare.

A small survey's analysis is mostly two independent pieces of work: the significance tests
(a search on each of 20 randomised networks) and the picture (drawing and compressing
2,667 × 1,500 pixels). :func:`beside` runs such a piece in a forked child while the process
goes on with the rest, and :func:`shared` splits a list of independent calls between the two.

The result is the same whether or not a child ran: a child only computes values, returned by
pickle through a pipe; it writes no file and says nothing. When a child cannot be used (no
``fork`` on this system, one core, other threads running, a batch worker already using its
core) or fails in any way, the parent does the work itself, so an error is raised, and
reported, as it would have been without a child.

>>> shared(abs, [-1, 2, -3]), beside(lambda: "done").result()
([1, 2, 3], 'done')
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

__all__ = ["Beside", "available_cores", "beside", "can_fork", "forbid", "shared"]

T = TypeVar("T")
R = TypeVar("R")

#: Set in a process whose cores are already all in use (a batch worker): no child is forked.
_FORBIDDEN = False


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU quota)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS, Windows


def forbid(forbidden: bool = True) -> None:
    """No child from this process on (a batch worker: its sibling workers have the cores;
    a profile of one process), or children again with ``forbidden=False``."""
    global _FORBIDDEN
    _FORBIDDEN = forbidden


def follow_parent(parent: int, status: int) -> None:
    """In a process forked from ``parent``: Ctrl-C is left to the parent (which stops this
    one and reports once), SIGTERM and SIGHUP end it at once (the parent's handlers are
    inherited by fork), and it ends when the parent dies, even killed outright (Linux: the
    parent-death signal); exits with ``status`` if the parent is already gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this C library
            pass
        if os.getppid() != parent:  # the parent died before the signal was asked for
            os._exit(status)


#: prctl(2) option: the signal a process receives when its parent dies.
_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether a child would run beside this process: ``fork`` exists, a second core is
    free, and no other thread runs (a child forked beside threads, as in a notebook's
    kernel, can inherit a lock that no thread will ever release)."""
    return not _FORBIDDEN and hasattr(os, "fork") and available_cores() > 1 and _alone()


def _alone() -> bool:
    """No other thread runs in this process."""
    return threading.active_count() == 1


class Beside(Generic[T]):
    """A call running in a forked child (or waiting to be made here): :meth:`result`."""

    def __init__(self, work: Callable[[], T], *, allowed: bool = True) -> None:
        self._work = work
        self._pid: int | None = None
        self._read = -1
        if allowed and can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child: coverage measures the parent only
            status = 1
            try:
                os.close(read)
                follow_parent(parent, status)
                data = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers, no buffers of the parent's flushed
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        """The call's value: the child's, or made here when no child ran or it failed."""
        if self._pid is None:
            return self._work()
        try:
            with os.fdopen(self._read, "rb", closefd=False) as pipe:
                data = pipe.read()
        except BaseException:  # Ctrl-C while waiting: the child goes too
            self.cancel()
            raise
        os.close(self._read)
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if status != 0 or not data:  # the child failed: the parent meets the same error
            return self._work()
        value: T = pickle.loads(data)
        return value

    def cancel(self) -> None:
        """Stop the child, if one still runs (the parent stopped before wanting its value)."""
        if self._pid is None:
            return
        with contextlib.suppress(ProcessLookupError):  # it may have just ended
            os.kill(self._pid, signal.SIGKILL)
        os.close(self._read)
        os.waitpid(self._pid, 0)
        self._pid = None


def beside(work: Callable[[], T], *, allowed: bool = True) -> Beside[T]:
    """Start ``work()`` in a forked child when one can run (and ``allowed``); its value
    comes from :meth:`Beside.result`. Call :meth:`Beside.cancel` if it is not wanted."""
    return Beside(work, allowed=allowed)


def shared(func: Callable[[T], R], items: Iterable[T], *, allowed: bool = True) -> list[R]:
    """``[func(item) for item in items]``, the second half computed in a forked child
    when one can run: for independent calls of about equal cost."""
    items = list(items)
    if len(items) < 2:
        return [func(item) for item in items]
    half = (len(items) + 1) // 2
    rest = beside(lambda: [func(item) for item in items[half:]], allowed=allowed)
    try:
        first = [func(item) for item in items[:half]]
    except BaseException:
        rest.cancel()
        raise
    return first + rest.result()
