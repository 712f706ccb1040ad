"""Per-firm centralities of the supply network, each with its convention stated.

Edges run supplier -> customer and weights are sales shares or volumes, not distances,
so path-based measures (betweenness, closeness) count steps and ignore weights, while
flow- and volume-based ones (strength, PageRank, eigenvector) use them.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from clustermap.graph.build import canonical_nodes, undirected_projection
from clustermap.timing import stage

__all__ = [
    "betweenness",
    "closeness",
    "core_number",
    "degrees",
    "eigenvector",
    "firm_centralities",
    "pagerank",
]

#: Up to this many firms eigenvector centrality is solved exactly (dense symmetric
#: eigensolver); above it, by networkx's power iteration.
DENSE_EIGEN_LIMIT = 3000

#: How each measure is computed, recorded in summary.json so results can be reproduced.
CONVENTIONS = {
    "degree": "in_degree = number of suppliers, out_degree = number of customers; "
    "strength = the same summed over tie weights",
    "betweenness": "directed, unweighted shortest paths (weights are shares, not distances), "
    "normalised by (n-1)(n-2)",
    "closeness": "undirected projection, unweighted; for disconnected networks the "
    "Wasserman-Faust correction (reachable firms / (n-1)) x closeness within the component",
    "pagerank": "directed supplier -> customer, weighted, damping 0.85; firms without customers "
    "spread their score uniformly",
    "eigenvector": "undirected projection, reciprocal weights summed; principal eigenvector, "
    "unit Euclidean length; 0 for firms outside the leading component",
    "core_number": "k-core number of the undirected projection, unweighted",
}


def degrees(G: nx.DiGraph, weight: str = "weight") -> dict[str, dict[Any, float]]:
    """Numbers of suppliers and customers of each firm, and their weighted sums.

    Returns
    -------
    dict
        ``in_degree`` (suppliers), ``out_degree`` (customers), ``in_strength`` and
        ``out_strength`` (sums of tie weights), each a dict keyed by firm.

    Examples
    --------
    >>> G = nx.DiGraph([("A", "B", {"weight": 0.6}), ("C", "B", {"weight": 0.4})])
    >>> degrees(G)["in_strength"]["B"], degrees(G)["out_degree"]["A"]
    (1.0, 1)
    """
    return {
        "in_degree": dict(G.in_degree()),
        "out_degree": dict(G.out_degree()),
        "in_strength": {n: float(s) for n, s in G.in_degree(weight=weight)},
        "out_strength": {n: float(s) for n, s in G.out_degree(weight=weight)},
    }


def betweenness(G: nx.Graph) -> dict[Any, float]:
    """Normalised betweenness centrality on unweighted shortest paths.

    Directed graphs use directed paths (supply chains), normalised by ``(n-1)(n-2)``;
    undirected graphs by ``(n-1)(n-2)/2``.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       Sociometry 40(1), 35-41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       J. Math. Sociol. 25(2), 163-177.

    Examples
    --------
    >>> round(betweenness(nx.florentine_families_graph())["Medici"], 3)
    0.522
    """
    return nx.betweenness_centrality(G, normalized=True, weight=None)


def closeness(G: nx.Graph) -> dict[Any, float]:
    """Closeness on the undirected projection, with the Wasserman-Faust correction.

    For a firm reaching ``r`` other firms at total distance ``d`` in a network of ``n``
    firms, closeness is ``(r / (n-1)) * (r / d)``: firms in small components are not
    mistaken for central ones, and isolates score 0.

    References
    ----------
    .. [1] Wasserman, S., & Faust, K. (1994). Social Network Analysis. Cambridge UP, p. 201.

    Examples
    --------
    >>> G = nx.Graph([("A", "B"), ("B", "C")]); G.add_node("D")
    >>> {firm: round(value, 3) for firm, value in closeness(G).items()}
    {'A': 0.444, 'B': 0.667, 'C': 0.444, 'D': 0.0}
    """
    return nx.closeness_centrality(undirected_projection(G, weight=None), wf_improved=True)


def pagerank(G: nx.Graph, weight: str | None = "weight", alpha: float = 0.85) -> dict[Any, float]:
    """PageRank along the supply direction: high for firms supplied by well-supplied firms.

    References
    ----------
    .. [1] Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual web
       search engine. Computer Networks 30, 107-117.

    Examples
    --------
    >>> ranks = pagerank(nx.DiGraph([("raw", "part"), ("part", "prime")]))
    >>> max(ranks, key=ranks.get)
    'prime'
    """
    if G.number_of_nodes() == 0:
        return {}
    return nx.pagerank(G, alpha=alpha, weight=weight)


def eigenvector(G: nx.Graph, weight: str | None = "weight") -> dict[Any, float]:
    """Eigenvector centrality of the undirected projection (reciprocal weights summed).

    Supply networks are nearly acyclic, so the directed version is zero almost
    everywhere; the undirected projection measures being tied to well-tied firms.
    Solved exactly up to :data:`DENSE_EIGEN_LIMIT` firms; the vector has unit length and
    firms outside the leading component score 0. A network with no ties scores 0.

    References
    ----------
    .. [1] Bonacich, P. (1972). Factoring and weighting approaches to status scores and
       clique identification. J. Math. Sociol. 2(1), 113-120.

    Examples
    --------
    >>> G = nx.karate_club_graph()
    >>> ours, theirs = eigenvector(G, weight=None), nx.eigenvector_centrality(G, tol=1e-12)
    >>> max(abs(ours[n] - theirs[n]) for n in G) < 1e-6
    True
    """
    H = undirected_projection(G, weight=weight)
    nodes = list(H)
    if H.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    if len(nodes) > DENSE_EIGEN_LIMIT:
        return nx.eigenvector_centrality(H, max_iter=1000, tol=1e-10, weight="weight")
    matrix = nx.to_numpy_array(H, nodelist=nodes, weight="weight")
    _, vectors = np.linalg.eigh(matrix)
    leading = np.abs(vectors[:, -1])
    leading[leading < 1e-12] = 0.0
    leading /= np.linalg.norm(leading)
    return dict(zip(nodes, leading.tolist(), strict=True))


def core_number(G: nx.Graph) -> dict[Any, int]:
    """k-core number of each firm in the undirected projection (Batagelj & Zaversnik 2003).

    Examples
    --------
    >>> max(core_number(nx.karate_club_graph()).values())
    4
    """
    return nx.core_number(undirected_projection(G, weight=None))


def firm_centralities(G: nx.DiGraph, weight: str = "weight") -> dict[str, dict[Any, float]]:
    """Every per-firm centrality of clustermap, keyed by measure then by firm.

    Measures: ``in_degree``, ``out_degree``, ``in_strength``, ``out_strength``,
    ``betweenness``, ``closeness``, ``pagerank``, ``eigenvector``, ``core_number``; their
    conventions are in :data:`CONVENTIONS`.

    Examples
    --------
    >>> values = firm_centralities(nx.DiGraph([("A", "B"), ("B", "C")]))
    >>> values["betweenness"]["B"], values["core_number"]["B"]
    (0.5, 1)
    """
    with stage("degree and strength"):
        measures: dict[str, dict[Any, float]] = degrees(G, weight=weight)
    with stage("betweenness"):
        measures["betweenness"] = betweenness(G)
    with stage("closeness"):
        measures["closeness"] = closeness(G)
    with stage("pagerank"):
        measures["pagerank"] = pagerank(G, weight=weight)
    with stage("eigenvector"):
        measures["eigenvector"] = eigenvector(G, weight=weight)
    with stage("k-core"):
        measures["core_number"] = dict(core_number(G))
    order = canonical_nodes(G)
    return {name: {n: values[n] for n in order} for name, values in measures.items()}
