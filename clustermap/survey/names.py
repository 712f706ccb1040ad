"""Firm names: which spellings are one firm, likely duplicates, the alias file's decisions.

Spellings are compared under :mod:`clustermap.turkish`'s rules (Turkish case, punctuation,
legal form); what those rules cannot prove is suggested, and a person decides.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import NamedTuple

from clustermap.turkish import (
    NAMES_CACHED,
    ascii_fold,
    clean_name,
    fold,
    legal_form_words,
    sort_key,
    strip_legal_form,
    turkish_lower,
)

__all__ = [
    "LikelyDuplicate",
    "NameResolution",
    "alias_conflicts",
    "alias_cycles",
    "ascii_key",
    "clean_name",
    "fold",
    "name_key",
    "resolve_names",
    "sort_key",
    "strip_legal_form",
    "turkish_lower",
]

_WORD_BREAK = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=NAMES_CACHED)  # asked for when grouping and matching
def name_key(name: str) -> str:
    """The key under which spellings of one firm name become one firm.

    Case (with the Turkish rules for I/ı and İ/i), punctuation, repeated spaces and a
    trailing legal form are ignored; letters are not: "Isleme" and "İşleme" stay apart
    (:func:`ascii_key` finds such pairs for a person to decide).

    >>> name_key("IŞIK Kablaj A.Ş.") == name_key("Işık kablaj") == name_key("ışık  KABLAJ Ltd.Şti.")
    True
    >>> name_key("İSTANBUL Döküm"), name_key("Istanbul Döküm")
    ('istanbul döküm', 'ıstanbul döküm')
    """
    words = (_WORD_BREAK.sub(" ", turkish_lower(word)).strip() for word in legal_form_words(name))
    return " ".join(word for word in words if word)


def ascii_key(key: str) -> str:
    """A :func:`name_key` without Turkish letters and dots: for spotting likely duplicates.

    >>> ascii_key(name_key("Işık Kablaj")) == ascii_key(name_key("isik kablaj"))
    True
    """
    return ascii_fold(key)


@dataclass(frozen=True)
class LikelyDuplicate:
    """Two firm names that may be the same firm; a person decides (``--aliases``)."""

    first: str
    second: str
    score: float
    reason: str


@dataclass(frozen=True)
class NameResolution:
    """How the spellings of a survey became firms.

    Attributes
    ----------
    display : dict
        Every spelling -> the name of its firm: the alias file's canonical name, else the
        most common spelling of the firm (ties: a spelling from the firms file, then the
        alphabetically first).
    variants : dict
        Firm name -> its spellings, for the firms written more than one way.
    duplicates : list of LikelyDuplicate
        Pairs of firms whose names are alike but not provably the same, best first.
    """

    display: dict[str, str]
    variants: dict[str, list[str]]
    duplicates: list[LikelyDuplicate]


def resolve_names(
    spellings: Counter[str],
    *,
    aliases: dict[str, str] | None = None,
    preferred: Iterable[str] = (),
    threshold: float = 0.85,
) -> NameResolution:
    """Group spellings into firms (:func:`name_key`), apply aliases, find likely duplicates.

    Parameters
    ----------
    spellings : Counter
        How often each (cleaned) spelling occurs in the survey and firms files.
    aliases : dict, optional
        Variant -> canonical name decided by a person. A row joins the firm of the variant
        (every spelling with its :func:`name_key`) and the firm of the canonical name, which
        then goes by the canonical name; chains (A -> B -> C) are followed whatever the order
        of the rows, and the firm takes the name at their end. A row whose canonical is a
        spelling of the variant's own firm only names that firm. A spelling mapped to itself
        (or to nothing) is a firm of its own, even where normalisation would have merged
        it, and is not suggested as a duplicate again; rows mapping other names to it join
        that firm. Where rows give one firm several canonical spellings, the most common
        one is shown (ties: one of ``preferred``, then the alphabetically first). Check the
        rows with :func:`alias_cycles` and :func:`alias_conflicts` first: they would make
        the result depend on how their contradiction is read.
    preferred : iterable of str
        Spellings that win ties for the display name (those of the firms file).
    threshold : float
        Lowest similarity (0 to 1) reported as a likely duplicate.

    Returns
    -------
    NameResolution

    Examples
    --------
    >>> names = Counter({"Işık Kablaj Ltd. Şti.": 3, "IŞIK KABLAJ": 1, "Isik Kablaj": 1,
    ...                  "Anadolu Hassas İşleme": 2, "Anadolu Hassas Isleme Ltd": 1})
    >>> result = resolve_names(names)
    >>> result.display["IŞIK KABLAJ"], result.variants["Işık Kablaj Ltd. Şti."]
    ('Işık Kablaj Ltd. Şti.', ['IŞIK KABLAJ', 'Işık Kablaj Ltd. Şti.'])
    >>> [(d.first, d.second, d.score) for d in result.duplicates]
    [('Anadolu Hassas İşleme', 'Anadolu Hassas Isleme Ltd', 0.99), \
('Işık Kablaj Ltd. Şti.', 'Isik Kablaj', 0.99)]
    >>> resolve_names(names, aliases={"Isik Kablaj": "Işık Kablaj Ltd. Şti."}).display[
    ...     "Isik Kablaj"]
    'Işık Kablaj Ltd. Şti.'

    The order of the rows does not matter: here the firm at the end of the chain is
    "ince makina" (a key of its own: "İ" is not "I"), whichever row comes first.

    >>> rows = [("ınce makina", "Ince Makina"), ("Ince Makina", "ince makina")]
    >>> survey = Counter({"ınce makina": 1, "Ince Makina": 1, "İnce Makina": 1})
    >>> {resolve_names(survey, aliases=dict(order)).display["İnce Makina"]
    ...  for order in (rows, rows[::-1])}
    {'ince makina'}
    """
    favoured = set(preferred)

    def rank(spelling: str) -> tuple[int, bool, tuple[str, str]]:
        return -spellings[spelling], spelling not in favoured, sort_key(spelling)

    groups: dict[str, list[str]] = {}
    if aliases:
        apart, firm_of, canonical = _alias_firms(aliases)
        for spelling in spellings:
            node = _APART + spelling if spelling in apart else name_key(spelling)
            groups.setdefault(firm_of.get(node, node), []).append(spelling)
    else:  # the common case, up to a million spellings: one key each
        canonical = {}
        for spelling in spellings:
            groups.setdefault(name_key(spelling), []).append(spelling)
    named = {
        key: (
            key[len(_APART) :]  # a spelling kept apart
            if key.startswith(_APART)
            else min(canonical[key], key=rank)  # named by alias rows
            if key in canonical
            else members[0]  # most firms are written one way: nothing to choose
            if len(members) == 1
            else min(members, key=rank)
        )
        for key, members in groups.items()
    }
    # two groups shown under one name are one firm: a firm is known by its name
    firms: dict[str, list[str]] = {}
    keys_of: dict[str, list[str]] = {}
    for key, members in groups.items():
        firms.setdefault(named[key], []).extend(members)
        keys_of.setdefault(named[key], []).append(key)
    display = {spelling: firm for firm, members in firms.items() for spelling in members}
    variants = {
        firm: sorted(members, key=sort_key) for firm, members in firms.items() if len(members) > 1
    }
    candidates = {
        firm: name_key(firm)
        for firm, keys in keys_of.items()
        if not any(key.startswith(_APART) for key in keys)
    }
    weight = {firm: sum(spellings[s] for s in members) for firm, members in firms.items()}
    listed = frozenset(firm for firm, members in firms.items() if favoured.intersection(members))
    return NameResolution(
        display, variants, _likely_duplicates(candidates, weight, threshold, listed)
    )


#: Prefix of the node of a spelling kept apart: no :func:`name_key` starts with it, so such
#: a spelling never meets the other spellings of its key.
_APART = "\0"


class _AliasRow(NamedTuple):
    """An alias row as a link from the node of its variant to the node of its canonical."""

    variant: str
    canonical: str
    source: str  # the variant's key: the row speaks for every spelling of it
    target: str  # the canonical's key, or _APART + canonical when that spelling stands apart


def _alias_rows(aliases: dict[str, str]) -> tuple[frozenset[str], list[_AliasRow]]:
    """The spellings kept apart (variant mapped to itself or to nothing), and the other rows."""
    apart = frozenset(
        variant for variant, canonical in aliases.items() if canonical in ("", variant)
    )
    rows = [
        _AliasRow(
            variant,
            canonical,
            name_key(variant),
            _APART + canonical if canonical in apart else name_key(canonical),
        )
        for variant, canonical in aliases.items()
        if variant not in apart
    ]
    return apart, rows


def _links(rows: list[_AliasRow]) -> dict[str, set[str]]:
    """Node -> the other nodes its rows lead to (a renaming, within one node, is no link)."""
    links: dict[str, set[str]] = {}
    for row in rows:
        links.setdefault(row.target, set())
        targets = links.setdefault(row.source, set())
        if row.target != row.source:
            targets.add(row.target)
    return links


def _alias_firms(
    aliases: dict[str, str],
) -> tuple[frozenset[str], dict[str, str], dict[str, set[str]]]:
    """What the alias rows make of the nodes, whatever the order of the rows.

    Returns the spellings kept apart; node -> the node that stands for its firm (the end of
    its chains); and that node -> the canonical spellings that name it (those of the rows
    leading to it, renamings included).
    """
    apart, rows = _alias_rows(aliases)
    links = _links(rows)
    # a firm is a connected group of nodes, whichever way its rows point
    neighbours = {node: set(targets) for node, targets in links.items()}
    for node, targets in links.items():
        for target in targets:
            neighbours[target].add(node)
    names_of: dict[str, set[str]] = {}
    for row in rows:
        names_of.setdefault(row.target, set()).add(row.canonical)
    firm_of: dict[str, str] = {}
    canonical: dict[str, set[str]] = {}
    for start in links:
        if start in firm_of:
            continue
        group, todo = {start}, [start]
        while todo:
            for node in neighbours[todo.pop()]:
                if node not in group:
                    group.add(node)
                    todo.append(node)
        # a checked file has one end per group; otherwise (a circle, or rows leading to two
        # ends) every end competes, so that the outcome still ignores the order of the rows
        ends = sorted(node for node in group if not links[node]) or sorted(group)
        firm = ends[0]
        firm_of.update(dict.fromkeys(group, firm))
        canonical[firm] = {name for end in ends for name in names_of.get(end, ())}
    return apart, firm_of, {firm: names for firm, names in canonical.items() if names}


def _strong_components(links: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, each after the components it leads to."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in links:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(links[root]))]
        while work:  # depth first without recursion: chains may be long
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(links[successor])))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while not component or component[-1] != node:
                        component.append(stack.pop())
                        on_stack.discard(component[-1])
                    found.append(component)
    return found


def _likely_duplicates(
    names: dict[str, str],
    counts: dict[str, int],
    threshold: float,
    preferred: frozenset[str] = frozenset(),
) -> list[LikelyDuplicate]:
    """Alike pairs among firm names (name -> key), compared only within shared words.

    In each pair the likely canonical name comes first, as a firm's name is chosen among
    its spellings: the more often written one; on a tie, one of the firms file
    (``preferred``), then the one with more Turkish letters (``Işık`` before ``Isik``:
    people leave the marks out where a keyboard lacks them, they do not add them), then the
    alphabetically first. One order for every pair, so that the suggestions never lead in a
    circle.

    Comparing every pair would be quadratic; names are compared only with names that
    share a word of three letters or more (words in hundreds of names, such as "makina",
    are too common to say anything and are skipped).
    """
    folded = {name: ascii_key(key) for name, key in names.items()}
    buckets: dict[str, list[str]] = {}
    for name in sorted(names, key=sort_key):
        for word in set(folded[name].split()):
            if len(word) >= 3:
                buckets.setdefault(word, []).append(name)
    pairs: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) <= 200:
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    found = []

    def rank(name: str) -> tuple[int, bool, int, tuple[str, str]]:
        return -counts[name], name not in preferred, -_turkish_letters(name), sort_key(name)

    for one, other in pairs:
        first, second = sorted((one, other), key=rank)
        score, reason = _similarity(names[first], names[second], folded[first], folded[second])
        if score >= threshold:
            found.append(LikelyDuplicate(first, second, score, reason))
    return sorted(found, key=lambda d: (-d.score, sort_key(d.first), sort_key(d.second)))


_TURKISH_LETTERS = frozenset("çğıöşüÇĞİÖŞÜ")


def _turkish_letters(name: str) -> int:
    """How many letters of ``name`` only Turkish writes (ç, ğ, ı, İ, ö, ş, ü)."""
    return sum(char in _TURKISH_LETTERS for char in name)


def _similarity(key_a: str, key_b: str, ascii_a: str, ascii_b: str) -> tuple[float, str]:
    """How alike two names are, judged on the words that tell them apart.

    Words both names share ("hassas mekanik") say nothing about whether they are the same
    firm, so the score averages the similarity of the whole names with that of the words
    that differ: "Yalçın Hassas Mekanik" and "Ünal Hassas Mekanik" are far apart, "Hasas"
    and "Hassas" (a typo) or "Ank." and "Ankara" (an abbreviation) close.
    """
    if ascii_a == ascii_b:
        return 0.99, "the same letters apart from Turkish ones (I/ı/İ/i, ş/s, ç/c, ğ/g, ö/o, ü/u)"
    words_a, words_b = ascii_a.split(), ascii_b.split()
    only_a = [word for word in words_a if word not in words_b]
    only_b = [word for word in words_b if word not in words_a]
    if not only_a or not only_b:
        if min(len(words_a), len(words_b)) >= 2:
            return 0.9, "one name is the other with words added"
        return 0.0, ""
    whole = SequenceMatcher(None, ascii_a, ascii_b).ratio()
    if _abbreviates(only_a, only_b) or _abbreviates(only_b, only_a):
        return round(max(whole, 0.9), 2), "one name abbreviates words of the other"
    differing = SequenceMatcher(None, " ".join(only_a), " ".join(only_b)).ratio()
    return round((whole + differing) / 2, 2), "similar spelling (a typo?)"


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """Whether every word of ``short`` begins a word of ``long`` ("ank" -> "ankara")."""
    return all(len(part) >= 2 and any(word.startswith(part) for word in long) for part in short)


def alias_cycles(aliases: dict[str, str]) -> list[list[str]]:
    """Cycles among alias rows (A -> B and B -> A), each as the variants of its rows.

    Rows are read as in :func:`resolve_names`, every row at once: a cycle is found whatever
    the order of the rows. A row renaming a firm (variant and canonical of one
    :func:`name_key`) is no cycle.

    >>> alias_cycles({"Isik": "Işık Kablj", "Işık Kablj": "Isik", "A": "B"})
    [['Isik', 'Işık Kablj']]
    >>> alias_cycles({"IŞIK": "Işık", "Işık Ltd": "ışık"})
    []
    """
    _, rows = _alias_rows(aliases)
    cycles = []
    for component in _strong_components(_links(rows)):
        if len(component) > 1:
            inside = set(component)
            cycles.append(
                sorted(
                    (row.variant for row in rows if row.source in inside and row.target in inside),
                    key=sort_key,
                )
            )
    return sorted(cycles, key=lambda cycle: [sort_key(name) for name in cycle])


def alias_conflicts(aliases: dict[str, str]) -> list[list[tuple[str, str]]]:
    """Alias rows that send one firm to two different firms, as (variant, canonical) rows.

    A row speaks for every spelling of its variant's :func:`name_key`, so rows for
    ``"Isik Kablaj"`` and ``"Isik Kablaj Ltd."`` (one key) that lead to two firms that no
    row joins contradict each other, whatever their order. Rows whose canonicals lead to one
    firm do not.

    >>> alias_conflicts({"Isik Kablaj": "Işık Kablaj", "Isik Kablaj Ltd.": "Işık Kablj"})
    [[('Isik Kablaj', 'Işık Kablaj'), ('Isik Kablaj Ltd.', 'Işık Kablj')]]
    >>> alias_conflicts({"Isik Kablaj": "Işık Kablaj", "Isik Kablaj Ltd.": "Işık Kablj",
    ...                  "Işık Kablj": "Işık Kablaj Ltd."})
    []
    """
    _, rows = _alias_rows(aliases)
    links = _links(rows)
    components = _strong_components(links)
    component_of = {node: i for i, members in enumerate(components) for node in members}
    # the ends each component leads to; components come after those they lead to
    ends: list[frozenset[int]] = []
    for i, members in enumerate(components):
        after = {component_of[target] for node in members for target in links[node]} - {i}
        ends.append(frozenset().union(*(ends[j] for j in after)) if after else frozenset({i}))
    conflicts = []
    for node, targets in links.items():
        if len({ends[component_of[target]] for target in targets}) > 1:
            conflicts.append(
                sorted(
                    (
                        (row.variant, row.canonical)
                        for row in rows
                        if row.source == node and row.target != node
                    ),
                    key=lambda row: sort_key(row[0]),
                )
            )
    return sorted(conflicts, key=lambda rows: [sort_key(row[0]) for row in rows])
