"""Network-level figures of the supply network: the key-figures card of a cluster study."""

from __future__ import annotations

from typing import Any

import networkx as nx

from clustermap.graph.build import undirected_projection

__all__ = ["degree_centralization", "network_summary"]


def degree_centralization(G: nx.Graph) -> float | None:
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
    H = undirected_projection(G, weight=None)
    n = H.number_of_nodes()
    if n < 3:
        return None
    degrees = [degree for _, degree in H.degree()]
    top = max(degrees)
    return sum(top - degree for degree in degrees) / ((n - 1) * (n - 2))


def network_summary(G: nx.DiGraph, weight: str = "weight") -> dict[str, Any]:
    """Key figures of the network.

    Returns
    -------
    dict
        ``firms``, ``ties`` (directed supplier -> customer pairs), ``total_weight``,
        ``density`` (ties / (n (n - 1))), ``reciprocity`` (share of ties returned),
        ``components`` (weakly connected), ``largest_component`` (firms in it),
        ``isolates``, ``transitivity`` (of the undirected projection) and
        ``degree_centralization`` (:func:`degree_centralization`). Undefined figures
        (a network of one firm, no ties) are ``None``.

    Examples
    --------
    >>> figures = network_summary(nx.DiGraph([("A", "B"), ("B", "A"), ("B", "C")]))
    >>> figures["density"], figures["reciprocity"], figures["components"]
    (0.5, 0.6666666666666666, 1)
    """
    n, m = G.number_of_nodes(), G.number_of_edges()
    components = (
        list(nx.weakly_connected_components(G))
        if G.is_directed()
        else list(nx.connected_components(G))
    )
    return {
        "firms": n,
        "ties": m,
        "total_weight": float(G.size(weight=weight)),
        "density": nx.density(G) if n > 1 else None,
        "reciprocity": nx.overall_reciprocity(G) if m and G.is_directed() else None,
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "isolates": nx.number_of_isolates(G),
        "transitivity": nx.transitivity(undirected_projection(G, weight=None)) if m else None,
        "degree_centralization": degree_centralization(G),
    }
