"""The alias file: the consultant's decisions on which spellings are one firm.

Read (:func:`read_aliases`) with every contradiction between its rows found whatever their
order, and written back (:func:`starter_aliases`) with the merges clustermap made and the
ones it suggests, so that a person can decide and give the file back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clustermap.errors import Issue, SurveyError, quoted
from clustermap.survey import schema
from clustermap.survey.columns import columns_note, header_rule, map_columns
from clustermap.survey.load import read_reported
from clustermap.survey.names import (
    NameResolution,
    alias_conflicts,
    alias_cycles,
    name_key,
)
from clustermap.survey.table import Source
from clustermap.turkish import clean_name, fold, sort_key

__all__ = ["ALIAS_FILE_COLUMNS", "read_aliases", "starter_aliases"]

#: Columns of the alias file clustermap writes (``check --write-aliases``).
ALIAS_FILE_COLUMNS = ("variant", "canonical", "score", "reason")
_ROW_ORDER = {"decision": 0, "merged": 1, "suggested": 2}


def read_aliases(
    path: str | Path,
    encoding: str | None = None,
    problems: list[Issue] | None = None,
    sources: list[Source] | None = None,
) -> dict[str, str]:
    """Read an alias file: one row per spelling, ``variant`` and ``canonical`` columns.

    A row ``variant,canonical`` makes the variant one firm with the canonical name; a row
    whose canonical is empty or the variant itself marks the name as a firm of its own
    (it is no longer suggested as a duplicate). The rows are read together, in any order
    (see :func:`~clustermap.survey.names.resolve_names`); rows that contradict each other
    are errors whatever their order: one variant given two canonical names, rows for
    spellings of one firm leading to two firms (``conflicting-alias``), circles
    (``alias-cycle``).

    A row whose ``reason`` begins with ``suggested`` (a merge that ``clustermap check
    --write-aliases`` suggests) is not applied: a person accepts it by writing another
    reason (``accepted``); a row keeping a spelling apart (its variant in both columns)
    applies whatever its reason says. Such rows are counted in an ``info`` note. Other
    columns (such as the ``score`` that ``clustermap check --write-aliases`` writes) are
    ignored. Problems are appended to ``problems`` when given, else raised.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "aliases.csv"
    >>> _ = path.write_text("variant,canonical,score\\nIsik Kablaj,Işık Kablaj,0.99\\n")
    >>> read_aliases(path)
    {'Isik Kablaj': 'Işık Kablaj'}
    >>> _ = path.write_text("variant,canonical,score,reason\\n"
    ...     "Isik Kablaj,Işık Kablaj,0.99,suggested: the same letters\\n"
    ...     "Ince Makina,İnce Makina,0.99,accepted\\n")
    >>> read_aliases(path)
    {'Ince Makina': 'İnce Makina'}
    """
    found: list[Issue] = []
    required = ("variant", "canonical")
    rule = header_rule(schema.ALIAS_COLUMNS, required)
    table = read_reported(path, found, encoding=encoding, header=rule, header_option=None)
    aliases: dict[str, str] = {}
    lines: dict[str, list[tuple[int, str]]] = {}  # variant -> its rows: (line, canonical)
    if table is not None:
        match, issues = map_columns(table, schema.ALIAS_COLUMNS, required, option=None)
        columns = match.columns
        found.extend(table.issues + issues)
        if sources is not None:
            sources.append(Source.of("aliases", table, columns))
        if not any(issue.is_error for issue in issues):
            found.append(columns_note(table, match))
            reasons = (
                table.frame[columns["reason"]].tolist()
                if "reason" in columns
                else [""] * len(table.frame)
            )
            pending: list[int] = []  # the lines of suggestions not accepted
            for line, variant, canonical, reason in zip(
                table.frame.index,
                table.frame[columns["variant"]],
                table.frame[columns["canonical"]],
                reasons,
                strict=True,
            ):
                variant, canonical = clean_name(str(variant)), clean_name(str(canonical))
                if variant and canonical not in ("", variant) and _suggested(str(reason)):
                    pending.append(int(line))
                    continue
                longest = max(variant, canonical, key=len)
                if len(longest) > schema.LONGEST_NAME:
                    found.append(
                        Issue(
                            table.label,
                            int(line),
                            columns["variant" if longest == variant else "canonical"],
                            "name-too-long",
                            f"this name has {len(longest):,} characters "
                            f"({quoted(longest, 40)}): a firm name has at most "
                            f"{schema.LONGEST_NAME}; shorten it",
                        )
                    )
                    continue
                if variant:
                    aliases.setdefault(variant, canonical)
                    lines.setdefault(variant, []).append((int(line), canonical))
            found.extend(_alias_contradictions(table.label, columns["variant"], aliases, lines))
            if pending:
                found.append(_pending_note(table.label, columns["reason"], pending))
    if problems is not None:
        problems.extend(found)
    elif any(issue.is_error for issue in found):
        raise SurveyError(found)
    return aliases


def _suggested(reason: str) -> bool:
    """Whether an alias row's reason marks it as a suggestion not yet accepted."""
    return fold(reason).startswith(schema.SUGGESTED)


