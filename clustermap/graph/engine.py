"""The optional fast engine for the heavy kernels: networkit (``pip install "clustermap[fast]"``).

networkit (MIT licence, compiled C++ with wheels for Linux, macOS and Windows) was chosen
after measuring the candidates on 100,000 firms and 1,000,000 ties (benchmarks/README.md):
it has every kernel clustermap needs, while igraph is GPL and rustworkx lacks Louvain and
sampled betweenness. The networkx path stays the default and the reference; the kernels here
give the same answers within the tolerances stated in each function and tested in
``tests/graph/test_engine.py``:

* exact betweenness, PageRank, k-core numbers: equal (PageRank within its convergence
  tolerance, 1e-9);
* sampled betweenness: an unbiased estimate from the same number of sources by a different
  sampling scheme (Geisberger, Sanders & Schultes), with its precision measured as for
  networkx's estimate;
* Louvain: networkit's PLM, the same method on the same projection, so a different local
  optimum of modularity from python-louvain's, of comparable quality;
* supply dominators: rustworkx's immediate dominators (Apache-2.0, Rust; also in the
  ``fast`` extra), the same tree as clustermap's own search (a graph has one), three to
  four times faster on a million ties.

Every kernel runs on one thread with a seed set before it, so results are reproducible.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

import numpy as np

from clustermap.errors import UsageError
from clustermap.options import ENGINES
from clustermap.scale import SCALE

__all__ = [
    "ENGINES",
    "available",
    "betweenness",
    "core_numbers",
    "cut_points_and_bridges",
    "estimated_betweenness",
    "louvain_labels",
    "pagerank",
    "resolve",
    "upstream_controls",
]

_INSTALL = 'pip install "clustermap[fast]"'


def available() -> bool:
    """Whether networkit can be imported (the ``fast`` extra is installed)."""
    return find_spec("networkit") is not None


def resolve(engine: str, firms: int) -> str:
    """The engine that runs for ``engine`` (one of :data:`ENGINES`) on ``firms`` firms.

    ``auto`` picks networkit when it is installed and the network is large
    (:data:`clustermap.scale.SCALE`); smaller networks keep networkx's answers (and
    python-louvain's communities), whatever is installed.

    >>> resolve("networkx", 10**6)
    'networkx'
    >>> resolve("auto", 77)
    'networkx'
    """
    if engine not in ENGINES:
        raise UsageError(f"must be one of {', '.join(ENGINES)}, got {engine!r}", "engine")
    if engine == "networkit" and not available():
        raise UsageError(f"networkit is not installed: {_INSTALL}", "engine")
    if engine == "auto":
        return "networkit" if SCALE.is_large(firms) and available() else "networkx"
    return engine


def _networkit() -> Any:
    import networkit as nk

    nk.engineering.setNumberOfThreads(1)  # one thread: the same result on every run
    return nk


def _graph(matrix: Any, *, directed: bool, weighted: bool) -> Any:
    """A networkit graph of a scipy sparse matrix (rows and columns: firms in order).

    Undirected graphs take the upper triangle, so each tie is added once. Built from the
    CSR arrays in C++: three times faster than adding the ties (2 s for ten million).
    """
    from scipy.sparse import csr_matrix, triu

    nk = _networkit()
    ties = csr_matrix(matrix if directed else triu(matrix, k=1, format="csr"), dtype=np.float64)
    return nk.GraphFromCsr(ties, directed=directed, weighted=weighted)


def betweenness(matrix: Any) -> np.ndarray:
    """Exact directed, unweighted betweenness normalised by (n-1)(n-2), as networkx's."""
    nk = _networkit()
    graph = _graph(matrix, directed=True, weighted=False)
    scores = nk.centrality.Betweenness(graph, normalized=False).run().scores()
    return _normalised(np.asarray(scores))


def estimated_betweenness(matrix: Any, sources: int, seeds: list[int]) -> list[np.ndarray]:
    """Directed, unweighted betweenness estimated from ``sources`` sampled firms, once per
    seed, on one networkit graph.

    Geisberger, Sanders & Schultes's estimator (contributions weighted by distance, which
    removes the over-estimate of firms near a sampled source), normalised as
    :func:`betweenness`.

    References
    ----------
    .. [1] Geisberger, R., Sanders, P., & Schultes, D. (2008). Better approximation of
       betweenness centrality. ALENEX 2008, 90-100.
    """
    nk = _networkit()
    graph = _graph(matrix, directed=True, weighted=False)
    estimates = []
    for seed in seeds:
        nk.engineering.setSeed(seed, False)
        run = nk.centrality.EstimateBetweenness(graph, sources, normalized=False, parallel=False)
        estimates.append(_normalised(np.asarray(run.run().scores())))
    return estimates


