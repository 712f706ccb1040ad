"""Array kernels of the measures: sparse matrices in, numpy arrays out.

The measures of :mod:`clustermap.graph` reduce to a few operations on the network's sparse
matrices that no library offers in the form they need: the list of every triangle, sums of
a matrix product under a mask without forming the product, where given entries are stored.
They take scipy matrices (scikit-network's matrix-in contract) and work in blocks of
bounded memory, whatever the hubs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["BLOCK_WORK", "entry_offsets", "masked_product_sums", "triangles"]

#: :func:`masked_product_sums` works on blocks of rows of about this many multiply-adds, so
#: memory stays bounded whatever the hubs.
BLOCK_WORK = 10_000_000


def masked_product_sums(left: Any, right: Any, mask: Any) -> np.ndarray:
    """Per row i, the sum over j of ``(left @ right)[i, j] * mask[i, j]`` (scipy sparse).

    The product is formed a block of rows at a time: ``left @ right`` alone can hold far
    more entries than the three matrices (hubs' partners times partners), while only its
    entries under ``mask`` are wanted.

    >>> from scipy.sparse import csr_array
    >>> S = csr_array(np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]]))
    >>> masked_product_sums(S, S, S).tolist()  # twice the triangles at each firm
    [2, 2, 2]
    """
    left, right, mask = (_csr(matrix) for matrix in (left, right, mask))
    rows = left.shape[0]
    work = np.cumsum(left @ np.diff(right.indptr)) if rows else np.zeros(0)
    sums = np.zeros(rows, dtype=np.result_type(left.dtype, right.dtype, mask.dtype))
    start = 0
    while start < rows:
        stop = int(np.searchsorted(work, work[start] - 1 + BLOCK_WORK, side="right"))
        stop = max(stop, start + 1)
        block = slice(start, stop)
        sums[block] = np.asarray((left[block] @ right).multiply(mask[block]).sum(axis=1)).ravel()
        start = stop
    return sums


def triangles(S: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every triangle of the undirected network with binary symmetric matrix ``S`` (scipy
    CSR, no self-loops), once each, as three arrays of firm indices.

    Each tie is pointed from the firm with fewer partners to the one with more, and each
    pair of a firm's outgoing ties is checked for the third tie: hubs then have few outgoing
    ties, so the work is the sum of squared out-degrees (5.6 million pairs for a million
    ties with hubs of 3,500 partners, where products of ``S`` cost 190 million), in blocks
    of :data:`BLOCK_WORK` pairs.

    >>> from scipy.sparse import csr_array
    >>> S = csr_array(np.array([[0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 1], [1, 0, 1, 0]]))
    >>> sorted(sorted(map(int, t)) for t in zip(*triangles(S)))
    [[0, 1, 2], [0, 2, 3]]
    """
    S = _sorted(S)
    n = S.shape[0]
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), np.diff(S.indptr)))] = np.arange(n)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(S.indptr))
    up = rank[rows] < rank[S.indices]
    tails, heads = rows[up], S.indices[up].astype(np.int64)  # CSR order: grouped by tail
    row_end = np.searchsorted(tails, tails, side="right")
    later = row_end - np.arange(len(tails)) - 1  # pairs each tie starts within its row
    work = np.cumsum(later)
    keys = rows * n + S.indices
    found: list[tuple[np.ndarray, ...]] = []
    start = 0
    while start < len(tails):
        stop = int(np.searchsorted(work, work[start] - later[start] + BLOCK_WORK, side="right"))
        stop = max(stop, start + 1)
        count = later[start:stop]
        first = np.repeat(np.arange(start, stop), count)
        offset = np.arange(len(first)) - np.repeat(np.cumsum(count) - count, count)
        second = first + 1 + offset
        closing = heads[first] * n + heads[second]
        at = np.minimum(np.searchsorted(keys, closing), len(keys) - 1)
        hit = keys[at] == closing
        found.append((tails[first[hit]], heads[first[hit]], heads[second[hit]]))
        start = stop
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    a, b, c = (np.concatenate(part) for part in zip(*found, strict=True))
    return a, b, c


def entry_offsets(S: Any, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Where the entries ``(rows[k], cols[k])`` are stored in ``S.data`` (scipy CSR with
    sorted indices; every entry must be present).

    >>> from scipy.sparse import csr_array
    >>> entry_offsets(csr_array(np.array([[0, 5], [7, 0]])), np.array([1, 0]), np.array([0, 1]))
    array([1, 0])
    """
    S = _sorted(S)
    n = S.shape[1]
    keys = np.repeat(np.arange(S.shape[0], dtype=np.int64), np.diff(S.indptr)) * n + S.indices
    return np.searchsorted(keys, rows.astype(np.int64) * n + cols)


def _sorted(matrix: Any) -> Any:
    matrix = _csr(matrix)
    return matrix if matrix.has_sorted_indices else matrix.sorted_indices()


def _csr(matrix: Any) -> Any:
    from scipy.sparse import csr_array

    return csr_array(matrix)
