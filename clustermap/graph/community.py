"""Louvain communities on the undirected projection, seeded and canonical.

The only importer of python-louvain (``import community``). Two of its known defects are
worked around here rather than passed on to users:

* its result depends on node insertion order even with a fixed ``random_state``
  (python-louvain issue #105): the projection is built in canonical order;
* with ``resolution < 1`` it optimises the wrong objective (issue #94: the internal term
  is multiplied by the resolution, so smaller values give *more*, not fewer,
  communities): below 1, networkx's implementation of the same Louvain method is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import community as community_louvain
import networkx as nx

from clustermap.graph.build import node_key, undirected_projection

__all__ = ["Partition", "louvain_communities"]


@dataclass(frozen=True)
class Partition:
    """A partition of the firms into communities.

    Attributes
    ----------
    membership : dict
        Firm -> community number; community 0 is the largest (ties broken by the
        alphabetically first member), so numbers are stable across runs. Firms without
        any tie belong to no community (``None``): a one-firm "community" says nothing.
    modularity : float or None
        Newman's modularity (resolution 1) of the partition on the projection used;
        ``None`` for a network without ties.
    method : str
        ``"python-louvain"`` or ``"networkx-louvain"`` (used for resolution < 1).
    resolution, seed, runs : float, int, int
        The resolution, the first seed and the number of seeded runs; the partition
        reported is the one with the highest modularity at that resolution.
    """

    membership: dict[Any, int | None]
    modularity: float | None
    method: str
    resolution: float
    seed: int
    runs: int

    @property
    def count(self) -> int:
        """Number of communities (isolated firms are in none)."""
        return len({c for c in self.membership.values() if c is not None})

    @property
    def sizes(self) -> list[int]:
        """Community sizes, community 0 first."""
        sizes = [0] * self.count
        for community in self.membership.values():
            if community is not None:
                sizes[community] += 1
        return sizes

    @property
    def isolates(self) -> int:
        """Number of firms without ties, which belong to no community."""
        return sum(c is None for c in self.membership.values())


def louvain_communities(
    G: nx.Graph,
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 42,
    runs: int = 10,
) -> Partition:
    """Detect communities with the Louvain method, best of several seeded runs.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are projected: a tie in either direction links two firms, with
        the weights of reciprocal ties summed
        (:func:`~clustermap.graph.build.undirected_projection`).
    weight : str or None
        Edge attribute used as weight; ``None`` treats every tie as 1.
    resolution : float
        Resolution parameter gamma > 0 of modularity: larger values give more, smaller
        communities; smaller values fewer, larger ones.
    seed : int
        Seed of the first run; run ``i`` uses ``seed + i``.
    runs : int
        Number of seeded runs; the partition with the highest modularity (at
        ``resolution``) is kept, the earliest run winning ties.

    Returns
    -------
    Partition

    Raises
    ------
    ValueError
        If ``resolution`` is not positive or ``runs`` is less than 1.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008). Fast
       unfolding of communities in large networks. J. Stat. Mech. P10008.
    .. [2] Newman, M. E. J. (2006). Modularity and community structure in networks.
       PNAS 103(23), 8577-8582.

    Examples
    --------
    >>> partition = louvain_communities(nx.karate_club_graph(), weight=None)
    >>> partition.count, round(partition.modularity, 4)
    (4, 0.4198)
    """
    if not resolution > 0:
        raise ValueError(f"resolution must be greater than 0, got {resolution}")
    if runs < 1:
        raise ValueError(f"runs must be at least 1, got {runs}")
    H = undirected_projection(G, weight=weight)
    method = "python-louvain" if resolution >= 1 else "networkx-louvain"
    isolated = [node for node in H if H.degree(node) == 0]
    H.remove_nodes_from(isolated)  # they change no modularity; Louvain leaves them alone
    if H.number_of_edges() == 0:
        return Partition(dict.fromkeys(isolated), None, method, resolution, seed, runs)

    best: list[set[Any]] = []
    best_quality = float("-inf")
    for run in range(runs):
        groups = _louvain(H, method, resolution, seed + run)
        quality = nx.community.modularity(H, groups, weight="weight", resolution=resolution)
        if quality > best_quality + 1e-12:
            best, best_quality = groups, quality
    modularity = nx.community.modularity(H, best, weight="weight")
    membership: dict[Any, int | None] = {**_canonical(best), **dict.fromkeys(isolated)}
    return Partition(membership, float(modularity), method, resolution, seed, runs)


def _louvain(H: nx.Graph, method: str, resolution: float, seed: int) -> list[set[Any]]:
    if method == "networkx-louvain":
        return [
            set(group)
            for group in nx.community.louvain_communities(
                H, weight="weight", resolution=resolution, seed=seed
            )
        ]
    labels = community_louvain.best_partition(
        H, weight="weight", resolution=resolution, random_state=seed
    )
    groups: dict[int, set[Any]] = {}
    for node, label in labels.items():
        groups.setdefault(label, set()).add(node)
    return list(groups.values())


def _canonical(groups: list[set[Any]]) -> dict[Any, int]:
    """Number communities by decreasing size, then by their alphabetically first member."""
    keyed = [(sorted(group, key=node_key), group) for group in groups]
    keyed.sort(key=lambda item: (-len(item[1]), node_key(item[0][0])))
    return {node: number for number, (_, group) in enumerate(keyed) for node in group}
