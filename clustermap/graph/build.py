"""Survey tables -> ``networkx.DiGraph`` (supplier -> customer), and its undirected projection.

Nodes and edges are inserted in canonical (sorted) order, so every algorithm downstream
sees the same graph whatever the row order of the survey file: several of them
(python-louvain, spring layout, tie-breaking in searches) depend on insertion order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import networkx as nx
import numpy as np
import pandas as pd

from clustermap.survey.names import sort_key

__all__ = [
    "adjacency",
    "build_graph",
    "build_network",
    "canonical_nodes",
    "masked_product_sums",
    "node_key",
    "positions",
    "remembered",
    "settled",
    "symmetric",
    "tie_count",
    "triangles",
    "undirected_projection",
    "unmeasured",
]

T = TypeVar("T")

#: id(graph) -> what has been computed of it, for the graphs inside :func:`settled`.
_MEMO: dict[int, dict[Any, Any]] = {}


def node_key(node: Any) -> tuple[Any, ...]:
    """Sort key of a node: numbers in numeric order, then names in Turkish alphabetical order.

    >>> sorted([10, 2, "b", "A"], key=node_key)
    [2, 10, 'A', 'b']
    """
    if isinstance(node, int | float) and not isinstance(node, bool):
        return (0, node)
    return (1, sort_key(str(node)))


def canonical_nodes(G: nx.Graph) -> list[Any]:
    """The nodes of ``G`` in canonical order (:func:`node_key`).

    >>> canonical_nodes(nx.path_graph(["Zafer", "Çelik", "Ceylan"]))
    ['Ceylan', 'Çelik', 'Zafer']
    """
    return list(remembered(G, "nodes", lambda: sorted(G, key=node_key)))


def tie_count(G: nx.Graph) -> int:
    """``G.number_of_edges()``, counted once while ``G`` is :func:`settled` (each count walks
    every firm: a second on a million firms)."""
    return remembered(G, "ties", G.number_of_edges)


@contextmanager
def settled(G: nx.Graph, *, weighted: Any = None) -> Iterator[nx.Graph]:
    """A block in which ``G`` does not change, so its canonical order and matrices are
    computed once however many measures ask for them (the pipeline runs in one).

    ``weighted``: the weighted adjacency matrix of ``G`` in canonical order when it is
    already known (:func:`build_network` makes it with the graph, whose nodes it adds in
    canonical order).
    """
    _MEMO[id(G)] = {} if weighted is None else {("adjacency", "weight"): weighted, "nodes": list(G)}
    try:
        yield G
    finally:
        del _MEMO[id(G)]


def remembered(G: nx.Graph, key: Any, compute: Callable[[], T]) -> T:
    """``compute()``, once per ``key`` while ``G`` is :func:`settled` (every time outside)."""
    memo = _MEMO.get(id(G))
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def adjacency(G: nx.Graph, weight: str | None = "weight") -> Any:
    """The adjacency matrix of ``G`` (scipy CSR, float), rows and columns in canonical
    order; values are the ``weight`` attribute (1 where missing), or 1 when ``None``.

    >>> adjacency(nx.DiGraph([("B", "A", {"weight": 2.0})])).toarray().tolist()
    [[0.0, 0.0], [2.0, 0.0]]
    """

    def compute() -> Any:
        # as nx.to_scipy_sparse_array, from the adjacency dicts straight into CSR arrays
        # (four times faster on a million ties)
        from scipy.sparse import csr_array

        weighted = _MEMO.get(id(G), {}).get(("adjacency", "weight"))
        if weight is None and weighted is not None:  # the same ties, each counted once
            unweighted = weighted.copy()
            unweighted.data = np.ones(len(unweighted.data))
            return unweighted

        nodes = canonical_nodes(G)
        index = {node: i for i, node in enumerate(nodes)}
        partners = [G.adj[node] for node in nodes]
        starts = np.zeros(len(nodes) + 1, dtype=np.int64)
        np.cumsum([len(row) for row in partners], out=starts[1:])
        ties = int(starts[-1])
        columns = np.fromiter((index[v] for row in partners for v in row), np.int64, ties)
        if weight is None:
            values = np.ones(ties)
        else:
            values = np.fromiter(
                (data.get(weight, 1) for row in partners for data in row.values()), float, ties
            )
        matrix = csr_array((values, columns, starts), shape=(len(nodes), len(nodes)))
        matrix.sort_indices()
        return matrix

    return remembered(G, ("adjacency", weight), compute).copy()


def symmetric(G: nx.Graph, weight: str | None = "weight") -> Any:
    """The matrix of :func:`undirected_projection` (scipy CSR, canonical order, no self-ties):
    reciprocal weights summed, or 1 for every tie when ``weight`` is ``None``.

    >>> D = nx.DiGraph([("A", "B", {"weight": 2}), ("B", "A", {"weight": 3}), ("B", "C", {})])
    >>> symmetric(D).toarray().tolist()
    [[0.0, 5.0, 0.0], [5.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """

    def compute() -> Any:
        A = adjacency(G, weight)
        S = (A + A.T).tocsr() if G.is_directed() else A
        S.setdiag(0.0)
        S.eliminate_zeros()
        if weight is None:
            S.data[:] = 1.0
        S.sort_indices()
        return S

    return remembered(G, ("symmetric", weight), compute).copy()


#: :func:`masked_product_sums` works on blocks of rows of about this many multiply-adds, so
#: memory stays bounded whatever the hubs.
BLOCK_WORK = 10_000_000


def masked_product_sums(left: Any, right: Any, mask: Any) -> np.ndarray:
    """Per row i, the sum over j of ``(left @ right)[i, j] * mask[i, j]`` (scipy sparse).

    The product is formed a block of rows at a time: ``left @ right`` alone can hold far
    more entries than the three matrices (hubs' partners times partners), while only its
    entries under ``mask`` are wanted.

    >>> from scipy.sparse import csr_array
    >>> S = csr_array(np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]]))
    >>> masked_product_sums(S, S, S).tolist()  # twice the triangles at each firm
    [2, 2, 2]
    """
    left, right, mask = (_csr(matrix) for matrix in (left, right, mask))
    rows = left.shape[0]
    work = np.cumsum(left @ np.diff(right.indptr)) if rows else np.zeros(0)
    sums = np.zeros(rows, dtype=np.result_type(left.dtype, right.dtype, mask.dtype))
    start = 0
    while start < rows:
        stop = int(np.searchsorted(work, work[start] - 1 + BLOCK_WORK, side="right"))
        stop = max(stop, start + 1)
        block = slice(start, stop)
        sums[block] = np.asarray((left[block] @ right).multiply(mask[block]).sum(axis=1)).ravel()
        start = stop
    return sums


def unmeasured(G: nx.Graph, *measures: str) -> dict[str, dict[Any, float]]:
    """Measures left out, each as a missing value (NaN: an empty cell) per firm.

    >>> unmeasured(nx.path_graph(["B", "A"]), "constraint")
    {'constraint': {'A': nan, 'B': nan}}
    """
    return {measure: dict.fromkeys(canonical_nodes(G), math.nan) for measure in measures}


def triangles(S: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every triangle of the undirected network with binary symmetric matrix ``S`` (scipy
    CSR, no self-loops), once each, as three arrays of firm indices.

    Each tie is pointed from the firm with fewer partners to the one with more, and each
    pair of a firm's outgoing ties is checked for the third tie: hubs then have few outgoing
    ties, so the work is the sum of squared out-degrees (5.6 million pairs for a million
    ties with hubs of 3,500 partners, where products of ``S`` cost 190 million), in blocks
    of :data:`BLOCK_WORK` pairs.

    >>> from scipy.sparse import csr_array
    >>> S = csr_array(np.array([[0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 1], [1, 0, 1, 0]]))
    >>> sorted(sorted(map(int, t)) for t in zip(*triangles(S)))
    [[0, 1, 2], [0, 2, 3]]
    """
    S = _sorted(S)
    n = S.shape[0]
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), np.diff(S.indptr)))] = np.arange(n)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(S.indptr))
    up = rank[rows] < rank[S.indices]
    tails, heads = rows[up], S.indices[up].astype(np.int64)  # CSR order: grouped by tail
    row_end = np.searchsorted(tails, tails, side="right")
    later = row_end - np.arange(len(tails)) - 1  # pairs each tie starts within its row
    work = np.cumsum(later)
    keys = rows * n + S.indices
    found: list[tuple[np.ndarray, ...]] = []
    start = 0
    while start < len(tails):
        stop = int(np.searchsorted(work, work[start] - later[start] + BLOCK_WORK, side="right"))
        stop = max(stop, start + 1)
        count = later[start:stop]
        first = np.repeat(np.arange(start, stop), count)
        offset = np.arange(len(first)) - np.repeat(np.cumsum(count) - count, count)
        second = first + 1 + offset
        closing = heads[first] * n + heads[second]
        at = np.minimum(np.searchsorted(keys, closing), len(keys) - 1)
        hit = keys[at] == closing
        found.append((tails[first[hit]], heads[first[hit]], heads[second[hit]]))
        start = stop
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    a, b, c = (np.concatenate(part) for part in zip(*found, strict=True))
    return a, b, c


