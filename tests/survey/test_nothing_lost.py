"""Property-based: nothing a survey says is lost between its file and its analysis.

Surveys are generated in every layout (long, respondent, wide), encoding (UTF-8 with and
without a byte-order mark, cp1254, UTF-16 with and without one), delimiter (comma,
semicolon, tab, with the decimal mark that goes with it), with firms written several ways
that the README says are one firm (Turkish case, spaces, punctuation, invisible characters,
a trailing legal form), firms that it says are not (``Isik``/``Işık``, ``Inci``/``İnci``,
"Anadolu Makina Sanayi"/"Anadolu Makina Ticaret"), duplicate ties, self ties, ties reported
by both firms, integer, decimal and percentage weights, and bad rows (empty names, zero,
negative, empty or non-numeric weights, an unreadable direction).

What the test knows it generated is turned into expectations by the README's rules alone
("The survey files": Rules, Firm names; "The result folder"), never by clustermap's
helpers:

* every tie record of the file (a row; in the wide layout, a partner cell) is merged into
  exactly one tie of ``survey.ties`` (its ``rows``), dropped with a warning on its line
  (``self-tie``), or refused with an error naming the file, its line and its column
  (``empty-name``, ``bad-weight``, ``bad-direction``; or ``empty-column`` at the first line
  when a column is empty on every line); a share without its partner is a warning on its
  line; rows repeated by one respondent get a ``duplicate-tie`` warning on their first line;
* the errors are exactly those: a survey is refused if and only if it has a bad row, or
  (``no-ties``) no tie and no respondent is left;
* weights: rows of one respondent (or of a survey that does not say who answered) are
  summed, the reports of the tie's two firms then averaged; ``rows`` counts every record;
* the firms are exactly those of the kept ties, the respondents and the self ties (the tie
  is dropped, not the firm), each under its most
  common spelling (each cell counted once; a tie goes to the alphabetically first in
  Turkish order), with a ``name-variants`` note for each firm written several ways;
* the result folder (``firms.csv``, ``ties.csv``, ``summary.json``) holds the same firms, in
  Turkish alphabetical order, and the same ties and weights; each firm's strengths are the
  sums of its ties' weights.

Profiles
--------
Two Hypothesis profiles are registered here and applied to these tests only (no profile is
loaded globally, so the other tests keep their settings); ``CLUSTERMAP_HYPOTHESIS`` picks
one:

* ``ci`` (the default): 150 generated surveys read, 10 analysed into a result folder; 10 to
  15 seconds.
* ``dev``: 10,000 surveys read and 500 analysed, for a run on a development machine (about
  ten minutes)::

      CLUSTERMAP_HYPOTHESIS=dev .venv/bin/pytest tests/survey/test_nothing_lost.py \\
          --hypothesis-show-statistics
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clustermap import AnalysisOptions, Issue, SurveyError, analyze_to_folder, read_survey

T = TypeVar("T")

# -- profiles ---------------------------------------------------------------------------------

settings.register_profile(
    "clustermap-nothing-lost-ci",
    max_examples=150,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "clustermap-nothing-lost-dev",
    settings.get_profile("clustermap-nothing-lost-ci"),
    max_examples=10_000,
)
PROFILE = os.environ.get("CLUSTERMAP_HYPOTHESIS", "ci")
if PROFILE not in ("ci", "dev"):
    raise ValueError(f"CLUSTERMAP_HYPOTHESIS={PROFILE!r}: use ci or dev")
#: the intake property: every example reads one survey
INTAKE = settings(settings.get_profile(f"clustermap-nothing-lost-{PROFILE}"))
#: the result folder: every example analyses a survey and writes its folder (about a second)
FOLDER = settings(INTAKE, max_examples=max(10, INTAKE.max_examples // 20))
#: the cheapest analysis: no significance tests, one Louvain run, one core/periphery start
CHEAP = AnalysisOptions(nulls=0, runs=1, cp_starts=1)

# -- Turkish text, as the README states it (not clustermap's helpers) -------------------------

_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_UPPER = str.maketrans({"i": "İ", "ı": "I"})
ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"


def lower_tr(text: str) -> str:
    """Lower case with the Turkish rules (``I`` -> ``ı``, ``İ`` -> ``i``)."""
    return text.translate(_LOWER).lower()


def upper_tr(text: str) -> str:
    """Upper case with the Turkish rules (``i`` -> ``İ``, ``ı`` -> ``I``)."""
    return text.translate(_UPPER).upper()


def cleaned(text: str) -> str:
    """A cell as a name: Unicode NFC, invisible characters removed, every run of spaces one
    space, none around."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return " ".join(text.split())


