"""python-louvain's ``best_partition``, step for step, on plain lists instead of networkx.

python-louvain (``community.best_partition``) walks networkx graphs: each of its moves
reads a node's neighbours through networkx's views and keeps its state in dicts keyed by
node, and each level builds a new networkx graph. On a survey-sized network a run costs
about 10 ms, four fifths of it in those views; the significance test of communities
makes a hundred runs. This module performs the same computation on adjacency lists:

* the same moves in the same order: the nodes and each node's neighbouring communities
  are shuffled by the same ``numpy.random.RandomState`` calls on lists of the same
  lengths (a list's shuffle depends only on its length, and one of fewer than two items
  draws no random number), neighbours are visited in the
  same order as networkx's adjacency (insertion order), and communities are iterated
  through the same Python sets;
* the same floating-point arithmetic, operation for operation and in the same order
  (sums with the builtin ``sum`` where networkx uses it), so that every comparison, and
  so every result, is the same.

``tests/graph/test_louvain.py`` checks the partitions equal python-louvain's on random,
weighted, planted and real networks across seeds and resolutions; python-louvain stays
the reference.

References
----------
.. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008). Fast
   unfolding of communities in large networks. Journal of Statistical Mechanics, P10008.
.. [2] Aynaud, T. python-louvain 0.16, ``community/community_louvain.py`` (BSD-3-Clause).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["best_partition"]

_MIN = 0.0000001  # python-louvain's __MIN: a level that gains less ends the search

#: A level's graph: for each node (by position), its neighbours' positions and the ties'
#: weights, in networkx's adjacency order (a self-tie among them).
Adjacency = list[list[tuple[int, float]]]


def best_partition(S: Any, *, resolution: float = 1.0, seed: int = 42) -> list[int]:
    """The community of each firm as ``community.best_partition`` finds it on the
    undirected graph of the symmetric matrix ``S`` built in row order (as
    :func:`clustermap.graph.community.louvain_partition` builds it), with
    ``weight="weight"`` and ``random_state=seed``.

    Parameters
    ----------
    S : scipy sparse matrix
        Symmetric, non-negative, with at least one tie and no self-ties.
    resolution : float
    seed : int

    Returns
    -------
    list of int
        The community of each row, numbered as python-louvain numbers them.

    Examples
    --------
    >>> import networkx as nx
    >>> from scipy.sparse import csr_array
    >>> S = csr_array(nx.to_scipy_sparse_array(nx.karate_club_graph(), weight=None))
    >>> len(set(best_partition(S, seed=1)))
    4
    """
    upper = S.tocsr()
    upper.sort_indices()
    n = upper.shape[0]
    # the projection adds ties (i, j), i < j, row by row: each node's neighbours in
    # networkx's adjacency are then in increasing order
    rows = np.repeat(np.arange(n), np.diff(upper.indptr)).tolist()
    adjacency: Adjacency = [[] for _ in range(n)]
    for i, j, w in zip(rows, upper.indices.tolist(), upper.data.tolist(), strict=True):
        if i < j:
            adjacency[i].append((j, w))
            adjacency[j].append((i, w))
    for neighbours in adjacency:
        neighbours.sort(key=lambda pair: pair[0])
    random_state = np.random.RandomState(seed)
    labels: list[Any] = list(range(n))  # the nodes of the current level, in graph order
    levels: list[dict[Any, int]] = []
    status = _Status(adjacency)
    _one_level(adjacency, status, resolution, random_state)
    mod = status.modularity(resolution)
    partition = _renumber(dict(zip(labels, status.node2com, strict=True)))
    levels.append(partition)
    labels, adjacency = _induced(partition, labels, adjacency)
    status = _Status(adjacency)
    while True:
        _one_level(adjacency, status, resolution, random_state)
        new_mod = status.modularity(resolution)
        if new_mod - mod < _MIN:
            break
        partition = _renumber(dict(zip(labels, status.node2com, strict=True)))
        levels.append(partition)
        mod = new_mod
        labels, adjacency = _induced(partition, labels, adjacency)
        status = _Status(adjacency)
    found = levels[0].copy()  # partition_at_level(dendrogram, last level)
    for level in levels[1:]:
        for node, community in found.items():
            found[node] = level[community]
    return [found[node] for node in range(n)]


class _Status:
    """python-louvain's ``Status`` after ``init(graph, weight)``, by node position: every
    node alone in the community numbered by its position."""

    def __init__(self, adjacency: Adjacency) -> None:
        self.node2com = list(range(len(adjacency)))
        self.gdegrees: list[float] = []
        self.loops: list[float] = []
        for node, neighbours in enumerate(adjacency):
            loop = next((w for v, w in neighbours if v == node), None)
            # networkx's Graph.degree: the ties' weights, a self-tie's twice
            self.gdegrees.append(float(sum(w for _, w in neighbours) + (loop is not None and loop)))
            self.loops.append(float(loop if loop is not None else 0))
        # Graph.size(weight): the sum of the degrees, halved
        self.total_weight = sum(self.gdegrees) / 2
        self.degrees = list(self.gdegrees)
        self.internals = list(self.loops)

    def modularity(self, resolution: float) -> float:
        links = float(self.total_weight)
        result = 0.0
        for community in set(self.node2com):
            in_degree = self.internals[community]
            degree = self.degrees[community]
            if links > 0:
                result += in_degree * resolution / links - ((degree / (2.0 * links)) ** 2)
        return result


def _one_level(adjacency: Adjacency, status: _Status, resolution: float, random_state: Any) -> None:
    """python-louvain's ``__one_level``: moves of single nodes until a pass gains less
    than :data:`_MIN`."""
    node2com, degrees, internals = status.node2com, status.degrees, status.internals
    gdegrees, loops = status.gdegrees, status.loops
    twice_total = status.total_weight * 2.0
    modified = True
    new_mod = status.modularity(resolution)
    while modified:
        cur_mod = new_mod
        modified = False
        order = list(range(len(adjacency)))
        random_state.shuffle(order)
        for node in order:
            com_node = node2com[node]
            degc_totw = gdegrees[node] / twice_total
            weights: dict[int, Any] = {}
            for neighbour, edge_weight in adjacency[node]:
                if neighbour != node:
                    neighbour_com = node2com[neighbour]
                    weights[neighbour_com] = weights.get(neighbour_com, 0) + edge_weight
            remove_cost = (
                -weights.get(com_node, 0)
                + resolution * (degrees[com_node] - gdegrees[node]) * degc_totw
            )
            # __remove
            degrees[com_node] = degrees[com_node] - gdegrees[node]
            internals[com_node] = float(
                internals[com_node] - weights.get(com_node, 0.0) - loops[node]
            )
            node2com[node] = -1
            best_com = com_node
            best_increase: float = 0
            candidates = list(weights.items())
            if len(candidates) > 1:  # a shorter list's shuffle draws no number
                random_state.shuffle(candidates)
            for com, dnc in candidates:
                incr = remove_cost + dnc - resolution * degrees[com] * degc_totw
                if incr > best_increase:
                    best_increase = incr
                    best_com = com
            # __insert
            node2com[node] = best_com
            degrees[best_com] = degrees[best_com] + gdegrees[node]
            internals[best_com] = float(
                internals[best_com] + weights.get(best_com, 0.0) + loops[node]
            )
            if best_com != com_node:
                modified = True
        new_mod = status.modularity(resolution)
        if new_mod - cur_mod < _MIN:
            break


def _renumber(dictionary: dict[Any, int]) -> dict[Any, int]:
    """python-louvain's ``__renumber``, as written (its sets decide the numbers)."""
    values = set(dictionary.values())
    target = set(range(len(values)))
    if values == target:
        return dictionary.copy()
    shared = target.intersection(values)
    renumbering = dict(zip(shared, shared, strict=True))
    renumbering.update(zip(values.difference(target), target.difference(values), strict=True))
    return {k: renumbering[v] for k, v in dictionary.items()}


def _induced(
    partition: dict[Any, int], labels: list[Any], adjacency: Adjacency
) -> tuple[list[Any], Adjacency]:
    """python-louvain's ``induced_graph``: one node per community, in the order the
    communities first appear, and the ties summed between them in the order networkx's
    ``Graph.edges`` yields them (each tie once, from the first of its ends)."""
    new_labels = list(dict.fromkeys(partition.values()))
    position = {label: i for i, label in enumerate(new_labels)}
    ties: list[dict[int, float]] = [{} for _ in new_labels]
    seen = [False] * len(labels)
    for node, neighbours in enumerate(adjacency):
        one = position[partition[labels[node]]]
        for neighbour, edge_weight in neighbours:
            if seen[neighbour]:
                continue
            other = position[partition[labels[neighbour]]]
            total = ties[one].get(other, 0) + edge_weight
            ties[one][other] = total
            ties[other][one] = total
        seen[node] = True
    return new_labels, [list(row.items()) for row in ties]
