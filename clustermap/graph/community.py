"""Louvain communities on the undirected projection, seeded and canonical.

python-louvain's algorithm (``community.best_partition``), run step for step on lists by
:mod:`clustermap.graph.louvain` (the same partitions, several times faster; the tests
compare it with python-louvain itself). Two known defects of python-louvain are worked
around here rather than passed on to users:

* its result depends on node insertion order even with a fixed ``random_state``
  (python-louvain issue #105): the network is taken in canonical order;
* with ``resolution < 1`` it optimises the wrong objective (issue #94: the internal term
  is multiplied by the resolution, so smaller values give *more*, not fewer,
  communities): below 1, networkx's implementation of the same Louvain method is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import triu

from clustermap.graph.louvain import best_partition
from clustermap.graph.network import Network, as_network

__all__ = [
    "Partition",
    "adjusted_rand_index",
    "louvain_communities",
    "louvain_partition",
    "modularity",
]


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
        The resolution, the first seed and the number of seeded runs. The partition
        reported is the most representative of the runs: the one that agrees best
        (mean adjusted Rand index) with all the others.
    best_modularity, mean_modularity : float or None
        The highest and the mean modularity (resolution 1) over the runs.
    stability : dict
        Firm -> share (0 to 1) of the other members of its community that the other runs
        put in the same community as the firm, averaged over those runs; firms without ties
        (in no community) have none, and a single run measures none.
    agreement : float or None
        Mean adjusted Rand index between the runs (1: every run found the same partition);
        ``None`` with a single run.
    """

    membership: dict[Any, int | None]
    modularity: float | None
    method: str
    resolution: float
    seed: int
    runs: int
    best_modularity: float | None = None
    mean_modularity: float | None = None
    stability: dict[Any, float] = field(default_factory=dict)
    agreement: float | None = None

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
    G: nx.Graph | Network,
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 42,
    runs: int = 20,
    engine: str = "networkx",
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
        Number of seeded runs; the most representative partition is reported (see
        :class:`Partition`).
    engine : str
        ``"networkit"`` runs networkit's PLM (the same Louvain method, compiled; see
        :mod:`clustermap.graph.engine`) instead of python-louvain.

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
    >>> partition.count, round(partition.best_modularity, 4), round(partition.modularity, 4)
    (4, 0.4198, 0.4156)
    """
    net = as_network(G)
    return louvain_partition(
        net.symmetric(weight=weight),
        net.nodes,
        resolution=resolution,
        seed=seed,
        runs=runs,
        engine=engine,
    )


def louvain_partition(
    S: Any,
    nodes: list[Any],
    *,
    resolution: float = 1.0,
    seed: int = 42,
    runs: int = 20,
    engine: str = "networkx",
) -> Partition:
    """:func:`louvain_communities` on the symmetric weight matrix ``S`` of the firms
    ``nodes`` (in that order): everything it needs as arguments, so that it can run on a
    thread of its own beside the other measures.

    >>> net = as_network(nx.karate_club_graph())
    >>> louvain_partition(net.symmetric(weight=None), net.nodes).count
    4
    """
    if not resolution > 0:
        raise ValueError(f"resolution must be greater than 0, got {resolution}")
    if runs < 1:
        raise ValueError(f"runs must be at least 1, got {runs}")
    method = (
        "networkit-plm"
        if engine == "networkit"
        else "python-louvain"
        if resolution >= 1
        else "networkx-louvain"
    )
    # firms without ties change no modularity, and Louvain leaves them alone
    everyone = nodes
    tied = np.diff(S.indptr) > 0
    isolated = [node for node, has in zip(everyone, tied.tolist(), strict=True) if not has]
    if S.nnz == 0:
        return Partition(
            dict.fromkeys(isolated),
            None,
            method,
            resolution,
            seed,
            runs,
        )

    nodes = [node for node, has in zip(everyone, tied.tolist(), strict=True) if has]
    S = S[tied][:, tied]
    if method == "networkit-plm":
        from clustermap.graph import engine as fast

        labels = np.array(fast.louvain_labels(S, resolution, [seed + r for r in range(runs)]))
    elif method == "python-louvain":  # python-louvain's steps on lists (graph/louvain.py)
        labels = np.array(
            [_first_seen(best_partition(S, resolution=resolution, seed=seed + run))
             for run in range(runs)]
        )  # fmt: skip
    else:
        H = _projection(S, nodes)
        labels = np.array(
            [_labels(_networkx_louvain(H, resolution, seed + run), nodes) for run in range(runs)]
        )
    quality = [modularity(S, row) for row in labels]
    agreement = np.array([[adjusted_rand_index(a, b) for b in labels] for a in labels])
    typical = (agreement.sum(axis=1) - 1) / max(runs - 1, 1)
    # most representative run; ties to the higher modularity, then the earlier run
    chosen = max(range(runs), key=lambda r: (round(float(typical[r]), 12), quality[r], -r))
    membership: dict[Any, int | None] = {
        **_numbered(labels[chosen], nodes),
        **dict.fromkeys(isolated),
    }
    # the chosen run agrees with itself: judge stability by the other runs, if any
    others = np.delete(labels, chosen, axis=0)
    stability = _stability(others, labels[chosen], nodes) if runs > 1 else {}
    return Partition(
        membership,
        quality[chosen],
        method,
        resolution,
        seed,
        runs,
        best_modularity=max(quality),
        mean_modularity=float(np.mean(quality)),
        stability=stability,
        agreement=float(typical.mean()) if runs > 1 else None,
    )


def _projection(S: Any, nodes: list[Any]) -> nx.Graph:
    """The undirected network of the symmetric matrix ``S`` (firms ``nodes``, all tied), as
    :func:`~clustermap.graph.build.undirected_projection` makes it: firms and ties in
    canonical order (python-louvain's result depends on it, its issue #105)."""
    upper = triu(S, k=1, format="csr")
    upper.sort_indices()
    H: nx.Graph = nx.Graph()
    H.add_nodes_from(nodes)
    rows = np.repeat(np.arange(len(nodes)), np.diff(upper.indptr)).tolist()
    H.add_weighted_edges_from(
        (nodes[i], nodes[j], w)
        for i, j, w in zip(rows, upper.indices.tolist(), upper.data.tolist(), strict=True)
    )
    return H


def adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index of two labelings of the same items (1: identical partitions).

    References
    ----------
    .. [1] Hubert, L., & Arabie, P. (1985). Comparing partitions. Journal of Classification
       2, 193-218.

    Examples
    --------
    >>> adjusted_rand_index(np.array([0, 0, 1, 1]), np.array([5, 5, 2, 2]))
    1.0
    >>> round(adjusted_rand_index(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])), 3)
    -0.5
    """
    cells, _, _, row_sums, column_sums = _contingency(a, b)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index, rows, cols = pairs(cells), pairs(row_sums), pairs(column_sums)
    total = pairs(np.array([len(a)]))
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def normalized_mutual_information(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised mutual information of two labelings of the same items, with the
    arithmetic mean of the entropies as normaliser (scikit-learn's default): 1 for the
    same partition, 0 for independent ones.

    References
    ----------
    .. [1] Danon, L., Díaz-Guilera, A., Duch, J., & Arenas, A. (2005). Comparing community
       structure identification. Journal of Statistical Mechanics, P09008.

    Examples
    --------
    >>> normalized_mutual_information(np.array([0, 0, 1, 1]), np.array([5, 5, 2, 2]))
    1.0
    >>> normalized_mutual_information(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))
    0.0
    """
    cells, row, column, row_sums, column_sums = _contingency(a, b)
    joint, p_a, p_b = cells / len(a), row_sums / len(a), column_sums / len(a)

    def entropy(p: np.ndarray) -> float:
        return float(-(p * np.log(p)).sum())

    h_a, h_b = entropy(p_a), entropy(p_b)
    if h_a == h_b == 0:
        return 1.0  # one community in both: the same partition
    mutual = float((joint * np.log(joint / (p_a[row] * p_b[column]))).sum())
    return max(0.0, mutual / ((h_a + h_b) / 2))


