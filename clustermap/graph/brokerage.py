"""Brokerage measures: Gould-Fernandez roles and Burt's structural holes.

Computed here with sparse matrices in canonical node order rather than with networkx's
functions, whose per-node versions sum over Python sets: their last digits then depend
on ``PYTHONHASHSEED``, which would break byte-identical results.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import permutations
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from clustermap.graph.build import unmeasured
from clustermap.graph.kernels import entry_offsets, masked_product_sums, triangles
from clustermap.graph.network import Network, as_network

__all__ = [
    "HOLE_MEASURES",
    "ROLES",
    "STRUCTURAL_HOLES_CONVENTION",
    "Brokerage",
    "brokerage_arrays",
    "gould_fernandez",
    "hole_arrays",
    "structural_holes",
]

#: The measures :func:`structural_holes` gives, per firm.
HOLE_MEASURES = ("constraint", "effective_size", "efficiency")

STRUCTURAL_HOLES_CONVENTION = (
    "Burt's constraint, effective size and efficiency (effective size / number of partners), "
    "unweighted; a supplier or customer tie in either direction makes two firms partners, "
    "with mutual weight a_ij + a_ji (networkx's convention); undefined (empty) for isolates"
)


def structural_holes(
    G: nx.Graph | Network, weight: str | None = None
) -> dict[str, dict[Any, float]]:
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
    net = as_network(G)
    nodes = net.nodes
    if not nodes:
        return {"constraint": {}, "effective_size": {}, "efficiency": {}}
    A = net.adjacency(weight=weight)
    A.setdiag(0)
    A.eliminate_zeros()
    values = hole_arrays(sp.csr_array(A + A.T))
    return {
        name: dict(zip(nodes, column.tolist(), strict=True))
        for name, column in zip(HOLE_MEASURES, values, strict=True)
    }


def hole_arrays(W: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Constraint, effective size and efficiency (see :func:`structural_holes`) for each row
    of ``W``, a symmetric scipy CSR matrix of tie values without self-ties; NaN for isolates.
    """
    n = W.shape[0]
    W.sort_indices()
    partners = np.diff(W.indptr)
    row = np.repeat(np.arange(n), partners)
    totals = np.bincount(row, weights=W.data, minlength=n)
    largest = np.zeros(n)
    np.maximum.at(largest, row, W.data)
    p, m = W.data / totals[row], W.data / largest[row]  # p_ij and m_ij in W's order
    # the sums over q are over the triangles i, j, q: once per triangle and ordered pair
    indirect, redundant = np.zeros(W.nnz), np.zeros(W.nnz)
    corners = triangles(W)
    pairs = list(permutations(range(3), 2))
    found = entry_offsets(
        W,
        np.concatenate([corners[i] for i, _ in pairs]),
        np.concatenate([corners[j] for _, j in pairs]),
    )
    at = dict(zip(pairs, np.split(found, len(pairs)), strict=True))  # one search for all six
    for i, j, q in permutations(range(3)):
        ij, iq, qj, jq = at[i, j], at[i, q], at[q, j], at[j, q]
        indirect += np.bincount(ij, weights=p[iq] * p[qj], minlength=W.nnz)
        redundant += np.bincount(ij, weights=p[iq] * m[jq], minlength=W.nnz)
    effective = partners - np.bincount(row, weights=redundant, minlength=n).astype(float)
    constraint = np.bincount(row, weights=(p + indirect) ** 2, minlength=n).astype(float)
    isolated = partners == 0
    effective[isolated] = constraint[isolated] = math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        efficiency = np.where(isolated, math.nan, effective / np.maximum(partners, 1))
    return constraint, effective, efficiency


#: Gould-Fernandez roles, in the order UCINET prints them.
ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")


@dataclass(frozen=True)
class Brokerage:
    """Gould-Fernandez brokerage of every firm.

    Attributes
    ----------
    raw : dict
        Role -> firm -> number of open two-paths a -> firm -> c in that role.
    expected : dict
        Role -> firm -> expected number if the other firms' groups were assigned at random
        (group sizes kept), given the firm's own group and its open two-paths.
    z : dict
        Role -> firm -> (raw - expected) / sd, with sd from a binomial model of the firm's
        open two-paths; NaN where the firm brokers no path or the role is impossible.
    groups : dict
        Firm -> the group used.
    """

    raw: dict[str, dict[Any, int]]
    expected: dict[str, dict[Any, float]]
    z: dict[str, dict[Any, float]]
    groups: dict[Any, str]

    @classmethod
    def missing(cls, G: nx.Graph | Network, groups: Mapping[Any, Any]) -> Brokerage:
        """Roles not counted (too large a network): every figure missing (NaN)."""
        empty = unmeasured(G, *ROLES)
        label = {node: _group_label(groups.get(node)) for node in as_network(G).nodes}
        return cls(empty, empty, empty, label)  # type: ignore[arg-type]


