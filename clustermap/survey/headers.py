"""Recognising columns by their headers, as a person reads them.

Headers are written by people, not by a schema: ``Tedarikçi Firmanın Adı``, ``Müşteri
Firmalar``, ``Supplier name``, ``Satış Payı (%)``. A header is read in three steps:

1. **As a whole**: folded (Turkish case rules, letters without marks, punctuation and a
   unit in brackets ignored) and looked up among the aliases of :mod:`~clustermap.survey.
   schema`. This is the strongest reading.
2. **Word by word**: split into words, each reduced to its stem (Turkish plural,
   possessive, genitive and case endings and the English plural removed: ``firmanın`` →
   ``firm``, ``müşteriler`` → ``muster``), filler words (``adı``, ``unvanı``, ``name``,
   ``company``, ``firma``) and stop words (``of``, ``ile``) set aside. The words left must
   all belong to aliases of the vocabulary; when they name two roles, what the column
   measures wins over which firm it names (``Müşteri Payı`` is a share), and among firms
   the head of the phrase (the last word; before ``of`` in English).
3. **Filler words only** (``Firmanın Adı``): the roles that accept such a header (the firm
   of a firms file, the respondent).

Columns whose words are close to a known word (edit distance 1 or 2: ``Tedarkçi``) are
not taken, but named in the error as "did you mean".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from clustermap.survey import schema
from clustermap.turkish import clean_name, fold

__all__ = [
    "ColumnMatch",
    "Reading",
    "is_heading",
    "match_columns",
    "numbered_column",
    "read_header",
    "stem",
]

# a unit in brackets ("(TL)", "(%)") or a percent sign; a number in brackets is a
# partner's number ("Tedarikçi (1)") and stays
_UNITS = re.compile(r"\((?!\s*#?\d+\s*\))[^)]*\)|\[(?!\s*#?\d+\s*\])[^\]]*\]|%")
_CAMEL = re.compile(r"(?<=[a-zçğıöşü])(?=[A-ZÇĞİÖŞÜ])")
_TOKENS = re.compile(r"[a-z]+|\d+")
_WRITTEN_WORDS = re.compile(r"[^\W\d_]+|\d+")
# Turkish noun endings (plural, possessive, genitive, case, the locative with -ki) and the
# English plural, folded to ASCII as the headers are, longest first: "tedarikçilerin" loses
# "in", "ler", then "i"; "satışlardaki" loses "daki", then "lar". Endings that begin with a
# buffer n (firmasını) are left out: "ni" would also eat the end of "oranı" and split it
# from "oran"; so is "-ki" alone, the end of "ilişki".
_SUFFIXES = tuple(
    sorted(
        (
            *("ler", "lar", "leri", "lari"),
            *("si", "su", "i", "u", "im", "um", "imiz", "umuz", "iniz", "unuz"),
            *("miz", "muz", "niz", "nuz"),  # "firmamız", "firmanız": after a vowel
            *("nin", "nun", "in", "un"),
            *("yi", "yu", "ya", "ye", "a", "e"),
            *("de", "da", "te", "ta", "den", "dan", "ten", "tan"),
            *("daki", "deki", "taki", "teki"),  # "Satışlardaki Payı", "Cirodaki Pay"
            *("le", "la", "yle", "yla", "s"),
        ),
        key=len,
        reverse=True,
    )
)
_MIN_STEM = 3
#: Headers longer than this are no header (a title, a note pasted into the header row).
_LONGEST_HEADER = 120


@functools.lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The stem of a folded word: Turkish endings and the English plural removed.

    Endings go one after the other (case, possessive, plural) down to three letters, so
    that every form of a word reaches the same stem; a final ``g`` that a vowel ending
    softened from ``k`` is restored (``ortağı`` → ``ortak``). The stem is a key for
    comparing words, not a word itself.

    >>> [stem(w) for w in ("tedarikcinin", "tedarikci", "musteriler", "firmanin", "firm")]
    ['tedarikc', 'tedarikc', 'muster', 'firm', 'firm']
    >>> stem("ortaginin"), stem("ortak"), stem("payi"), stem("suppliers")
    ('ortak', 'ortak', 'pay', 'supplier')
    >>> stem("iliskisinin") == stem("iliski"), stem("agirligi") == stem("agirlik")
    (True, True)
    """
    stripped = False
    while True:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)]
                stripped = True
                break
        else:
            break
    if stripped and len(word) >= 4 and word.endswith("g"):
        word = word[:-1] + "k"
    return word


