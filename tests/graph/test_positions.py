"""Seeded layouts: small components by Fruchterman-Reingold, large ones by pivot MDS."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from clustermap.graph import positions as positions_module
from clustermap.graph.positions import spring_positions


def test_positions_are_seeded_and_components_packed() -> None:
    G = nx.disjoint_union(nx.path_graph(5), nx.cycle_graph(4))
    G.add_node(99)
    first = spring_positions(G, seed=3)
    assert first == spring_positions(G, seed=3)
    assert sorted(first) == sorted(G)
    # the path (largest component) and the cycle do not overlap
    path = np.array([first[n] for n in range(5)])
    cycle = np.array([first[n] for n in range(5, 9)])
    apart = [
        path[:, axis].max() < cycle[:, axis].min() or cycle[:, axis].max() < path[:, axis].min()
        for axis in (0, 1)
    ]
    assert any(apart)


def test_large_components_are_laid_out_by_pivot_mds(monkeypatch) -> None:
    """Two communities joined by a few ties end up apart, the same way every run."""
    monkeypatch.setattr(positions_module, "SPRING_LIMIT", 100)
    G = nx.planted_partition_graph(2, 150, 0.08, 0.002, seed=2)
    G = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    positions = spring_positions(G, seed=1)
    assert positions == spring_positions(G, seed=1)
    radius = math.sqrt(len(G))  # the one component's disc, centred at (radius, radius)
    assert all(math.dist(p, (radius, radius)) <= radius + 1e-3 for p in positions.values())
    left = np.mean([positions[n] for n in G if n < 150], axis=0)
    right = np.mean([positions[n] for n in G if n >= 150], axis=0)
    assert math.dist(left, right) > 0.5 * radius  # the two communities are drawn apart