def gould_fernandez(G: nx.Graph | Network, groups: Mapping[Any, Any]) -> Brokerage:
    """Count the brokerage roles of Gould & Fernandez (1989) for every firm.

    A firm ``b`` brokers when ``a -> b -> c`` are ties and ``a -> c`` is not (an open
    two-path; ``a``, ``b``, ``c`` distinct). The role depends on the groups of the three:

    ================  ===============================  ============================
    role              groups                           in a supply network
    ================  ===============================  ============================
    coordinator       a, b, c all in one group         mediates inside its group
    gatekeeper        b and c in one group, a not      brings outside supply in
    representative    a and b in one group, c not      carries its group's output out
    consultant        a and c in one group, b not      an outsider serving a group
    liaison           a, b, c in three groups          links two foreign groups
    ================  ===============================  ============================

    Roles are defined by these patterns, not by another tool's column names (the R
    package sna's documentation disagrees with itself about ``b_IO`` and ``b_OI``).
    Firms without a group value form one group, ``"(none)"``.

    Parameters
    ----------
    G : networkx.DiGraph
        Ties supplier -> customer; weights are ignored.
    groups : mapping
        Firm -> group (sector, actor class, region or community).

    Returns
    -------
    Brokerage

    References
    ----------
    .. [1] Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: a formal
       approach to brokerage in transaction networks. Sociological Methodology 19, 89-126.

    Examples
    --------
    The worked example of the cograph package (A, B in group 1; C, D in group 2):

    >>> G = nx.DiGraph([("A", "B"), ("A", "C"), ("B", "C"), ("B", "D"), ("C", "D"), ("D", "A")])
    >>> result = gould_fernandez(G, {"A": 1, "B": 1, "C": 2, "D": 2})
    >>> {role: {f: n for f, n in counts.items() if n} for role, counts in result.raw.items()}
    ... # doctest: +NORMALIZE_WHITESPACE
    {'coordinator': {}, 'gatekeeper': {'A': 1, 'C': 1}, 'representative': {'B': 1, 'D': 1},
     'consultant': {'A': 1, 'D': 1}, 'liaison': {}}
    """
    net = as_network(G)
    nodes = net.nodes
    label = {node: _group_label(groups.get(node)) for node in nodes}
    code = {name: number for number, name in enumerate(sorted(set(label.values())))}
    group = np.array([code[label[node]] for node in nodes], dtype=np.int64)
    counts, expected, z = brokerage_arrays(net.adjacency(weight=None), group)

    def by_firm(values: dict[str, np.ndarray]) -> dict[str, dict[Any, Any]]:
        return {role: dict(zip(nodes, values[role].tolist(), strict=True)) for role in ROLES}

    return Brokerage(by_firm(counts), by_firm(expected), by_firm(z), label)