def _pending_note(label: str, column: str, lines: list[int]) -> Issue:
    """The note on the suggested rows, which are not applied until accepted."""
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    many = len(lines) != 1
    return Issue(
        label,
        lines[0],
        column,
        "suggested-aliases",
        f"{len(lines)} row{'s' if many else ''} of the alias file "
        f"{'are suggestions' if many else 'is a suggestion'} (line{'s' if many else ''} "
        f"{', '.join(map(str, lines[:5]))}{more}), not applied: to apply one, write "
        "accepted in its reason column; if the two are different firms, write the variant "
        "in both columns",
        "info",
    )


def _alias_contradictions(
    label: str, column: str, aliases: dict[str, str], lines: dict[str, list[tuple[int, str]]]
) -> list[Issue]:
    """Alias rows that contradict each other, found and worded whatever the order of the rows."""

    def where(variant: str) -> str:
        return f"{variant!r} (line {', '.join(str(line) for line, _ in lines[variant])})"

    found = []
    for variant, written in lines.items():
        # a spelling kept apart may be written with an empty canonical or with itself
        meant = [(line, canonical or variant) for line, canonical in written]
        if len({canonical for _, canonical in meant}) > 1:
            given = "; ".join(f"{canonical!r} on line {line}" for line, canonical in meant)
            found.append(
                Issue(
                    label,
                    next(line for line, canonical in meant if canonical != meant[0][1]),
                    column,
                    "conflicting-alias",
                    f"{variant!r} is given different canonical names ({given}): keep one row",
                )
            )
    for rows in alias_conflicts(aliases):
        variants = " and ".join(where(variant) for variant, _ in rows)
        targets = " and ".join(repr(canonical) for _, canonical in rows)
        found.append(
            Issue(
                label,
                None,
                None,
                "conflicting-alias",
                f"the alias rows for {variants}, spellings of one firm (the same name apart "
                f"from case, punctuation or legal form), lead to different firms ({targets}): "
                "keep the right row, or add a row joining those firms if they are one",
            )
        )
    for cycle in alias_cycles(aliases):
        found.append(
            Issue(
                label,
                None,
                None,
                "alias-cycle",
                f"the alias rows for {'; '.join(where(variant) for variant in cycle)} map "
                "each name to the next in a circle: give them one canonical name",
            )
        )
    return found


def starter_aliases(
    names: NameResolution, decisions: dict[str, str] | None = None
) -> list[list[Any]]:
    """The rows of a starter alias file (:data:`ALIAS_FILE_COLUMNS`): decisions already made,
    merges made, merges suggested.

    Rows, each mapping a ``variant`` spelling to a ``canonical`` firm name:

    * ``decision``: the rows of the alias file given with ``--aliases``, kept as they are;
    * ``merged``: spellings clustermap merged itself (case, punctuation, legal form) into the
      firm's name; they apply with or without the row (given back, the row keeps the firm's
      name) — to keep such a spelling apart, write it in both columns. A row of the file
      given with ``--aliases`` that says just this is written as ``merged`` too, so that a
      refreshed file refreshes to the same bytes; spellings that other rows merge are left
      to those rows;
    * ``suggested``: likely duplicates, the variant first and the likely canonical name
      second (see :func:`~clustermap.survey.names.resolve_names`). Given back, they are not
      applied (:func:`read_aliases`) until a person accepts one by writing another reason
      (``accepted``); for a pair that are different firms, write the variant in both
      columns so that it is not suggested again.

    Each variant appears once, so the file can be given back unchanged: it makes the same
    firms under the same names as ``decisions`` did, and refreshed again gives the same
    rows.

    >>> from collections import Counter
    >>> from clustermap.survey.names import resolve_names
    >>> survey = Counter({"Işık Ltd": 2, "IŞIK": 1, "Isik": 1})
    >>> for row in starter_aliases(resolve_names(survey)):
    ...     print(row[:3], row[3].split(":")[0])
    ['IŞIK', 'Işık Ltd', 1.0] merged
    ['Isik', 'Işık Ltd', 0.99] suggested
    >>> decided = {"Isik": "Işık Ltd", "IŞIK": "Işık Ltd"}
    >>> for row in starter_aliases(resolve_names(survey, aliases=decided), decided):
    ...     print(row[:3], row[3].split(":")[0])
    ['Isik', 'Işık Ltd', ''] decision
    ['IŞIK', 'Işık Ltd', 1.0] merged
    """
    decisions = decisions or {}
    apart = {variant for variant, canonical in decisions.items() if canonical in ("", variant)}

    def merged(variant: str, firm: str) -> bool:
        """Whether ``variant -> firm`` is a merge of the naming rules into the firm's name."""
        return (
            variant != firm
            and firm not in apart
            and names.display.get(variant) == firm
            and name_key(variant) == name_key(firm)
        )

    merge = [1.0, "merged: the same name apart from case, punctuation or legal form"]
    rows: dict[str, list[Any]] = {
        variant: [variant, canonical, *merge]
        if merged(variant, canonical)
        else [variant, canonical, "", "decision: from your alias file"]
        for variant, canonical in decisions.items()
    }
    for firm, spellings in names.variants.items():
        for variant in spellings:
            if variant not in rows and merged(variant, firm):
                rows[variant] = [variant, firm, *merge]
    for pair in names.duplicates:  # best first: the best suggestion for a variant wins
        if pair.second not in rows:
            rows[pair.second] = [pair.second, pair.first, pair.score, f"suggested: {pair.reason}"]
    return sorted(
        rows.values(), key=lambda row: (_ROW_ORDER[row[3].split(":")[0]], sort_key(row[0]))
    )
