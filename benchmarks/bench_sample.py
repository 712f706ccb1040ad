"""Time the sample analysis end to end, and each of its stages, on this machine.

Usage: python benchmarks/bench_sample.py [--repeat N] [--tree PATH ...]

Prints the median wall time of N runs of:
  * `clustermap --help`, `python -c "import typer"` and `python -c "import pandas, networkx"`
    (start-up cost),
  * the import floor, `python -c "import pandas, networkx, matplotlib, community, pyvis"`,
    and `clustermap analyze` on data/samples (a fresh output folder each run), run in pairs:
    the ratio printed is the median of each pair's analyze / floor,
  * each stage of the same analysis in-process, on one core, and the two parts a run
    shares with a forked child (the significance tests, the picture) as a run does them,
and the ratios between them. Figures, not assertions: nothing here fails on a slow machine.

With several --tree (source folders of clustermap, for example a worktree of the commit
before a change), `clustermap --help` and `clustermap analyze` are timed with each tree,
the trees taking turns in every round, and compared with the first tree; the stages are
timed in-process for this checkout only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from trees import in_turns, run_in, trees_given, yardstick  # noqa: E402

TIES = REPO / "data" / "samples" / "ostim_defence_ties.csv"
FIRMS = REPO / "data" / "samples" / "ostim_defence_firms.csv"
#: What any run of the stack imports: the yardstick of a small survey's time (issue 19).
IMPORT_FLOOR = "import pandas, networkx, matplotlib, community, pyvis"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    return statistics.median(timed(action) for _ in range(repeat))


def paired_seconds(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[list[float], list[float]]:
    """Seconds of ``first`` and ``second`` run one after the other, ``repeat`` times: each pair
    shares the machine's speed of that moment, so their ratio is steadier than two medians."""
    pairs = [(timed(first), timed(second)) for _ in range(repeat)]
    return [pair[0] for pair in pairs], [pair[1] for pair in pairs]


def run(*args: str | Path) -> None:
    subprocess.run([str(arg) for arg in args], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--tree", type=Path, action="append", help="clustermap source folder (repeatable)"
    )
    args = parser.parse_args()
    repeat, trees = args.repeat, trees_given(args.tree)
    print(f"yardstick: sum(range(10**8)) takes {yardstick():.2f} s", flush=True)
    python = sys.executable
    scratch = Path(tempfile.mkdtemp(prefix="clustermap-bench-"))
    counter = iter(range(10**6))

    def analyze_cli() -> None:
        run(
            python,
            "-m",
            "clustermap",
            "analyze",
            TIES,
            "--firms",
            FIRMS,
            "-o",
            scratch / f"run{next(counter)}",
        )

    end_to_end = {
        "python -c pass": median_seconds(lambda: run(python, "-c", "pass"), repeat),
        "import typer": median_seconds(lambda: run(python, "-c", "import typer"), repeat),
        "import pandas, networkx": median_seconds(
            lambda: run(python, "-c", "import pandas, networkx"), repeat
        ),
        "clustermap --help": median_seconds(
            lambda: run(python, "-m", "clustermap", "--help"), repeat
        ),
    }
    floors, analyses = paired_seconds(lambda: run(python, "-c", IMPORT_FLOOR), analyze_cli, repeat)
    end_to_end["import floor (+ matplotlib, community, pyvis)"] = statistics.median(floors)
    end_to_end["clustermap analyze (sample)"] = statistics.median(analyses)
    if len(trees) > 1:
        compare_trees(trees, repeat, scratch)
    stages, shared = stage_times(repeat, scratch)
    shutil.rmtree(scratch, ignore_errors=True)

    print(f"clustermap sample benchmark: {TIES.name} + {FIRMS.name}, median of {repeat} runs")
    print(f"{'command':<48}{'seconds':>10}")
    for name, seconds in end_to_end.items():
        print(f"{name:<48}{seconds:>10.3f}")
    pair_ratios = [analysis / floor for floor, analysis in zip(floors, analyses, strict=True)]
    print(
        f"\nanalyze / import floor, median of {repeat} pairs: "
        f"{statistics.median(pair_ratios):.2f}x (each pair: "
        + ", ".join(f"{ratio:.2f}" for ratio in pair_ratios)
        + ")"
    )
    imports = end_to_end["import pandas, networkx"]
    analyze_seconds = end_to_end["clustermap analyze (sample)"]
    print(f"analyze / import pandas+networkx: {analyze_seconds / imports:.2f}x")
    print(f"--help / import pandas+networkx:  {end_to_end['clustermap --help'] / imports:.2f}x")
    help_seconds, typer_seconds = end_to_end["clustermap --help"], end_to_end["import typer"]
    print(f"--help / import typer:            {help_seconds / typer_seconds:.2f}x")
    print(f"\n{'stage (in-process)':<32}{'seconds':>10}{'share':>8}")
    total = sum(stages.values())
    for name, seconds in stages.items():
        print(f"{name:<32}{seconds:>10.4f}{seconds / total:>8.0%}")
    print(f"{'total':<32}{total:>10.4f}")
    print(f"\n{'shared with a forked child':<40}{'seconds':>10}")
    for name, seconds in shared.items():
        print(f"{name:<40}{seconds:>10.4f}")


