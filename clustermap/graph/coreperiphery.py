"""Borgatti-Everett core/periphery models, discrete and continuous.

Implemented here on numpy: no maintained library has them right (cpnet's ``BE`` only
knows the "core-periphery ties = 1" pattern and its search misses the known optimum on
the karate club; see "Why written here" under "Core/periphery" in ``docs/methods.md``).

Both models are fitted on the network as a matrix ``A`` over ordered pairs of distinct
firms (the diagonal is ignored). By default that matrix is the binary symmetrised
network: firms are tied if a tie runs in either direction, as in UCINET's usual
analysis of a survey's supply relations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from clustermap.graph.network import Network, as_network

__all__ = [
    "ContinuousCorePeriphery",
    "CorePeriphery",
    "best_prefix_core",
    "borgatti_everett_continuous",
    "borgatti_everett_discrete",
    "coreness_vector",
    "discrete_core_search",
    "parse_offdiagonal",
    "pattern_correlation",
]

_EPS = 1e-12
#: Up to this many firms every partition is tried, so the optimum is proven.
EXACT_LIMIT = 18
#: Above this many firms the models are fitted on a sparse matrix (memory and time grow
#: with the ties, not with the square of the firms), and the discrete search starts only
#: from the best splits of the degree and coreness orderings: a random split needs about
#: as many moves as there are firms, each costing a pass over all of them.
SPARSE_LIMIT = 2_000
_CHUNK = 2**15


@dataclass(frozen=True)
class CorePeriphery:
    """The best discrete core/periphery partition found.

    Attributes
    ----------
    core : tuple
        Core firms, in canonical order.
    membership : dict
        Firm -> ``"core"`` or ``"periphery"``.
    fit : float or None
        Pearson correlation between the network and the ideal pattern over the cells the
        model uses; ``None`` when no partition has a defined correlation (fewer than
        three firms, or no ties).
    offdiagonal : str or float
        ``"ignore"`` (core-periphery cells left out: Borgatti & Everett's original model
        and UCINET's default) or the value ``d`` of those cells in the ideal pattern.
    block_density : dict
        Density of ties from core to core, core to periphery, periphery to core and
        periphery to periphery (``"core->core"`` ...), over ordered pairs of firms.
    starts, seed : int
        Number of local searches and the seed of their random starts.
    exact : bool
        Whether every partition was tried (networks of up to :data:`EXACT_LIMIT` firms):
        the fit is then the proven optimum.
    alternatives : int
        How many other partitions the search found with the same fit (a star, for
        example, fits a core of its centre and any one leaf perfectly). The one reported
        has the most ties, then the fewest firms, then comes first alphabetically.
    search : str
        How the partition was searched for, in words (recorded in summary.json).
    """

    core: tuple[Any, ...]
    membership: dict[Any, str]
    fit: float | None
    offdiagonal: str | float
    block_density: dict[str, float | None]
    starts: int
    seed: int
    alternatives: int = 0
    exact: bool = False
    search: str = ""


@dataclass(frozen=True)
class ContinuousCorePeriphery:
    """Continuous coreness, from 0 (periphery) to 1 (the most core firm).

    Proportional to the vector ``c`` with ``c[i] * c[j]`` closest to the tie ``i``-``j``.

    ``fit`` is the Pearson correlation between the network and the fitted pattern over
    ordered pairs of distinct firms (``None`` when undefined).
    """

    coreness: dict[Any, float]
    fit: float | None


def parse_offdiagonal(value: str | float) -> str | float:
    """Read the core-periphery block rule: ``"ignore"`` or a number in [0, 1].

    >>> parse_offdiagonal("ignore"), parse_offdiagonal("0.25"), parse_offdiagonal(1)
    ('ignore', 0.25, 1.0)
    >>> parse_offdiagonal("often")
    Traceback (most recent call last):
    ...
    ValueError: core-periphery block rule must be 'ignore' or a number from 0 to 1, not 'often'
    """
    if isinstance(value, str) and value.strip().lower() == "ignore":
        return "ignore"
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0 <= number <= 1:
        raise ValueError(
            f"core-periphery block rule must be 'ignore' or a number from 0 to 1, not {value!r}"
        )
    return number


def _matrix(
    G: nx.Graph | Network, weight: str | None, symmetrize: bool, sparse: bool = False
) -> tuple[list[Any], Any]:
    """The firms in canonical order and the matrix the models are fitted on (dense, or
    scipy CSR when ``sparse``); no self-ties, and 0/1 values unless ``weight``."""
    net = as_network(G)
    nodes = net.nodes
    if sparse:
        if symmetrize:
            return nodes, net.symmetric(weight=weight)
        A = net.adjacency(weight=weight)
        A.setdiag(0.0)
        A.eliminate_zeros()
        if weight is None:
            A.data[:] = 1.0
        return nodes, A
    if symmetrize:  # the undirected projection's matrix, which the network keeps
        A = net.symmetric(weight=weight).toarray()
    else:
        A = nx.to_numpy_array(net.graph, nodelist=nodes, weight=weight or "weight")
    np.fill_diagonal(A, 0.0)
    if weight is None:
        A = (A != 0).astype(float)
    return nodes, A


def _add_column(vector: np.ndarray, M: Any, j: int, factor: float) -> None:
    """``vector += factor * M[:, j]`` for a symmetric matrix, dense or CSR (row j)."""
    if isinstance(M, np.ndarray):
        vector += factor * M[:, j]
    else:
        start, end = M.indptr[j], M.indptr[j + 1]
        vector[M.indices[start:end]] += factor * M.data[start:end]


class _Search:
    """Incremental correlation of a core/periphery partition, for O(n) flip evaluation."""

    def __init__(self, A: Any, offdiagonal: str | float) -> None:
        self.n = A.shape[0]
        squared = A * A if isinstance(A, np.ndarray) else A.multiply(A).tocsr()
        # a node's ties in both directions, for ordered-pair sums (symmetric)
        self.S = A + A.T if isinstance(A, np.ndarray) else (A + A.T).tocsr()
        self.S2 = (
            squared + squared.T if isinstance(A, np.ndarray) else (squared + squared.T).tocsr()
        )
        self.total, self.total2 = float(A.sum()), float(squared.sum())
        self.offdiagonal = offdiagonal

    def correlation(
        self, c: np.ndarray, w_cc: np.ndarray, w_pp: np.ndarray, q_cc: np.ndarray, q_pp: np.ndarray
    ) -> np.ndarray:
        """Pearson correlation for arrays of partition statistics (core size c, ...)."""
        p = self.n - c
        cc_cells = c * (c - 1)
        if self.offdiagonal == "ignore":
            cells = cc_cells + p * (p - 1)
            sum_a, sum_a2 = w_cc + w_pp, q_cc + q_pp
            sum_d = sum_d2 = cc_cells
            sum_ad = w_cc
        else:
            d = float(self.offdiagonal)
            cells = np.full_like(c, self.n * (self.n - 1))
            sum_a, sum_a2 = np.full_like(c, self.total), np.full_like(c, self.total2)
            sum_d = cc_cells + d * 2 * c * p
            sum_d2 = cc_cells + d * d * 2 * c * p
            sum_ad = w_cc + d * (self.total - w_cc - w_pp)
        with np.errstate(divide="ignore", invalid="ignore"):
            numerator = cells * sum_ad - sum_a * sum_d
            spread = (cells * sum_a2 - sum_a**2) * (cells * sum_d2 - sum_d**2)
            r = numerator / np.sqrt(spread)
        return np.where(spread > _EPS, r, -np.inf)

    def climb(self, core: np.ndarray) -> tuple[np.ndarray, float]:
        """Steepest-ascent single-firm moves from ``core`` until no move improves the fit."""
        return self.climb_all([core])[0]

    def climb_all(self, cores: list[np.ndarray]) -> list[tuple[np.ndarray, float]]:
        """:meth:`climb` from each of ``cores``, all at once: every start's arithmetic is
        the same as alone (so are its result), but each step is one array operation over
        the starts still climbing instead of one Python round per start."""
        dense = isinstance(self.S, np.ndarray)
        if not dense and len(cores) > 1:  # large networks: one start's arrays at a time
            return [found for start in cores for found in self.climb_all([start])]
        if not cores:
            return []
        core = np.array([start.astype(bool) for start in cores])
        x = core.astype(float)
        # per start, as alone (a matrix product would sum in another order)
        k_core = np.array([self.S @ row for row in x])
        k_per = np.array([self.S @ (1 - row) for row in x])
        q_core = np.array([self.S2 @ row for row in x])
        q_per = np.array([self.S2 @ (1 - row) for row in x])
        c = x.sum(axis=1)
        w_cc = np.array([float(row @ k) / 2 for row, k in zip(x, k_core, strict=True)])
        w_pp = np.array([float((1 - row) @ k) / 2 for row, k in zip(x, k_per, strict=True)])
        q_cc = np.array([float(row @ q) / 2 for row, q in zip(x, q_core, strict=True)])
        q_pp = np.array([float((1 - row) @ q) / 2 for row, q in zip(x, q_per, strict=True)])
        current = self.correlation(c, w_cc, w_pp, q_cc, q_pp)
        found: list[tuple[np.ndarray, float]] = [(row, 0.0) for row in core]
        # the starts still climbing, their arrays compacted as starts finish
        which = np.arange(len(cores))
        while len(which):
            sign = 1.0 - 2.0 * core  # +1 flips a periphery firm into the core, -1 back
            new_c = c[:, None] + sign
            new_w_cc = w_cc[:, None] + sign * k_core  # exactly where(joining, k, -k)
            new_w_pp = w_pp[:, None] - sign * k_per
            new_q_cc = q_cc[:, None] + sign * q_core
            new_q_pp = q_pp[:, None] - sign * q_per
            r = self.correlation(new_c, new_w_cc, new_w_pp, new_q_cc, new_q_pp)
            best = np.argmax(r, axis=1)
            rows = np.arange(len(which))
            top = r[rows, best]
            better = top > current + _EPS
            for i in np.flatnonzero(~better):
                found[which[i]] = (core[i].copy(), float(current[i]))
            if not better.all():
                keep = np.flatnonzero(better)
                which, core, rows, best, top = (
                    which[keep],
                    core[keep],
                    rows[keep],
                    best[keep],
                    top[keep],
                )
                k_core, k_per, q_core, q_per = k_core[keep], k_per[keep], q_core[keep], q_per[keep]
                new_c, new_w_cc, new_w_pp = new_c[keep], new_w_cc[keep], new_w_pp[keep]
                new_q_cc, new_q_pp, sign = new_q_cc[keep], new_q_pp[keep], sign[keep]
                rows = np.arange(len(which))
            if not len(which):
                break
            current = top
            c = new_c[rows, best]
            w_cc, w_pp = new_w_cc[rows, best], new_w_pp[rows, best]
            q_cc, q_pp = new_q_cc[rows, best], new_q_pp[rows, best]
            step = sign[rows, best]
            core[rows, best] = ~core[rows, best]
            if dense:  # S is symmetric: its row is the column
                k_core += step[:, None] * self.S[best]
                k_per += -step[:, None] * self.S[best]
                q_core += step[:, None] * self.S2[best]
                q_per += -step[:, None] * self.S2[best]
            else:
                for row, firm, factor in zip(rows, best, step, strict=True):
                    _add_column(k_core[row], self.S, firm, factor)
                    _add_column(k_per[row], self.S, firm, -factor)
                    _add_column(q_core[row], self.S2, firm, factor)
                    _add_column(q_per[row], self.S2, firm, -factor)
        return found


def borgatti_everett_discrete(
    G: nx.Graph | Network,
    *,
    offdiagonal: str | float = "ignore",
    weight: str | None = None,
    symmetrize: bool = True,
    starts: int = 50,
    seed: int = 42,
) -> CorePeriphery:
    """Discrete core/periphery partition maximising the Borgatti-Everett correlation.

    The ideal pattern has a tie between every two core firms and none between periphery
    firms; ties between core and periphery are either ignored (``offdiagonal="ignore"``,
    the original model and UCINET's default) or expected with value ``d``. The fit is the
    Pearson correlation between the network and that pattern, maximised by steepest-ascent
    local search (single firms moved between core and periphery) from the best
    degree-ordered split and from ``starts - 1`` seeded random splits; networks of up to
    :data:`EXACT_LIMIT` firms are solved exactly by trying every split. Equal fits are
    resolved towards the core with the most ties, then the smaller one, then the
    alphabetically first one.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    offdiagonal : "ignore" or float
        Value of core-periphery cells in the ideal pattern (see :func:`parse_offdiagonal`).
    weight : str or None
        ``None`` (default) fits the binary network; an attribute name fits tie values.
    symmetrize : bool
        Fit the undirected projection (default) or the directed matrix as given.
    starts : int
        Number of local searches.
    seed : int
        Seed of the random starting partitions.

    Returns
    -------
    CorePeriphery

    References
    ----------
    .. [1] Borgatti, S. P., & Everett, M. G. (2000). Models of core/periphery structures.
       Social Networks 21(4), 375-395.

    Examples
    --------
    The karate club's known optimum (UCINET's default model):

    >>> result = borgatti_everett_discrete(nx.karate_club_graph())
    >>> round(result.fit, 4), [firm + 1 for firm in result.core]
    (0.5432, [1, 2, 3, 4, 9, 14, 32, 33, 34])
    """
    net = as_network(G)
    offdiagonal = parse_offdiagonal(offdiagonal)
    sparse = len(net) > SPARSE_LIMIT
    nodes, A = _matrix(net, weight, symmetrize, sparse=sparse)
    n = len(nodes)
    rng = np.random.default_rng(seed)
    candidates: list[tuple[np.ndarray, float]] = []
    exact = 2 <= n <= EXACT_LIMIT
    used = max(starts, 1)
    if exact:
        candidates = _every_partition(_Search(A, offdiagonal))
        search_text = "every partition tried"
    elif sparse:
        coreness = _shared_coreness(net, weight, symmetrize, (A + A.T) / 2)
        candidates = _climbs_from_orderings(_Search(A, offdiagonal), coreness)
        used = len(candidates)
        search_text = (
            f"local search from the best splits of the degree and coreness orderings "
            f"(more than {SPARSE_LIMIT} firms: no random starts)"
        )
    elif n >= 2:
        search = _Search(A, offdiagonal)
        order = np.argsort(-(search.S.sum(axis=1)), kind="stable")
        initial = [_best_prefix(search, order)[0]]
        for _ in range(used - 1):
            size = rng.integers(1, n + 1)
            start = np.zeros(n, dtype=bool)
            start[rng.choice(n, size=size, replace=False)] = True
            initial.append(start)
        candidates = search.climb_all(initial)
        search_text = f"local search from the best degree split and {used - 1} random splits"
    else:
        search_text = "too few firms"
    degree = np.asarray(A.sum(axis=0)).ravel() + np.asarray(A.sum(axis=1)).ravel()
    best_core, fit, alternatives = _choose(candidates, degree)
    core = tuple(node for node, is_core in zip(nodes, best_core, strict=True) if is_core)
    membership = {
        node: "core" if is_core else "periphery"
        for node, is_core in zip(nodes, best_core, strict=True)
    }
    return CorePeriphery(
        core,
        membership,
        fit,
        offdiagonal,
        _block_density(A, best_core),
        used,
        seed,
        alternatives,
        exact,
        search_text,
    )


def discrete_core_search(
    A: Any, coreness: np.ndarray, offdiagonal: str | float = "ignore"
) -> tuple[np.ndarray, float | None, int]:
    """The discrete model's search on a large network, on its matrix: steepest ascent from
    the best split of the degree ordering and from that of the coreness ordering (what
    :func:`borgatti_everett_discrete` does above :data:`SPARSE_LIMIT` firms).

    Parameters
    ----------
    A : scipy sparse matrix or numpy.ndarray
        The network over ordered pairs of distinct firms (zero diagonal).
    coreness : numpy.ndarray
        The firms' continuous coreness (:func:`coreness_vector` of the symmetric part).
    offdiagonal : "ignore" or float
        Value of core-periphery cells in the ideal pattern (see :func:`parse_offdiagonal`).

    Returns
    -------
    core : numpy.ndarray of bool
        Whether each firm is in the core.
    fit : float or None
        The correlation with the ideal pattern (``None`` when no split has one).
    alternatives : int
        How many other, equally good cores the search found.

    Examples
    --------
    >>> from scipy.sparse import csr_array
    >>> A = csr_array(nx.to_numpy_array(nx.karate_club_graph(), weight=None))
    >>> core, fit, _ = discrete_core_search(A, coreness_vector(A))
    >>> round(fit, 4), (np.flatnonzero(core) + 1).tolist()
    (0.5432, [1, 2, 3, 4, 9, 14, 32, 33, 34])
    """
    offdiagonal = parse_offdiagonal(offdiagonal)
    if A.shape[0] < 2:
        return np.zeros(A.shape[0], dtype=bool), None, 0
    candidates = _climbs_from_orderings(_Search(A, offdiagonal), coreness)
    degree = np.asarray(A.sum(axis=0)).ravel() + np.asarray(A.sum(axis=1)).ravel()
    return _choose(candidates, degree)


def _climbs_from_orderings(search: _Search, coreness: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """Local search from the best splits of the degree and the coreness orderings."""
    orderings = [
        np.argsort(-np.asarray(search.S.sum(axis=1)).ravel(), kind="stable"),
        np.argsort(-coreness, kind="stable"),
    ]
    return search.climb_all([_best_prefix(search, order)[0] for order in orderings])


def _every_partition(search: _Search) -> list[tuple[np.ndarray, float]]:
    """Every core/periphery split, scored; the optimal ones returned (exhaustive search)."""
    n = search.n
    best: list[tuple[np.ndarray, float]] = []
    top = -np.inf
    bits = np.arange(n)
    for start in range(0, 2**n, _CHUNK):
        masks = np.arange(start, min(start + _CHUNK, 2**n))
        X = ((masks[:, None] >> bits) & 1).astype(float)
        Y = 1.0 - X
        r = search.correlation(
            X.sum(axis=1),
            ((X @ search.S) * X).sum(axis=1) / 2,
            ((Y @ search.S) * Y).sum(axis=1) / 2,
            ((X @ search.S2) * X).sum(axis=1) / 2,
            ((Y @ search.S2) * Y).sum(axis=1) / 2,
        )
        chunk_top = r.max()
        if chunk_top > top + 1e-10:
            top, best = chunk_top, []
        if chunk_top >= top - 1e-10:
            best += [(X[i].astype(bool), float(r[i])) for i in np.flatnonzero(r >= top - 1e-10)]
    return best


def _best_prefix(search: _Search, order: np.ndarray) -> tuple[np.ndarray, float]:
    """The best core made of the first k firms of ``order``, over every k, and its fit.

    As the k-th firm joins the core, the within-core sum grows by its ties to the firms
    before it in the order and the within-periphery sum shrinks by its ties to the firms
    after it: both are counted for every k at once from the ties' ranks, O(ties).
    """
    n = search.n
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)

    def running(M: Any) -> tuple[np.ndarray, np.ndarray]:
        """Per k: the ties among the first k firms, and from them to the others."""
        if isinstance(M, np.ndarray):
            rows, cols = np.nonzero(M)
            values = M[rows, cols]
        else:
            ties = M.tocoo()
            rows, cols, values = ties.row, ties.col, ties.data
        earlier, later = rank[cols] < rank[rows], rank[cols] > rank[rows]
        joined = np.bincount(rank[rows[earlier]], weights=values[earlier], minlength=n)
        left = np.bincount(rank[rows[later]], weights=values[later], minlength=n)
        return np.cumsum(joined), np.cumsum(left)

    w_cc, w_left = running(search.S)
    q_cc, q_left = running(search.S2)
    r = search.correlation(
        np.arange(1.0, n + 1), w_cc, search.total - w_left, q_cc, search.total2 - q_left
    )
    start = np.zeros(n, dtype=bool)
    start[order[: int(np.argmax(r)) + 1]] = True
    return start, float(r.max())


def best_prefix_core(
    A: Any, order: Any, offdiagonal: str | float = "ignore"
) -> tuple[np.ndarray, float | None]:
    """The best core made of the first k firms of ``order``, over every k, and its fit: the
    split from which the discrete search climbs (for the degree and coreness orderings).

    Parameters
    ----------
    A : scipy sparse matrix or numpy.ndarray
        The network over ordered pairs of distinct firms (zero diagonal).
    order : sequence of int
        The firms, the most core-like first.
    offdiagonal : "ignore" or float
        Value of core-periphery cells in the ideal pattern (see :func:`parse_offdiagonal`).

    Returns
    -------
    core : numpy.ndarray of bool
    fit : float or None
        Its correlation with the ideal pattern (``None`` when no prefix has one).

    Examples
    --------
    Two firms tied to each other and to the rest, which are not tied among themselves:

    >>> A = np.zeros((5, 5)); A[0, 1:] = A[1:, 0] = A[1, 2:] = A[2:, 1] = 1
    >>> core, fit = best_prefix_core(A, [0, 1, 2, 3, 4])
    >>> np.flatnonzero(core).tolist(), round(fit, 4)
    ([0, 1], 1.0)
    """
    search = _Search(A, parse_offdiagonal(offdiagonal))
    core, fit = _best_prefix(search, np.asarray(order, dtype=np.int64))
    return core, fit if math.isfinite(fit) else None


def _choose(
    candidates: list[tuple[np.ndarray, float]], degree: np.ndarray
) -> tuple[np.ndarray, float | None, int]:
    """The best core, its fit, and how many other, equally good cores the search found."""
    valid = [(core, fit) for core, fit in candidates if math.isfinite(fit)]
    if not valid:
        return np.zeros(len(degree), dtype=bool), None, 0
    top = max(fit for _, fit in valid)
    tied = {tuple(np.flatnonzero(core)): core for core, fit in valid if fit >= top - 1e-10}
    # the best-tied core first, then the smaller, then the alphabetically first one
    best = min(tied, key=lambda members: (-degree[list(members)].sum(), len(members), members))
    return tied[best], float(top), len(tied) - 1


def _block_density(A: Any, core: np.ndarray) -> dict[str, float | None]:
    x = core.astype(float)
    blocks = {}
    for row_name, rows in (("core", x), ("periphery", 1 - x)):
        for col_name, cols in (("core", x), ("periphery", 1 - x)):
            size_rows, size_cols = int(rows.sum()), int(cols.sum())
            cells = size_rows * size_cols - (size_rows if row_name == col_name else 0)
            total = float(rows @ (A @ cols))  # the diagonal is 0
            blocks[f"{row_name}->{col_name}"] = total / cells if cells else None
    return blocks


def borgatti_everett_continuous(
    G: nx.Graph | Network,
    *,
    weight: str | None = None,
    symmetrize: bool = True,
    max_iter: int = 5000,
    tol: float = 1e-10,
) -> ContinuousCorePeriphery:
    """Continuous coreness: the vector ``c`` minimising the sum of ``(a_ij - c_i c_j)**2``.

    Fitted over ordered pairs of distinct firms by damped alternating least squares, each
    ``c_i = sum_j a_ij c_j / sum_(j != i) c_j**2``, starting from the firms' degrees, then
    divided by its largest value (the scale is not identified: on a star the optimum does
    not exist, the hub's value growing without end). A directed matrix is fitted through
    its symmetric part ``(A + A.T) / 2``, which has the same least-squares solution. A
    network without ties has coreness 0 everywhere.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        ``None`` (default) fits the binary network; an attribute name fits tie values.
    symmetrize : bool
        Fit the undirected projection (default) or the directed matrix.
    max_iter, tol : int, float
        Iteration limit and convergence tolerance (largest change of a coreness value).

    Returns
    -------
    ContinuousCorePeriphery

    References
    ----------
    .. [1] Borgatti, S. P., & Everett, M. G. (2000). Models of core/periphery structures.
       Social Networks 21(4), 375-395 (section 4, the continuous model).

    Examples
    --------
    A core {0, 1, 2} whose members all tie to the periphery {3, 4}:

    >>> G = nx.complete_graph(3); G.add_edges_from([(0, 3), (1, 3), (2, 4), (0, 4)])
    >>> coreness = borgatti_everett_continuous(G).coreness
    >>> min(coreness[i] for i in (0, 1, 2)) > max(coreness[i] for i in (3, 4))
    True
    """
    net = as_network(G)
    nodes, A = _matrix(net, weight, symmetrize, sparse=len(net) > SPARSE_LIMIT)
    A = (A + A.T) / 2
    if len(nodes) < 2 or not A.sum():
        return ContinuousCorePeriphery(dict.fromkeys(nodes, 0.0), None)
    c = _shared_coreness(net, weight, symmetrize, A, max_iter, tol)
    fit = pattern_correlation(A, c)
    # only the shape is determined: on a star the hub's value grows without end as the
    # leaves' shrink, and c c^T keeps the same; show the firms against the most core one
    c = c / c.max()
    return ContinuousCorePeriphery(dict(zip(nodes, c.tolist(), strict=True)), fit)


def _shared_coreness(
    G: nx.Graph | Network,
    weight: str | None,
    symmetrize: bool,
    A: Any,
    max_iter: int = 5000,
    tol: float = 1e-10,
) -> np.ndarray:
    """:func:`coreness_vector` of ``A``, the symmetrised matrix of ``G`` for ``weight`` and
    ``symmetrize``: computed once when both core/periphery models ask for it."""
    net = as_network(G)
    key = ("coreness", weight, symmetrize, max_iter, tol)
    return net.remembered(key, lambda: coreness_vector(A, max_iter, tol)).copy()


def coreness_vector(A: Any, max_iter: int = 5000, tol: float = 1e-10) -> np.ndarray:
    """The unscaled coreness vector of a symmetric matrix, dense or sparse: the continuous
    model of :func:`borgatti_everett_continuous` before it is divided by its largest value.

    Examples
    --------
    >>> A = nx.to_numpy_array(nx.star_graph(3))
    >>> c = coreness_vector(A)
    >>> bool(c[0] > c[1] == c[2] == c[3])
    True
    """
    degree = np.asarray(A.sum(axis=1)).ravel()
    if not degree.any():
        return np.zeros(len(degree))
    c = degree / math.sqrt(degree.sum())
    for _ in range(max_iter):
        # damped simultaneous updates: symmetric firms keep equal values (a Gauss-Seidel
        # sweep would favour the firm updated first)
        denominator = c @ c - c * c
        safe = np.where(denominator > _EPS, denominator, 1.0)
        updated = (c + np.where(denominator > _EPS, (A @ c) / safe, 0.0)) / 2
        if np.max(np.abs(updated - c)) < tol:
            c = updated
            break
        c = updated
    return np.abs(c)


def pattern_correlation(A: Any, c: np.ndarray) -> float | None:
    """Pearson correlation of ``A`` and ``c c^T`` over ordered pairs of distinct firms: the
    fit of the continuous model (:attr:`ContinuousCorePeriphery.fit`), from sums (no n-by-n
    pattern: the diagonal of ``A`` is 0). ``None`` when either has no variance.

    Examples
    --------
    The ideal pattern of a core {0, 1}, and a tie between 0 and 2 instead:

    >>> c = np.array([1.0, 1.0, 0.0])
    >>> ideal = np.outer(c, c) - np.diag(c * c)
    >>> other = np.array([[0.0, 0, 1], [0, 0, 0], [1, 0, 0]])
    >>> pattern_correlation(ideal, c), pattern_correlation(other, c)
    (1.0, -0.5)
    """
    n = len(c)
    cells = n * (n - 1)
    sum_a = float(A.sum())
    sum_a2 = float(A.multiply(A).sum()) if not isinstance(A, np.ndarray) else float((A * A).sum())
    s1, s2, s4 = c.sum(), (c * c).sum(), (c**4).sum()
    sum_p = s1 * s1 - s2
    sum_p2 = s2 * s2 - s4
    sum_ap = float(c @ (A @ c))
    var_a = cells * sum_a2 - sum_a**2
    var_p = cells * sum_p2 - sum_p**2
    if var_a <= (_EPS * cells) ** 2 or var_p <= (_EPS * cells) ** 2:
        return None
    return float((cells * sum_ap - sum_a * sum_p) / math.sqrt(var_a * var_p))
