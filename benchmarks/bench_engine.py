"""The floor for clustermap's fast path: a hand-written script computing the same measures.

Usage: python benchmarks/bench_engine.py [--size 100k] [--keep DIR]

Reads the generated network's ties.csv and firms.csv with pandas, builds sparse matrices
and networkit graphs, and computes every measure `analyze` reports at that size with the
same methods and parameters it picks by default, without clustermap's pipeline: networkit
directly for the measures it has (sampled betweenness, PageRank, k-core numbers, 5 PLM
Louvain runs, cut points), scipy for the rest of the engine work (sampled closeness,
eigenvector), and for the measures no engine has (structural holes, core/periphery,
concentration, tiers, dominators, brokerage, resilience) clustermap's own array kernels
called on the matrices, as a script would have to carry the same algorithms. It writes the
firm measures to one CSV with pandas and prints the seconds of each step and the total.
Meant for networks above 5,000 firms, where `analyze` estimates the path measures.

Compare the total with `bench_scale.py`'s for the same size: the difference is clustermap's
own work (survey checks, the networkx graph, the firm table, the layout and the result
files). Needs the fast extra (`pip install -e ".[fast]"`).
"""

from __future__ import annotations

import argparse
import json
import math
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
    from scipy.sparse.csgraph import connected_components, shortest_path
    from scipy.sparse.linalg import eigsh

    from clustermap.graph.brokerage import brokerage_arrays, hole_arrays
    from clustermap.graph.centrality import path_sources
    from clustermap.graph.coreperiphery import (
        coreness_vector,
        discrete_core_search,
        pattern_correlation,
    )
    from clustermap.graph.engine import cut_points_and_bridges
    from clustermap.graph.kernels import triangles
    from clustermap.graph.resilience import REMOVED, largest_part_left
    from clustermap.graph.supply import (
        end_customers_followed,
        longest_chain,
        trophic_levels,
        upstream_control,
    )

    nk.engineering.setNumberOfThreads(1)
    times: dict[str, float] = {}
    started = time.perf_counter()

    def step(name: str, since: float) -> float:
        now = time.perf_counter()
        times[name] = now - since
        return now

    at = time.perf_counter()
    ties, listed = pd.read_csv(folder / "ties.csv"), pd.read_csv(folder / "firms.csv")
    at = step("read ties.csv, firms.csv (pandas)", at)
    # every firm (those without ties too) in name order, as in `analyze`: networkit samples
    # its sources by firm number, so both search from the same firms
    named = [ties["supplier"], ties["customer"], listed["firm"]]
    names = pd.Index(np.sort(pd.unique(np.concatenate(named))))
    rows, cols = names.get_indexer(ties["supplier"]), names.get_indexer(ties["customer"])
    n = len(names)
    A = coo_array((ties["weight"].to_numpy(float), (rows, cols)), shape=(n, n)).tocsr()
    A.sum_duplicates()
    S = (A + A.T).tocsr()
    S.setdiag(0)
    S.eliminate_zeros()
    B, SB = A.copy(), S.copy()  # binary
    B.data[:], SB.data[:] = 1.0, 1.0

    def graph(matrix: object, directed: bool, weighted: bool) -> object:
        ties = csr_matrix(matrix if directed else triu(matrix, k=1, format="csr"))
        return nk.GraphFromCsr(ties, directed=directed, weighted=weighted)

    directed, unweighted = graph(A, True, True), graph(A, True, False)
    undirected, simple = graph(S, False, True), graph(S, False, False)
    at = step("build the matrices and graphs", at)
    firms: dict[str, np.ndarray] = {
        "in_degree": np.bincount(B.indices, minlength=n),
        "out_degree": np.diff(A.indptr),
        "in_strength": np.bincount(A.indices, weights=A.data, minlength=n),
        "out_strength": np.asarray(A.sum(axis=1)).ravel(),
    }
    sources = path_sources(A.nnz)
    halves = []
    for seed in (42, 43):
        nk.engineering.setSeed(seed, False)
        run = nk.centrality.EstimateBetweenness(unweighted, sources // 2, False, False).run()
        halves.append(np.asarray(run.scores()))
    firms["betweenness"] = (halves[0] + halves[1]) / 2
    at = step(f"betweenness ({sources} sources)", at)
    chosen = np.random.default_rng(42).choice(n, size=sources, replace=False)
    total, seen = np.zeros(n), np.zeros(n)
    for block in np.array_split(chosen, math.ceil(sources / max(1, 20_000_000 // n))):
        distances = shortest_path(SB, unweighted=True, directed=False, indices=block)
        finite = np.isfinite(distances)
        total += np.where(finite, distances, 0.0).sum(axis=0)
        seen += finite.sum(axis=0) - (distances == 0).sum(axis=0)  # not the source itself
    _, component = connected_components(SB, directed=False)
    reach = np.bincount(component)[component] - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.where(seen > 0, total / seen * reach, 0.0)
        firms["closeness"] = np.where(distance > 0, reach / (n - 1) * reach / distance, 0.0)
    at = step(f"closeness ({sources} sources)", at)
    sinks = nk.centrality.SinkHandling.DistributeSinks
    pagerank = nk.centrality.PageRank(directed, 0.85, 1e-12, distributeSinks=sinks).run()
    firms["pagerank"] = np.asarray(pagerank.scores())
    at = step("pagerank", at)
    firms["eigenvector"] = np.abs(eigsh(S, k=1, which="LA", v0=np.ones(n))[1][:, 0])
    at = step("eigenvector", at)
    firms["core_number"] = np.asarray(nk.centrality.CoreDecomposition(simple).run().scores())
    at = step("k-core", at)

    W = (B + B.T).tocsr()  # mutual ties count twice, as in `analyze`
    W.setdiag(0)
    W.eliminate_zeros()
    firms["constraint"], firms["effective_size"], firms["efficiency"] = hole_arrays(W)
    at = step("structural holes", at)

    coreness = coreness_vector(SB)  # the continuous model, and an ordering of the discrete
    firms["core"] = discrete_core_search(SB, coreness)[0]
    at = step("core/periphery (discrete)", at)
    firms["coreness"] = coreness / coreness.max()
    continuous_fit = pattern_correlation(SB, coreness)
    at = step("coreness (continuous)", at)
    # supply chain: concentration, roles, tiers, cut firms, dominators of the end customers
    for side, M in (("customer", A), ("supplier", A.T.tocsr())):
        row = np.repeat(np.arange(n), np.diff(M.indptr))
        share = M.data / np.bincount(row, weights=M.data, minlength=n)[row]
        firms[f"{side}_hhi"] = np.bincount(row, weights=share * share, minlength=n)
    for role, degree in (("integrator", "in_degree"), ("allocator", "out_degree")):
        values = firms[degree]
        firms[role] = values >= max(3.0, values.mean() + values.std())
    coo = A.tocoo()
    firms["tier"] = trophic_levels(
        coo.row.astype(np.int64),
        coo.col.astype(np.int64),
        firms["in_degree"].astype(float),
        firms["out_degree"].astype(float),
    )
    longest_chain(A)
    firms["cut_firm"] = np.zeros(n, dtype=bool)
    firms["cut_firm"][cut_points_and_bridges(SB)[0]] = True
    ends = np.flatnonzero((firms["in_degree"] > 0) & (firms["out_degree"] == 0))
    largest = ends[np.argsort(-firms["in_strength"][ends], kind="stable")]
    T = A.T.tocsr()
    suppliers, customers = (
        (T.indptr.tolist(), T.indices.tolist()),
        (
            A.indptr.tolist(),
            A.indices.tolist(),
        ),
    )
    for prime in largest[: end_customers_followed(A.nnz)].tolist():
        upstream_control(suppliers, customers, prime)
    at = step("supply chain", at)
    labels = []
    for run in range(5):
        nk.engineering.setSeed(42 + run, False)
        plm = nk.community.PLM(undirected, False, 1.0, "none randomized").run()
        labels.append(np.asarray(plm.getPartition().getVector()))
    firms["community"] = labels[0]
    at = step("communities (5 PLM runs)", at)
    counts, expected, z = brokerage_arrays(B, firms["community"].astype(np.int64))
    for role, values in counts.items():
        firms[role], firms[f"{role}_expected"], firms[f"{role}_z"] = values, expected[role], z[role]
    at = step("brokerage roles", at)
    m = SB.nnz // 2
    degree = np.diff(SB.indptr).astype(np.int64)
    figures = {
        "density": A.nnz / (n * (n - 1)),
        "reciprocity": A.multiply(A.T).nnz / A.nnz,
        "transitivity": 6 * len(triangles(SB)[0]) / int((degree * (degree - 1)).sum()),
        "components": int(connected_components(SB, directed=False)[0]),
        "ties": m,
        "continuous_fit": continuous_fit,
    }
    at = step("network figures", at)
    firms["core_directed"] = discrete_core_search(B, coreness_vector((B + B.T) / 2))[0]
    at = step("core/periphery (other reading)", at)
    upper = triu(SB, k=1).tocoo()
    rng = np.random.default_rng(42)
    orders = [rng.permutation(n).tolist() for _ in range(3)]
    orders += [np.argsort(-degree, kind="stable").tolist()]
    orders += [np.argsort(-firms["betweenness"], kind="stable").tolist()]
    curve = [largest_part_left(upper, order, f) for order in orders for f in REMOVED]
    at = step("resilience", at)
    output = Path(tempfile.mkdtemp())
    pd.DataFrame(firms, index=names).to_csv(output / "firms.csv")
    (output / "summary.json").write_text(json.dumps({**figures, "resilience": curve}))
    at = step("write firms.csv, summary.json", at)
    elapsed = time.perf_counter() - started
    for name, seconds in times.items():
        print(f"{name:<34} {seconds:8.2f} s")
    print(f"{'total':<34} {elapsed:8.2f} s  ({n:,} firms, {A.nnz:,} ties)")


if __name__ == "__main__":
    main()