def _words(header: str) -> tuple[list[str], bool]:
    """The folded words of a header (numbers as words of their own), and whether it had a
    unit in brackets or a percent sign."""
    units = bool(_UNITS.search(header))
    text = _CAMEL.sub(" ", clean_name(_UNITS.sub(" ", header)))
    return _TOKENS.findall(fold(text).replace("_", " ")), units


_FILLERS = frozenset(stem(fold(word)) for word in schema.FILLER_WORDS)
_STOPS = frozenset(fold(word) for word in schema.STOP_WORDS)
_HEAD_BEFORE = frozenset(schema.HEAD_BEFORE)
_EXACT_ONLY = frozenset(fold(word) for word in schema.EXACT_ONLY)
_QUESTION = frozenset(schema.QUESTION_WORDS)
_CODES = frozenset(stem(fold(word)) for word in schema.CODE_WORDS)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key
class _Vocabulary:
    """A vocabulary of roles compiled for reading headers."""

    #: folded alias -> role, the first role listing it
    exact: dict[str, str]
    #: each alias that can be read inside a longer header: (its stems, role)
    phrases: tuple[tuple[frozenset[str], str], ...]
    #: roles that accept a header of filler words only ("Firma Adı")
    bare: tuple[str, ...]
    #: stem -> the alias words it comes from, each with its role, for "did you mean"
    spelled: dict[str, tuple[tuple[str, str], ...]]


def _compile(vocabulary: Mapping[str, tuple[str, ...]]) -> _Vocabulary:
    exact: dict[str, str] = {}
    phrases: list[tuple[frozenset[str], str]] = []
    bare: list[str] = []
    spelled: dict[str, dict[tuple[str, str], None]] = {}
    for role, aliases in vocabulary.items():
        for alias in (role, *aliases):
            exact.setdefault(fold(alias), role)
            if fold(alias) in _EXACT_ONLY:
                continue
            words = _words(alias)[0]
            stems = [stem(w) for w in words if w not in _STOPS and stem(w) not in _FILLERS]
            if not stems and role not in bare:
                bare.append(role)
            elif stems:
                phrases.append((frozenset(stems), role))
            written = _WRITTEN_WORDS.findall(alias)  # "satış payı" -> "satış", "payı"
            if len(written) != len(words):
                written = words
            for word, folded in zip(written, words, strict=True):
                key = stem(folded)
                # the words that decide the role: a filler word ("firma") only where the
                # role is named by filler words (the firm of a firms file)
                if folded not in _STOPS and (key not in _FILLERS or not stems):
                    spelled.setdefault(key, {})[(word, role)] = None
    return _Vocabulary(
        exact,
        tuple(dict.fromkeys(phrases)),
        tuple(bare),
        {key: tuple(words) for key, words in spelled.items()},
    )


def _compiled(vocabulary: Mapping[str, tuple[str, ...]]) -> _Vocabulary:
    return _compiled_entries(tuple(vocabulary.items()))


@functools.lru_cache(maxsize=64)
def _compiled_entries(entries: tuple[tuple[str, tuple[str, ...]], ...]) -> _Vocabulary:
    """A vocabulary compiled once (the cache is keyed by its entries)."""
    return _compile(dict(entries))


@dataclass(frozen=True)
class Reading:
    """What one header says in a vocabulary.

    Attributes
    ----------
    role : str or None
        The role it names, or ``None``.
    rank : int
        How it was recognised, the stronger first: 0 as a whole alias, 1 by its words, 2 by
        its words with a word for a code (``Tedarikçi Kodu``), 3 by filler words only, 4 by
        filler words with a code (``Firma Kodu``); 5 when it names no role.
    mentions : frozenset of str
        Roles whose words it holds beside words no alias explains ("Supplier country"
        mentions the supplier): not taken, but worth a hint.
    near : tuple of (str, str)
        Known words its unexplained words are a typo away from, with their role
        ("Tedarkçi" → ("tedarikçi", "supplier")). Words known in any vocabulary are no
        typo.
    """

    role: str | None
    rank: int = 5
    mentions: frozenset[str] = frozenset()
    near: tuple[tuple[str, str], ...] = ()