def alphabetical(name: str) -> tuple[tuple[tuple[int, str], ...], str]:
    """Turkish alphabetical order, ignoring case: spaces and punctuation, then digits, then
    letters (a b c ç d … ı i … ş … ü … z), then other letters; a name before the longer
    names it begins; spellings differing in case only by code point."""

    def rank(char: str) -> tuple[int, str]:
        if char in ALPHABET:
            return 2, f"{ALPHABET.index(char):02d}"
        if char.isdigit():
            return 1, char
        return (3, char) if char.isalpha() else (0, char)

    return tuple(rank(char) for char in lower_tr(name)), name


# -- firms and their spellings ----------------------------------------------------------------


@dataclass(frozen=True)
class Firm:
    """A firm of the generated cluster: its name, and whether a legal form may follow it (not
    after "Sanayi" or "Ticaret", which a legal form after them would take into the form)."""

    name: str
    forms: bool = True


#: Different firms under the README's rules, alike ones among them: letters typed without
#: their Turkish marks, and names that differ only in the word before where a legal form
#: would start, are never merged.
POOL = (
    Firm("Işık Kablaj"),
    Firm("Isik Kablaj"),
    Firm("İnci Döküm"),
    Firm("Inci Döküm"),
    Firm("Anadolu Hassas İşleme"),
    Firm("Anadolu Makina Sanayi", forms=False),
    Firm("Anadolu Makina Ticaret", forms=False),
    Firm("Yıldız İnş."),
    Firm("Yıldız Paz."),
    Firm("Yalçın Hassas Mekanik"),
    Firm("Ünal Hassas Mekanik"),
    Firm("Bilişim Ağ"),
    Firm("Çankaya Kompozit"),
    Firm("Şahin Plastik"),
    Firm("Öztürk Metal"),
    Firm("Güneş Savunma"),
    Firm("3D Baskı Merkezi"),
    Firm("Aselsim"),
)
#: Trailing legal forms the README names or implies (company forms, with "San. ve Tic.").
LEGAL_FORMS = (
    "A.Ş.",
    "AŞ",
    "A.S.",
    "Ltd. Şti.",
    "LTD. ŞTİ.",
    "Ltd.Şti.",
    "San. ve Tic. A.Ş.",
    "San. ve Tic. Ltd. Şti.",
    "Limited Şirketi",
    "Inc.",
    "GmbH",
    "Co.",
)
#: Characters removed from names (Unicode category Cf): zero-width space, soft hyphen,
#: left-to-right mark.
INVISIBLE = ("\u200b", "\u00ad", "\u200e")


@st.composite
def spellings(draw: st.DrawFn, firm: Firm, unicode: bool) -> str:
    """A way of writing ``firm`` that the README says is the same firm.

    ``unicode``: the file's encoding writes any character (not cp1254). In cp1254 a no-break
    space or soft hyphen after a capital Turkish letter makes valid UTF-8 bytes (``İ`` and a
    no-break space are ``DD A0``, U+0760), so such a file is read as UTF-8 with a garbled
    name, or refused as mixing two encodings: a limit of detecting encodings, left to the
    Unicode encodings here.
    """
    text = firm.name
    words = text.split(" ")
    punctuation = draw(st.sampled_from(["", "-", " - ", ", ", "/"]))
    if punctuation and len(words) > 1:
        at = draw(st.integers(1, len(words) - 1))
        text = " ".join(words[:at]) + punctuation + " ".join(words[at:])
    if firm.forms and draw(st.booleans()):
        text += draw(st.sampled_from([" ", "  "])) + draw(st.sampled_from(LEGAL_FORMS))
    case = draw(st.sampled_from(["as written", "upper", "lower", "word by word"]))
    if case == "upper":
        text = upper_tr(text)
    elif case == "lower":
        text = lower_tr(text)
    elif case == "word by word":  # "IŞIK kablaj", "İnci DÖKÜM", "Işık kABLAJ"
        cases = [upper_tr, lower_tr, lambda word: upper_tr(word[:1]) + lower_tr(word[1:])]
        cases.append(lambda word: lower_tr(word[:1]) + upper_tr(word[1:]))
        text = " ".join(draw(st.sampled_from(cases))(word) for word in text.split(" "))
    spaces = [" ", "  ", "   "] + (["\u00a0", " \u00a0"] if unicode else [])
    if " " in text and draw(st.booleans()):
        at = draw(st.sampled_from([i for i, char in enumerate(text) if char == " "]))
        text = text[:at] + draw(st.sampled_from(spaces)) + text[at + 1 :]
    text = " " * draw(st.integers(0, 2)) + text + " " * draw(st.integers(0, 2))
    if unicode and draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(INVISIBLE)) + text[at:]
    if unicode and "İ" in text and draw(st.booleans()):
        text = text.replace("İ", "I\u0307")  # decomposed, as some Mac exports write it
    return text


