"""The floor for clustermap's fast path: a hand-written script calling networkit directly.

Usage: python benchmarks/bench_engine.py [--size 100k] [--keep DIR]

Reads the generated network's ties.csv with pandas, builds the networkit graphs and computes
what clustermap's fast engine computes, with the same parameters as `analyze` picks by
default for that size (sampled betweenness from the automatic number of sources, PageRank,
k-core numbers, 5 PLM Louvain runs), printing the seconds of each step and the total.
Compare the total with `bench_scale.py`'s for the same size: the difference is clustermap's
own work (survey checks, the other measures, tables and files). Needs the fast extra
(`pip install -e ".[fast]"`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from supply_network import generate, parse_size, write  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the network here")
    args = parser.parse_args()
    folder = (args.keep or Path(tempfile.mkdtemp())) / args.size
    if not (folder / "ties.csv").exists():
        write(generate(*parse_size(args.size)), folder)

    import networkit as nk
    from scipy.sparse import coo_array, csr_matrix, triu

    from clustermap.graph.centrality import path_sources

    nk.engineering.setNumberOfThreads(1)
    times: dict[str, float] = {}
    started = time.perf_counter()

    def step(name: str, since: float) -> float:
        now = time.perf_counter()
        times[name] = now - since
        return now

    at = time.perf_counter()
    ties = pd.read_csv(folder / "ties.csv")
    at = step("read ties.csv (pandas)", at)
    names = pd.Index(pd.unique(np.concatenate([ties["supplier"], ties["customer"]])))
    rows, cols = names.get_indexer(ties["supplier"]), names.get_indexer(ties["customer"])
    n = len(names)
    A = coo_array((ties["weight"].to_numpy(float), (rows, cols)), shape=(n, n)).tocsr()
    A.sum_duplicates()
    S = (A + A.T).tocsr()
    S.setdiag(0)
    S.eliminate_zeros()

    def graph(matrix: object, directed: bool, weighted: bool) -> object:
        ties = csr_matrix(matrix if directed else triu(matrix, k=1, format="csr"))
        return nk.GraphFromCsr(ties, directed=directed, weighted=weighted)

    directed, unweighted = graph(A, True, True), graph(A, True, False)
    undirected = graph(S, False, True)
    at = step("build the graphs", at)
    sources = path_sources(A.nnz)
    for seed in (42, 43):
        nk.engineering.setSeed(seed, False)
        nk.centrality.EstimateBetweenness(unweighted, sources // 2, False, False).run()
    at = step(f"betweenness ({sources} sources)", at)
    sinks = nk.centrality.SinkHandling.DistributeSinks
    nk.centrality.PageRank(directed, 0.85, 1e-12, distributeSinks=sinks).run()
    at = step("pagerank", at)
    nk.centrality.CoreDecomposition(graph(S, False, False)).run()
    at = step("k-core", at)
    for run in range(5):
        nk.engineering.setSeed(42 + run, False)
        nk.community.PLM(undirected, False, 1.0, "none randomized").run()
    at = step("communities (5 PLM runs)", at)
    total = time.perf_counter() - started
    for name, seconds in times.items():
        print(f"{name:<32} {seconds:8.2f} s")
    print(f"{'total':<32} {total:8.2f} s  ({n:,} firms, {A.nnz:,} ties)")


if __name__ == "__main__":
    main()