def read_header(vocabulary: Mapping[str, tuple[str, ...]], header: str) -> Reading:
    """Read ``header`` in ``vocabulary`` (a role -> aliases mapping of
    :mod:`~clustermap.survey.schema`).

    >>> from clustermap.survey.schema import TIE_COLUMNS, RESPONDENT_COLUMNS, FIRM_COLUMNS
    >>> [read_header(TIE_COLUMNS, h).role for h in ("Tedarikçi Firmanın Adı",
    ...     "Müşteri Firmalar", "Supplier name", "Buyer company", "Satış Payı (%)")]
    ['supplier', 'customer', 'supplier', 'customer', 'weight']
    >>> [read_header(TIE_COLUMNS, h).role for h in ("Müşteri Payı", "Share of sales")]
    ['weight', 'weight']
    >>> read_header(RESPONDENT_COLUMNS, "Görüşülen Firmanın Adı")
    Reading(role='respondent', rank=1, mentions=frozenset(), near=())
    >>> read_header(TIE_COLUMNS, "Tedarikçi Kodu").rank, read_header(TIE_COLUMNS, "(%)").role
    (2, 'weight')
    >>> read_header(RESPONDENT_COLUMNS, "Firmanın Rolü").role, read_header(FIRM_COLUMNS,
    ...     "Firmanın Adı").role
    ('direction', 'firm')
    >>> read_header(TIE_COLUMNS, "Tedarkçi").near
    (('tedarikçi', 'supplier'),)
    >>> read_header(TIE_COLUMNS, "Supplier country")
    Reading(role=None, rank=5, mentions=frozenset({'supplier'}), near=())
    """
    compiled = _compiled(vocabulary)
    if len(header) > _LONGEST_HEADER:
        return Reading(None)
    for text in (header, _UNITS.sub(" ", header)):
        if (role := compiled.exact.get(fold(text))) is not None:
            return Reading(role, 0)
    words, units = _words(header)
    if not words and units and "weight" in compiled.exact.values():
        return Reading("weight", 1)  # "%", "(%)": a share
    if len(words) > 2 and words[0] in _QUESTION and words[1].isdigit():  # "S3. Tedarikçi"
        words = words[2:]
    return _read_words(compiled, tuple(words))


@functools.lru_cache(maxsize=4096)
def _read_words(compiled: _Vocabulary, words: tuple[str, ...]) -> Reading:
    content = [
        (position, stem(word))
        for position, word in enumerate(words)
        if word not in _STOPS and stem(word) not in _FILLERS
    ]
    code = any(stem(word) in _CODES for word in words)
    if not content:
        fillers = any(stem(word) in _FILLERS for word in words)
        if fillers and compiled.bare:
            return Reading(compiled.bare[0], 4 if code else 3)
        return Reading(None)
    stems = {key for _, key in content}
    found: dict[str, set[str]] = {}  # role -> its stems in the header
    for phrase, role in compiled.phrases:
        if phrase <= stems:
            found.setdefault(role, set()).update(phrase)
    explained = set().union(*found.values()) if found else set()
    leftover = [(position, key) for position, key in content if key not in explained]
    if leftover:
        near = tuple(
            dict.fromkeys(
                _nearest_word(compiled.spelled[known], words[position])
                for position, key in leftover
                if key not in _known_stems()
                for known in _close(key, compiled.spelled)
            )
        )
        return Reading(None, 5, frozenset(found), near)
    # "Share of supplier": the words before "of" name the column
    breaks = [position for position, word in enumerate(words) if word in _HEAD_BEFORE]
    heads = [(position, key) for position, key in content if not breaks or position < breaks[0]]
    heads = heads or content

    def last_place(role: str) -> int:
        return max((position for position, key in heads if key in found[role]), default=-1)

    measures = [role for role in found if role in schema.MEASURE_ROLES and last_place(role) >= 0]
    candidates = measures or [role for role in found if last_place(role) >= 0] or list(found)
    return Reading(max(candidates, key=last_place), 2 if code else 1)


@functools.cache
def _known_stems() -> frozenset[str]:
    """The stems of every header vocabulary: such a word is no typo of another."""
    vocabularies = (
        schema.TIE_COLUMNS,
        schema.RESPONDENT_COLUMNS,
        schema.FIRM_COLUMNS,
        schema.ALIAS_COLUMNS,
        schema.WIDE_SIDES,
    )
    known = {key for v in vocabularies for key in _compiled(v).spelled}
    return frozenset(known | {stem(fold(word)) for word in schema.OTHER_WORDS})


#: A year, a heading of its own (shares of sales in ``2023 | 2024``) rather than a figure.
_YEAR = re.compile(r"(?:19|20)\d\d")


def is_heading(text: str) -> bool:
    """Whether a cell reads as a column heading rather than a value: every word of it a
    word of a header vocabulary (or a filler, a unit in brackets), no number but a year,
    no lone letter. The sub-headings under a merged heading (``Firma``, ``Pay (%)``,
    ``İli``, ``2024``) are; firm names and figures (``Anka Makina``, ``Firma A``, ``40``)
    are not.

    >>> [is_heading(t) for t in ("Firma", "Pay (%)", "İli", "Adı", "Share", "2024")]
    [True, True, True, True, True, True]
    >>> [is_heading(t) for t in ("Bora Savunma", "Firma A", "40", "Tedarikçi 2", "")]
    [False, False, False, False, False]
    """
    if len(text) > _LONGEST_HEADER:
        return False
    words, units = _words(text)
    if not words:
        return units
    return all(
        _YEAR.fullmatch(word)
        or (
            not word.isdigit()
            and (stem(word) in _known_stems() or stem(word) in _FILLERS or word in _STOPS)
            and len(word) > 1
        )
        for word in words
    )