# -- weights and relations --------------------------------------------------------------------


@dataclass(frozen=True)
class Weight:
    """A weight cell: its text, and its value (``None``: refused; ``empty``: blank)."""

    text: str
    value: float | None
    empty: bool = False


ONE = Weight("1", 1.0)  # the weight of a tie when the survey has no weight column


@st.composite
def weights(draw: st.DrawFn, mark: str, bad: bool) -> Weight:
    """A positive weight: an integer, or a decimal with one or two decimals written with
    ``mark`` (three decimals read as thousands or decimals by the column's other cells: that
    reading is tested elsewhere), either perhaps a percentage (``25%``, ``%25``); with
    ``bad``, sometimes one that must be refused."""
    if bad and draw(st.integers(0, 3)) == 0:
        refused = draw(
            st.sampled_from(["", " ", "abc", "yok", "n/a", "0", "-3", f"-12{mark}5", "nan"])
        )
        return Weight(refused, None, empty=not refused.strip())
    kind = draw(st.sampled_from(["integer", "decimal", "percent", "percent first"]))
    if kind == "decimal" or (kind != "integer" and draw(st.booleans())):
        digits = draw(st.integers(1, 2))
        whole = draw(st.integers(0, 99))
        fraction = draw(st.integers(0 if whole else 1, 10**digits - 1))
        number, value = (
            f"{whole}{mark}{fraction:0{digits}d}",
            float(f"{whole}.{fraction:0{digits}d}"),
        )
    else:
        value = draw(st.integers(1, 150))
        number = str(value)
    text = {"percent": f"{number}%", "percent first": f"%{number}"}.get(kind, number)
    return Weight(text, float(value))


#: Relation layer -> spellings the README says are that layer.
RELATIONS = {
    "supply": ("supply", "tedarik", "alım", "satış"),
    "subcontracting": ("subcontracting", "fason", "taşeron", "alt yüklenici"),
    "service": ("service", "hizmet"),
    "knowledge": ("knowledge", "bilgi", "teknik destek", "danışmanlık"),
    "collaboration": ("collaboration", "işbirliği", "ortaklık"),
}


@st.composite
def layers(draw: st.DrawFn, layer: str) -> str:
    """A spelling of a relation layer."""
    text = draw(st.sampled_from(RELATIONS[layer]))
    case = draw(st.sampled_from(["as written", "upper", "lower"]))
    return upper_tr(text) if case == "upper" else lower_tr(text) if case == "lower" else text


#: What the partner is to the respondent -> spellings the README lists (and refused ones).
DIRECTIONS = {
    "supplier": ("supplier", "Tedarikçi", "TEDARİKÇİ", "tedarikçimiz", "T", "buys from", "alım"),
    "customer": ("customer", "Müşteri", "MÜŞTERİ", "müşterimiz", "M", "C", "sells to", "satış"),
}
BAD_DIRECTIONS = ("S", "arkadaş", "?")

# -- generated surveys ------------------------------------------------------------------------

