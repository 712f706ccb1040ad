"""Every stage of `clustermap analyze` on synthetic supply networks from 1k to 1M firms.

Usage: python benchmarks/bench_scale.py [--sizes 1k 10k 100k 1m] [--timeout 1800]
                                        [--nulls N] [--keep DIR] [--repeat N] [--tree PATH ...]

For each size (see benchmarks/supply_network.py), generates the network once (kept in DIR
when --keep is given, and reused from there), then runs the whole analysis and writes the
result folder in a fresh Python process, timing every stage (reading, graph building, each
measure, communities, core/periphery, significance, each output file) with the process's
memory after the stage and at its peak. A size that runs longer than --timeout seconds is
stopped; the table says which stage was running. Prints one table: seconds per stage and
size, then the total, the peak memory and the time per 1,000 ties. Figures, not assertions.

With several --tree (source folders of clustermap, for example a worktree of the commit
before a change), each size is measured with each tree, the trees taking turns for
--repeat rounds; the table has a column per size and tree (medians of the rounds), followed
by each tree's total and peak against the first tree's. The `sum(range(10**8))` yardstick
is printed first, to compare figures of different days.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from supply_network import SIZES, generate, parse_size, write  # noqa: E402
from trees import in_tree, in_turns, trees_given, yardstick  # noqa: E402


def child(folder: Path, nulls: int | None) -> None:
    """Run in the measured process: analyse and write, one JSON line per stage event."""
    from clustermap.api import AnalysisOptions, analyze
    from clustermap.export import write_results
    from clustermap.timing import Stage, peak_memory_mb, recording

    def report(event: str, name: str, stage: Stage | None) -> None:
        record: dict[str, object] = {"event": event, "name": name}
        if stage is not None:
            record |= {"seconds": stage.seconds, "mb": stage.memory_mb, "peak": stage.peak_mb}
        print(json.dumps(record), flush=True)

    started = time.perf_counter()
    with recording(report):
        analysis = analyze(folder / "ties.csv", folder / "firms.csv", AnalysisOptions(nulls=nulls))
        write_results(analysis, Path(tempfile.mkdtemp()) / "results")
    total = time.perf_counter() - started
    print(json.dumps({"event": "done", "seconds": total, "peak": peak_memory_mb()}), flush=True)


def measure(folder: Path, nulls: int | None, timeout: float, tree: Path) -> dict[str, Any]:
    """Run :func:`child` in a new process with the clustermap of ``tree``; its stages,
    total, peak, or where it stopped."""
    command = [sys.executable, __file__, "--child", str(folder)]
    command += [] if nulls is None else ["--nulls", str(nulls)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, **in_tree(tree))
    events: list[dict[str, Any]] = []
    assert process.stdout is not None
    lines = process.stdout

    def read() -> None:
        for line in lines:
            events.append(json.loads(line))
            if events[-1]["event"] == "end":  # progress, for long runs
                print(f"  {events[-1]['name']}: {events[-1]['seconds']:.2f} s", file=sys.stderr)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    reader.join()
    result: dict[str, Any] = {"stages": {}, "stopped": None, "total": None, "peak": 0.0}
    for record in events:
        if record["event"] == "start":
            result["stopped"] = record["name"]
        elif record["event"] == "end":
            stages = result["stages"]
            stages[record["name"]] = stages.get(record["name"], 0.0) + record["seconds"]
            result["stopped"], result["peak"] = None, record["peak"]
        else:
            result |= {"total": record["seconds"], "peak": record["peak"]}
    if result["total"] is None and result["stopped"] is None:
        result["stopped"] = "(between stages)"
    return result


def median_result(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each stage, of the total and of the peak over rounds of one size and
    tree (a round stopped by the timeout makes the total "stopped")."""
    names = {name: None for run in runs for name in run["stages"]}
    stopped = next((run["stopped"] for run in runs if run["stopped"]), None)
    totals = [run["total"] for run in runs]
    return {
        "stages": {
            name: statistics.median(run["stages"][name] for run in runs if name in run["stages"])
            for name in names
        },
        "stopped": stopped,
        "total": None if None in totals else statistics.median(totals),
        "peak": statistics.median(run["peak"] for run in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1k", "10k"], help=f"{', '.join(SIZES)}")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per size")
    parser.add_argument(
        "--nulls", type=int, default=None, help="as clustermap analyze --nulls (default: auto)"
    )
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the networks here")
    parser.add_argument("--repeat", type=int, default=1, help="rounds (each tree once a round)")
    parser.add_argument(
        "--tree", type=Path, action="append", help="clustermap source folder (repeatable)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.nulls)
        return
    trees = trees_given(args.tree)
    print(f"yardstick: sum(range(10**8)) takes {yardstick():.2f} s", flush=True)
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="clustermap-scale-"))
    results = {}
    sizes = {}  # column -> size
    for size in args.sizes:
        firms, ties = parse_size(size)
        folder = scratch / f"{firms}-{ties}"
        if not (folder / "ties.csv").exists():
            write(generate(firms, ties), folder)
        rounds: dict[Path, list[dict[str, Any]]] = {tree: [] for tree in trees}
        for round_, tree in in_turns(trees, args.repeat):
            print(
                f"{size} ({firms} firms, {ties} ties), round {round_ + 1}: {tree}", file=sys.stderr
            )
            rounds[tree].append(measure(folder, args.nulls, args.timeout, tree))
        for number, tree in enumerate(trees):
            column = size if len(trees) == 1 else f"{size}/{number + 1}"
            results[column], sizes[column] = median_result(rounds[tree]), size
    names: list[str] = []
    for result in results.values():
        names += [name for name in result["stages"] if name not in names]
        if result["stopped"] and result["stopped"] not in names:
            names.append(result["stopped"])
    width = max(len(name) for name in [*names, "time per 1,000 ties"]) + 2
    print(f"{'stage':<{width}}" + "".join(f"{size:>12}" for size in results))
    for name in names:
        cells = []
        for result in results.values():
            seconds = result["stages"].get(name)
            cells.append(
                f"{seconds:12.2f}"
                if seconds is not None
                else f"{'stopped':>12}"
                if result["stopped"] == name
                else f"{'-':>12}"
            )
        print(f"{name:<{width}}" + "".join(cells))
    print(
        f"{'total (s)':<{width}}"
        + "".join(
            f"{result['total']:12.1f}" if result["total"] else f"{'stopped':>12}"
            for result in results.values()
        )
    )
    print(
        f"{'peak memory (MB)':<{width}}"
        + "".join(f"{result['peak']:12.0f}" for result in results.values())
    )
    print(
        f"{'time per 1,000 ties':<{width}}"
        + "".join(
            f"{result['total'] / parse_size(sizes[column])[1] * 1000:12.3f}"
            if result["total"]
            else f"{'-':>12}"
            for column, result in results.items()
        )
    )
    if len(trees) > 1:
        for number, tree in enumerate(trees):
            print(f"tree {number + 1}: {tree}")
        for size in args.sizes:
            first = results[f"{size}/1"]
            for number in range(2, len(trees) + 1):
                other = results[f"{size}/{number}"]
                if first["total"] and other["total"]:
                    print(
                        f"{size}: tree {number} / tree 1: total "
                        f"{other['total'] / first['total']:.3f}×, peak memory "
                        f"{other['peak'] / first['peak']:.3f}× ({args.repeat} rounds)"
                    )
    stopped = {column: r["stopped"] for column, r in results.items() if r["stopped"]}
    for column, name in stopped.items():
        print(f"{column}: stopped after {args.timeout:.0f} s while running: {name}")
    if not args.keep:
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
