"""Check that a change leaves the results byte for byte as they were.

Usage: python benchmarks/same_outputs.py --before PATH [--after PATH] [--keep DIR]

Runs the same analyses with two source trees of clustermap (``--before``, for example a
worktree of the commit before a restructuring: ``git worktree add /tmp/before HEAD~1``;
``--after``, by default this checkout), each in fresh processes, and compares:

* every file of the sample's result folder (with the firms file; and again with other
  options: the directed core/periphery, communities as groups, fixed weights, Turkish pages),
  the output of ``metrics`` and ``check``;
* ``summary.json`` of a generated network of 10,000 firms and 50,000 ties
  (``supply_network.py``), and every other file of its result folder.

The version of clustermap (``summary.json`` -> ``clustermap_version``, ``versions``, and the
pages and reports that print it) is masked: it is the one difference expected. Prints one
line per file compared and exits 1 when any differs. A check, not a timing.
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from supply_network import generate, write  # noqa: E402
from trees import run_in, version_of  # noqa: E402

SAMPLES = HERE.parent / "data" / "samples"
TIES, FIRMS = SAMPLES / "ostim_defence_ties.csv", SAMPLES / "ostim_defence_firms.csv"
#: Result folders: name -> arguments of `clustermap analyze` after the survey.
SAMPLE_RUNS = {
    "sample": ["--firms", str(FIRMS)],
    "sample-options": [
        "--firms",
        str(FIRMS),
        "--cp-directed",
        "--groups",
        "community",
        "--weights",
        "percent",
        "--lang",
        "tr",
        "--runs",
        "5",
    ],
    "sample-without-firms": ["--resolution", "0.7", "--nulls", "3"],
}


def run(tree: Path, *arguments: str, output: Path | None = None) -> None:
    """``python -m clustermap ARGUMENTS`` with the clustermap of ``tree``; stdout to
    ``output`` when given."""
    done = run_in(tree, ["-m", "clustermap", *arguments], capture_output=True, check=False)
    if output is not None:
        output.write_bytes(done.stdout)
    elif done.returncode != 0:
        sys.exit(f"clustermap {' '.join(arguments)} failed:\n{done.stderr.decode()}")


def results(tree: Path, out: Path, network: Path) -> None:
    """Every analysis compared, with the clustermap of ``tree``, into ``out``."""
    out.mkdir(parents=True)
    for name, options in SAMPLE_RUNS.items():
        run(tree, "analyze", str(TIES), *options, "-o", str(out / name), "-q")
    run(tree, "metrics", str(TIES), "--format", "csv", output=out / "metrics.csv")
    run(tree, "check", str(TIES), "--firms", str(FIRMS), output=out / "check.txt")
    ties, firms = network / "ties.csv", network / "firms.csv"
    run(tree, "analyze", str(ties), "--firms", str(firms), "-o", str(out / "10k"), "-q")


def masked(path: Path, version: str) -> bytes:
    """The file's bytes with the clustermap version replaced (text files only)."""
    data = path.read_bytes()
    if path.suffix in (".json", ".html", ".txt", ".md", ".csv", ".svg"):
        data = data.replace(version.encode(), b"<version>")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="clustermap source folder")
    parser.add_argument("--after", type=Path, default=HERE.parent, help="(default: this one)")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the 10k network here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="clustermap-same-"))
    network = (args.keep or work) / "10000-50000"
    if not (network / "ties.csv").exists():
        write(generate(10_000, 50_000), network)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    versions = {side: version_of(tree) for side, tree in trees.items()}
    for side, tree in trees.items():
        print(f"{side}: {tree} (clustermap {versions[side]})", flush=True)
        results(tree, work / side, network)
    before, after = work / "before", work / "after"
    names = sorted(
        {path.relative_to(before) for path in before.rglob("*") if path.is_file()}
        | {path.relative_to(after) for path in after.rglob("*") if path.is_file()}
    )
    different = 0
    for name in names:
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            verdict = "only before" if old.exists() else "only after"
        elif filecmp.cmp(old, new, shallow=False):
            verdict = "identical"
        else:
            same = masked(old, versions["before"]) == masked(new, versions["after"])
            verdict = "identical but the version" if same else "DIFFERENT"
        different += verdict not in ("identical", "identical but the version")
        print(f"{verdict:<26} {name}")
    print(f"{len(names)} files compared, {different} different ({work})")
    sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