#: Headers per layout and language: the README's names for each role.
LONG_HEADERS = (
    ("supplier", "customer", "weight", "relation"),
    ("Supplier name", "Buyer company", "Share of sales", "type"),
    ("Tedarikçi", "Müşteri", "Pay", "İlişki"),
    ("Tedarikçi Firmanın Adı", "Müşteri Firmalar", "Satış Payı (%)", "İlişki Türü"),
)
RESPONDENT_HEADERS = (
    ("respondent", "partner", "direction", "share", "relation"),
    ("Görüşülen Firma", "İş Ortağı", "Yön", "Pay", "İlişki"),
    ("Görüşülen Firmanın Adı", "Adı Geçen Firma", "Firmanın Rolü", "Satış Payı (%)", "Tür"),
)
WIDE_HEADERS = (
    (
        "respondent",
        "{side}_{number}",
        "{side}_{number}_share",
        {"supplier": "supplier", "customer": "customer"},
    ),
    (
        "Görüşülen Firma",
        "{side} {number}",
        "{side} {number} Payı",
        {"supplier": "Tedarikçi", "customer": "Müşteri"},
    ),
)
ENCODINGS = ("utf-8", "utf-8-sig", "cp1254", "utf-16", "utf-16-le")


@dataclass(frozen=True)
class Record:
    """One tie the file states: a row (long, respondent layout) or a partner cell (wide).

    Firms are indexes into :data:`POOL`; ``None`` is an empty cell.
    """

    supplier: int | None
    customer: int | None
    supplier_column: str
    customer_column: str
    weight: Weight
    weight_column: str | None  # None: no weight column (every tie weighs 1)
    relation: str
    reporter: int | None = None  # the respondent, in the respondent and wide layouts


@dataclass
class Row:
    """A data row as generated: its cells and what they state."""

    cells: list[str]
    names: list[tuple[int, str]] = field(default_factory=list)  # (firm, cell) per name cell
    records: list[Record] = field(default_factory=list)
    respondent: int | None = None
    bad_direction: str | None = None  # the direction column, when the row's is unreadable
    orphan_shares: list[str] = field(default_factory=list)  # share columns without partner
    line: int = 0


@dataclass(frozen=True)
class Generated:
    """A generated survey file and what it states."""

    data: bytes
    layout: str
    about: str  # encoding, delimiter, header: for failure messages
    rows: tuple[Row, ...]


