"""What tie weights mean: shares of the supplier's sales, or volumes of any unit.

One rule, used where the survey is read (to explain it with lines and columns) and by
:func:`clustermap.graph.supply.weight_basis` for a graph alone: neither layer imports the
other, so the rule lives here.
"""

from __future__ import annotations

import numpy as np

from clustermap.options import WEIGHT_BASES

__all__ = ["SHARE_SCALES", "WEIGHT_BASES", "guess_basis"]
#: The whole of a supplier's sales in each share basis.
SHARE_SCALES = {"fraction": 1.0, "percent": 100.0}
#: Sums of shares up to this factor of the whole are rounding, not an overshoot.
ROUNDING = 1.01
#: The share of suppliers whose sales must add up to at most the whole.
WITHIN = 0.9


def guess_basis(weights: np.ndarray, sales: np.ndarray) -> str:
    """Guess what tie weights are from the weights of the firm pairs and each supplier's sum.

    ``"unweighted"`` when every weight is 1 (no weight column); ``"fraction"`` when every
    weight is at most 1 (shares of sales all below 1 % would be no survey's answers);
    ``"percent"`` when every weight is at most 100 and at least 90 % of the suppliers'
    sums are at most 101: shares of the supplier's total sales, allowing for rounding and a
    few answers that overshoot; else ``"volume"`` (amounts of any unit).

    Parameters
    ----------
    weights : numpy.ndarray
        The weight of each supplier -> customer pair (summed over relation layers).
    sales : numpy.ndarray
        Each firm's sum of the weights of its customer pairs (zeros are ignored).

    Returns
    -------
    str

    Examples
    --------
    >>> guess_basis(np.array([60.0, 30.0]), np.array([90.0])), guess_basis(np.array([0.4]),
    ...     np.array([0.4]))
    ('percent', 'fraction')
    >>> guess_basis(np.array([133.6, 20.0]), np.array([133.6, 20.0])), guess_basis(
    ...     np.ones(3), np.array([2.0, 1.0]))
    ('volume', 'unweighted')
    >>> guess_basis(np.array([0.6, 0.55, 0.8]), np.array([1.15, 0.8]))  # an overshoot
    'fraction'
    """
    if not len(weights):
        return "volume"
    if (weights == 1).all():
        return "unweighted"
    if weights.max() <= SHARE_SCALES["fraction"]:
        return "fraction"
    sales = sales[sales > 0]
    within = int((sales <= SHARE_SCALES["percent"] * ROUNDING).sum())
    if weights.max() <= SHARE_SCALES["percent"] and within >= WITHIN * len(sales):
        return "percent"
    return "volume"
