"""Brokerage measures: Burt's structural holes (constraint, effective size, efficiency).

Computed here with sparse matrices in canonical node order rather than with networkx's
functions, whose per-node versions sum over Python sets: their last digits then depend
on ``PYTHONHASHSEED``, which would break byte-identical results.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from clustermap.graph.build import canonical_nodes

__all__ = ["STRUCTURAL_HOLES_CONVENTION", "structural_holes"]

STRUCTURAL_HOLES_CONVENTION = (
    "Burt's constraint, effective size and efficiency (effective size / number of partners), "
    "unweighted; a supplier or customer tie in either direction makes two firms partners, "
    "with mutual weight a_ij + a_ji (networkx's convention); undefined (empty) for isolates"
)


def structural_holes(G: nx.Graph, weight: str | None = None) -> dict[str, dict[Any, float]]:
    """Burt's structural-hole measures of every firm.

    With mutual weights ``w_ij = a_ij + a_ji``, proportional tie strengths
    ``p_ij = w_ij / sum_k w_ik`` and ``m_jq = w_jq / max_k w_jk``, over each firm's partners j:

    * constraint ``c_i = sum_j (p_ij + sum_q p_iq p_qj)**2`` (low: a broker);
    * effective size ``e_i = sum_j (1 - sum_q p_iq m_jq)`` (non-redundant partners);
    * efficiency ``e_i / (number of partners)``.

    Isolates have no value (NaN). This is networkx's definition (``nx.constraint``,
    ``nx.effective_size``), computed in a fixed order.

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
    if not nodes:
        return {"constraint": {}, "effective_size": {}, "efficiency": {}}
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, format="csr")
    A.setdiag(0)
    A.eliminate_zeros()
    W = sp.csr_array(A + A.T)
    W.sort_indices()
    totals = np.asarray(W.sum(axis=1)).ravel()
    largest = np.asarray(W.max(axis=1).toarray()).ravel()
    partners = np.diff(W.indptr)
    with np.errstate(divide="ignore", invalid="ignore"):
        P = sp.csr_array(sp.diags_array(np.where(totals > 0, 1 / totals, 0.0)) @ W)
        M = sp.csr_array(sp.diags_array(np.where(largest > 0, 1 / largest, 0.0)) @ W)
    ties = (W > 0).astype(float)
    redundancy = ties.multiply(P @ M.T)
    effective = partners - np.asarray(redundancy.sum(axis=1)).ravel()
    invested = ties.multiply(P + P @ P)
    constraint = np.asarray(invested.multiply(invested).sum(axis=1)).ravel()
    isolated = partners == 0
    effective[isolated] = constraint[isolated] = math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        efficiency = np.where(isolated, math.nan, effective / np.maximum(partners, 1))
    return {
        "constraint": dict(zip(nodes, constraint.tolist(), strict=True)),
        "effective_size": dict(zip(nodes, effective.tolist(), strict=True)),
        "efficiency": dict(zip(nodes, efficiency.tolist(), strict=True)),
    }
