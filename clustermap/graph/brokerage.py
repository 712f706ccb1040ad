"""Brokerage measures: Burt's structural holes (constraint, effective size, efficiency)."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from clustermap.graph.build import canonical_nodes

__all__ = ["STRUCTURAL_HOLES_CONVENTION", "structural_holes"]

STRUCTURAL_HOLES_CONVENTION = (
    "Burt's constraint, effective size and efficiency (effective size / number of partners), "
    "unweighted; a supplier or customer tie in either direction makes two firms partners "
    "(networkx's mutual-tie convention); undefined (empty) for isolates"
)


def structural_holes(G: nx.Graph, weight: str | None = None) -> dict[str, dict[Any, float]]:
    """Burt's structural-hole measures of every firm.

    Low constraint and high effective size mark brokers whose partners are not tied to
    each other. Directed ties count in either direction (networkx's convention of
    "mutual weights" ``a_ij + a_ji``); isolates have no value (NaN).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie attribute to weight by; ``None`` (default) counts ties.

    Returns
    -------
    dict
        ``constraint``, ``effective_size`` and ``efficiency``, each keyed by firm.

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes. Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       Connections 20(1), 35-38.

    Examples
    --------
    Borgatti's (1997) example network:

    >>> G = nx.Graph(["AB", "AF", "AG", "AE", "EG", "FG", "BG", "BD", "DG", "GC"])
    >>> holes = structural_holes(G)
    >>> [round(holes["effective_size"][n], 2) for n in "GAC"]
    [4.67, 2.5, 1.0]
    >>> [round(holes["constraint"][n], 3) for n in "GAC"]
    [0.4, 0.595, 1.0]
    """
    nodes = canonical_nodes(G)
    constraint = nx.constraint(G, weight=weight)
    effective = nx.effective_size(G, weight=weight)
    partners = {node: len(set(nx.all_neighbors(G, node))) for node in nodes}
    efficiency = {
        node: effective[node] / partners[node] if partners[node] else math.nan for node in nodes
    }
    return {
        "constraint": {node: float(constraint[node]) for node in nodes},
        "effective_size": {node: float(effective[node]) for node in nodes},
        "efficiency": efficiency,
    }