def _nearest_word(choices: tuple[tuple[str, str], ...], typed: str) -> tuple[str, str]:
    """Among the alias words of one stem (each with its role), the one nearest to the word
    as typed: "Frima" is close to "firma" rather than to "firm"."""
    return min(choices, key=lambda choice: _distance(fold(choice[0]), typed))


def _close(key: str, known: Mapping[str, object]) -> list[str]:
    """The known stems nearest to ``key``, if a typo away: one edit for short words, two for
    long ones."""
    if len(key) < 4:
        return []
    limit = 1 if len(key) < 7 else 2
    distances = {
        other: _distance(key, other)
        for other in known
        if abs(len(other) - len(key)) <= limit and len(other) >= 4
    }
    best = min((d for d in distances.values() if d <= limit), default=None)
    return [other for other, d in distances.items() if d == best]


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbouring letters as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def numbered_column(header: str) -> tuple[str, int, str] | None:
    """Read a numbered column of the wide layout: (side, number, ``"name"`` or ``"weight"``).

    The header holds one number, a word for the side (supplier, customer, in either
    language and any ending) and optionally words for a share; a unit in brackets or a
    percent sign makes it the share.

    >>> numbered_column("Tedarikçi 2"), numbered_column("customer_3_share")
    (('supplier', 2, 'name'), ('customer', 3, 'weight'))
    >>> numbered_column("1. Tedarikçi Firmanın Adı"), numbered_column("Müşteri 1 Payı (%)")
    (('supplier', 1, 'name'), ('customer', 1, 'weight'))
    >>> [numbered_column(h) for h in ("supplier_share_1", "notes_1", "Tedarikçi")]
    [('supplier', 1, 'weight'), None, None]
    """
    if len(header) > _LONGEST_HEADER:
        return None
    words, units = _words(header)
    numbers = [word for word in words if word.isdigit()]
    if len(numbers) != 1:
        return None
    rest = tuple(word for word in words if not word.isdigit())
    sides = _read_words(_compiled(schema.WIDE_SIDES), rest)
    if sides.role is not None and sides.rank in (1, 2):
        return sides.role, int(numbers[0]), "weight" if units else "name"
    if sides.mentions and len(sides.mentions) == 1:
        # the side's words and a share's: "supplier_1_share", "Tedarikçi 1 Payı"
        (side,) = sides.mentions
        shares = _read_words(_compiled(_SIDE_SHARES[side]), rest)
        if shares.role == "weight":
            return side, int(numbers[0]), "weight"
    return None


# a side's words with the weight's, so that "Tedarikçi 1 Payı" reads as one share column
_SIDE_SHARES = {
    side: {"weight": schema.TIE_COLUMNS["weight"], side: schema.WIDE_SIDES[side]}
    for side in schema.WIDE_SIDES
}


def side_column(header: str) -> tuple[str, str] | None:
    """An unnumbered partner column of the wide layout: (side, ``"name"`` or ``"weight"``).

    >>> side_column("Tedarikçi Firma"), side_column("Müşteriler"), side_column("Notlar")
    (('supplier', 'name'), ('customer', 'name'), None)
    >>> side_column("supplier share"), side_column("Müşteri (%)")
    (('supplier', 'weight'), ('customer', 'weight'))
    """
    if len(header) > _LONGEST_HEADER:
        return None
    words, units = _words(header)
    if any(word.isdigit() for word in words):
        return None
    reading = read_header(schema.WIDE_SIDES, header)
    if reading.role is not None and reading.rank <= 2:
        return reading.role, "weight" if units else "name"
    if len(reading.mentions) == 1:
        (side,) = reading.mentions
        if _read_words(_compiled(_SIDE_SHARES[side]), tuple(words)).role == "weight":
            return side, "weight"
    return None


