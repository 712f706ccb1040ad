"""Work beside the main process: the same values with or without a forked child."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from clustermap import forked

#: Whether no other thread runs, as the module tells (the fixture stands in for it).
ALONE = forked._alone


def test_shared_gives_the_listed_values_whatever_the_count(forking: list[int]) -> None:
    for count in (0, 1, 2, 3, 8):
        assert forked.shared(lambda x: x * x, range(count)) == [x * x for x in range(count)]
    assert len(forking) == 3  # a child for each list of two or more


def test_the_second_half_is_computed_in_a_child(forking: list[int]) -> None:
    here = os.getpid()
    pids = forked.shared(lambda _: os.getpid(), range(6))
    assert pids[:3] == [here] * 3
    assert pids[3:] == forking * 3


def test_a_failed_child_leaves_the_work_to_the_parent(forking: list[int]) -> None:
    here = os.getpid()

    def only_here(x: int) -> int:
        if os.getpid() != here:
            raise RuntimeError("the child fails")
        return x + 1

    assert forked.shared(only_here, range(4)) == [1, 2, 3, 4]
    assert forked.beside(lambda: only_here(9)).result() == 10
    assert len(forking) == 2


def test_an_error_is_raised_by_the_parent_as_without_a_child(forking: list[int]) -> None:
    def broken() -> int:
        raise ValueError("bad survey")

    with pytest.raises(ValueError, match="bad survey"):
        forked.beside(broken).result()
    with pytest.raises(ZeroDivisionError):
        forked.shared(lambda x: 1 // x, [0, 1, 2, 3])  # the parent's own half fails
    assert len(forking) == 2


def test_cancel_stops_a_child_not_wanted(forking: list[int]) -> None:
    pending = forked.beside(lambda: time.sleep(30))
    assert len(forking) == 1
    started = time.perf_counter()
    pending.cancel()
    assert time.perf_counter() - started < 5


def test_no_child_beside_threads_in_a_batch_worker_or_when_not_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forked, "_FORBIDDEN", False)
    here = os.getpid()
    assert forked.beside(os.getpid, allowed=False).result() == here
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not ALONE()  # a child forked beside threads can inherit held locks
        assert not forked.can_fork()
        assert forked.shared(lambda _: os.getpid(), range(4)) == [here] * 4
    finally:
        stop.set()
        thread.join()
    monkeypatch.setattr(forked, "_alone", lambda: True)
    forked.forbid()
    assert not forked.can_fork()
    assert forked.shared(lambda _: os.getpid(), range(4)) == [here] * 4


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal")
def test_a_child_ends_with_its_parent_killed_outright(forking: list[int]) -> None:
    code = (
        "import os, signal, sys, time\n"
        "from clustermap import forked\n"
        "pending = forked.beside(lambda: time.sleep(60))\n"
        "print(pending._pid, flush=True)\n"
        "time.sleep(0.5)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    child = int(done.stdout)
    for _ in range(100):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail("the child outlived its killed parent")