@st.composite
def surveys(draw: st.DrawFn, faulty: bool | None = None) -> Generated:
    """A survey file with its rows; with ``faulty`` (default: either) some rows are bad."""
    layout = draw(st.sampled_from(["long", "respondent", "wide"]))
    encoding = draw(st.sampled_from(ENCODINGS))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    mark = {",": ".", ";": ","}.get(delimiter) or draw(st.sampled_from([",", "."]))
    bad = draw(st.booleans()) if faulty is None else faulty
    unicode = encoding != "cp1254"
    firms = draw(st.lists(st.integers(0, len(POOL) - 1), min_size=2, max_size=6, unique=True))
    written = {
        firm: draw(st.lists(spellings(POOL[firm], unicode), min_size=1, max_size=3))
        for firm in firms
    }
    weighted = draw(st.booleans())

    def name(firm: int) -> str:
        return draw(st.sampled_from(written[firm]))

    def empty() -> str:
        return draw(st.sampled_from(["", " ", "  "]))

    def weight() -> Weight:
        return draw(weights(mark, bad)) if weighted else ONE

    count = draw(st.integers(1, 10))
    rows: list[Row] = []
    pair: list[int | None]  # a tie's two firms, None where the cell is left empty
    if layout == "long":
        supplier, customer, share, relation = draw(st.sampled_from(LONG_HEADERS))
        related = draw(st.booleans())
        header = [supplier, customer] + [share] * weighted + [relation] * related
        drawn: list[tuple[int, int, str]] = []  # (supplier, customer, layer) of each row
        for _ in range(count):
            if len(drawn) > 0 and draw(st.booleans()):  # a tie again
                supplier_firm, customer_firm, layer = draw(st.sampled_from(drawn))
            else:
                supplier_firm, customer_firm = (draw(st.sampled_from(firms)) for _ in range(2))
                layer = draw(st.sampled_from(sorted(RELATIONS))) if related else "supply"
            drawn.append((supplier_firm, customer_firm, layer))
            pair = [supplier_firm, customer_firm]
            if bad and draw(st.integers(0, 4)) == 0:
                pair[draw(st.integers(0, 1))] = None
            tie = weight()
            row = Row([name(f) if f is not None else empty() for f in pair])
            row.cells += [tie.text] * weighted + [draw(layers(layer))] * related
            row.names = [
                (f, cell) for f, cell in zip(pair, row.cells[:2], strict=True) if f is not None
            ]
            weight_column = share if weighted else None
            row.records.append(
                Record(pair[0], pair[1], supplier, customer, tie, weight_column, layer)
            )
            rows.append(row)
    elif layout == "respondent":
        answered, partnered, direction, share, relation = draw(st.sampled_from(RESPONDENT_HEADERS))
        related = draw(st.booleans())
        header = [answered, partnered, direction] + [share] * weighted + [relation] * related
        answers: list[tuple[int, int, bool, str]] = []  # respondent, partner, it supplies, layer
        for _ in range(count):
            if len(answers) > 0 and draw(st.booleans()):  # an answer again, or the other's
                respondent, partner, supplies, layer = draw(st.sampled_from(answers))
                if draw(st.booleans()):
                    respondent, partner, supplies = partner, respondent, not supplies
            else:
                respondent, partner = draw(st.sampled_from(firms)), draw(st.sampled_from(firms))
                supplies = draw(st.booleans())
                layer = draw(st.sampled_from(sorted(RELATIONS))) if related else "supply"
            answers.append((respondent, partner, supplies, layer))
            pair = [respondent, partner]
            if bad and draw(st.integers(0, 4)) == 0:
                pair[draw(st.integers(0, 1))] = None
            said = draw(st.sampled_from(DIRECTIONS["supplier" if supplies else "customer"]))
            unreadable = bad and draw(st.integers(0, 5)) == 0
            if unreadable:
                said = draw(st.sampled_from(BAD_DIRECTIONS))
            tie = weight()
            row = Row([name(f) if f is not None else empty() for f in pair] + [said])
            row.cells += [tie.text] * weighted + [draw(layers(layer))] * related
            row.names = [
                (f, cell) for f, cell in zip(pair, row.cells[:2], strict=True) if f is not None
            ]
            row.respondent = pair[0]
            if unreadable:
                row.bad_direction = direction
            else:
                ends = [(pair[1], partnered), (pair[0], answered)]
                if not supplies:
                    ends.reverse()
                (sold, sold_in), (bought, bought_in) = ends
                weight_column = share if weighted else None
                row.records.append(
                    Record(sold, bought, sold_in, bought_in, tie, weight_column, layer, pair[0])
                )
            rows.append(row)
    else:
        answered, partner_header, share_header, words = draw(st.sampled_from(WIDE_HEADERS))
        slots = [
            (side, number)
            for side in ("supplier", "customer")
            for number in range(1, draw(st.integers(0, 3)) + 1)
        ] or [("supplier", 1)]
        header = [answered]
        for side, number in slots:
            header.append(partner_header.format(side=words[side], number=number))
            if weighted:
                header.append(share_header.format(side=words[side], number=number))
        for _ in range(count):
            respondent_or_none: int | None = draw(st.sampled_from(firms))
            if bad and draw(st.integers(0, 4)) == 0:
                respondent_or_none = None
            row = Row([name(respondent_or_none) if respondent_or_none is not None else empty()])
            row.respondent = respondent_or_none
            if respondent_or_none is not None:
                row.names.append((respondent_or_none, row.cells[0]))
            for side, number in slots:
                column = partner_header.format(side=words[side], number=number)
                shares = share_header.format(side=words[side], number=number)
                named: int | None = draw(st.sampled_from([None, *firms]))
                tie = weight()
                if named is None:  # fewer partners than columns
                    row.cells.append(empty())
                    if weighted:  # a share without its partner is ignored, with a warning
                        orphan = draw(st.integers(0, 5)) == 0 and bool(tie.text.strip())
                        row.cells.append(tie.text if orphan else empty())
                        row.orphan_shares += [shares] * orphan
                    continue
                row.cells.append(name(named))
                row.names.append((named, row.cells[-1]))
                row.cells += [tie.text] * weighted
                ends = [(named, column), (respondent_or_none, answered)]
                if side == "customer":
                    ends.reverse()
                (sold, sold_in), (bought, bought_in) = ends
                weight_column = shares if weighted else None
                row.records.append(
                    Record(
                        sold,
                        bought,
                        sold_in,
                        bought_in,
                        tie,
                        weight_column,
                        "supply",
                        row.respondent,
                    )
                )
            rows.append(row)

    # the text: an Excel "sep=" line or a title above the header, blank lines between rows
    lines: list[str | Row] = []
    if draw(st.booleans()):
        lines.append(f"sep={delimiter}")
    elif draw(st.booleans()):
        lines += [draw(st.sampled_from(["Anket 2024", "OSTİM Savunma Kümelenmesi Anketi"])), ""]
    lines.append(_joined(header, delimiter))
    for row in rows:
        if draw(st.integers(0, 5)) == 0:
            lines.append("")
        lines.append(row)
    for number, line in enumerate(lines, start=1):
        if isinstance(line, Row):
            line.line = number
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = end.join(
        line if isinstance(line, str) else _joined(line.cells, delimiter) for line in lines
    )
    text += end if draw(st.booleans()) else ""
    about = f"{layout} layout, {encoding}, delimiter {delimiter!r}, header {header}"
    return Generated(text.encode(encoding), layout, about, tuple(rows))


