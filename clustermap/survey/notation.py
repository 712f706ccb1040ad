"""How a weight column writes its shares and amounts: percent signs, currencies.

A cell with a percent sign says what it is (``18.8%`` is 0.188 of the sales), and an amount
of money (``346.000 TL``, ``$1,250``) is no share at all; a column mixing the two ways of
writing shares, or two currencies, is reported once for the column, not once per cell.
:mod:`clustermap.survey.weights` reads the cells and decides what the weights are; the
readings and messages about how the column is written are here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from clustermap.errors import Issue, quoted
from clustermap.shares import SHARE_SCALES

if TYPE_CHECKING:
    from clustermap.survey.weights import Cell, RowWeights

__all__ = [
    "CURRENCIES",
    "all_below_one",
    "currency_issues",
    "fractions_and_percentages",
    "line_text",
    "percent_as_fraction",
    "percentages_among_fractions",
    "strip_marks",
    "strip_percent",
]

#: Currencies an amount may be written in, as signs and as codes, -> the unit named in
#: messages (the Turkish lira is written TL, TRY, YTL or ₺: one unit).
CURRENCIES = {
    "₺": "TL", "tl": "TL", "try": "TL", "ytl": "TL",
    "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR",
    "£": "GBP", "gbp": "GBP",
}  # fmt: skip
# a currency before or after the number: "346.000 TL", "₺1.250", "USD 100", "€ 900"
_CURRENCY = re.compile(
    r"^(?:(?P<before>[₺$€£]|[a-z]{2,4}\.?(?=[\s\d+-])))?\s*(?P<number>[+-]?\d[\d.,]*)"
    r"\s*(?P<after>[₺$€£]|[a-z]{2,4}\.?)?$",
    re.IGNORECASE,
)


#: How a figure without a currency sign before it begins.
_FIGURE_STARTS = frozenset("0123456789+-")


def strip_percent(text: str) -> str:
    """``text`` without a percent sign before or after the number."""
    return text.strip().removesuffix("%").removeprefix("%").strip()


def strip_marks(text: str) -> tuple[str, str | None]:
    """The number of a weight cell without a percent sign or a currency, and the currency
    (:data:`CURRENCIES`; ``None`` when it names none).

    >>> strip_marks("%45"), strip_marks("346.000 TL"), strip_marks("€ 900")
    (('45', None), ('346.000', 'TL'), ('900', 'EUR'))
    >>> strip_marks("USD 100"), strip_marks("12 adet")
    (('100', 'USD'), ('12 adet', None))
    """
    number = strip_percent(text)
    if not number or (number[0] in _FIGURE_STARTS and number[-1].isdigit()):
        return number, None  # the usual cell, a figure alone: no currency to look for
    match = _CURRENCY.match(number)
    if match is None or (match["before"] and match["after"]):
        return number, None
    written = (match["before"] or match["after"] or "").rstrip(".").lower()
    if not written:
        return number, None
    unit = CURRENCIES.get(written)
    return (match["number"], unit) if unit else (number, None)


def percent_as_fraction(cells: list[Cell], given: str | None) -> bool:
    """Whether a column's cells with a percent sign are read as fractions of the sales
    (``18.8%`` as 0.188): where the weights are fractions (``--weights fraction``, or
    guessed: every weight without a percent sign is at most 1 and none is an amount of
    money). A cell with a percent sign says what it is; the others are read as written.

    >>> from clustermap.survey.weights import read_cell
    >>> cells = [read_cell(text, "point") for text in ("0.346", "0.148", "18.8%")]
    >>> percent_as_fraction(cells, None), percent_as_fraction(cells, "percent")
    (True, False)
    >>> percent_as_fraction([read_cell(t, "point") for t in ("34.6", "18.8%")], None)
    False
    """
    read = [cell for cell in cells if not isinstance(cell.value, str)]
    if not any(cell.percent for cell in read) or given not in (None, "fraction"):
        return False
    if given == "fraction":
        return True
    plain = [float(cell.value) for cell in read if not cell.percent]
    return bool(plain) and max(plain) <= 1 and not any(cell.unit for cell in read)


def currency_issues(
    rows: RowWeights, given: str | None, label: str, row_word: str = "line"
) -> list[Issue]:
    """The amounts of money of a weight column: a note naming their currency; an error for
    a column mixing currencies, or read as shares of sales (``--weights percent``)."""
    if not rows.units:
        return []
    unit, text, line, column = rows.units[0]
    if len(rows.units) > 1:  # several currencies: no sum of the amounts means anything
        listed = "; ".join(
            f"{unit} ({quoted(text)}, {row_word} {line})" for unit, text, line, _ in rows.units
        )
        return [
            Issue(
                label,
                rows.units[1][2],
                rows.units[1][3],
                "mixed-currency",
                f"the weights are amounts in {len(rows.units)} currencies: {listed}; convert "
                "them to one currency",
            )
        ]
    if given in SHARE_SCALES:
        return [
            Issue(
                label,
                line,
                column,
                "weight-above-whole",
                f"the weights are amounts in {unit} ({quoted(text)}, …), but --weights {given} "
                "reads them as shares of the supplier's sales: give --weights volume, or "
                "leave out --weights",
            )
        ]
    return [
        Issue(
            label,
            line,
            column,
            "weight-unit",
            f"the weights are amounts in {unit} ({quoted(text)}, …): read as volumes (amounts "
            "of any unit), the currency left out",
            "info",
        )
    ]


def _shown_cells(rows: RowWeights, mask: np.ndarray, limit: int = 3) -> str:
    """The distinct cells of some rows as written, the first few, for a message."""
    looked_at = np.flatnonzero(mask)[:1000]  # enough to show a few, row by row
    texts = list(dict.fromkeys(rows.text(at) for at in looked_at.tolist()))
    more = len(texts) > limit or mask.sum() > len(looked_at)
    return ", ".join(texts[:limit]) + (", …" if more else "")


def fractions_and_percentages(
    rows: RowWeights,
    fraction: np.ndarray,
    percentage: np.ndarray,
    label: str,
    given: str | None,
    row_word: str,
) -> Issue:
    """One warning for a column whose weights below 1 are as many as its percentages."""
    first = int(np.flatnonzero(fraction)[0])
    value = float(rows.value[first])
    why = (
        "--weights percent reads them as percentages"
        if given
        else "the weights above 1 make the column one of percentages"
    )
    fix = (
        "give --weights fraction, with the other weights written as fractions or with a "
        "percent sign (18.8%)"
        if given
        else "write the other weights as fractions, or with a percent sign (18.8%)"
    )
    return Issue(
        label,
        int(rows.line[first]),
        rows.column(first),
        "fraction-among-percentages",
        f"{int(fraction.sum())} of the {len(rows.value)} weights are below 1 without a percent "
        f"sign ({_shown_cells(rows, fraction)}; {line_text(_lines(rows, fraction), row_word)}) "
        f"and {int(percentage.sum())} are percentages ({_shown_cells(rows, percentage)}): {why} "
        f"of the supplier's sales, so {quoted(rows.text(first))} was read as "
        f"{value:g} %; if these are fractions ({value:g} = {value * 100:g} %), {fix}",
        "warning",
    )


def all_below_one(rows: RowWeights, label: str, row_word: str) -> Issue:
    """The warning for ``--weights percent`` on weights that are all at most 1: as
    percentages each is below 1 % of sales (no firm could depend on one customer)."""
    first = int(np.argmax(~rows.percent))
    value = float(rows.value[first])
    return Issue(
        label,
        int(rows.line[first]),
        rows.column(first),
        "weights-at-most-one",
        f"every weight is at most 1 ({_shown_cells(rows, ~rows.percent)}), but --weights "
        "percent reads them as percentages of the supplier's sales: each is then below 1 % "
        f"of sales, and no firm depends on one customer; if they are fractions of sales "
        f"({quoted(rows.text(first))} = {value * 100:g} %), give --weights fraction",
        "warning",
    )


def percentages_among_fractions(
    rows: RowWeights, label: str, given: str | None, row_word: str
) -> list[Issue]:
    """One warning for a column of fractions with percentages in it (``18.8%`` among
    ``0.346``): each was read as the share it says, 18.8% as 0.188."""
    marked = rows.percent
    if not marked.any() or marked.all():
        return []
    few = marked if marked.sum() <= (~marked).sum() else ~marked
    first = int(np.flatnonzero(few)[0])
    percent_at = int(np.flatnonzero(marked)[0])
    why = "" if given else ", and the weights were read as fractions of the supplier's sales"
    kind = "with a percent sign" if few is marked else "without a percent sign"
    return [
        Issue(
            label,
            int(rows.line[first]),
            rows.column(first),
            "percentages-among-fractions",
            f"the weights are written two ways: {int((~marked).sum())} as fractions "
            f"({_shown_cells(rows, ~marked)}) and {int(marked.sum())} as percentages "
            f"({_shown_cells(rows, marked)}); each was read as the share of sales it says "
            f"({quoted(rows.text(percent_at))} as {float(rows.value[percent_at]):g}){why}. The "
            f"{int(few.sum())} {kind} are on {line_text(_lines(rows, few), row_word)}: write "
            "them as the others are, to be sure",
            "warning",
        )
    ]


def _lines(rows: RowWeights, mask: np.ndarray) -> list[int]:
    return sorted(set(rows.line[mask].tolist()))


def line_text(lines: list[int], row_word: str) -> str:
    """Lines for a message: the first five, then how many more."""
    shown = ", ".join(map(str, lines[:5])) + (
        f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    )
    return f"{row_word}{'s' if len(lines) != 1 else ''} {shown}"
