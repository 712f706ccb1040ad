"""Text the Turkish way: names cleaned, case folded, sorted and stripped of legal forms.

Python's ``str.lower()`` is wrong for Turkish: ``"I".lower()`` is ``"i"`` (Turkish: ``"ı"``)
and ``"İ".lower()`` is ``"i̇"`` (an ``i`` plus a combining dot). The helpers here fold
both dotted and dotless forms to the same letters, so ``İSTANBUL``, ``istanbul`` and
``Istanbul`` compare equal, and sort names in Turkish alphabetical order.

A neutral module: the survey intake, the graph (canonical node order) and the outputs
(labels) all use it, and it depends on none of them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "NAMES_CACHED",
    "ascii_fold",
    "clean_name",
    "fold",
    "legal_form_words",
    "sort_key",
    "strip_legal_form",
    "turkish_lower",
]

_SPACES = re.compile(r"\s+")
_TURKISH_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_ASCII_FOLD = str.maketrans("çğıöşüâîû", "cgiosuaiu")
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Turkish alphabetical order; other letters sort after z by code point.
_TURKISH_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_COLLATION = {letter: index for index, letter in enumerate(_TURKISH_ALPHABET)}


def clean_name(text: str) -> str:
    """Return ``text`` as a display name: NFC, no invisible characters, single spaces.

    Invisible format characters (Unicode category Cf: zero-width spaces, soft hyphens,
    direction marks, byte-order marks) are removed; every kind of space becomes one space.

    >>> clean_name("  Öztürk\\u00a0 Kablaj\\u200b ")
    'Öztürk Kablaj'
    >>> clean_name("\\u200eIşık\\u00adKablaj\\u202fLtd"), clean_name("'@Home Mobilya")
    ('IşıkKablaj Ltd', '@Home Mobilya')
    >>> clean_name("I\\u0307şık") == "İşık"  # decomposed dotted I becomes one letter
    True
    """
    return _clean_name(text)


#: Spellings whose cleaned form, sort key and matching key are kept: more than the firms of
#: the largest networks (a million firms; with too small a cache each key is computed five
#: times over, a fifth of the reading time).
NAMES_CACHED = 2**21


@functools.lru_cache(maxsize=NAMES_CACHED)  # names repeat in every tie: clean each once
def _clean_name(text: str) -> str:
    if not (text.isascii() and text.isprintable()):  # plain ASCII has nothing to remove
        text = unicodedata.normalize("NFC", text)
        # invisible format characters go; control characters become spaces (joined below)
        text = "".join(
            " " if unicodedata.category(char) == "Cc" else char
            for char in text
            if unicodedata.category(char) != "Cf"
        )
    text = _SPACES.sub(" ", text).strip()
    # "'=..." is a formula made inert by a spreadsheet or by clustermap's own CSV files
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def turkish_lower(text: str) -> str:
    """Lower-case with the Turkish rules for I/ı and İ/i.

    >>> turkish_lower("IŞIK İSTANBUL")
    'ışık istanbul'
    """
    return unicodedata.normalize("NFC", text).translate(_TURKISH_LOWER).lower()


def fold(text: str) -> str:
    """Fold ``text`` to a lower-case ASCII key: case, Turkish letters and punctuation ignored.

    Used to match header names against their English and Turkish aliases.

    >>> fold(" Tedarikçi ") == fold("TEDARİKÇİ") == fold("tedarikci")
    True
    >>> fold("Firma Adı")
    'firma_adi'
    """
    folded = turkish_lower(clean_name(text)).translate(_ASCII_FOLD)
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return _NON_WORD.sub("_", folded).strip("_")


@functools.lru_cache(maxsize=NAMES_CACHED)  # every sort of a run asks for the same keys
def sort_key(name: str) -> tuple[str, str]:
    """Key that sorts firm names in Turkish alphabetical order, case-insensitively.

    Spaces and punctuation come first, then digits, then letters in Turkish order
    (a b c ç d e f g ğ h ı i j ... ö ... ş ... ü ... z), then other characters; a name
    comes before the longer names it begins. Spellings that differ only in case are
    ordered by code point, so the order is total and the same on every machine.

    >>> sorted(["Zafer", "Çelik", "ışık", "İnci", "Ceylan", "Ihlamur"], key=sort_key)
    ['Ceylan', 'Çelik', 'Ihlamur', 'ışık', 'İnci', 'Zafer']
    >>> sorted(["Akçay", "Ak Metal", "Demir2", "Ak", "Demir Çelik", "Demir"], key=sort_key)
    ['Ak', 'Ak Metal', 'Akçay', 'Demir', 'Demir Çelik', 'Demir2']
    """
    # each character as two code points (class, rank): strings compare as the tuples would,
    # in a tenth of the memory; then the name itself, which compares by code point
    return "".join(map(_letter_rank, turkish_lower(name))), name


def _letter_rank(char: str) -> str:
    if char in _COLLATION:
        return "\x02" + chr(_COLLATION[char])
    if char.isdigit():
        return "\x01" + char
    if not char.isalpha():
        return "\x00" + char
    return "\x03" + char


# Company forms that end firm names, Turkish-lower-cased without punctuation ("A.Ş." -> "aş").
_COMPANY_FORMS = frozenset(
    {
        *("aş", "as", "ltd", "şti", "sti", "ltdşti", "ltdsti", "şirketi", "limited", "anonim"),
        *("koll", "kollşti", "komandit", "ao"),
        *("inc", "gmbh", "llc", "co", "corp", "plc", "sa", "srl", "spa", "bv", "ag", "kg"),
    }
)
# Words that stand before a company form in Turkish legal names ("San. ve Tic. Ltd. Şti.")
# and only count as part of the form there: "Anadolu Makina Sanayi" keeps its "Sanayi".
_FORM_CONNECTORS = frozenset({"san", "sanayi", "tic", "ticaret", "ve", "ltd", "şirketi"})
_WORD_BREAK = re.compile(r"[\W_]+")


def _form_word(word: str) -> str:
    """A word as compared with legal forms: Turkish lower case, no punctuation ("A.Ş." -> "aş").

    Letters are kept, so the Turkish word "Ağ" (network) is not the German form "AG".
    """
    # dotless ı folded into i: "INC." lower-cases to "ınc" under the Turkish rules
    return _WORD_BREAK.sub("", turkish_lower(word)).replace("ı", "i")


def legal_form_words(name: str) -> list[str]:
    """The words of ``name`` before its trailing legal form, if it ends in one.

    >>> legal_form_words("Anadolu Makina San. ve Tic. A.Ş."), legal_form_words("Ltd. Şti.")
    (['Anadolu', 'Makina'], ['Ltd.', 'Şti.'])
    """
    words = clean_name(name).split(" ")
    keep = len(words)
    if keep and _form_word(words[-1]) in _COMPANY_FORMS:
        while keep > 0 and (
            _form_word(words[keep - 1]) in _COMPANY_FORMS
            or _form_word(words[keep - 1]) in _FORM_CONNECTORS
        ):
            keep -= 1
    return words if keep == 0 else words[:keep]  # a name that is only a legal form stays


def strip_legal_form(name: str) -> str:
    """``name`` without its trailing legal form, for short labels on maps.

    >>> strip_legal_form("Çağlayan Hassas İşleme San. ve Tic. Ltd. Şti.")
    'Çağlayan Hassas İşleme'
    >>> strip_legal_form("Demir, Çelik ve Makine A.Ş."), strip_legal_form("Ltd. Şti.")
    ('Demir, Çelik ve Makine', 'Ltd. Şti.')
    >>> strip_legal_form("Anadolu Makina Sanayi"), strip_legal_form("Bilişim Ağ")
    ('Anadolu Makina Sanayi', 'Bilişim Ağ')
    """
    return " ".join(legal_form_words(name)).rstrip(" ,;")


def ascii_fold(text: str) -> str:
    """``text`` without Turkish letters and accents (lower-case text in, lower-case out).

    >>> ascii_fold("ışık şöleni")
    'isik soleni'
    """
    folded = text.translate(_ASCII_FOLD)
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in folded if not unicodedata.combining(char))
