"""Seeded synthetic supply networks at national scale, for the scale benchmarks.

Usage: python benchmarks/supply_network.py SIZE OUT_FOLDER [--seed 1]
       SIZE is one of 1k (1,000 firms / 5,000 ties), 10k (10,000 / 50,000),
       100k (100,000 / 1,000,000) or 1m (1,000,000 / 10,000,000), or FIRMS:TIES.

Writes OUT_FOLDER/ties.csv (supplier, customer, weight) and OUT_FOLDER/firms.csv (firm,
sector, region) and prints what it made. The network is what invoice data looks like:

* heavy-tailed degrees: each firm's propensity to sell and to buy is Pareto-distributed
  (shape 1.6, the two correlated), so a few firms have thousands of partners;
* planted communities (sectors) of Zipf-distributed sizes, √firms / 2 of them (16 for 1,000
  firms, 500 for a million); 80 % of a firm's sales stay in its sector;
* a planted core: the 0.5 % of firms with the highest propensity send 30 % of their sales to
  other core firms, across sectors;
* weights: invoice volumes, log-normal, larger between large firms.

Ties are drawn with numpy in blocks (no Python loop over ties), without self-ties or
repeated pairs, so 10 million ties take about a minute. Same size and seed, same bytes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

SIZES = {
    "1k": (1_000, 5_000),
    "10k": (10_000, 50_000),
    "100k": (100_000, 1_000_000),
    "1m": (1_000_000, 10_000_000),
}
_WITHIN_SECTOR = 0.8
_CORE_SHARE = 0.005
_CORE_TRADE = 0.3


def parse_size(text: str) -> tuple[int, int]:
    if text.lower() in SIZES:
        return SIZES[text.lower()]
    firms, _, ties = text.partition(":")
    return int(firms), int(ties)


def generate(firms: int, ties: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Arrays ``supplier``, ``customer`` (firm numbers), ``weight``, and per firm
    ``sector``, ``region`` and ``core`` (bool)."""
    rng = np.random.default_rng(seed)
    sectors = max(4, round(firms**0.5 / 2))
    # Zipf-like sector sizes, every sector at least 5 firms
    shares = 1.0 / np.arange(1, sectors + 1) ** 0.9
    sizes = np.maximum(5, np.floor(shares / shares.sum() * firms)).astype(np.int64)
    while sizes.sum() > firms:
        sizes[np.argmax(sizes)] -= sizes.sum() - firms
    sizes[0] += firms - sizes.sum()
    sector = np.repeat(np.arange(sectors), sizes)
    rng.shuffle(sector)
    activity = rng.pareto(1.6, firms) + 1.0
    sell = activity * np.exp(rng.normal(0, 0.5, firms))
    buy = activity * np.exp(rng.normal(0, 0.5, firms))
    core = np.zeros(firms, dtype=bool)
    core[np.argsort(-activity, kind="stable")[: max(3, int(firms * _CORE_SHARE))]] = True
    order = np.argsort(sector, kind="stable")  # firms grouped by sector
    start = np.concatenate([[0], np.cumsum(np.bincount(sector, minlength=sectors))])
    buy_sorted = np.cumsum(buy[order])
    sell_cdf = np.cumsum(sell) / sell.sum()
    buy_cdf = np.cumsum(buy) / buy.sum()
    core_firms = np.flatnonzero(core)
    core_cdf = np.cumsum(buy[core_firms]) / buy[core_firms].sum()

    pairs = np.empty(0, dtype=np.int64)
    while len(pairs) < ties:
        block = int((ties - len(pairs)) * 1.3) + 1000
        supplier = np.searchsorted(sell_cdf, rng.random(block))
        customer = np.searchsorted(buy_cdf, rng.random(block))
        # within the supplier's sector: a customer drawn by propensity among its members
        inside = rng.random(block) < _WITHIN_SECTOR
        s = sector[supplier[inside]]
        low = np.where(start[s] > 0, buy_sorted[np.maximum(start[s] - 1, 0)], 0.0)
        high = buy_sorted[start[s + 1] - 1]
        picked = np.searchsorted(buy_sorted, low + rng.random(len(s)) * (high - low), side="right")
        customer[inside] = order[np.minimum(picked, start[s + 1] - 1)]
        # core firms trade among themselves across sectors
        between = core[supplier] & (rng.random(block) < _CORE_TRADE)
        customer[between] = core_firms[np.searchsorted(core_cdf, rng.random(between.sum()))]
        keep = supplier != customer
        fresh = supplier[keep].astype(np.int64) * firms + customer[keep]
        pairs = np.unique(np.concatenate([pairs, fresh]))  # sorted, no repeated pair
    pairs = rng.permutation(pairs)[:ties]
    pairs.sort()
    supplier, customer = pairs // firms, pairs % firms
    volume = rng.lognormal(3.0, 1.2, ties) * np.sqrt(activity[supplier] * activity[customer])
    return {
        "supplier": supplier,
        "customer": customer,
        "weight": np.round(volume, 1),
        "sector": sector,
        "region": rng.integers(0, 81, firms),  # Turkey's 81 provinces
        "core": core,
    }


def firm_name(number: np.ndarray, digits: int) -> np.ndarray:
    return np.char.add("F", np.char.zfill(number.astype(str), digits))


def write(network: dict[str, np.ndarray], folder: Path) -> tuple[Path, Path]:
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    firms = len(network["sector"])
    digits = len(str(firms - 1))
    ties_path, firms_path = folder / "ties.csv", folder / "firms.csv"
    pd.DataFrame(
        {
            "supplier": firm_name(network["supplier"], digits),
            "customer": firm_name(network["customer"], digits),
            "weight": network["weight"],
        }
    ).to_csv(ties_path, index=False, lineterminator="\n")
    pd.DataFrame(
        {
            "firm": firm_name(np.arange(firms), digits),
            "sector": np.char.add("S", network["sector"].astype(str)),
            "region": np.char.add("R", network["region"].astype(str)),
        }
    ).to_csv(firms_path, index=False, lineterminator="\n")
    return ties_path, firms_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="1k, 10k, 100k, 1m, or FIRMS:TIES")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    firms, ties = parse_size(args.size)
    started = time.perf_counter()
    network = generate(firms, ties, args.seed)
    ties_path, _ = write(network, args.out)
    degree = np.bincount(network["supplier"], minlength=firms) + np.bincount(
        network["customer"], minlength=firms
    )
    print(
        f"{firms} firms, {len(network['supplier'])} ties, {network['sector'].max() + 1} "
        f"sectors, core of {network['core'].sum()}; partners: median {np.median(degree):.0f}, "
        f"max {degree.max()}; {ties_path.stat().st_size / 1e6:.1f} MB; "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
