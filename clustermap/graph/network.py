"""A supply network with what its measures share, computed once: :class:`Network`.

Every measure needs the firms in one canonical order and one of four sparse matrices
(directed or symmetric, weighted or not); on a million ties each costs seconds to make.
A :class:`Network` wraps a networkx graph and makes each of them once, on first use, like
networkx's graph-owned cache but held by an object passed explicitly: the pipeline builds
one and hands it to every measure (and to a background thread, which reads only what it
was given). Every measure also takes a plain networkx graph, for which it makes a
:class:`Network` of its own.

The graph must not change while a :class:`Network` wraps it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, TypeVar

import networkx as nx
import numpy as np

from clustermap.turkish import sort_key

__all__ = ["Network", "as_network", "node_key"]

T = TypeVar("T")


def node_key(node: Any) -> tuple[Any, ...]:
    """Sort key of a node: numbers in numeric order, then names in Turkish alphabetical order.

    >>> sorted([10, 2, "b", "A"], key=node_key)
    [2, 10, 'A', 'b']
    """
    if isinstance(node, int | float) and not isinstance(node, bool):
        return (0, node)
    return (1, sort_key(str(node)))


class Network:
    """A networkx graph, its firms in canonical order and its sparse matrices.

    Parameters
    ----------
    graph : networkx.Graph or networkx.DiGraph
        The network (for a supply network: supplier -> customer).
    adjacency : scipy.sparse.csr_array, optional
        Its weighted adjacency matrix when already known, rows in the order of
        ``graph``'s nodes, which must then be the canonical order
        (:func:`clustermap.graph.build.build_network` makes both from the same arrays).

    Examples
    --------
    >>> net = Network(nx.DiGraph([("Zafer", "Ceylan", {"weight": 2.0}), ("Ceylan", "Çelik", {})]))
    >>> net.nodes, net.ties
    (['Ceylan', 'Çelik', 'Zafer'], 2)
    >>> net.adjacency().toarray().tolist()
    [[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [2.0, 0.0, 0.0]]
    >>> net.symmetric(weight=None).toarray().tolist()
    [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    """

    def __init__(self, graph: nx.Graph, *, adjacency: Any = None) -> None:
        self.graph = graph
        self._cache: dict[Any, Any] = {}
        if adjacency is not None:
            self._cache[("adjacency", "weight")] = adjacency
            self.__dict__["nodes"] = list(graph)

    @cached_property
    def nodes(self) -> list[Any]:
        """The nodes in canonical order (:func:`node_key`)."""
        return sorted(self.graph, key=node_key)

    @cached_property
    def index(self) -> dict[Any, int]:
        """Node -> its row in the matrices."""
        return {node: i for i, node in enumerate(self.nodes)}

    @cached_property
    def ties(self) -> int:
        """The number of edges (each count walks every node: a second on a million firms)."""
        return int(self.graph.number_of_edges())

    def __len__(self) -> int:
        return len(self.graph)

    def is_directed(self) -> bool:
        return bool(self.graph.is_directed())

    def remembered(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` the first time ``key`` is asked for, then the same value."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def adjacency(self, weight: str | None = "weight") -> Any:
        """The adjacency matrix (scipy CSR, float; a copy), rows and columns in canonical
        order: the ``weight`` attribute (1 where missing), or 1 with ``weight=None``."""
        return self.remembered(("adjacency", weight), lambda: self._adjacency(weight)).copy()

    def symmetric(self, weight: str | None = "weight") -> Any:
        """The matrix of the undirected projection (scipy CSR, canonical order, no
        self-ties; a copy): reciprocal weights summed, or 1 for every tie with
        ``weight=None`` (:func:`clustermap.graph.build.undirected_projection`)."""
        return self.remembered(("symmetric", weight), lambda: self._symmetric(weight)).copy()

    def _adjacency(self, weight: str | None) -> Any:
        from scipy.sparse import csr_array

        weighted = self._cache.get(("adjacency", "weight"))
        if weight is None and weighted is not None:  # the same ties, each counted once
            unweighted = weighted.copy()
            unweighted.data = np.ones(len(unweighted.data))
            return unweighted
        # as nx.to_scipy_sparse_array, from the adjacency dicts straight into CSR arrays
        # (four times faster on a million ties)
        nodes, index = self.nodes, self.index
        partners = [self.graph.adj[node] for node in nodes]
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

    def _symmetric(self, weight: str | None) -> Any:
        A = self.adjacency(weight)
        S = (A + A.T).tocsr() if self.is_directed() else A
        S.setdiag(0.0)
        S.eliminate_zeros()
        if weight is None:
            S.data[:] = 1.0
        S.sort_indices()
        return S


def as_network(G: nx.Graph | Network) -> Network:
    """``G`` itself when it is a :class:`Network`, else a new one around the graph.

    >>> net = as_network(nx.path_graph(3))
    >>> as_network(net) is net, as_network(net.graph) is net
    (True, False)
    """
    return G if isinstance(G, Network) else Network(G)