def _joined(cells: list[str], delimiter: str) -> str:
    """One CSV line: cells holding the delimiter or a quote quoted."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="").writerow(cells)
    return out.getvalue()


# -- what the README says must come out -------------------------------------------------------


@dataclass(frozen=True)
class Tie:
    """A tie as ``survey.ties`` and ``ties.csv`` must have it."""

    weight: float
    rows: int
    reported_by: frozenset[str]


@dataclass(frozen=True)
class Expected:
    """What reading a generated survey must give."""

    errors: Counter[tuple[str, int | None, str | None]]  # (code, line, column)
    self_ties: Counter[int]  # lines
    duplicates: Counter[int]  # first lines of a respondent's repeated rows
    orphan_shares: Counter[tuple[int, str]]  # (line, column)
    ties: dict[tuple[str, str, str], Tie]  # (supplier, customer, relation) -> tie
    firms: set[str]
    written_ways: dict[str, int]  # firm written several ways -> how many
    records: int  # tie records of the file with a readable direction


def expect(survey: Generated) -> Expected:
    """The README's rules applied to what was generated."""
    rows = survey.rows
    # names: each cell counted once; the most common spelling, then the alphabetically first
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        for firm, cell in row.names:
            if cleaned(cell):
                counts[firm][cleaned(cell)] += 1
    shown = {
        firm: min(spelled, key=lambda s: (-spelled[s], alphabetical(s)))
        for firm, spelled in counts.items()
    }
    written_ways = {
        shown[firm]: len(spelled) for firm, spelled in counts.items() if len(spelled) > 1
    }

    errors: Counter[tuple[str, int | None, str | None]] = Counter()
    empty_in: dict[str, list[int]] = defaultdict(list)  # column -> lines of its empty cells
    used_in: dict[str, set[int]] = defaultdict(set)  # column -> lines that read it
    kept: list[tuple[Record, int]] = []
    self_ties: Counter[int] = Counter()
    self_named: set[int] = set()  # firms of the self ties dropped
    for row in rows:
        if row.bad_direction is not None:
            errors["bad-direction", row.line, row.bad_direction] += 1
        for record in row.records:
            usable = True
            for end, column in (
                (record.supplier, record.supplier_column),
                (record.customer, record.customer_column),
            ):
                used_in[column].add(row.line)
                if end is None:
                    empty_in[column].append(row.line)
                    usable = False
            if record.weight_column is not None:
                used_in[record.weight_column].add(row.line)
                if record.weight.empty:
                    empty_in[record.weight_column].append(row.line)
                elif record.weight.value is None:
                    errors["bad-weight", row.line, record.weight_column] += 1
                usable = usable and record.weight.value is not None
            if not usable:
                continue
            if record.supplier == record.customer:
                self_ties[row.line] += 1
                self_named.add(record.supplier)
            else:
                kept.append((record, row.line))
    for column, lines in empty_in.items():
        distinct = sorted(set(lines))
        weight = any(r.weight_column == column for row in rows for r in row.records)
        if len(distinct) == len(used_in[column]) > 1:  # a column left blank: one error
            errors["empty-column", distinct[0], column] += 1
        else:
            for line in distinct:
                errors["bad-weight" if weight else "empty-name", line, column] += 1

    # a percentage says what it is: where every other weight read is at most 1 (fractions),
    # 18.8% is 0.188 of the sales (README, Weights)
    read = [
        record.weight
        for row in rows
        for record in row.records
        if record.weight_column is not None and record.weight.value is not None
    ]
    plain = [w.value for w in read if w.value is not None and "%" not in w.text]
    as_fraction = len(plain) < len(read) and bool(plain) and max(plain) <= 1

    def value(weight: Weight) -> float:
        assert weight.value is not None
        return weight.value / 100 if as_fraction and "%" in weight.text else weight.value

    # rows of one respondent summed, then the reports of different respondents averaged
    reports: dict[tuple[int, int, str], dict[int | None, list[tuple[float, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for record, line in kept:
        assert record.supplier is not None
        assert record.customer is not None
        assert record.weight.value is not None
        key = (record.supplier, record.customer, record.relation)
        reports[key][record.reporter].append((value(record.weight), line))
    duplicates: Counter[int] = Counter()
    ties: dict[tuple[str, str, str], Tie] = {}
    for (supplier, customer, relation), by_reporter in reports.items():
        sums = []
        for said in by_reporter.values():
            sums.append(math.fsum(value for value, _ in said))
            if len(said) > 1:
                duplicates[min(line for _, line in said)] += 1
        ties[shown[supplier], shown[customer], relation] = Tie(
            sum(sums) / len(sums),
            sum(len(said) for said in by_reporter.values()),
            frozenset(shown[r] for r in by_reporter if r is not None),
        )
    respondents = {row.respondent for row in rows if row.respondent is not None}
    if survey.layout == "long":
        respondents = set()
    in_ties = {firm for record, _ in kept for firm in (record.supplier, record.customer)}
    firms = {shown[firm] for firm in in_ties | respondents | self_named if firm is not None}
    if not errors and not ties and not respondents:
        errors["no-ties", None, None] += 1
    orphans = Counter((row.line, column) for row in rows for column in row.orphan_shares)
    return Expected(
        errors,
        self_ties,
        duplicates,
        orphans,
        ties,
        firms,
        written_ways,
        sum(len(row.records) for row in rows),
    )


# -- the properties ---------------------------------------------------------------------------

#: Warnings about what the weights are (README, Weights): they change no weight but as the
#: README says (a percentage among fractions is the fraction it says).
WEIGHT_NOTES = frozenset(
    {
        "fraction-among-percentages",
        "shares-above-whole",
        "percentage-among-volumes",
        "weight-basis",
        "percentages-among-fractions",  # the percentages read as the fractions they are
    }
)
DROPPED = frozenset({"self-tie", "duplicate-tie", "share-without-partner"})
NOTES = frozenset({"columns", "header-row", "name-variants", "likely-duplicate"})


def outcome(call: Callable[[], T]) -> tuple[T | None, list[Issue]]:
    """What ``call`` gave, or ``None`` and the issues of the error it refused with."""
    try:
        return call(), []
    except SurveyError as err:
        return None, list(err.issues)


def written(survey: Generated, folder: str) -> Path:
    path = Path(folder) / "survey.csv"
    path.write_bytes(survey.data)
    return path


def close(one: float, other: float) -> bool:
    return math.isclose(one, other, rel_tol=1e-9, abs_tol=1e-6)


@INTAKE
@given(survey=surveys())
def test_every_row_is_merged_dropped_or_refused(survey: Generated) -> None:
    expected = expect(survey)
    with tempfile.TemporaryDirectory() as folder:
        path = written(survey, folder)
        read, refusal = outcome(lambda: read_survey(path))
    issues = list(read.issues) if read is not None else refusal
    note = f"({survey.about})"

    # refused rows: exactly the bad ones, each with an error naming the file, line and column
    errors = [issue for issue in issues if issue.is_error]
    assert Counter((i.code, i.line, i.column) for i in errors) == expected.errors, note
    assert {issue.file for issue in errors} <= {str(path)}
    assert (read is None) == bool(expected.errors), note

    # dropped rows: a warning on each line; nothing else is said about rows
    def lines_of(code: str) -> Counter[int | None]:
        return Counter(issue.line for issue in issues if issue.code == code)

    assert lines_of("self-tie") == expected.self_ties, note
    assert lines_of("duplicate-tie") == expected.duplicates, note
    orphans = Counter((i.line, i.column) for i in issues if i.code == "share-without-partner")
    assert orphans == expected.orphan_shares, note
    others = {issue.code for issue in issues if not issue.is_error} - DROPPED
    assert others <= WEIGHT_NOTES | NOTES, note
    if read is None:
        return

    # kept rows: merged into exactly one tie each, weights summed or averaged
    ties = {
        (str(tie["supplier"]), str(tie["customer"]), str(tie["relation"])): Tie(
            float(tie["weight"]),
            int(tie["rows"]),
            frozenset(filter(None, str(tie["reported_by"]).split(";"))),
        )
        for tie in read.ties.to_dict("records")
    }
    assert len(ties) == len(read.ties), note
    assert set(ties) == set(expected.ties), note
    for key, tie in ties.items():
        want = expected.ties[key]
        assert (tie.rows, tie.reported_by) == (want.rows, want.reported_by), (key, note)
        assert close(tie.weight, want.weight), (key, tie.weight, want.weight, note)
    # every record with a readable direction: in a tie's rows or a self-tie warning
    accounted = sum(tie.rows for tie in ties.values()) + sum(expected.self_ties.values())
    assert accounted == expected.records, note

    # every firm, under the spelling the README says wins
    assert read.firm_names == expected.firms, note
    variants = {
        issue.message.split(" is written ")[0]: issue.message
        for issue in issues
        if issue.code == "name-variants"
    }
    assert set(variants) == {repr(firm) for firm in expected.written_ways}, note
    for firm, ways in expected.written_ways.items():
        assert variants[repr(firm)].startswith(f"{firm!r} is written {ways} ways"), note


@FOLDER
@given(survey=surveys(faulty=False))
def test_the_result_folder_keeps_every_firm_and_tie(survey: Generated) -> None:
    expected = expect(survey)
    assume(not expected.errors)  # a survey of self ties only has no ties to analyse
    firms = sorted(expected.firms, key=alphabetical)
    with tempfile.TemporaryDirectory() as folder:
        path = written(survey, folder)
        analysis = analyze_to_folder(path, Path(folder) / "out", options=CHEAP)
        out = Path(folder) / "out"
        table = list(csv.DictReader(io.StringIO((out / "firms.csv").read_text("utf-8-sig"))))
        tie_rows = list(csv.DictReader(io.StringIO((out / "ties.csv").read_text("utf-8-sig"))))
        summary = json.loads((out / "summary.json").read_text("utf-8"))
    note = f"({survey.about})"

    # firms.csv: every firm once, under its spelling, in Turkish alphabetical order
    assert [row["firm"] for row in table] == firms, note
    assert analysis.firms["firm"].tolist() == firms, note
    assert summary["network"]["firms"] == len(firms), note

    # ties.csv: the ties of the survey with their weights, rows and reporters
    def key(row: dict[str, str]) -> tuple[str, str, str]:
        return row["supplier"], row["customer"], row["relation"]

    assert sorted(map(key, tie_rows), key=lambda k: (*map(alphabetical, k[:2]), k[2])) == list(
        map(key, tie_rows)
    ), note
    assert {key(row) for row in tie_rows} == set(expected.ties), note
    assert len(tie_rows) == len(expected.ties), note
    for row in tie_rows:
        want = expected.ties[key(row)]
        assert int(row["rows"]) == want.rows, (row, note)
        assert frozenset(filter(None, row["reported_by"].split(";"))) == want.reported_by, note
        assert close(float(row["weight"]), want.weight), (row, want, note)

    # each firm's strengths: the sums of its ties' weights
    strengths: dict[str, list[float]] = {firm: [0.0, 0.0] for firm in firms}
    for (supplier, customer, _), tie in expected.ties.items():
        strengths[supplier][1] += tie.weight
        strengths[customer][0] += tie.weight
    for row in table:
        got = [float(row["in_strength"] or 0), float(row["out_strength"] or 0)]
        assert all(map(close, got, strengths[row["firm"]])), (row["firm"], got, note)


def test_a_firm_named_only_in_a_self_tie_is_kept(tmp_path: Path) -> None:
    """The README drops the tie ('Self-ties … are dropped with a warning'), not the firm."""
    path = tmp_path / "survey.csv"
    path.write_bytes(b"supplier,customer,relation\nA,B,supply\nC,C,supply\nD,D,knowledge\n")
    assert read_survey(path).firm_names == {"A", "B", "C", "D"}
    # one layer analysed: the self-ties of the others name no firm of it
    assert read_survey(path, relation="supply").firm_names == {"A", "B", "C"}
    analysis = analyze_to_folder(path, tmp_path / "out", options=CHEAP)
    isolate = analysis.firms.set_index("firm").loc["C"]
    assert (isolate["in_degree"], isolate["out_degree"]) == (0, 0)