def brokerage_arrays(
    A: Any, group: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Gould-Fernandez role counts, expected counts and z-scores per firm, on a matrix (see
    :func:`gould_fernandez`).

    Parameters
    ----------
    A : scipy sparse matrix
        ``A[a, b] != 0`` for a tie supplier ``a`` -> customer ``b``; values are ignored.
    group : numpy.ndarray of int
        Each firm's group, numbered from 0 with no number unused.

    Returns
    -------
    counts, expected, z : dict
        Role (:data:`ROLES`) -> one value per firm.

    Examples
    --------
    The chain 0 -> 1 -> 2, firms 0 and 1 in one group: firm 1 represents its group.

    >>> from scipy.sparse import csr_array
    >>> counts, _, _ = brokerage_arrays(csr_array([[0, 1, 0], [0, 0, 1], [0, 0, 0]]),
    ...                                 np.array([0, 0, 1]))
    >>> {role: values.tolist() for role, values in counts.items() if values.any()}
    {'representative': [0, 1, 0]}
    """
    n = A.shape[0]
    counts = _role_counts(A, group)
    sizes = Counter(dict(enumerate(np.bincount(group, minlength=1).tolist())))
    chances = [
        _role_probabilities(sizes, code, n) for code in range(int(group.max(initial=-1)) + 1)
    ]
    expected, z = _role_statistics(counts, group, chances)
    return counts, expected, z


def _role_statistics(
    counts: dict[str, np.ndarray], group: np.ndarray, chances: list[dict[str, float]]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Expected counts and z-scores of each role, per firm, from its open two-paths and its
    group's chances of each pattern (:func:`_role_probabilities`, by group code)."""
    paths = np.sum([counts[role] for role in ROLES], axis=0).astype(float)
    expected, z = {}, {}
    for role in ROLES:
        p = np.array([chance[role] for chance in chances])[group]
        expected[role] = paths * p
        spread = np.sqrt(paths * p * (1 - p))
        with np.errstate(divide="ignore", invalid="ignore"):
            z[role] = np.where(spread > 0, (counts[role] - expected[role]) / spread, math.nan)
    return expected, z


def _role_counts(A: Any, group: np.ndarray) -> dict[str, np.ndarray]:
    """Per firm b and role, the open two-paths a -> b -> c (a, b, c distinct, no a -> c tie).

    Counted, not enumerated: all two-paths by role from per-group counts of suppliers,
    customers and reciprocal partners, minus the closed ones (those with an a -> c tie) from
    sparse products restricted to the firm's own suppliers, split by whether each of a, c
    shares b's group. Linear in the ties for the first part; the products cost the sum of
    suppliers' numbers of customers (:func:`~clustermap.graph.build.masked_product_sums`).
    """
    n = A.shape[0]
    if n == 0:
        return {role: np.zeros(0, dtype=np.int64) for role in ROLES}
    A = sp.csr_array(A, dtype=np.int64)
    A.setdiag(0)
    A.eliminate_zeros()
    A.data[:] = 1
    ties = A.tocoo()
    alike = group[ties.row] == group[ties.col]

    def part(keep: np.ndarray) -> Any:
        data = np.ones(int(keep.sum()), dtype=np.int64)
        return sp.csr_array((data, (ties.row[keep], ties.col[keep])), shape=(n, n))

    same, other = part(alike), part(~alike)  # ties within a group, ties across groups
    member = sp.csr_array(
        (np.ones(n, dtype=np.int64), (np.arange(n), group)), shape=(n, int(group.max()) + 1)
    )
    suppliers, customers = A.T @ member, A @ member  # per firm and group
    mutual = A.multiply(A.T) @ member

    def own(counts: Any) -> np.ndarray:
        return np.asarray(counts.tocsr()[np.arange(n), group]).ravel()

    def total(counts: Any) -> np.ndarray:
        return np.asarray(counts.sum(axis=1)).ravel()

    in_own, out_own, mutual_own = own(suppliers), own(customers), own(mutual)
    in_other = total(suppliers) - in_own
    out_other = total(customers) - out_own
    mutual_other = total(mutual) - mutual_own
    both_other = total(suppliers.multiply(customers)) - in_own * out_own  # a, c in one group
    counts = {  # every two-path a -> b -> c with a != c
        "coordinator": in_own * out_own - mutual_own,
        "gatekeeper": in_other * out_own,
        "representative": in_own * out_other,
        "consultant": both_other - mutual_other,
        "liaison": in_other * out_other - both_other,
    }
    # minus the closed ones: rows b of (b's suppliers a) @ (a's customers c), masked by b -> c
    from_same, from_other = same.T.tocsr(), other.T.tocsr()
    closing = {
        "coordinator": (from_same, A, same),
        "gatekeeper": (from_other, A, same),
        "representative": (from_same, A, other),
        "consultant": (from_other, same, other),
        "liaison": (from_other, other, other),
    }
    for role, (through, onward, to) in closing.items():
        counts[role] -= masked_product_sums(through, onward, to)
    return counts


def _group_label(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "":
        return "(none)"
    return str(value)


def _role(ga: str, gb: str, gc: str) -> str:
    if ga == gb == gc:
        return "coordinator"
    if gb == gc:
        return "gatekeeper"
    if ga == gb:
        return "representative"
    if ga == gc:
        return "consultant"
    return "liaison"


def _role_probabilities(sizes: Counter[int], group: int, n: int) -> dict[str, float]:
    """Chance that a random open two-path through a firm of ``group`` has each pattern.

    The two other firms are drawn without replacement from the other ``n - 1`` firms.
    """
    pairs = (n - 1) * (n - 2)
    if pairs <= 0:
        return dict.fromkeys(ROLES, 0.0)
    own, others = sizes[group] - 1, n - sizes[group]
    same_other = sum(size * (size - 1) for g, size in sizes.items() if g != group)
    return {
        "coordinator": own * (own - 1) / pairs,
        "gatekeeper": others * own / pairs,
        "representative": own * others / pairs,
        "consultant": same_other / pairs,
        "liaison": (others * (others - 1) - same_other) / pairs,
    }
