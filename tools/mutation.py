#!/usr/bin/env python
"""Mutation testing of clustermap's measures: does the test suite notice plausible bugs?

Each mutant in :data:`MUTANTS` is one bug a developer could plausibly write (``>=`` for
``>`` at a threshold, ``n`` for ``n - 1``, a missing square, a seed not passed on, a
tie-break turned round, ...): a source snippet that occurs exactly once in its file, its
replacement, and the test files that should notice it. For each mutant the script applies
the replacement in a temporary copy of the project (never in the project itself), runs
the relevant tests there with pytest, and restores the original text. A mutant the tests
notice is *killed*; one they do not is a *survivor*: either equivalent (no observable
difference) or a sign of a missing test.

Usage (from the project root)::

    .venv/bin/python tools/mutation.py              # every mutant (about half an hour)
    .venv/bin/python tools/mutation.py --list       # the mutants, without running them
    .venv/bin/python tools/mutation.py --only supply --only 'p-value'
    .venv/bin/python tools/mutation.py --number 8 --number 19   # as numbered by --list

Only test files under ``tests/`` are run (the doctests in ``clustermap/`` are not: a
mutant must be noticed by the test suite). Before the mutants, every distinct set of
relevant tests is run once unmutated and must pass. The exit code is 0 whatever the
score; 2 for an error of the tool itself (a snippet that does not occur exactly once, a
test path that does not exist, failing unmutated tests, the copy's package not imported).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The project root (this file is ``tools/mutation.py``).
ROOT = Path(__file__).resolve().parent.parent

#: What the tests need from the project, copied into the temporary folder:
#: ``tests/test_docs.py`` reads README.md, ``tests/test_benchmarks.py`` imports benchmarks/,
#: ``tests/conftest.py`` reads data/samples/.
COPIED = (
    "clustermap",
    "tests",
    "data",
    "docs",
    "benchmarks",
    "pyproject.toml",
    "README.md",
    "CHANGELOG.md",
    "LICENSE",
)

#: Seconds a mutant's tests may run; longer counts as killed (by timeout), reported apart.
TIMEOUT = 300.0

PYTEST_OPTIONS = ("-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider")


class ToolError(Exception):
    """An error of the tool itself (not of a mutant): the run stops, exit code 2."""


@dataclass(frozen=True)
class Mutant:
    """One plausible bug.

    Attributes
    ----------
    file : str
        The mutated file, relative to the project root.
    original : str
        A snippet of it that occurs exactly once.
    replacement : str
        What the snippet becomes.
    description : str
        The bug, in one line.
    tests : str
        The relevant test paths (under ``tests/``), separated by spaces, fastest first
        (pytest stops at the first failure).
    """

    file: str
    original: str
    replacement: str
    description: str
    tests: str

    @property
    def test_paths(self) -> tuple[str, ...]:
        return tuple(self.tests.split())


# The relevant tests of each part of the code, fastest first. Every set ends with
# tests/test_api.py: the whole pipeline on the sample survey.
_API = "tests/test_api.py"
_RULES = "tests/graph/test_decision_rules.py"
CENTRALITY = f"tests/graph/test_metrics.py tests/graph/test_engine.py {_API}"
SAMPLED = f"tests/graph/test_metrics.py tests/graph/test_sampled_paths.py {_API}"
HOLES = f"tests/graph/test_metrics.py tests/graph/test_matrix_functions.py {_API}"
BROKERAGE = f"tests/graph/test_brokerage.py tests/graph/test_matrix_functions.py {_API}"
CORE = (
    "tests/graph/test_coreperiphery.py tests/graph/test_matrix_functions.py "
    f"{_RULES} tests/graph/test_significance.py {_API}"
)
COMMUNITY = (
    f"tests/graph/test_louvain.py tests/graph/test_community.py "
    f"tests/graph/test_significance.py {_RULES} tests/graph/test_engine.py {_API}"
)
SIGNIFICANCE = f"tests/graph/test_significance.py {_RULES} {_API}"
SUPPLY = f"tests/graph/test_supply.py tests/graph/test_matrix_functions.py {_RULES} {_API}"
FIGURES = f"tests/graph/test_metrics.py tests/graph/test_kernels.py {_API}"
BUILD = (
    f"tests/graph/test_metrics.py tests/graph/test_kernels.py tests/survey/test_survey.py {_API}"
)
_INTAKE_RULES = "tests/survey/test_intake_rules.py"
SURVEY = (
    f"{_INTAKE_RULES} tests/survey/test_survey.py tests/survey/test_weights.py "
    f"tests/survey/test_layouts.py tests/survey/test_names.py tests/survey/test_headers.py {_API}"
)
SHARES = f"{_INTAKE_RULES} tests/survey/test_weights.py tests/graph/test_supply.py {_RULES} {_API}"

_G = "clustermap/graph/"
_CENTRALITY = _G + "centrality.py"
_BROKERAGE = _G + "brokerage.py"
_CORE = _G + "coreperiphery.py"
_COMMUNITY = _G + "community.py"
_SIGNIFICANCE = _G + "significance.py"
_SUPPLY = _G + "supply.py"
_RESILIENCE = _G + "resilience.py"
_FIGURES = _G + "figures.py"
_BUILD = _G + "build.py"
_NETWORK = _G + "network.py"
_SHARES = "clustermap/shares.py"
_VALIDATE = "clustermap/survey/validate.py"
_WEIGHTS = "clustermap/survey/weights.py"

#: The plausible bugs. The rules that decide what a reader sees are all here: dependence
#: above the threshold, resilience's 2/3, integrators at mean + 1 SD, the p-value, the seed
#: on the python-louvain path, the core/periphery "most ties" tie-break, the representative
#: (not the best) Louvain run, the weight basis's rounding tolerance.
MUTANTS: tuple[Mutant, ...] = (
    # --- centrality --------------------------------------------------------------------
    Mutant(
        _CENTRALITY,
        "wf_improved=True",
        "wf_improved=False",
        "closeness without the Wasserman-Faust correction for disconnected networks",
        CENTRALITY,
    ),
    Mutant(
        _CENTRALITY,
        "return nx.betweenness_centrality(net.graph, normalized=True, weight=None)",
        "return nx.betweenness_centrality(net.graph, normalized=False, weight=None)",
        "betweenness not normalised by (n-1)(n-2)",
        CENTRALITY,
    ),
    Mutant(
        _CENTRALITY,
        "return nx.betweenness_centrality(net.graph, normalized=True, weight=None)",
        'return nx.betweenness_centrality(net.graph, normalized=True, weight="weight")',
        "betweenness on weighted paths: sales shares read as distances",
        CENTRALITY,
    ),
    Mutant(
        _CENTRALITY,
        "alpha: float = 0.85",
        "alpha: float = 0.9",
        "PageRank damping 0.9 instead of 0.85",
        CENTRALITY,
    ),
    Mutant(
        _CENTRALITY,
        "leading = np.abs(vectors[:, -1])",
        "leading = np.abs(vectors[:, 0])",
        "dense eigenvector: eigh's first column (smallest eigenvalue) instead of its last",
        CENTRALITY,
    ),
    Mutant(
        _CENTRALITY,
        "leading /= np.linalg.norm(leading)",
        "leading /= leading.max()",
        "eigenvector scaled to a largest value of 1 instead of unit length",
        CENTRALITY,
    ),
    Mutant(
        _CENTRALITY,
        "(reach / (n - 1)) * (reach / distance)",
        "(reach / n) * (reach / distance)",
        "sampled closeness: Wasserman-Faust factor r/n instead of r/(n-1)",
        SAMPLED,
    ),
    Mutant(
        _CENTRALITY,
        "estimate = {node: (halves[0][node] + halves[1][node]) / 2 for node in net.graph}",
        "estimate = {node: halves[0][node] + halves[1][node] for node in net.graph}",
        "sampled betweenness: the two halves' estimates summed instead of averaged",
        SAMPLED,
    ),
    # --- structural holes --------------------------------------------------------------
    Mutant(
        _BROKERAGE,
        "weights=(p + indirect) ** 2,",
        "weights=p + indirect,",
        "constraint without the square of each partner's term",
        HOLES,
    ),
    Mutant(
        _BROKERAGE,
        "p, m = W.data / totals[row], W.data / largest[row]",
        "p, m = W.data / totals[row], W.data / totals[row]",
        "effective size: m_jq divided by j's total instead of j's largest tie",
        HOLES,
    ),
    Mutant(
        _BROKERAGE,
        "effective / np.maximum(partners, 1)",
        "effective / np.maximum(partners - 1, 1)",
        "efficiency divided by partners - 1 instead of partners",
        HOLES,
    ),
    Mutant(
        _BROKERAGE,
        "values = hole_arrays(sp.csr_array(A + A.T))",
        "values = hole_arrays(sp.csr_array(A.maximum(A.T)))",
        "structural holes: reciprocal ties not summed (max of a_ij and a_ji)",
        HOLES,
    ),
    # --- Gould-Fernandez brokerage -----------------------------------------------------
    Mutant(
        _BROKERAGE,
        '"gatekeeper": in_other * out_own,',
        '"gatekeeper": in_own * out_other,',
        "gatekeeper counted on the representative's condition (a, b together, not b, c)",
        BROKERAGE,
    ),
    Mutant(
        _BROKERAGE,
        '"coordinator": in_own * out_own - mutual_own,',
        '"coordinator": in_own * out_own,',
        "coordinator two-paths a -> b -> a over reciprocal ties not excluded",
        BROKERAGE,
    ),
    Mutant(
        _BROKERAGE,
        '"consultant": (from_other, same, other),',
        '"consultant": (from_other, other, other),',
        "closed consultant paths: the a -> c tie looked up across groups, not within",
        BROKERAGE,
    ),
    Mutant(
        _BROKERAGE,
        '"coordinator": own * (own - 1) / pairs,',
        '"coordinator": own * own / pairs,',
        "P(coordinator) drawn with replacement: own^2 instead of own(own-1)",
        BROKERAGE,
    ),
    Mutant(
        _BROKERAGE,
        "pairs = (n - 1) * (n - 2)",
        "pairs = n * (n - 1)",
        "role probabilities over n(n-1) pairs instead of the other firms' (n-1)(n-2)",
        BROKERAGE,
    ),
    Mutant(
        _BROKERAGE,
        "own, others = sizes[group] - 1, n - sizes[group]",
        "own, others = sizes[group], n - sizes[group]",
        "role probabilities: the broker itself counted among its group's other firms",
        BROKERAGE,
    ),
    Mutant(
        _BROKERAGE,
        "spread = np.sqrt(paths * p * (1 - p))",
        "spread = np.sqrt(paths * p)",
        "brokerage z-score with a Poisson sd (the 1 - p factor dropped)",
        BROKERAGE,
    ),
    # --- core/periphery ----------------------------------------------------------------
    Mutant(
        _CORE,
        "cells = cc_cells + p * (p - 1)",
        "cells = cc_cells + p * p",
        "core/periphery correlation counts the periphery's diagonal cells (p^2, not p(p-1))",
        CORE,
    ),
    Mutant(
        _CORE,
        "sum_d2 = cc_cells + d * d * 2 * c * p",
        "sum_d2 = cc_cells + d * 2 * c * p",
        "off-diagonal pattern: the sum of squares misses the square of d",
        CORE,
    ),
    Mutant(
        _CORE,
        "start[order[: int(np.argmax(r)) + 1]] = True",
        "start[order[: int(np.argmax(r))]] = True",
        "best prefix of an ordering off by one (its k-th firm left out)",
        CORE,
    ),
    Mutant(
        _CORE,
        "(-degree[list(members)].sum(), len(members), members)",
        "(degree[list(members)].sum(), len(members), members)",
        "_choose: equally good cores go to the one with the fewest ties, not the most",
        CORE,
    ),
    Mutant(
        _CORE,
        "(-degree[list(members)].sum(), len(members), members)",
        "(-degree[list(members)].sum(), -len(members), members)",
        "_choose: among equally tied cores the larger one is chosen, not the smaller",
        CORE,
    ),
    Mutant(
        _CORE,
        "for core, fit in valid if fit >= top - 1e-10}",
        "for core, fit in valid if fit >= top}",
        "_choose: equal fits compared without tolerance (float noise decides)",
        CORE,
    ),
    Mutant(
        _CORE,
        "exact = 2 <= n <= EXACT_LIMIT",
        "exact = 2 <= n < EXACT_LIMIT",
        "exhaustive search up to 17 firms, not 18 (off by one at EXACT_LIMIT)",
        CORE,
    ),
    Mutant(
        _CORE,
        "rng = np.random.default_rng(seed)",
        "rng = np.random.default_rng(42)",
        "random starts of the discrete core search ignore the seed",
        CORE,
    ),
    Mutant(
        _CORE,
        "sum_p = s1 * s1 - s2",
        "sum_p = s1 * s1",
        "pattern_correlation: the pattern's sum keeps the diagonal terms c_i^2",
        CORE,
    ),
    Mutant(
        _CORE,
        "sum_p2 = s2 * s2 - s4",
        "sum_p2 = s2 * s2",
        "pattern_correlation: the pattern's sum of squares keeps the diagonal terms c_i^4",
        CORE,
    ),
    Mutant(
        _CORE,
        "denominator = c @ c - c * c",
        "denominator = c @ c",
        "continuous coreness fitted with the diagonal cells i = j",
        CORE,
    ),
    Mutant(
        _CORE,
        "cells = size_rows * size_cols - (size_rows if row_name == col_name else 0)",
        "cells = size_rows * size_cols",
        "block density counts self-pairs in the core->core and periphery->periphery blocks",
        CORE,
    ),
    # --- communities -------------------------------------------------------------------
    Mutant(
        "clustermap/graph/louvain.py",
        "random_state = np.random.RandomState(seed)",
        "random_state = np.random.RandomState(42)",
        "python-louvain's steps without the seed: every seed gives the same runs",
        COMMUNITY,
    ),
    Mutant(
        "clustermap/graph/louvain.py",
        "if incr > best_increase:",
        "if incr >= best_increase:",
        "Louvain moves a firm for no gain (ties go to the last community tried)",
        COMMUNITY,
    ),
    Mutant(
        "clustermap/graph/louvain.py",
        "internals[com_node] - weights.get(com_node, 0.0) - loops[node]",
        "internals[com_node] - weights.get(com_node, 0.0)",
        "Louvain's removal leaves a firm's self-tie in its old community",
        COMMUNITY,
    ),
    Mutant(
        "clustermap/graph/louvain.py",
        "            if seen[neighbour]:\n                continue\n",
        "",
        "the induced graph counts every tie twice (from both ends)",
        COMMUNITY,
    ),
    Mutant(
        _COMMUNITY,
        "best_partition(S, resolution=resolution, seed=seed + run)",
        "best_partition(S, resolution=resolution, seed=seed)",
        "every Louvain run uses the same seed (seed + run dropped)",
        COMMUNITY,
    ),
    Mutant(
        _COMMUNITY,
        "key=lambda r: (round(float(typical[r]), 12), quality[r], -r))",
        "key=lambda r: (quality[r], -r))",
        "the best-modularity Louvain run reported instead of the most representative one",
        COMMUNITY,
    ),
    Mutant(
        _COMMUNITY,
        "others = np.delete(labels, chosen, axis=0)",
        "others = labels",
        "community stability judged with the chosen run itself among the runs",
        COMMUNITY,
    ),
    Mutant(
        _COMMUNITY,
        "together / (len(labels) * np.maximum(mates, 1))",
        "together / np.maximum(mates, 1)",
        "community stability summed over the runs instead of averaged",
        COMMUNITY,
    ),
    Mutant(
        _COMMUNITY,
        "typical = (agreement.sum(axis=1) - 1) / max(runs - 1, 1)",
        "typical = agreement.sum(axis=1) / runs",
        "run agreement includes each run's agreement with itself",
        COMMUNITY,
    ),
    Mutant(
        _COMMUNITY,
        "if resolution >= 1",
        "if resolution > 1",
        "resolution exactly 1 sent to networkx's Louvain instead of python-louvain",
        COMMUNITY,
    ),
    Mutant(
        _COMMUNITY,
        "within = coo.data[inside].sum() + coo.data[inside & loops].sum()",
        "within = coo.data[inside].sum()",
        "modularity: a self-tie counted once in 2 L_c instead of twice",
        COMMUNITY,
    ),
    Mutant(
        _COMMUNITY,
        "number[np.lexsort((first, -size))] = np.arange(len(size))",
        "number[np.lexsort((first, size))] = np.arange(len(size))",
        "communities numbered from the smallest instead of the largest",
        COMMUNITY,
    ),
    # --- significance ------------------------------------------------------------------
    Mutant(
        _SIGNIFICANCE,
        "p = (1 + reached) / (1 + len(values))",
        "p = reached / len(values)",
        "p-value reached / nulls instead of (1 + reached) / (1 + nulls)",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "reached = sum(value >= observed - 1e-12 for value in values)",
        "reached = sum(value > observed for value in values)",
        "randomisations equal to the observed value not counted as reaching it",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "if len(values) < 19:",
        "if len(values) < 20:",
        "the 19-randomisation rule off by one (fewer than 20 called too few)",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "{real if p <= 0.05 else unreal}",
        "{real if p < 0.05 else unreal}",
        "significance verdict needs p < 0.05 (19 randomisations can never pass)",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "sd = float(np.std(values, ddof=1))",
        "sd = float(np.std(values, ddof=0))",
        "null model sd with ddof=0 (z-scores too large)",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "or d in neighbours[a] or b in neighbours[c]:",
        "or d in neighbours[a]:",
        "edge swap does not check the c-b tie exists already (double ties, degrees change)",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "if a in (c, d) or b in (c, d) or",
        "if a == c or b == d or",
        "edge swap allows three distinct firms (self-ties appear)",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "c, d = edges[j] if uniform() < 0.5 else edges[j][::-1]",
        "c, d = edges[j]",
        "edge swap never flips the second tie (one of the two rewirings only)",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "bits, draw, uniform = m.bit_length(),",
        "bits, draw, uniform = (m - 1).bit_length(),",
        "ties drawn with one bit too few when their count is a power of two (never the last)",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "wanted, attempts, done, m = 10 * len(edges),",
        "wanted, attempts, done, m = 1 * len(edges),",
        "one double edge swap per tie instead of ten",
        SIGNIFICANCE,
    ),
    Mutant(
        _SIGNIFICANCE,
        "return [randomised(net, seed + i) for i in range(count)]",
        "return [randomised(net, seed) for i in range(count)]",
        "every randomised network made with the same seed",
        SIGNIFICANCE,
    ),
    # --- supply: concentration, roles ----------------------------------------------------
    Mutant(
        _SUPPLY,
        "(top_share > threshold)",
        "(top_share >= threshold)",
        "single-customer dependence flagged at the threshold, not only above it",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        'top_share = sales_share if scale else figures["top_customer_share"]',
        'top_share = figures["top_customer_share"]',
        "dependence judged on in-cluster shares even when weights are shares of all sales",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        'dependent = (basis != "unweighted") & ',
        "dependent = ",
        "unweighted ties flag dependence (a single customer reads as 100 %)",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "weights=share * share,",
        "weights=share,",
        "HHI without squaring the shares",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "numbers.mean() + numbers.std()",
        "numbers.mean() + 2 * numbers.std()",
        "integrator/allocator cut at mean + 2 SD instead of mean + 1 SD",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "values[node] >= cut",
        "values[node] > cut",
        "integrator/allocator must exceed the cut instead of reaching it",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "cut = max(3.0,",
        "cut = max(2.0,",
        "integrator/allocator floor of 2 partners instead of 3",
        SUPPLY,
    ),
    # --- supply: tiers, chains, dominators, cut firms ------------------------------------
    Mutant(
        _SUPPLY,
        "h = np.round(h - lowest[part], 9) + 0.0",
        "h = np.round(h - h.min(), 9) + 0.0",
        "tiers shifted by the network's lowest firm, not each connected part's",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "((h[cols] - h[rows] - 1.0) ** 2)",
        "((h[cols] - h[rows]) ** 2)",
        "tier incoherence measured from equal levels, not from one level apart",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "laplacian = np.diag(incoming + outgoing) - A - A.T",
        "laplacian = np.diag(incoming + outgoing) - A",
        "dense trophic Laplacian misses A^T (not symmetrised)",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "    return rounds\n",
        "    return rounds - 1\n",
        "longest chain counts its ties instead of its firms",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "others = max(controlled.pop(order[prime]) - 1, 1)",
        "others = max(controlled.pop(order[prime]), 1)",
        "dominator shares over all upstream firms, the firm's own supply counted",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "return {node: count - 1 for node, count in size.items()",
        "return {node: count for node, count in size.items()",
        "upstream_control counts a firm among the firms it controls",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "largest = ends[np.lexsort((ends, -purchases[ends]))]",
        "largest = ends[np.lexsort((ends, purchases[ends]))]",
        "end customers followed: the smallest buyers instead of the largest",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "return max(3, min(MAX_END_CUSTOMERS, DOMINATOR_BUDGET // max(ties, 1)))",
        "return min(MAX_END_CUSTOMERS, DOMINATOR_BUDGET // max(ties, 1))",
        "end customers followed: no floor of 3 on very large networks",
        SUPPLY,
    ),
    Mutant(
        _SUPPLY,
        "elif low[node] >= found[above]:",
        "elif low[node] > found[above]:",
        "cut firms: low point > discovery time instead of >= (firms on cycles missed)",
        SUPPLY,
    ),
    # --- supply: resilience --------------------------------------------------------------
    Mutant(
        _RESILIENCE,
        "harm(f)[0] < (2 / 3) * harm(f)[1]",
        "harm(f)[0] < (1 / 2) * harm(f)[1]",
        "fragile when targeted loss leaves under 1/2 (not 2/3) of what random loss leaves",
        SUPPLY,
    ),
    Mutant(
        _RESILIENCE,
        "for f in (0.1, 0.2) if harm",
        "for f in (0.1,) if harm",
        "fragility judged at 10 % of firms removed only, not at 20 %",
        SUPPLY,
    ),
    Mutant(
        _RESILIENCE,
        'return min(curves["degree"][at], curves["betweenness"][at]), curves["random"][at]',
        'return curves["degree"][at], curves["random"][at]',
        "fragility ignores the betweenness attack (degree attack only)",
        SUPPLY,
    ),
    Mutant(
        _RESILIENCE,
        "keep[order[: math.ceil(fraction * n - 1e-9)]] = False",
        "keep[order[: int(fraction * n)]] = False",
        "largest_part_left rounds a fraction of a firm down (10 % of 9 firms removes none)",
        SUPPLY,
    ),
    Mutant(
        _RESILIENCE,
        "math.ceil(fraction * n - 1e-9)",
        "math.ceil(fraction * n)",
        "largest_part_left without the tolerance: float error removes one firm too many",
        SUPPLY,
    ),
    Mutant(
        _RESILIENCE,
        "return round(int(np.bincount(labels[keep]).max()) / n, 6)",
        "return round(int(np.bincount(labels[keep]).max()) / int(keep.sum()), 6)",
        "largest part as a share of the firms left instead of all firms",
        SUPPLY,
    ),
    # --- network figures -----------------------------------------------------------------
    Mutant(
        _FIGURES,
        '"density": nx.density(net.graph) if n > 1 else None,',
        '"density": m / (n * n) if n > 1 else None,',
        "density over n^2 pairs instead of n(n-1)",
        FIGURES,
    ),
    Mutant(
        _FIGURES,
        "returned = mutual.nnz - int((mutual.diagonal() != 0).sum())",
        "returned = mutual.nnz",
        "reciprocity counts self-ties as returned ties",
        FIGURES,
    ),
    Mutant(
        _FIGURES,
        '"reciprocity": returned / m if',
        '"reciprocity": returned / 2 / m if',
        "reciprocity counts reciprocated pairs instead of ties",
        FIGURES,
    ),
    Mutant(
        _FIGURES,
        "return int((degrees.max() - degrees).sum()) / ((n - 1) * (n - 2))",
        "return int((degrees.max() - degrees).sum()) / ((n - 1) * n)",
        "degree centralisation normalised by n(n-1) instead of (n-1)(n-2)",
        FIGURES,
    ),
    Mutant(
        _FIGURES,
        "closed = 6 * len(triangles(S)[0])",
        "closed = 3 * len(triangles(S)[0])",
        "transitivity counts each triangle 3 times instead of 6",
        FIGURES,
    ),
    Mutant(
        _FIGURES,
        "k: 2 * int(ties_above[k]) /",
        "k: int(ties_above[k]) /",
        "rich-club coefficient without the factor 2",
        FIGURES,
    ),
    Mutant(
        _FIGURES,
        "touching = (np.diff(A.indptr) + np.diff(A.tocsc().indptr)) > 0",
        "touching = np.diff(A.indptr) > 0",
        "isolates counted as the firms without customers",
        FIGURES,
    ),
    # --- building the network ------------------------------------------------------------
    Mutant(
        _BUILD,
        'weight = np.bincount(edge_of_row, weights=ties["weight"].to_numpy(dtype=float))',
        'weight = np.bincount(edge_of_row, weights=ties["weight"].to_numpy(dtype=float))'
        " / rows_per_edge",
        "ties of several relation layers merged with the mean weight instead of the sum",
        BUILD,
    ),
    Mutant(
        _BUILD,
        "summed[pair] = 1.0 if weight is None else summed.get(pair, 0.0) + value",
        "summed[pair] = 1.0 if weight is None else value",
        "undirected projection keeps one direction's weight instead of summing both",
        BUILD,
    ),
    Mutant(
        _BUILD,
        "        if u == v:\n            continue\n",
        "",
        "undirected projection keeps self-ties",
        BUILD,
    ),
    Mutant(
        _NETWORK,
        "S = (A + A.T).tocsr() if self.is_directed() else A",
        "S = A.maximum(A.T).tocsr() if self.is_directed() else A",
        "Network.symmetric takes the larger reciprocal weight instead of their sum",
        BUILD,
    ),
    Mutant(
        _NETWORK,
        "        S.setdiag(0.0)\n",
        "",
        "Network.symmetric keeps self-ties",
        BUILD,
    ),
    # --- what weights mean ---------------------------------------------------------------
    Mutant(
        _SHARES,
        'within = int((sales <= SHARE_SCALES["percent"] * ROUNDING).sum())',
        'within = int((sales <= SHARE_SCALES["percent"]).sum())',
        "weight-basis guess without the 1 % rounding tolerance (100.5 % is no percentage)",
        SHARES,
    ),
    Mutant(
        _SHARES,
        "within >= WITHIN * len(sales)",
        "within > WITHIN * len(sales)",
        "percent guess needs more than 90 % of suppliers within 101, not at least 90 %",
        SHARES,
    ),
    Mutant(
        _SHARES,
        'if weights.max() <= SHARE_SCALES["fraction"]:',
        'if weights.max() < SHARE_SCALES["fraction"]:',
        "a weight of exactly 1 among fractions makes them percentages",
        SHARES,
    ),
    # --- survey values -------------------------------------------------------------------
    Mutant(
        _VALIDATE,
        "clean = named & ~np.isnan(value) & different & ~ambiguous",
        "clean = named & different & ~ambiguous",
        "rows with unreadable or non-positive weights pass as clean (no bad-weight error)",
        SURVEY,
    ),
    Mutant(
        _WEIGHTS,
        'return text.value if text.value > 0 else "must be greater than zero"',
        'return text.value if text.value >= 0 else "must be greater than zero"',
        "a weight of 0 accepted (weights must be positive)",
        SURVEY,
    ),
    Mutant(
        _VALIDATE,
        "different = firm[names[:rows]] != firm[names[rows:]]",
        "different = suppliers != customers",
        "self-ties detected on spellings, not on the firm the names resolve to",
        SURVEY,
    ),
    Mutant(
        _VALIDATE,
        'weight = np.add.reduceat(frame["weight"].to_numpy(dtype=float)[order], starts)',
        'weight = np.maximum.reduceat(frame["weight"].to_numpy(dtype=float)[order], starts)',
        "a respondent's repeated rows keep the largest weight instead of the sum",
        SURVEY,
    ),
    Mutant(
        _VALIDATE,
        'ties["weight"] = np.add.reduceat(weight[tie_order], tie_starts) / reports',
        'ties["weight"] = np.add.reduceat(weight[tie_order], tie_starts)',
        "a tie reported by its supplier and its customer: weights summed, not averaged",
        SURVEY,
    ),
    Mutant(
        _VALIDATE,
        "for at in np.flatnonzero(rows > 1).tolist():",
        "for at in np.flatnonzero(rows > 2).tolist():",
        "a tie listed twice merged without a duplicate warning (three times or more only)",
        SURVEY,
    ),
    Mutant(
        _VALIDATE,
        'named = (suppliers != "") & (customers != "")',
        'named = suppliers != ""',
        "an empty customer name is not an error",
        SURVEY,
    ),
    Mutant(
        _VALIDATE,
        "if len(firm) > schema.LONGEST_NAME:",
        "if len(firm) >= schema.LONGEST_NAME:",
        "a firm name of exactly 500 characters refused as too long",
        SURVEY,
    ),
    Mutant(
        _VALIDATE,
        '[schema.relation(clean_name(str(cell))) or "supply" for cell in relation_cells]',
        '[clean_name(str(cell)) or "supply" for cell in relation_cells]',
        "relation cells not normalised to the canonical layers (hizmet stays hizmet)",
        SURVEY,
    ),
    Mutant(
        _VALIDATE,
        "unknown_layers.setdefault(name_key(str(spelling)), [])",
        "unknown_layers.setdefault(str(spelling), [])",
        "custom relation layers spelled in other cases not merged into one layer",
        SURVEY,
    ),
    Mutant(
        _VALIDATE,
        "elif records[firm] != values:",
        "elif records[firm] == values:",
        "a firm listed twice: identical rows called conflicting, different ones duplicates",
        SURVEY,
    ),
)


@dataclass(frozen=True)
class Outcome:
    """What the tests made of one mutant."""

    mutant: Mutant
    status: str  # "killed", "timeout" or "survived"
    seconds: float
    detail: str = ""  # the first failing test, for a killed mutant

    @property
    def killed(self) -> bool:
        return self.status != "survived"


def selected(
    mutants: Sequence[Mutant], patterns: Sequence[str], numbers: Sequence[int] = ()
) -> list[tuple[int, Mutant]]:
    """The mutants (numbered from 1 in :data:`MUTANTS`) whose description or file matches
    any of ``patterns`` (regular expressions, case-insensitive) or whose number is in
    ``numbers``; all without either."""
    compiled = [re.compile(pattern, re.IGNORECASE) for pattern in patterns]
    return [
        (number, mutant)
        for number, mutant in enumerate(mutants, 1)
        if not (compiled or numbers)
        or number in numbers
        or any(p.search(mutant.description) or p.search(mutant.file) for p in compiled)
    ]


def check_list(mutants: Iterable[Mutant], root: Path) -> None:
    """Raise :class:`ToolError` unless every snippet occurs exactly once in its file and
    every test path exists under ``root/tests``."""
    problems = []
    for number, mutant in enumerate(mutants, 1):
        path = root / mutant.file
        if not path.is_file():
            problems.append(f"mutant {number}: no file {mutant.file}")
            continue
        count = path.read_text(encoding="utf-8").count(mutant.original)
        if count != 1:
            problems.append(
                f"mutant {number} ({mutant.description}): its snippet occurs {count} times "
                f"in {mutant.file}, not once: {mutant.original!r}"
            )
        if mutant.original == mutant.replacement:
            problems.append(f"mutant {number}: the replacement is the snippet itself")
        for test in mutant.test_paths:
            if not test.startswith("tests/") or not (root / test).exists():
                problems.append(f"mutant {number}: test path {test} is not under tests/")
    if problems:
        raise ToolError("errors in the list of mutants:\n  " + "\n  ".join(problems))


def changed_lines(text: str, start: int, length: int) -> list[str]:
    """The whole lines of ``text`` that hold ``text[start : start + length]``."""
    first = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start + max(length - 1, 0))
    return text[first : len(text) if end == -1 else end].splitlines()


def difference(mutant: Mutant, text: str) -> str:
    """The mutated line(s) of ``text`` (the original file), as ``-`` and ``+`` lines."""
    at = text.index(mutant.original)
    mutated = text.replace(mutant.original, mutant.replacement, 1)
    line = text.count("\n", 0, at) + 1
    before = changed_lines(text, at, len(mutant.original))
    after = changed_lines(mutated, at, len(mutant.replacement)) if mutant.replacement else []
    lines = [f"{mutant.file}:{line}"]
    lines += [f"  - {row.strip()}" for row in before]
    lines += [f"  + {row.strip()}" for row in after] or ["  + (lines removed)"]
    return "\n".join(lines)


class Workspace:
    """A temporary copy of the project in which the tests are run and mutants applied."""

    def __init__(self, folder: Path, python: str) -> None:
        self.folder = folder
        self.python = python
        self.environment = dict(os.environ)
        # the copy's package first, in pytest and in every process the tests start; no
        # bytecode, so that a mutant's compiled module is never taken for the original
        self.environment["PYTHONPATH"] = str(folder)
        self.environment["PYTHONDONTWRITEBYTECODE"] = "1"
        self.environment.pop("PYTEST_ADDOPTS", None)

    @classmethod
    def copy_of(cls, root: Path, folder: Path, python: str) -> Workspace:
        ignored = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")
        for name in COPIED:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, folder / name, ignore=ignored)
            elif source.is_file():
                shutil.copy2(source, folder / name)
        return cls(folder, python)

    def check_import(self) -> str:
        """Where ``clustermap`` is imported from in the copy; :class:`ToolError` unless it
        is the copy's own package."""
        done = subprocess.run(
            [self.python, "-c", "import clustermap; print(clustermap.__file__)"],
            cwd=self.folder,
            env=self.environment,
            capture_output=True,
            text=True,
            check=False,
        )
        found = done.stdout.strip()
        expected = (self.folder / "clustermap" / "__init__.py").resolve()
        if done.returncode != 0 or Path(found).resolve() != expected:
            raise ToolError(
                f"the copy's clustermap is not the one imported: {found or done.stderr.strip()}"
                f" (expected {expected})"
            )
        return found

    def pytest(self, tests: Sequence[str], timeout: float) -> tuple[int | None, str]:
        """Run pytest on ``tests`` in the copy: its exit code (``None`` on timeout) and
        output. On timeout the whole process group is killed (tests start processes)."""
        command = [self.python, "-m", "pytest", *PYTEST_OPTIONS, *tests]
        process = subprocess.Popen(
            command,
            cwd=self.folder,
            env=self.environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            return None, output
        return process.returncode, output

    def run(self, mutant: Mutant, timeout: float) -> Outcome:
        """Apply ``mutant``, run its tests, restore the original text."""
        path = self.folder / mutant.file
        original = path.read_text(encoding="utf-8")
        if original.count(mutant.original) != 1:
            raise ToolError(f"{mutant.file}: the snippet of {mutant.description!r} is gone")
        started = time.perf_counter()
        try:
            path.write_text(original.replace(mutant.original, mutant.replacement, 1), "utf-8")
            code, output = self.pytest(mutant.test_paths, timeout)
        finally:
            path.write_text(original, encoding="utf-8")
        seconds = time.perf_counter() - started
        if code is None:
            return Outcome(mutant, "timeout", seconds, f"over {timeout:g} s")
        if code == 0:
            return Outcome(mutant, "survived", seconds)
        if code in (1, 2):  # tests failed, or collection failed (an import broken by it)
            return Outcome(mutant, "killed", seconds, first_failure(output))
        raise ToolError(
            f"pytest ended with code {code} on mutant {mutant.description!r}:\n{tail(output)}"
        )


def first_failure(output: str) -> str:
    """The first failing test of pytest's short summary, or the first error line."""
    match = re.search(r"^(?:FAILED|ERROR) (\S+)", output, flags=re.MULTILINE)
    if match:
        return match.group(1)
    match = re.search(r"^E +(.+)$", output, flags=re.MULTILINE)
    return match.group(1)[:100] if match else "(failed)"


def tail(output: str, lines: int = 30) -> str:
    return "\n".join(output.rstrip().splitlines()[-lines:])


def describe_source(root: Path) -> str:
    """The project's git commit, and whether its working tree has changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", *COPIED],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "(not a git checkout)"
    return f"commit {commit}" + (" with uncommitted changes" if dirty else "")


def print_list(mutants: Sequence[tuple[int, Mutant]]) -> None:
    for number, mutant in mutants:
        print(f"{number:3d}  {mutant.file}")
        print(f"     {mutant.description}")
        print(f"     {mutant.original!r} -> {mutant.replacement!r}")
        print(f"     tests: {mutant.tests}")
    print(f"{len(mutants)} mutants")


def report(outcomes: Sequence[Outcome], root: Path) -> None:
    """The score and the survivors, each with its mutated line."""
    total = len(outcomes)
    killed = sum(outcome.killed for outcome in outcomes)
    timeouts = sum(outcome.status == "timeout" for outcome in outcomes)
    share = 100 * killed / total if total else 0.0
    print()
    print(
        f"score: {killed} / {total} killed ({share:.1f} %)"
        + (f", of which {timeouts} by timeout" if timeouts else "")
    )
    survivors = [outcome for outcome in outcomes if not outcome.killed]
    if not survivors:
        return
    print(f"\n{len(survivors)} survivor{'s' if len(survivors) > 1 else ''}:")
    for outcome in survivors:
        mutant = outcome.mutant
        text = (root / mutant.file).read_text(encoding="utf-8")
        print(f"\n* {mutant.description}")
        print(difference(mutant, text))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PATTERN",
        help="run only the mutants whose description or file matches (a regular expression, "
        "case-insensitive; may be given several times)",
    )
    parser.add_argument(
        "--number",
        action="append",
        type=int,
        default=[],
        metavar="N",
        help="run mutant N (as numbered by --list; may be given several times)",
    )
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument(
        "--timeout", type=float, default=TIMEOUT, help="seconds per mutant (default %(default)s)"
    )
    parser.add_argument(
        "--python",
        default=str(ROOT / ".venv" / "bin" / "python")
        if (ROOT / ".venv" / "bin" / "python").exists()
        else sys.executable,
        help="the interpreter that runs pytest (default: the project's .venv)",
    )
    args = parser.parse_args(argv)
    try:
        return run(args)
    except ToolError as error:
        print(f"mutation: error: {error}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    check_list(MUTANTS, ROOT)
    try:
        chosen = selected(MUTANTS, args.only, args.number)
    except re.error as error:
        raise ToolError(f"--only: not a regular expression: {error}") from error
    if args.list:
        print_list(chosen)
        return 0
    if not chosen:
        raise ToolError("no mutant matches --only or --number")
    with tempfile.TemporaryDirectory(prefix="clustermap-mutation-") as temporary:
        print(f"copying {describe_source(ROOT)} of {ROOT} to {temporary}", flush=True)
        space = Workspace.copy_of(ROOT, Path(temporary), args.python)
        check_list([mutant for _, mutant in chosen], space.folder)
        print(f"clustermap imported from {space.check_import()}", flush=True)
        for tests in dict.fromkeys(mutant.test_paths for _, mutant in chosen):
            started = time.perf_counter()
            code, output = space.pytest(tests, args.timeout)
            seconds = time.perf_counter() - started
            if code != 0:
                raise ToolError(
                    f"the unmutated tests fail ({'timeout' if code is None else code}): "
                    f"{' '.join(tests)}\n{tail(output)}"
                )
            print(f"unmutated: passed {seconds:6.1f} s  {' '.join(tests)}", flush=True)
        print(flush=True)
        outcomes = []
        for position, (number, mutant) in enumerate(chosen, 1):
            outcome = space.run(mutant, args.timeout)
            outcomes.append(outcome)
            detail = f"  [{outcome.detail}]" if outcome.detail else ""
            print(
                f"[{position:3d}/{len(chosen)}] #{number:<3d} {outcome.status:8s} "
                f"{outcome.seconds:6.1f} s  {Path(mutant.file).name}: "
                f"{mutant.description}{detail}",
                flush=True,
            )
        report(outcomes, space.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
