"""Comparing two survey waves of one cluster: what changed between baseline and follow-up.

Cluster managers survey the same firms again after a programme and ask what it did: which
supply ties are new or lost, which firms joined or left the core, whether the communities
held together, and how density, centralisation, modularity and the core/periphery fit
moved. :func:`compare` answers from two :class:`~clustermap.api.Analysis` objects made
with the same options.

Firms are matched by name. Each wave's spellings are already merged (and alias files
applied) when it is read; a follow-up firm whose name differs from a baseline firm's only
by case, punctuation or legal form (the rules of :func:`~clustermap.survey.names.name_key`)
is the same firm and is shown under its baseline spelling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from clustermap._version import __version__
from clustermap.errors import SurveyError, UsageError
from clustermap.graph.community import adjusted_rand_index, normalized_mutual_information
from clustermap.survey.names import name_key
from clustermap.turkish import sort_key

if TYPE_CHECKING:
    from clustermap.api import Analysis
    from clustermap.options import AnalysisOptions

__all__ = [
    "CHANGE_COLUMNS",
    "COMPARED_MEASURES",
    "Comparison",
    "compare",
    "compare_surveys",
]

#: Version of the layout of changes.json.
SCHEMA_VERSION = 1

#: Firm measures whose largest changes are listed.
COMPARED_MEASURES = (
    "in_degree",
    "out_degree",
    "betweenness",
    "closeness",
    "pagerank",
    "eigenvector",
    "coreness",
    "constraint",
    "broker_total",
)
#: Network-level figures compared (columns of index.csv).
COMPARED_FIGURES = (
    "firms",
    "ties",
    "mean_partners",
    "density",
    "reciprocity",
    "components",
    "largest_component_share",
    "transitivity",
    "degree_centralization",
    "communities",
    "modularity",
    "core_size",
    "core_share",
    "core_periphery_fit",
    "continuous_fit",
    "supply_stages",
    "dependent_firms",
    "cut_firms",
)
#: Columns of the flat change records (``--format csv|jsonl``).
CHANGE_COLUMNS = (
    "kind",
    "firm",
    "supplier",
    "customer",
    "relation",
    "measure",
    "baseline",
    "followup",
    "change",
)
_TOP = 5
#: Weights that differ by less than this are the same answer (rounding in spreadsheets).
_WEIGHT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Comparison:
    """Two waves and what changed between them.

    Attributes
    ----------
    baseline, followup : Analysis
    diff : dict
        The content of ``changes.json``.
    ties : pandas.DataFrame
        One row per tie added, lost or with a changed weight: ``change`` (added, lost,
        changed), ``supplier``, ``customer``, ``relation``, ``baseline_weight``,
        ``followup_weight``.
    firms : pandas.DataFrame
        One row per firm of either wave: ``status`` (both, entered, left), community and
        core/periphery class in each wave, whether it moved community, and each of
        :data:`COMPARED_MEASURES` in each wave with the change.
    """

    baseline: Analysis
    followup: Analysis
    diff: dict[str, Any]
    ties: pd.DataFrame
    firms: pd.DataFrame

    def records(self) -> list[list[Any]]:
        """Every change as a flat record of :data:`CHANGE_COLUMNS`, for pipelines."""
        rows: list[list[Any]] = []
        for figure, values in self.diff["network"].items():
            rows.append(["network", None, None, None, None, figure, *values.values()])
        for tie in self.ties.itertuples(index=False):
            rows.append(
                [
                    f"tie_{tie.change}",
                    None,
                    tie.supplier,
                    tie.customer,
                    tie.relation,
                    "weight",
                    _number(tie.baseline_weight),
                    _number(tie.followup_weight),
                    _difference(tie.baseline_weight, tie.followup_weight),
                ]
            )
        firms = self.diff["firms"]
        core = self.diff["core"]
        for kind, names in (
            ("firm_entered", firms["entered"]),
            ("firm_left", firms["left"]),
            ("core_entered", core["entered"]),
            ("core_left", core["left"]),
        ):
            rows += [[kind, name, *[None] * 7] for name in names]
        for moved in self.diff["communities"]["moved"]:
            rows.append(
                [
                    "community_moved",
                    moved["firm"],
                    *[None] * 3,
                    "community",
                    moved["baseline"],
                    moved["followup"],
                    None,
                ]
            )
        for measure, changes in self.diff["largest_changes"].items():
            rows += [
                [
                    "measure",
                    c["firm"],
                    None,
                    None,
                    None,
                    measure,
                    c["baseline"],
                    c["followup"],
                    c["change"],
                ]
                for c in changes
            ]
        return rows


def compare(baseline: Analysis, followup: Analysis) -> Comparison:
    """Compare two analyses of survey waves of the same cluster.

    Parameters
    ----------
    baseline, followup : Analysis
        Made with the same :class:`~clustermap.api.AnalysisOptions` (seed included), so
        that differences come from the networks, not from the method.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clustermap.api import analyze
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "2019.csv").write_text("supplier,customer\\nA,B\\nB,C\\nC,A\\n")
    >>> _ = (folder / "2023.csv").write_text("supplier,customer\\nA,B\\nB,C\\nC,D\\n")
    >>> result = compare(analyze(folder / "2019.csv"), analyze(folder / "2023.csv"))
    >>> result.ties[["change", "supplier", "customer"]].values.tolist()
    [['added', 'C', 'D'], ['lost', 'C', 'A']]
    >>> result.diff["firms"]["entered"], result.diff["ties"]["jaccard"]
    (['D'], 0.5)
    """
    renamed = _matched_spellings(baseline.firms["firm"], followup.firms["firm"])
    firms_b = baseline.firms.set_index("firm", drop=False)
    firms_f = followup.firms.assign(firm=followup.firms["firm"].replace(renamed)).set_index(
        "firm", drop=False
    )
    ties_b = _tie_weights(baseline.ties, {})
    ties_f = _tie_weights(followup.ties, renamed)
    tie_table = _tie_changes(ties_b, ties_f)
    names_b, names_f = set(firms_b.index), set(firms_f.index)
    both = sorted(names_b & names_f, key=sort_key)
    entered = sorted(names_f - names_b, key=sort_key)
    left = sorted(names_b - names_f, key=sort_key)
    core_b = set(baseline.summary["core_periphery"]["core"])
    core_f = {renamed.get(name, name) for name in followup.summary["core_periphery"]["core"]}
    communities, mapping = _community_changes(firms_b["community"], firms_f["community"], both)
    firm_table = _firm_table(firms_b, firms_f, both, entered, left, mapping)
    row_b, row_f = baseline.index_row("baseline"), followup.index_row("followup")
    counts = tie_table["change"].value_counts()
    shared = len(set(ties_b) & set(ties_f))
    diff = {
        "schema_version": SCHEMA_VERSION,
        "clustermap_version": __version__,
        "baseline": _inputs(baseline),
        "followup": _inputs(followup),
        "parameters": baseline.options.recorded(),
        "matched_spellings": [
            {"baseline": new, "followup": old}
            for old, new in sorted(renamed.items(), key=lambda kv: sort_key(kv[1]))
        ],
        "network": {
            figure: {
                "baseline": row_b[figure],
                "followup": row_f[figure],
                "change": _difference(row_b[figure], row_f[figure]),
            }
            for figure in COMPARED_FIGURES
        },
        "firms": {"both": len(both), "entered": entered, "left": left},
        "ties": {
            "added": int(counts.get("added", 0)),
            "lost": int(counts.get("lost", 0)),
            "changed": int(counts.get("changed", 0)),
            "unchanged": shared - int(counts.get("changed", 0)),
            "jaccard": shared / len(set(ties_b) | set(ties_f)) if ties_b or ties_f else None,
        },
        "core": {
            "entered": sorted(core_f - core_b, key=sort_key),
            "left": sorted(core_b - core_f, key=sort_key),
            "stayed": sorted(core_b & core_f, key=sort_key),
        },
        "communities": communities,
        "largest_changes": {
            measure: _largest(firm_table, measure) for measure in COMPARED_MEASURES
        },
    }
    return Comparison(baseline, followup, diff, tie_table, firm_table)


def _matched_spellings(baseline: pd.Series, followup: pd.Series) -> dict[str, str]:
    """Follow-up spelling -> baseline spelling, for names equal under :func:`name_key`."""
    by_key: dict[str, str] = {}
    for name in baseline:
        by_key.setdefault(name_key(name), name)
    present = set(baseline)
    return {
        name: by_key[name_key(name)]
        for name in followup
        if name not in present and name_key(name) in by_key
    }


def _tie_weights(ties: pd.DataFrame, renamed: dict[str, str]) -> dict[tuple[str, str, str], Any]:
    return {
        (renamed.get(s, s), renamed.get(c, c), r): w
        for s, c, r, w in zip(
            ties["supplier"], ties["customer"], ties["relation"], ties["weight"], strict=True
        )
    }


def _tie_changes(
    baseline: dict[tuple[str, str, str], Any], followup: dict[tuple[str, str, str], Any]
) -> pd.DataFrame:
    rows: list[list[Any]] = []
    for key in baseline.keys() | followup.keys():
        before, after = baseline.get(key, _ABSENT), followup.get(key, _ABSENT)
        if before is _ABSENT:
            change = "added"
        elif after is _ABSENT:
            change = "lost"
        elif _same_weight(before, after):
            continue
        else:
            change = "changed"
        rows.append(
            [
                change,
                *key,
                None if before is _ABSENT else _number(before),
                None if after is _ABSENT else _number(after),
            ]
        )
    order = {"added": 0, "lost": 1, "changed": 2}
    rows.sort(key=lambda r: (order[r[0]], sort_key(r[1]), sort_key(r[2]), r[3]))
    return pd.DataFrame(
        rows,
        columns=[
            "change",
            "supplier",
            "customer",
            "relation",
            "baseline_weight",
            "followup_weight",
        ],
    )


_ABSENT = object()


def _same_weight(before: Any, after: Any) -> bool:
    a, b = _number(before), _number(after)
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= _WEIGHT_TOLERANCE


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _difference(before: Any, after: Any) -> float | None:
    a, b = _number(before), _number(after)
    return None if a is None or b is None else b - a


def _community_changes(
    baseline: pd.Series, followup: pd.Series, both: list[str]
) -> tuple[dict[str, Any], dict[int, int]]:
    """Partition similarity on the firms in a community in both waves, the flows of firms
    between communities, and the follow-up communities matched to baseline ones (the
    pairing that keeps the most firms together, found with the Hungarian algorithm)."""
    from scipy.optimize import linear_sum_assignment

    compared = [f for f in both if not pd.isna(baseline[f]) and not pd.isna(followup[f])]
    before = np.array([int(baseline[f]) for f in compared], dtype=int)
    after = np.array([int(followup[f]) for f in compared], dtype=int)
    mapping: dict[int, int] = {}
    flows: list[dict[str, int]] = []
    if compared:
        overlap = np.zeros((before.max() + 1, after.max() + 1), dtype=int)
        np.add.at(overlap, (before, after), 1)
        rows, cols = linear_sum_assignment(-overlap)
        mapping = {int(c): int(r) for r, c in zip(rows, cols, strict=True) if overlap[r, c] > 0}
        flows = [
            {"baseline": int(b), "followup": int(f), "firms": int(overlap[b, f])}
            for b, f in zip(*np.nonzero(overlap), strict=True)
        ]
    moved = [
        {"firm": firm, "baseline": int(b), "followup": int(f)}
        for firm, b, f in zip(compared, before, after, strict=True)
        if mapping.get(int(f)) != int(b)
    ]
    similar = len(compared) > 1
    return {
        "firms_compared": len(compared),
        "adjusted_rand_index": adjusted_rand_index(before, after) if similar else None,
        "normalized_mutual_information": (
            normalized_mutual_information(before, after) if similar else None
        ),
        "matched": [
            {"followup": f, "baseline": b} for f, b in sorted(mapping.items(), key=lambda kv: kv[1])
        ],
        "flows": flows,
        "moved": moved,
    }, mapping


def _firm_table(
    baseline: pd.DataFrame,
    followup: pd.DataFrame,
    both: list[str],
    entered: list[str],
    left: list[str],
    mapping: dict[int, int],
) -> pd.DataFrame:
    names = sorted([*both, *entered, *left], key=sort_key)
    status = {**dict.fromkeys(both, "both"), **dict.fromkeys(entered, "entered")}
    status.update(dict.fromkeys(left, "left"))
    before = baseline.reindex(names)
    after = followup.reindex(names)
    moved = [
        status[name] == "both"
        and not pd.isna(b)
        and not pd.isna(f)
        and mapping.get(int(f)) != int(b)
        for name, b, f in zip(names, before["community"], after["community"], strict=True)
    ]
    columns: dict[str, Any] = {
        "firm": names,
        "status": [status[name] for name in names],
        "community_baseline": before["community"].astype("Int64").to_numpy(),
        "community_followup": after["community"].astype("Int64").to_numpy(),
        "moved_community": moved,
        "cp_class_baseline": before["cp_class"].to_numpy(),
        "cp_class_followup": after["cp_class"].to_numpy(),
    }
    for measure in COMPARED_MEASURES:
        columns[f"{measure}_baseline"] = before[measure].astype(float).to_numpy()
        columns[f"{measure}_followup"] = after[measure].astype(float).to_numpy()
        columns[f"{measure}_change"] = (
            after[measure].astype(float) - before[measure].astype(float)
        ).to_numpy()
    return pd.DataFrame(columns)


def _largest(firms: pd.DataFrame, measure: str) -> list[dict[str, Any]]:
    change = firms[f"{measure}_change"]
    moved = firms.assign(size=change.abs())[change.notna() & (change.abs() > 1e-12)]
    top = moved.sort_values("size", ascending=False, kind="stable").head(_TOP)
    return [
        {
            "firm": row["firm"],
            "baseline": row[f"{measure}_baseline"],
            "followup": row[f"{measure}_followup"],
            "change": row[f"{measure}_change"],
        }
        for _, row in top.iterrows()
    ]


def _inputs(analysis: Analysis) -> list[dict[str, Any]]:
    return [
        {"role": source.role, "file": Path(source.name).name, "sha256": source.sha256}
        for source in analysis.survey.sources
    ]


def compare_surveys(
    baseline: str | Path,
    followup: str | Path,
    options: AnalysisOptions | None = None,
    *,
    firms: tuple[str | Path | None, str | Path | None] | str | Path | None = None,
    aliases: tuple[str | Path | None, str | Path | None] | str | Path | None = None,
) -> Comparison:
    """Analyse two survey waves with the same options and compare them, as
    ``clustermap compare`` does.

    ``firms`` and ``aliases`` are one file for both waves, or a (baseline, follow-up) pair.

    >>> import tempfile, pathlib
    >>> from clustermap.options import AnalysisOptions
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "2019.csv").write_text("supplier,customer\\nA,B\\nB,C\\n")
    >>> _ = (folder / "2023.csv").write_text("supplier,customer\\nA,B\\nB,D\\n")
    >>> change = compare_surveys(folder / "2019.csv", folder / "2023.csv",
    ...                          AnalysisOptions(nulls=0))
    >>> change.diff["ties"]["added"], change.diff["ties"]["lost"]
    (1, 1)
    """
    from clustermap.api import analyze

    firm_files = firms if isinstance(firms, tuple) else (firms, firms)
    alias_files = aliases if isinstance(aliases, tuple) else (aliases, aliases)
    waves = []
    for i, (wave, path) in enumerate((("baseline", baseline), ("follow-up", followup))):
        try:  # an error says which wave it is about
            waves.append(analyze(path, firm_files[i], options, aliases=alias_files[i]))
        except SurveyError as err:
            raise SurveyError(err.issues, wave=wave) from err
        except UsageError as err:
            raise UsageError(f"{wave} wave: {err.message}", err.parameter, err.value) from err
    return compare(*waves)