def share_column(header: str) -> tuple[int | None] | None:
    """A share column of the wide layout that names no side: ``(number,)``, the number it
    carries or ``None``; ``None`` for any other header. Form tools write a partner's share
    in the next column as ``share_2``, ``Pay 2``, ``% 2`` or just ``%``.

    >>> share_column("share_2"), share_column("Pay (%) 1"), share_column("%"), share_column("Payı")
    ((2,), (1,), (None,), (None,))
    >>> share_column("Tedarikçi 1 Payı"), share_column("Notlar 2"), share_column("1 2 share")
    (None, None, None)
    """
    if len(header) > _LONGEST_HEADER:
        return None
    words, units = _words(header)
    numbers = [int(word) for word in words if word.isdigit()]
    rest = tuple(word for word in words if not word.isdigit())
    if len(numbers) > 1 or read_header(schema.WIDE_SIDES, header).mentions:
        return None
    if rest and _read_words(_compiled(_SHARES), rest).role != "weight":
        return None
    if not rest and not units:
        return None
    return (numbers[0] if numbers else None,)


_SHARES = {"weight": schema.TIE_COLUMNS["weight"]}


@dataclass(frozen=True)
class ColumnMatch:
    """The columns of a table matched to the roles of a vocabulary.

    Attributes
    ----------
    columns : dict
        Role -> column.
    how : dict
        Role -> how its column was found: ``"given"`` (chosen by the user), ``"name"`` (an
        alias), ``"words"`` (its words), ``"code"`` (its words, one for a code) or
        ``"fillers"`` (filler words only).
    ambiguous : dict
        Role -> the columns that claim it equally well (the role is then not in ``columns``).
    passed_over : dict
        Role -> columns that also looked like it, less clearly than the one taken.
    readings : dict
        Column -> its :class:`Reading`.
    """

    columns: dict[str, str]
    how: dict[str, str]
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    passed_over: dict[str, list[str]] = field(default_factory=dict)
    readings: dict[str, Reading] = field(default_factory=dict)

    @property
    def unused(self) -> list[str]:
        """Columns that name no role."""
        taken = set(self.columns.values())
        return [column for column in self.readings if column not in taken]


_HOW = ("name", "words", "code", "fillers", "code")


def match_columns(
    headers: Mapping[str, str],
    vocabulary: Mapping[str, tuple[str, ...]],
    given: Mapping[str, str] | None = None,
) -> ColumnMatch:
    """Match columns to roles: the user's choices, then the strongest reading of each role.

    Parameters
    ----------
    headers : mapping
        Column -> its header as written.
    vocabulary : mapping
        Role -> aliases (:mod:`~clustermap.survey.schema`).
    given : mapping, optional
        Role -> column chosen by the user; these columns are not read.

    Returns
    -------
    ColumnMatch
        Two columns claiming one role equally well are ``ambiguous``; a column read as a
        whole alias beats one read by its words, which beats one naming a code, which
        beats one of filler words only.

    Examples
    --------
    >>> from clustermap.survey.schema import TIE_COLUMNS
    >>> match = match_columns({"Tedarikçi": "Tedarikçi", "Tedarikçi Unvanı": "Tedarikçi Unvanı",
    ...                        "Alıcı Firma Adı": "Alıcı Firma Adı"}, TIE_COLUMNS)
    >>> match.columns, match.passed_over
    ({'supplier': 'Tedarikçi', 'customer': 'Alıcı Firma Adı'}, {'supplier': ['Tedarikçi Unvanı']})
    >>> match_columns({"Supplier name": "Supplier name", "Seller": "Seller"},
    ...               TIE_COLUMNS).ambiguous
    {}
    >>> match_columns({"Supplier name": "Supplier name", "Seller name": "Seller name"},
    ...               TIE_COLUMNS).ambiguous
    {'supplier': ['Supplier name', 'Seller name']}
    """
    given = dict(given or {})
    chosen = set(given.values())
    readings = {
        column: read_header(vocabulary, written)
        for column, written in headers.items()
        if column not in chosen
    }
    claims: dict[str, list[tuple[int, str]]] = {}
    for column, reading in readings.items():
        if reading.role is not None and reading.role not in given:
            claims.setdefault(reading.role, []).append((reading.rank, column))
    columns, how = dict(given), dict.fromkeys(given, "given")
    ambiguous: dict[str, list[str]] = {}
    passed_over: dict[str, list[str]] = {}
    for role, found in claims.items():
        best = min(rank for rank, _ in found)
        top = [column for rank, column in found if rank == best]
        if len(top) > 1:
            ambiguous[role] = top
            continue
        columns[role], how[role] = top[0], _HOW[best]
        if others := [column for rank, column in found if rank != best]:
            passed_over[role] = others
    order = list(vocabulary)
    return ColumnMatch(
        {role: columns[role] for role in sorted(columns, key=order.index)},
        {role: how[role] for role in sorted(how, key=order.index)},
        ambiguous,
        passed_over,
        readings,
    )