def compare_trees(trees: list[Path], repeat: int, scratch: Path) -> None:
    """`clustermap --help`, the import floor and `clustermap analyze` of the sample with each
    tree, in turns; each tree's analyze / floor is the median over its rounds of the ratio to
    the floor run just before it."""
    commands = {
        "import floor": lambda run: ["-c", IMPORT_FLOOR],
        "clustermap --help": lambda run: ["-m", "clustermap", "--help"],
        "clustermap analyze (sample)": lambda run: [
            "-m",
            "clustermap",
            "analyze",
            str(TIES),
            "--firms",
            str(FIRMS),
            "-o",
            str(scratch / f"tree-run{run}"),
        ],
    }
    times: dict[tuple[str, Path], list[float]] = {}
    for number, (_, tree) in enumerate(in_turns(trees, repeat)):
        for name, arguments in commands.items():
            spent = timed(partial(run_in, tree, arguments(number), check=True, capture_output=True))
            times.setdefault((name, tree), []).append(spent)
    for number, tree in enumerate(trees, start=1):
        print(f"tree {number}: {tree}")
    for name in commands:
        first = statistics.median(times[name, trees[0]])
        for number, tree in enumerate(trees, start=1):
            median = statistics.median(times[name, tree])
            print(f"  {name}, tree {number}: {median:.3f} s, {median / first:.3f}× tree 1")
    for number, tree in enumerate(trees, start=1):
        pairs = zip(
            times["import floor", tree], times["clustermap analyze (sample)", tree], strict=True
        )
        ratio = statistics.median(analysis / floor for floor, analysis in pairs)
        print(f"  analyze / import floor, tree {number}: {ratio:.2f}x (median of {repeat} pairs)")
    print()


def stage_times(repeat: int, scratch: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Each stage's seconds in one process, and those of the two parts shared with a
    forked child in a run."""
    from clustermap import forked
    from clustermap.api import analyze
    from clustermap.export import render_files
    from clustermap.graph.brokerage import gould_fernandez, structural_holes
    from clustermap.graph.build import build_graph
    from clustermap.graph.centrality import firm_centralities
    from clustermap.graph.community import louvain_communities
    from clustermap.graph.coreperiphery import (
        borgatti_everett_continuous,
        borgatti_everett_discrete,
    )
    from clustermap.graph.positions import spring_positions
    from clustermap.graph.resilience import resilience
    from clustermap.graph.significance import (
        community_significance,
        core_periphery_significance,
        randomisations,
        significance_tests,
    )
    from clustermap.graph.supply import concentration, critical_firms, tiers
    from clustermap.survey import read_survey

    survey = read_survey(TIES, FIRMS)
    G = build_graph(survey.ties, survey.firms)
    groups = survey.firms["actor_class"].to_dict()
    nulls = randomisations(G, 20)
    analysis = analyze(survey)
    # each stage in one process (its cost on one core), then the two that share their work
    # with a forked child in a run, as they run
    forked.forbid()
    alone = {
        "read and validate survey": median_seconds(lambda: read_survey(TIES, FIRMS), repeat),
        "build graph": median_seconds(lambda: build_graph(survey.ties, survey.firms), repeat),
        "centralities": median_seconds(lambda: firm_centralities(G), repeat),
        "structural holes": median_seconds(lambda: structural_holes(G), repeat),
        "brokerage (Gould-Fernandez)": median_seconds(lambda: gould_fernandez(G, groups), repeat),
        "louvain (20 runs)": median_seconds(lambda: louvain_communities(G), repeat),
        "core/periphery discrete (50)": median_seconds(
            lambda: borgatti_everett_discrete(G), repeat
        ),
        "core/periphery continuous": median_seconds(lambda: borgatti_everett_continuous(G), repeat),
        "supply concentration": median_seconds(lambda: concentration(G), repeat),
        "tiers and critical firms": median_seconds(lambda: (tiers(G), critical_firms(G)), repeat),
        "resilience curves": median_seconds(lambda: resilience(G), repeat),
        "20 randomised networks": median_seconds(lambda: randomisations(G, 20), repeat),
        "community significance (20)": median_seconds(
            lambda: community_significance(G, networks=nulls), repeat
        ),
        "core/periphery significance (20)": median_seconds(
            lambda: core_periphery_significance(G, networks=nulls), repeat
        ),
        "layout": median_seconds(lambda: spring_positions(G), repeat),
        "render files": median_seconds(lambda: render_files(analysis), repeat),
    }
    forked.forbid(False)
    return alone, {
        "both significance tests, with a child": median_seconds(
            lambda: significance_tests(G), repeat
        ),
        "render files, the picture in a child": median_seconds(
            lambda: render_files(analysis), repeat
        ),
    }


if __name__ == "__main__":
    main()
