"""Firm names and header words: Unicode clean-up, Turkish-aware folding and collation.

Python's ``str.lower()`` is wrong for Turkish: ``"I".lower()`` is ``"i"`` (Turkish: ``"ı"``)
and ``"İ".lower()`` is ``"i̇"`` (an ``i`` plus a combining dot). The helpers here fold
both dotted and dotless forms to the same letters, so ``İSTANBUL``, ``istanbul`` and
``Istanbul`` compare equal.
"""

from __future__ import annotations

import re
import unicodedata

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
    >>> clean_name("\\u200eIşık\\u00adKablaj\\u202fLtd")
    'IşıkKablaj Ltd'
    >>> clean_name("I\\u0307şık") == "İşık"  # decomposed dotted I becomes one letter
    True
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return _SPACES.sub(" ", text).strip()


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


def sort_key(name: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
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
    return tuple(_letter_rank(char) for char in turkish_lower(name)), tuple(map(ord, name))


def _letter_rank(char: str) -> tuple[int, int]:
    if char in _COLLATION:
        return (2, _COLLATION[char])
    if char.isdigit():
        return (1, ord(char))
    if not char.isalpha():
        return (0, ord(char))
    return (3, ord(char))


# Legal-form words at the end of firm names (Turkish and international), folded.
_LEGAL_WORDS = frozenset(
    {
        *("as", "ao", "ltd", "sti", "sirketi", "limited", "anonim", "koll", "kollsti"),
        *("san", "sanayi", "tic", "ticaret", "ve", "paz", "end"),
        *("inc", "gmbh", "llc", "co", "corp", "plc", "sa", "srl", "spa", "bv", "ag", "kg"),
    }
)


def strip_legal_form(name: str) -> str:
    """``name`` without its trailing legal form, for short labels on maps.

    >>> strip_legal_form("Çağlayan Hassas İşleme San. ve Tic. Ltd. Şti.")
    'Çağlayan Hassas İşleme'
    >>> strip_legal_form("Demir, Çelik ve Makine A.Ş."), strip_legal_form("Ltd. Şti.")
    ('Demir, Çelik ve Makine', 'Ltd. Şti.')
    """
    words = clean_name(name).split(" ")
    legal = [fold(word).replace("_", "") in _LEGAL_WORDS for word in words]
    keep = len(words)
    while keep > 0 and legal[keep - 1]:
        keep -= 1
    if keep in (0, len(words)):  # nothing but a legal form, or none at all
        return clean_name(name)
    return " ".join(words[:keep]).rstrip(" ,;")
