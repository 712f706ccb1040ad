"""Seeded positions for drawing the network: the same picture on every run and every load."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from clustermap.graph.build import node_key, undirected_projection

__all__ = ["spring_positions"]

_GAP = 1.0  # space between packed components, in layout units


def spring_positions(G: nx.Graph, *, seed: int = 42) -> dict[Any, tuple[float, float]]:
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
    H = undirected_projection(G, weight=None)
    components = sorted(
        (sorted(component, key=node_key) for component in nx.connected_components(H)),
        key=lambda members: (-len(members), node_key(members[0])),
    )
    if not components:
        return {}
    radius = [math.sqrt(len(members)) for members in components]
    row_width = max(2 * radius[0], 2.5 * math.sqrt(H.number_of_nodes()))
    positions: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for members, r in zip(components, radius, strict=True):
        if x > 0 and x + 2 * r > row_width:  # start a new row
            x, y, row_height = 0.0, y + row_height + _GAP, 0.0
        local = _component_layout(H.subgraph(members), members, seed)
        for node, (u, v) in local.items():
            positions[node] = (round(x + r + u * r, 4), round(y + r + v * r, 4))
        x += 2 * r + _GAP
        row_height = max(row_height, 2 * r)
    return {node: positions[node] for node in sorted(positions, key=node_key)}


def _component_layout(H: nx.Graph, members: list[Any], seed: int) -> dict[Any, tuple[float, float]]:
    """Positions of one connected component in the unit disc."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    canonical: nx.Graph = nx.Graph()
    canonical.add_nodes_from(members)
    canonical.add_edges_from(sorted(H.edges(), key=lambda e: (node_key(e[0]), node_key(e[1]))))
    # networkx's sparse solver above 500 firms is slow per iteration: fewer iterations there
    iterations = 200 if len(members) <= 500 else 50
    raw = nx.spring_layout(canonical, seed=seed, iterations=iterations, center=(0.0, 0.0))
    extent = max(math.hypot(float(x), float(y)) for x, y in raw.values()) or 1.0
    return {node: (float(x) / extent, float(y) / extent) for node, (x, y) in raw.items()}
