"""Many small surveys: one batch call (--jobs 1 and 2) against a shell loop of separate calls.

Usage: python benchmarks/bench_batch.py [--surveys 200] [--nulls 20] [--keep] [--no-loop]

Generates N synthetic surveys of about 80 connected firms each (the sample generator of
data/samples with seeds 0 … N-1: ties and firms files), then times, on this machine:
  1. `clustermap analyze SURVEYS/ -o ROOT --jobs 1`  (one process),
  2. `clustermap analyze SURVEYS/ -o ROOT --jobs 2`  (two worker processes),
  3. a shell loop of N separate `clustermap analyze X_ties.csv --firms X_firms.csv` calls
     (left out with --no-loop),
  4. the analysis alone: one process analysing every survey and writing its files one after
     the other, timed per survey after the imports, on one core (no forked child: a batch
     worker has none) (the "in-process time"),
and prints the times, the time per survey and the ratios: loop / batch shows what the
one-call batch saves in start-up, jobs 1 / jobs 2 the parallel speed-up, and --jobs 2
against N x the in-process time / 2 what a batch costs beyond the analyses themselves. It
also checks that the runs wrote byte-identical result folders. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "data" / "samples" / "generate_sample.py"


def generate(folder: Path, count: int) -> None:
    spec = importlib.util.spec_from_file_location("generate_sample", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder.mkdir(parents=True)
    for seed in range(count):
        for path, data in module.generate(seed).items():
            role = "ties" if "ties" in Path(path).name else "firms"
            (folder / f"region{seed:03d}_{role}.csv").write_bytes(data)


def timed(command: list[str] | str, *, shell: bool = False) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, shell=shell, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {command}\n{done.stderr.decode()[-2000:]}")
    return elapsed


IN_PROCESS = """
import sys, time
from pathlib import Path
from clustermap.api import AnalysisOptions, analyze
from clustermap.export import render_files
try:  # one core per survey, as each batch worker has (no child beside the analysis)
    from clustermap import forked
    forked.forbid()
except ImportError:  # a tree from before forked.py
    pass
surveys, out, nulls = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
seconds = 0.0
for ties in sorted(surveys.glob("*_ties.csv")):
    started = time.perf_counter()
    name = ties.name[: -len(".csv")]
    firms = ties.with_name(name[: -len("_ties")] + "_firms.csv")
    files = render_files(analyze(ties, firms, AnalysisOptions(nulls=nulls)))
    folder = out / name
    folder.mkdir(parents=True)
    for file, content in files.items():
        (folder / file).write_bytes(content)
    seconds += time.perf_counter() - started
print(seconds)
"""


def in_process(surveys: Path, out: Path, nulls: int) -> float:
    """Seconds the analyses and their files take in one process, imports left out."""
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(surveys), str(out), str(nulls)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "index.csv"
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surveys", type=int, default=200)
    parser.add_argument("--nulls", type=int, default=20, help="as clustermap analyze --nulls")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--no-loop", action="store_true", help="leave out the shell loop")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="clustermap-batch-bench-"))
    surveys = scratch / "surveys"
    generate(surveys, args.surveys)
    clustermap = [sys.executable, "-m", "clustermap"]
    common = ["--nulls", str(args.nulls), "--quiet"]
    print(
        f"{args.surveys} surveys of ~80 firms (--nulls {args.nulls}); "
        f"{os.cpu_count()} cores; Python {sys.version.split()[0]}"
    )
    batch1 = timed(
        [*clustermap, "analyze", str(surveys), "-o", str(scratch / "jobs1"), "--jobs", "1", *common]
    )
    print(f"one call, --jobs 1: {batch1:8.1f} s  ({batch1 / args.surveys:.2f} s per survey)")
    batch2 = timed(
        [*clustermap, "analyze", str(surveys), "-o", str(scratch / "jobs2"), "--jobs", "2", *common]
    )
    print(f"one call, --jobs 2: {batch2:8.1f} s  ({batch2 / args.surveys:.2f} s per survey)")
    alone = in_process(surveys, scratch / "alone", args.nulls)
    per = alone / args.surveys
    print(f"in-process, one after the other: {alone:8.1f} s  ({per:.2f} s per survey)")
    ideal = args.surveys * per / 2
    print(
        f"--jobs 2 / (surveys x in-process time / 2): {batch2 / ideal:.2f}x   "
        "(what a batch costs beyond its analyses, on 2 workers)"
    )
    print(f"--jobs 1 / (surveys x in-process time):     {batch1 / (2 * ideal):.2f}x")
    runs = [scratch / "jobs1", scratch / "jobs2", scratch / "alone"]
    if not args.no_loop:
        loop_root = scratch / "loop"
        loop_root.mkdir()
        command = " ".join(shlex.quote(part) for part in clustermap)
        script = (
            f"cd {shlex.quote(str(surveys))} && for ties in *_ties.csv; do "
            f'name="${{ties%.csv}}"; {command} analyze "$ties" --firms "${{name%_ties}}_firms.csv" '
            f'-o {shlex.quote(str(loop_root))}/"$name" {" ".join(common)} > /dev/null || exit 1; '
            "done"
        )
        loop = timed(["bash", "-c", script])
        print(
            f"shell loop of {args.surveys} calls: {loop:8.1f} s  "
            f"({loop / args.surveys:.2f} s per survey)"
        )
        print(f"loop / one call (--jobs 1): {loop / batch1:.2f}x   (start-up saved by one call)")
        print(f"loop / one call (--jobs 2): {loop / batch2:.2f}x")
        runs.append(loop_root)
    print(f"--jobs 1 / --jobs 2:        {batch1 / batch2:.2f}x   (parallel speed-up on 2 workers)")
    same = all(tree(run) == tree(runs[0]) for run in runs[1:])
    same_index = (scratch / "jobs1" / "index.csv").read_bytes() == (
        scratch / "jobs2" / "index.csv"
    ).read_bytes()
    print(f"result folders byte-identical across the runs: {same}; index.csv: {same_index}")
    if args.keep:
        print(f"kept {scratch}")
    else:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
