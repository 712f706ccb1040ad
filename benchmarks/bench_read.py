"""Time reading and checking a survey (`read_survey`) on a synthetic supply network.

Usage: python benchmarks/bench_read.py [--size 100k] [--repeat 5] [--keep DIR]
                                       [--tree PATH ...]

Generates the network once (benchmarks/supply_network.py; kept in DIR with --keep), then
reads its ties and firms files with `clustermap.survey.read_survey` in a fresh Python process
per run, so that no cache carries over. With several --tree (source folders of clustermap,
for example a worktree of an earlier commit), the trees take turns in every round, so that
they are measured in one sitting on the same machine load; the ratio of each median to the
first tree's is printed. Prints the `sum(range(10**8))` yardstick too, to compare figures of
different days. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from supply_network import SIZES, generate, parse_size, write  # noqa: E402
from trees import in_turns, run_in, trees_given, yardstick  # noqa: E402

_CHILD = """
import sys, time
from clustermap.survey import read_survey
started = time.perf_counter()
survey = read_survey(sys.argv[1], sys.argv[2])
print(time.perf_counter() - started, len(survey.ties))
"""


def read_once(tree: Path, folder: Path) -> tuple[float, int]:
    """Seconds to read the network's files with the clustermap of ``tree``, and its ties."""
    arguments = ["-c", _CHILD, str(folder / "ties.csv"), str(folder / "firms.csv")]
    done = run_in(tree, arguments, check=True, capture_output=True, text=True)
    seconds, ties = done.stdout.split()
    return float(seconds), int(ties)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", help=f"{', '.join(SIZES)} or FIRMS:TIES")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (each tree once a round)")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the network here")
    parser.add_argument(
        "--tree", type=Path, action="append", help="clustermap source folder (repeatable)"
    )
    args = parser.parse_args()
    trees = trees_given(args.tree)
    firms, ties = parse_size(args.size)
    folder = (args.keep or Path(tempfile.mkdtemp(prefix="clustermap-read-"))) / f"{firms}-{ties}"
    if not (folder / "ties.csv").exists():
        write(generate(firms, ties), folder)
    print(f"yardstick: sum(range(10**8)) takes {yardstick():.2f} s", flush=True)
    times: dict[Path, list[float]] = {tree: [] for tree in trees}
    counts = set()
    for round_, tree in in_turns(trees, args.repeat):
        seconds, read = read_once(tree, folder)
        times[tree].append(seconds)
        counts.add(read)
        print(f"  round {round_ + 1}: {tree}: {seconds:.2f} s", file=sys.stderr, flush=True)
    first = statistics.median(times[trees[0]])
    print(f"read_survey, {firms:,} firms and {ties:,} ties ({args.repeat} runs each):")
    for tree in trees:
        median = statistics.median(times[tree])
        spread = f"{min(times[tree]):.2f}–{max(times[tree]):.2f}"
        print(f"  {tree}: median {median:.2f} s (range {spread}), {median / first:.3f}× the first")
    if len(counts) != 1:
        print(f"  the trees read different numbers of ties: {sorted(counts)}")


if __name__ == "__main__":
    main()