def _normalised(scores: np.ndarray) -> np.ndarray:
    """Directed betweenness divided by (n-1)(n-2), as networkx does (left as is below 3 firms,
    where every score is 0)."""
    n = len(scores)
    return scores / ((n - 1) * (n - 2)) if n > 2 else scores


def pagerank(matrix: Any, alpha: float = 0.85) -> np.ndarray:
    """Weighted directed PageRank; firms without customers spread their score uniformly.

    Equal to :func:`networkx.pagerank` (same damping, same sink rule) within 1e-9.
    """
    nk = _networkit()
    graph = _graph(matrix, directed=True, weighted=True)
    sinks = nk.centrality.SinkHandling.DistributeSinks
    ranks = nk.centrality.PageRank(graph, damp=alpha, tol=1e-12, distributeSinks=sinks)
    return np.asarray(ranks.run().scores())


def cut_points_and_bridges(symmetric: Any) -> tuple[list[int], list[tuple[int, int]]]:
    """Articulation points (ascending) and bridges ``(i, j)``, ``i < j``, of the undirected
    network whose symmetric adjacency matrix is given, from its biconnected components
    (Hopcroft & Tarjan): a firm in two or more is a cut point, a component of two firms is
    a bridge. The same answer as clustermap's own search, four times faster."""
    nk = _networkit()
    graph = _graph(symmetric, directed=False, weighted=False)
    components = nk.components.BiconnectedComponents(graph).run().getComponents()
    sizes = np.fromiter(map(len, components), np.int64, len(components))
    members = np.fromiter(
        (firm for component in components for firm in component), np.int64, int(sizes.sum())
    )
    cut = np.flatnonzero(np.bincount(members, minlength=symmetric.shape[0]) > 1)
    bridges = sorted(
        (min(c), max(c)) for c, size in zip(components, sizes, strict=True) if size == 2
    )
    return cut.tolist(), bridges


def core_numbers(symmetric: Any) -> np.ndarray:
    """k-core numbers of the undirected network whose symmetric adjacency matrix is given."""
    nk = _networkit()
    graph = _graph(symmetric, directed=False, weighted=False)
    cores = nk.centrality.CoreDecomposition(graph).run().scores()
    return np.asarray(cores, dtype=np.int64)


def louvain_labels(symmetric: Any, resolution: float, seeds: list[int]) -> list[np.ndarray]:
    """One community label per firm for each seed: networkit's PLM (Louvain) runs.

    ``symmetric`` is the weighted undirected adjacency matrix. Each run visits the firms in
    an order shuffled by its seed (``par="none randomized"``), as python-louvain does.

    References
    ----------
    .. [1] Staudt, C. L., & Meyerhenke, H. (2016). Engineering parallel algorithms for
       community detection in massive networks. IEEE TPDS 27(1), 171-184.
    """
    nk = _networkit()
    graph = _graph(symmetric, directed=False, weighted=True)
    found = []
    for seed in seeds:
        nk.engineering.setSeed(seed, False)
        plm = nk.community.PLM(graph, refine=False, gamma=resolution, par="none randomized")
        found.append(np.asarray(plm.run().getPartition().getVector(), dtype=np.int64))
    return found


def upstream_controls(suppliers: Any, roots: list[int]) -> list[dict[int, int]] | None:
    """:func:`clustermap.graph.supply.upstream_control` for each of ``roots``, with
    rustworkx's immediate dominators; ``None`` when rustworkx is not installed.

    ``suppliers`` is the transposed adjacency matrix (scipy CSR: row ``i`` holds the
    suppliers of firm ``i``), the network the dominators are computed on.
    """
    if find_spec("rustworkx") is None:
        return None
    import rustworkx as rx

    n = suppliers.shape[0]
    graph = rx.PyDiGraph()
    graph.add_nodes_from(range(n))
    rows = np.repeat(np.arange(n), np.diff(suppliers.indptr))
    graph.add_edges_from_no_data(list(zip(rows.tolist(), suppliers.indices.tolist(), strict=True)))
    found = []
    for root in roots:
        idom = rx.immediate_dominators(graph, root)
        found.append(_subtree_sizes(idom, root))
    return found


def _subtree_sizes(idom: dict[int, int], root: int) -> dict[int, int]:
    """Per firm of the dominator tree ``idom`` (firm -> immediate dominator, the root its
    own), the number of firms below it, for those with any (and the root)."""
    children: dict[int, list[int]] = {}
    for node, parent in idom.items():
        if node != root:
            children.setdefault(parent, []).append(node)
    order = [root]  # parents before children
    for node in order:
        order.extend(children.get(node, ()))
    size = dict.fromkeys(order, 1)
    for node in reversed(order[1:]):
        size[idom[node]] += size[node]
    return {node: count - 1 for node, count in size.items() if count > 1 or node == root}
