"""Network-level figures of the supply network: the key-figures card of a cluster study."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import triu
from scipy.sparse.csgraph import connected_components

from clustermap.graph.kernels import triangles
from clustermap.graph.network import Network, as_network

__all__ = ["degree_centralization", "network_figures", "network_summary", "rich_club"]


def degree_centralization(G: nx.Graph | Network) -> float | None:
    """Freeman's degree centralisation of the undirected projection.

    ``sum(max_degree - degree_i) / ((n - 1) * (n - 2))``: 1 for a star, 0 when every firm
    has the same number of partners; ``None`` below three firms.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. Social Networks 1(3), 215-239.

    Examples
    --------
    >>> degree_centralization(nx.star_graph(4)), degree_centralization(nx.cycle_graph(5))
    (1.0, 0.0)
    >>> round(degree_centralization(nx.karate_club_graph()), 4)
    0.3996
    """
    net = as_network(G)
    n = len(net)
    if n < 3:
        return None
    degrees = np.diff(net.symmetric(weight=None).indptr)
    return int((degrees.max() - degrees).sum()) / ((n - 1) * (n - 2))


def network_figures(
    G: nx.Graph | Network, weight: str = "weight", *, transitivity: bool = True
) -> dict[str, Any]:
    """Key figures of the network.

    Returns
    -------
    dict
        ``firms``, ``ties`` (directed supplier -> customer pairs), ``total_weight``,
        ``density`` (ties / (n (n - 1))), ``reciprocity`` (share of ties returned),
        ``components`` (weakly connected), ``largest_component`` (firms in it),
        ``isolates``, ``transitivity`` (of the undirected projection) and
        ``degree_centralization`` (:func:`degree_centralization`). Undefined figures
        (a network of one firm, no ties) are ``None``; so is transitivity when
        ``transitivity`` is false (it lists every triangle).

    Examples
    --------
    >>> figures = network_figures(nx.DiGraph([("A", "B"), ("B", "A"), ("B", "C")]))
    >>> figures["density"], figures["reciprocity"], figures["components"]
    (0.5, 0.6666666666666666, 1)
    """
    net = as_network(G)
    n, m = len(net), net.ties
    # on the sparse matrices (networkx's versions walk a million ties in Python)
    A, S = net.adjacency(weight=None), net.symmetric(weight=None)
    _, component = connected_components(S, directed=False) if n else (0, np.zeros(0, int))
    touching = (np.diff(A.indptr) + np.diff(A.tocsc().indptr)) > 0  # self-ties count
    mutual = A.multiply(A.T)
    returned = mutual.nnz - int((mutual.diagonal() != 0).sum())  # both ties of a pair
    return {
        "firms": n,
        "ties": m,
        "total_weight": float(net.adjacency(weight=weight).sum()),
        "density": nx.density(net.graph) if n > 1 else None,
        "reciprocity": returned / m if m and net.is_directed() else None,
        "components": int(component.max()) + 1 if n else 0,
        "largest_component": int(np.bincount(component).max()) if n else 0,
        "isolates": int(n - touching.sum()),
        "transitivity": _transitivity(S) if m and transitivity else None,
        "degree_centralization": degree_centralization(net),
    }


def _transitivity(S: Any) -> float:
    """Share of connected triples that are closed, on the binary symmetric matrix ``S``
    (networkx's ``transitivity``): triangles counted at each firm over its pairs of partners."""
    closed = 6 * len(triangles(S)[0])
    degree = np.diff(S.indptr).astype(np.int64)
    return 0.0 if closed == 0 else closed / int((degree * (degree - 1)).sum())


#: The former name of :func:`network_figures`, kept so that notebooks using it still run.
network_summary = network_figures


def rich_club(G: nx.Graph | Network) -> dict[int, float]:
    """Rich-club coefficient φ(k) of the undirected projection, for each degree k.

    φ(k) = 2 E_k / (N_k (N_k - 1)): the density among the N_k firms with more than k
    partners (E_k ties among them); firms without ties are left out, and k runs while N_k
    is above 1, as networkx's ``rich_club_coefficient(normalized=False)``, computed here
    from the degrees in one pass.

    References
    ----------
    .. [1] Colizza, V., Flammini, A., Serrano, M. A., & Vespignani, A. (2006). Detecting
       rich-club ordering in complex networks. Nature Physics 2, 110-115.

    >>> G = nx.karate_club_graph()
    >>> rich_club(G) == nx.rich_club_coefficient(G, normalized=False)
    True
    """
    net = as_network(G)
    S = net.symmetric(weight=None)
    degree = np.diff(S.indptr)
    degree = degree[degree > 0]
    if S.nnz == 0:
        return {}
    above = len(degree) - np.cumsum(np.bincount(degree))  # N_k: firms with degree > k
    pairs = triu(S, k=1).tocoo()
    full = np.diff(S.indptr)
    weakest = np.minimum(full[pairs.row], full[pairs.col])  # a tie is among N_k while k < it
    ties_above = pairs.nnz - np.cumsum(np.bincount(weakest, minlength=len(above)))
    return {
        k: 2 * int(ties_above[k]) / (int(above[k]) * (int(above[k]) - 1))
        for k in range(len(above))
        if above[k] > 1
    }
