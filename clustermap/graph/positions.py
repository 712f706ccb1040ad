"""Seeded positions for drawing the network: the same picture on every run and every load."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import triu
from scipy.sparse.csgraph import connected_components

from clustermap.graph.network import Network, as_network

__all__ = ["spring_positions"]

_GAP = 1.0  # space between packed components, in layout units
#: Components with more firms than this are laid out by pivot MDS instead of
#: Fruchterman-Reingold, whose networkx implementation costs O(firms²) per iteration.
SPRING_LIMIT = 1_500
#: Pivots of the pivot MDS: 50, fewer (at least 10) where their searches would visit more
#: than :data:`PIVOT_BUDGET` matrix entries (above a million ties).
PIVOTS, MIN_PIVOTS = 50, 10
PIVOT_BUDGET = 100_000_000


def spring_positions(G: nx.Graph | Network, *, seed: int = 42) -> dict[Any, tuple[float, float]]:
    """Force-directed positions, one component at a time, packed in rows.

    Each connected component of the undirected projection is laid out with the seeded
    Fruchterman-Reingold algorithm in a disc of radius ``sqrt(firms)`` (so every component
    has the same density of firms on screen), and the discs are packed left to right in
    rows, largest first. Laying out the whole network at once would push isolates and
    small components to the edges and squeeze the main component into a dot. Positions
    are rounded to 4 decimals so that they are identical across platforms whose
    floating-point results differ in the last bits.

    Returns
    -------
    dict
        Firm -> (x, y) in layout units (y grows downwards, as on screen).

    References
    ----------
    .. [1] Fruchterman, T. M. J., & Reingold, E. M. (1991). Graph drawing by force-directed
       placement. Software: Practice and Experience 21(11), 1129-1164.

    Examples
    --------
    >>> G = nx.path_graph(["A", "B", "C"]); G.add_node("D")
    >>> positions = spring_positions(G, seed=1)
    >>> positions == spring_positions(G, seed=1), sorted(positions)
    (True, ['A', 'B', 'C', 'D'])
    """
    net = as_network(G)
    nodes = net.nodes
    S = net.symmetric(weight=None)  # binary, canonical order: rows i < j are canonical pairs
    count, label = connected_components(S, directed=False) if nodes else (0, [])
    by_label = np.argsort(label, kind="stable")  # each component's firms in canonical order
    parts = np.split(by_label, np.cumsum(np.bincount(label, minlength=count))[:-1])
    components = sorted(parts, key=lambda members: (-len(members), int(members[0])))
    if not components:
        return {}
    radius = [math.sqrt(len(members)) for members in components]
    row_width = max(2 * radius[0], 2.5 * math.sqrt(len(nodes)))
    positions: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for members, r in zip(components, radius, strict=True):
        if x > 0 and x + 2 * r > row_width:  # start a new row
            x, y, row_height = 0.0, y + row_height + _GAP, 0.0
        local = _component_layout(S[members][:, members], seed)
        for index, (u, v) in zip(members.tolist(), local, strict=True):
            positions[nodes[index]] = (round(x + r + u * r, 4), round(y + r + v * r, 4))
        x += 2 * r + _GAP
        row_height = max(row_height, 2 * r)
    return {node: positions[node] for node in nodes}


def _component_layout(matrix: Any, seed: int) -> list[tuple[float, float]]:
    """Positions in the unit disc of one connected component, given by its binary symmetric
    matrix (firms in canonical order)."""
    n = matrix.shape[0]
    if n == 1:
        return [(0.0, 0.0)]
    if n > SPRING_LIMIT:
        return _pivot_mds(matrix, seed)
    pairs = triu(matrix, k=1).tocoo()
    order = np.lexsort((pairs.col, pairs.row))  # canonical order of ties: the same picture
    canonical: nx.Graph = nx.Graph()
    canonical.add_nodes_from(range(n))
    canonical.add_edges_from(zip(pairs.row[order].tolist(), pairs.col[order].tolist(), strict=True))
    # networkx's sparse solver above 500 firms is slow per iteration: fewer iterations there
    iterations = 200 if n <= 500 else 50
    raw = nx.spring_layout(canonical, seed=seed, iterations=iterations, center=(0.0, 0.0))
    extent = max(math.hypot(float(x), float(y)) for x, y in raw.values()) or 1.0
    return [(float(raw[i][0]) / extent, float(raw[i][1]) / extent) for i in range(n)]


def _pivot_mds(matrix: Any, seed: int) -> list[tuple[float, float]]:
    """Positions of a large connected component in the unit disc by pivot MDS.

    Breadth-first distances from :data:`PIVOTS` pivot firms (fewer above a million ties;
    the first drawn with the seed, each next one the firm farthest from those chosen) are
    double-centred and projected on their two leading singular vectors: classical
    multidimensional scaling of the network distances, approximated through the pivots.
    O(pivots x ties); the picture keeps the global shape (communities apart, the core in
    the middle) that a force-directed layout would give.

    References
    ----------
    .. [1] Brandes, U., & Pich, C. (2007). Eigensolver methods for progressive
       multidimensional scaling of large data. Graph Drawing 2006, LNCS 4372, 42-53.
    """
    from scipy.sparse.csgraph import shortest_path

    n = matrix.shape[0]
    chosen = [int(np.random.default_rng(seed).integers(n))]
    columns = []
    nearest = np.full(n, np.inf)
    pivots = max(MIN_PIVOTS, min(PIVOTS, PIVOT_BUDGET // max(matrix.nnz, 1)))
    for _ in range(min(pivots, n)):
        # the matrix is symmetric: searched as directed, scipy does not transpose it each time
        distance = shortest_path(matrix, unweighted=True, directed=True, indices=chosen[-1])
        columns.append(distance)
        nearest = np.minimum(nearest, distance)
        chosen.append(int(np.argmax(nearest)))
    squared = np.column_stack(columns) ** 2
    centred = -0.5 * (
        squared - squared.mean(axis=0) - squared.mean(axis=1)[:, None] + squared.mean()
    )
    left, values, _ = np.linalg.svd(centred, full_matrices=False)
    coordinates = left[:, :2] * values[:2]
    # singular vectors have no sign of their own: fix one, for the same picture everywhere
    for axis in range(coordinates.shape[1]):
        if coordinates[np.argmax(np.abs(coordinates[:, axis])), axis] < 0:
            coordinates[:, axis] *= -1
    coordinates -= coordinates.mean(axis=0)
    extent = float(np.max(np.hypot(coordinates[:, 0], coordinates[:, 1]))) or 1.0
    return [(float(x) / extent, float(y) / extent) for x, y in coordinates[:, :2].tolist()]