def _contingency(
    a: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The non-empty cells of the contingency table of two labelings (counts, their row and
    column) and its row and column sums; sparse, since 100,000 firms may fall in thousands
    of communities on each side."""
    _, a_codes = np.unique(a, return_inverse=True)
    _, b_codes = np.unique(b, return_inverse=True)
    width = int(b_codes.max()) + 1
    cells, counts = np.unique(a_codes * width + b_codes, return_counts=True)
    return counts, cells // width, cells % width, np.bincount(a_codes), np.bincount(b_codes)


def _first_seen(labels: list[int]) -> list[int]:
    """Communities numbered in the order their first firm comes (as :func:`_labels` numbers
    the groups of a python-louvain partition).

    >>> _first_seen([3, 3, 0, 5, 0])
    [0, 0, 1, 2, 1]
    """
    number: dict[int, int] = {}
    return [number.setdefault(label, len(number)) for label in labels]


def _labels(groups: list[set[Any]], nodes: list[Any]) -> list[int]:
    label = {node: number for number, group in enumerate(groups) for node in group}
    return [label[node] for node in nodes]


def _numbered(labels: np.ndarray, nodes: list[Any]) -> dict[Any, int]:
    """Firm -> community, communities numbered by decreasing size, then by their first
    member in ``nodes`` (the canonical order): the same numbers whatever the labels."""
    _, first, label, size = np.unique(
        labels, return_index=True, return_inverse=True, return_counts=True
    )
    number = np.empty(len(size), dtype=np.int64)
    number[np.lexsort((first, -size))] = np.arange(len(size))
    return dict(zip(nodes, number[label.reshape(-1)].tolist(), strict=True))


def modularity(S: Any, labels: np.ndarray) -> float:
    """Newman's modularity (resolution 1) of ``labels`` on the symmetric weight matrix ``S``.

    Linear in the ties: ``sum over communities of L_c / m - (d_c / 2m)^2``, with ``L_c`` the
    weight inside community c, ``d_c`` its total strength and ``m`` the total tie weight (a
    self-tie counts once in ``L_c`` and twice in ``d_c``, as in networkx).

    >>> from scipy.sparse import csr_array
    >>> H = nx.barbell_graph(5, 0)
    >>> labels = np.array([0] * 5 + [1] * 5)
    >>> S = nx.to_scipy_sparse_array(H, nodelist=list(H), format="csr")
    >>> round(modularity(S, labels), 6) == round(nx.community.modularity(H, [set(range(5)),
    ...     set(range(5, 10))]), 6)
    True
    """
    coo = S.tocoo()
    loops = coo.row == coo.col
    strength = np.bincount(coo.row, weights=coo.data, minlength=S.shape[0])
    strength += np.bincount(coo.row[loops], weights=coo.data[loops], minlength=S.shape[0])
    total = strength.sum()  # 2m
    if total == 0:
        return 0.0
    inside = labels[coo.row] == labels[coo.col]
    within = coo.data[inside].sum() + coo.data[inside & loops].sum()  # 2 * sum of L_c
    degree = np.bincount(labels, weights=strength)
    return float(within / total - ((degree / total) ** 2).sum())


def _stability(labels: np.ndarray, chosen: np.ndarray, nodes: list[Any]) -> dict[Any, float]:
    """Per firm: how often the runs keep it with the other members of its community.

    Linear in firms x runs: in each run, a firm shares its label with (firms of its chosen
    community carrying that label) - 1 of its mates.
    """
    mates = np.bincount(chosen)[chosen] - 1
    together = np.zeros(len(nodes))
    for run in labels:
        pairs = chosen.astype(np.int64) * (int(run.max()) + 1) + run
        _, index, counts = np.unique(pairs, return_inverse=True, return_counts=True)
        together += counts[index] - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(mates > 0, together / (len(labels) * np.maximum(mates, 1)), 1.0)
    return {node: round(float(value), 6) for node, value in zip(nodes, share, strict=True)}


def _networkx_louvain(H: nx.Graph, resolution: float, seed: int) -> list[set[Any]]:
    """networkx's Louvain, used below resolution 1 (python-louvain's issue #94)."""
    return [
        set(group)
        for group in nx.community.louvain_communities(
            H, weight="weight", resolution=resolution, seed=seed
        )
    ]