def positions(S: Any, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Where the entries ``(rows[k], cols[k])`` are stored in ``S.data`` (scipy CSR with
    sorted indices; every entry must be present).

    >>> from scipy.sparse import csr_array
    >>> positions(csr_array(np.array([[0, 5], [7, 0]])), np.array([1, 0]), np.array([0, 1]))
    array([1, 0])
    """
    S = _sorted(S)
    n = S.shape[1]
    keys = np.repeat(np.arange(S.shape[0], dtype=np.int64), np.diff(S.indptr)) * n + S.indices
    return np.searchsorted(keys, rows.astype(np.int64) * n + cols)


def _sorted(matrix: Any) -> Any:
    matrix = _csr(matrix)
    return matrix if matrix.has_sorted_indices else matrix.sorted_indices()


def _csr(matrix: Any) -> Any:
    from scipy.sparse import csr_array

    return csr_array(matrix)


def build_graph(
    ties: pd.DataFrame, firms: pd.DataFrame | None = None, nodes: Iterable[str] = ()
) -> nx.DiGraph:
    """Build the supply network (see :func:`build_network`, which also gives its matrix).

    >>> ties = pd.DataFrame({"supplier": ["B", "A", "A"], "customer": ["C", "B", "B"],
    ...                      "weight": [1.0, 2.0, 0.5], "relation": ["supply", "supply",
    ...                      "service"]})
    >>> G = build_graph(ties, pd.DataFrame({"sector": ["Kablaj"]}, index=["D"]))
    >>> list(G.nodes), list(G.edges(data=True))[0]
    (['A', 'B', 'C', 'D'], ('A', 'B', {'weight': 2.5, 'relation': 'service;supply'}))
    """
    return build_network(ties, firms, nodes)[0]


def build_network(
    ties: pd.DataFrame, firms: pd.DataFrame | None = None, nodes: Iterable[str] = ()
) -> tuple[nx.DiGraph, Any]:
    """Build the supply network: one node per firm, one edge per supplier -> customer pair.

    Parameters
    ----------
    ties : pandas.DataFrame
        Columns ``supplier``, ``customer``, ``weight`` and optionally ``relation`` (as in
        :attr:`clustermap.survey.Survey.ties`). Ties of several relation layers between the
        same pair become one edge whose ``weight`` is their sum and whose ``relation`` lists
        the layers, sorted, separated by ``;``.
    firms : pandas.DataFrame, optional
        Firm attributes indexed by firm name; firms without ties become isolates. Missing
        values are left out of the node's attributes.
    nodes : iterable of str
        More firms of the network, isolates if they have no ties (respondents who named no
        partner).

    Returns
    -------
    networkx.DiGraph
        Edges point from supplier to customer (the flow of goods and services).
    scipy.sparse.csr_array
        Its weighted adjacency matrix, firms in canonical order (:func:`adjacency`), made
        from the same arrays: converting back from a graph of ten million ties takes 20 s.
    """
    from scipy.sparse import csr_array

    # each distinct name read once (as text), then numbered in the canonical order
    m = len(ties)
    ends = np.concatenate([ties["supplier"].to_numpy(object), ties["customer"].to_numpy(object)])
    codes, distinct = pd.factorize(ends, use_na_sentinel=False)
    as_text, texts = pd.factorize(np.array([str(cell) for cell in distinct], dtype=object))
    attributes = _firm_attributes(firms)
    order = sorted(set(attributes) | set(texts) | set(nodes), key=sort_key)
    G: nx.DiGraph = nx.DiGraph()
    G.add_nodes_from((firm, attributes.get(firm, {})) for firm in order)
    n = len(order)
    if not m:
        return G, csr_array((n, n), dtype=float)
    # one edge per (supplier, customer), in canonical order: its rows' weights summed in row
    # order, their layers listed
    index = pd.Index(order).get_indexer(texts).astype(np.int64)[as_text][codes]
    pair = index[:m] * n + index[m:]
    pairs, edge_of_row, rows_per_edge = np.unique(pair, return_inverse=True, return_counts=True)
    weight = np.bincount(edge_of_row, weights=ties["weight"].to_numpy(dtype=float))
    layer = ties["relation"].astype(str).tolist() if "relation" in ties else ["supply"] * len(pair)
    relation = np.empty(len(pairs), dtype=object)
    single = rows_per_edge[edge_of_row] == 1
    relation[edge_of_row[single]] = np.asarray(layer, dtype=object)[single]
    layers: dict[int, set[str]] = {}
    for edge, row in zip(
        edge_of_row[~single].tolist(), np.flatnonzero(~single).tolist(), strict=True
    ):
        layers.setdefault(edge, set()).add(layer[row])
    for edge, named in layers.items():
        relation[edge] = ";".join(sorted(named))
    names = np.asarray(order, dtype=object)
    # the edges go straight into networkx's adjacency dicts, one data dict shared by the
    # supplier's and the customer's side as add_edges_from shares it: its checks per edge
    # took 40 % longer on ten million (every node is already in the fresh graph)
    successors = G._succ  # type: ignore[attr-defined]  # (private: not in the stubs)
    predecessors = G._pred  # type: ignore[attr-defined]
    for u, v, w, r in zip(
        names[pairs // n].tolist(),
        names[pairs % n].tolist(),
        weight.tolist(),
        relation.tolist(),
        strict=True,
    ):
        successors[u][v] = predecessors[v][u] = {"weight": w, "relation": r}
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pairs // n, minlength=n), out=starts[1:])
    return G, csr_array((weight, pairs % n, starts), shape=(n, n))


def undirected_projection(G: nx.Graph, weight: str | None = "weight") -> nx.Graph:
    """The undirected network used by methods that need one.

    Firms are tied if a tie runs in either direction; the weight of the undirected tie is
    the sum of the two directed weights (reciprocal ties add up); with ``weight=None``
    every undirected tie has weight 1.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Edge attribute to sum; missing attributes count as 1.

    Returns
    -------
    networkx.Graph
        Nodes (with their attributes) and edges in canonical order; edge attribute
        ``weight``.

    Examples
    --------
    >>> D = nx.DiGraph([("A", "B", {"weight": 2}), ("B", "A", {"weight": 3}), ("B", "C", {})])
    >>> sorted(undirected_projection(D).edges(data="weight"))
    [('A', 'B', 5.0), ('B', 'C', 1.0)]
    >>> sorted(undirected_projection(D, weight=None).edges(data="weight"))
    [('A', 'B', 1.0), ('B', 'C', 1.0)]
    """
    summed: dict[tuple[Any, Any], float] = {}
    order = {node: index for index, node in enumerate(canonical_nodes(G))}
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        pair = (u, v) if order[u] < order[v] else (v, u)
        value = 1.0 if weight is None else float(data.get(weight, 1.0))
        summed[pair] = 1.0 if weight is None else summed.get(pair, 0.0) + value
    H: nx.Graph = nx.Graph()
    H.add_nodes_from((node, G.nodes[node]) for node in order)
    H.add_weighted_edges_from(
        (u, v, summed[(u, v)]) for u, v in sorted(summed, key=lambda p: (order[p[0]], order[p[1]]))
    )
    return H


def _firm_attributes(firms: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    if firms is None or len(firms.index) == 0:
        return {}
    # to_dict("records") returns no rows at all for a frame without columns (pandas 2)
    rows = firms.to_dict("records") if len(firms.columns) else [{} for _ in firms.index]
    return {
        str(firm): {str(key): value for key, value in row.items() if _present(value)}
        for firm, row in zip(firms.index, rows, strict=True)
    }


def _present(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value.strip())
