"""Tie weights as a person reads them: number formats, and what the weights are.

A weight cell may be written ``25``, ``0.25``, ``25%``, ``%25``, the Turkish way (``12,5``
and ``1.250``) or as an amount of money (``346.000 TL``, ``$1,250``). What the weights
*are* — percentages or fractions of the supplier's sales, volumes of any unit, or nothing
(``--weights``) — is given or guessed for the whole survey
(:func:`clustermap.shares.guess_basis`), and every reading that changes what a cell says
is reported with its line and column: a fraction among percentages, percentages among
fractions, a share above the whole, a supplier whose shares add up to more than all of its
sales, a guess that one such answer turned into volumes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from clustermap.errors import Issue, quoted
from clustermap.shares import ROUNDING, SHARE_SCALES, WITHIN, guess_basis
from clustermap.survey.notation import (
    all_below_one,
    currency_issues,
    fractions_and_percentages,
    line_text,
    percent_as_fraction,
    percentages_among_fractions,
    strip_marks,
)
from clustermap.survey.table import Number

__all__ = [
    "WeightBasis",
    "ambiguity_note",
    "decide_basis",
    "number_style",
    "parse_weight",
    "percent_as_fraction",
    "read_cell",
    "strip_marks",
]

# a comma that can only mark decimals, a dot that can only group thousands (Turkish style):
# "12,5", "0,250", "1250,5", "1.250,5", "1.250.000"
_COMMA_DECIMAL = re.compile(r"^[+-]?(?:\d+,(?:\d{1,2}|\d{4,})|0,\d+|\d{4,},\d+)$")
_DOT_GROUPS = re.compile(r"^[+-]?\d+(?:\.\d{3})+,\d+$|^[+-]?\d+(?:\.\d{3}){2,}$")
# the same the other way round (English style): "12.5", "0.250", "1,250.5", "1,250,000"
_POINT_DECIMAL = re.compile(r"^[+-]?(?:\d+\.(?:\d{1,2}|\d{4,})|0\.\d+|\d{4,}\.\d+)$")
_COMMA_GROUPS = re.compile(r"^[+-]?\d+(?:,\d{3})+\.\d+$|^[+-]?\d+(?:,\d{3}){2,}$")
# either: "1.250" or "1,250"
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
_TURKISH_NUMBER = re.compile(r"^[+-]?\d+,\d+$|^[+-]?\d+(?:\.\d{3})+(?:,\d+)?$")
_ENGLISH_GROUPED = re.compile(r"^[+-]?\d+(?:,\d{3})+(?:\.\d+)?$")

#: How a column writes its numbers (:func:`number_style`).
NUMBER_STYLES = ("comma", "point", "grouped")


def number_style(cells: list[str]) -> str:
    """How a column writes numbers: ``"comma"`` (Turkish: ``12,5``, ``1.250.000``),
    ``"point"`` (``12.5``, ``1,250,000``) or ``"grouped"`` (no decimals anywhere, and
    ``1.250`` or ``1,250``, which group thousands then).

    A cell whose separator can only be one of the two (``12,5``: a decimal comma;
    ``1.250.000``: dots grouping thousands) decides for the column; Turkish evidence wins
    over English. Numbers from a workbook's number cells
    (:class:`~clustermap.survey.table.Number`) say nothing about how people typed.

    >>> number_style(["1.250", "12,5"]), number_style(["1.250", "2.500.000"])
    ('comma', 'comma')
    >>> number_style(["0.25", "1.250"]), number_style(["1,250", "1,250,000"])
    ('point', 'point')
    >>> number_style(["1.250", "7.431"]), number_style(["1,250", "25"]), number_style(["25"])
    ('grouped', 'grouped', 'point')
    """
    numbers = {strip_marks(cell)[0] for cell in cells if not isinstance(cell, Number)}
    if any(_COMMA_DECIMAL.match(n) or _DOT_GROUPS.match(n) for n in numbers):
        return "comma"
    if any(_POINT_DECIMAL.match(n) or _COMMA_GROUPS.match(n) for n in numbers):
        return "point"
    return "grouped" if any(_AMBIGUOUS.match(n) for n in numbers) else "point"


def parse_weight(text: str, *, style: str = "point") -> float | str:
    """Return the weight in ``text`` as a float, or the reason it is not a usable weight.

    A ``%`` before or after the number is ignored (shares may be written as percentages,
    ``%25`` as Turkish Excel writes them), and so is a currency (``346.000 TL``, ``$1,250``:
    :func:`strip_marks`). ``style`` is the column's way of writing numbers
    (:func:`number_style`): with ``"comma"``, ``12,5`` means 12.5 and ``1.250,5`` means
    1250.5; with ``"point"``, ``1,250.5`` means 1250.5; with ``"grouped"``, ``1.250`` and
    ``1,250`` mean 1250.

    >>> parse_weight("12,5", style="comma"), parse_weight("%40")
    (12.5, 40.0)
    >>> parse_weight("1.250.000", style="comma"), parse_weight("1.250"), parse_weight("1,250,000")
    (1250000.0, 1.25, 1250000.0)
    >>> parse_weight("1.250", style="grouped"), parse_weight("-3")
    (1250.0, 'must be greater than zero')
    >>> parse_weight("346.000 TL", style="grouped"), parse_weight("$1,250", style="grouped")
    (346000.0, 1250.0)
    """
    if isinstance(text, Number):  # a workbook number cell: already a number
        return text.value if text.value > 0 else "must be greater than zero"
    cleaned = strip_marks(text)[0]
    if not cleaned:
        return "is empty"
    if style == "comma" and _TURKISH_NUMBER.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif style == "grouped" and _AMBIGUOUS.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", "")
    elif _ENGLISH_GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return "is not a number"
    if not math.isfinite(value):
        return "is not a finite number"
    if value <= 0:
        return "must be greater than zero"
    return value


@dataclass(frozen=True)
class Cell:
    """One distinct weight cell as read: its text, its value (or why it has none), whether
    its separator may have meant the other thing (``1.250``: decimals or thousands),
    whether it has a percent sign, and the currency it is written in (``None``: none)."""

    text: str
    value: float | str
    ambiguous: bool
    percent: bool
    unit: str | None = None


def read_cell(cell: object, style: str) -> Cell:
    """Read one weight cell (see :func:`parse_weight`).

    >>> read_cell("1.250", "point"), read_cell("%45", "point").percent
    (Cell(text='1.250', value=1.25, ambiguous=True, percent=False, unit=None), True)
    >>> read_cell("1,250", "grouped").ambiguous, read_cell("12,5", "comma").ambiguous
    (True, False)
    >>> read_cell("₺1.250", "grouped").unit, read_cell("1.250 TRY", "grouped").value
    ('TL', 1250.0)
    """
    number = isinstance(cell, Number)
    text = cell if isinstance(cell, Number) else str(cell)
    weight = parse_weight(text, style=style)
    figure, unit = (text, None) if number else strip_marks(text)
    # "1.250" among decimal points, or either mark where no weight has decimals: the mark
    # may have meant the other thing ("1,250" among "1,250,000" groups thousands for sure;
    # so does "346.000 TL": money has no third decimal)
    ambiguous = (
        not isinstance(weight, str)
        and not number
        and unit is None
        and (style == "grouped" or (style == "point" and "." in text))
        and bool(_AMBIGUOUS.match(figure))
    )
    percent = text.percent if isinstance(text, Number) else "%" in text
    return Cell(text, weight, ambiguous, percent, unit)


def ambiguity_note(text: str, value: float, style: str) -> str:
    """The warning for a cell whose separator may have meant the other thing.

    >>> ambiguity_note("1.250", 1.25, "point")
    "weight '1.250' was read as 1.25; if the dot separates thousands, write 1250"
    >>> ambiguity_note("1,250", 1250.0, "grouped")[-56:]
    'if the comma marks decimals, write four of them (1,2500)'
    """
    mark = "dot" if "." in text else "comma"
    if style == "grouped":
        decimals = f"{value / 1000:.4f}".replace(".", "." if mark == "dot" else ",")
        return (
            f"weight {quoted(text)} was read as {value:g}, as no weight of the column has "
            f"decimals; if the {mark} marks decimals, write four of them ({decimals})"
        )
    return (
        f"weight {quoted(text)} was read as {value:g}; if the {mark} separates thousands, "
        f"write {strip_marks(text)[0].replace('.', '').replace(',', '')}"
    )


@dataclass(frozen=True)
class WeightBasis:
    """What a survey's tie weights are read as (``summary.json`` → ``supply``).

    Attributes
    ----------
    basis : str
        ``"percent"`` or ``"fraction"`` of the supplier's total sales, ``"volume"`` (any
        amounts) or ``"unweighted"``.
    guessed : bool
        Whether it was guessed from the weights rather than given (``--weights``).
    reason : str
        Why: the option, or the evidence of the guess.
    """

    basis: str
    guessed: bool
    reason: str


@dataclass(frozen=True)
class RowWeights:
    """The weights of the kept rows of a survey (one entry per row, in file order)."""

    value: np.ndarray
    percent: np.ndarray
    line: np.ndarray
    #: the supplier of each row, as its rank among the firms (equal to the ties' ranks)
    supplier: np.ndarray
    #: the cell of a row as written, and its column, for messages
    text: Callable[[int], str]
    column: Callable[[int], str]
    #: whether the cells with a percent sign were read as fractions (:func:`percent_as_fraction`)
    converted: bool = False
    #: the currency of the column's amounts (``None``: no cell names one, or several do),
    #: and every currency it names with its first cell as written, line and column
    unit: str | None = None
    units: tuple[tuple[str, str, int, str], ...] = ()


@dataclass(frozen=True)
class TieWeights:
    """The merged ties: weight, and supplier and customer ranks; their names by rank."""

    weight: np.ndarray
    supplier: np.ndarray
    customer: np.ndarray
    name: Callable[[int], str]


def decide_basis(
    rows: RowWeights,
    ties: TieWeights,
    given: str | None,
    *,
    label: str,
    row_word: str = "line",
    has_weights: bool = True,
) -> tuple[WeightBasis, list[Issue]]:
    """Decide what the weights are, and report every reading that changes what a cell says.

    Parameters
    ----------
    rows, ties : RowWeights, TieWeights
        The survey's rows and merged ties.
    given : str or None
        ``--weights``, or ``None`` to guess (:func:`clustermap.shares.guess_basis`, on the
        supplier -> customer pairs as the network has them).
    label, row_word : str
        The file, and what its lines are called ("row" in a workbook).
    has_weights : bool
        Whether the survey has a weight column (read).

    Returns
    -------
    WeightBasis, list of Issue
        Errors: ``--weights fraction`` with a weight above 1 or written as a percentage,
        ``--weights percent`` with one above 100, a share basis without weights. Warnings:
        a fraction among percentages (``0.3`` beside ``45%``: 0.3 %), a supplier whose
        shares add up to more than all of its sales, and a guess of volumes that only such
        suppliers caused.
    """
    issues: list[Issue] = []
    if given == "unweighted":
        return WeightBasis("unweighted", False, "given (--weights unweighted)"), issues
    if not has_weights:
        if given in SHARE_SCALES:
            issues.append(
                Issue(
                    label,
                    None,
                    None,
                    "no-weights",
                    f"--weights {given} reads the weights as shares of sales, but the survey "
                    "has no weight column: leave out --weights, or add the shares",
                )
            )
        return WeightBasis(
            given or "unweighted", given is None, _given(given, "no weight column")
        ), issues
    pairs, pair_supplier = _pairs(ties)
    sales = np.bincount(pair_supplier, weights=pairs) if len(pairs) else np.zeros(0)
    issues += currency_issues(rows, given, label, row_word)
    if given is None and rows.unit is not None:  # amounts of money are no shares
        basis, reason = "volume", f"guessed: the weights are amounts in {rows.unit}"
    elif given is None:
        basis = guess_basis(pairs, sales)
        reason = _guess_reason(basis, pairs, sales)
    else:
        basis, reason = given, f"given (--weights {given})"
    refused = np.zeros(0, dtype=np.int64)  # suppliers with a cell refused: no more to say
    if given in SHARE_SCALES and rows.unit is None:
        wrong = _above_the_whole(rows, given)
        issues += [_refused(rows, at, given, label) for at in np.flatnonzero(wrong).tolist()]
        refused = np.unique(rows.supplier[wrong])
    elif given in SHARE_SCALES:
        refused = np.unique(rows.supplier)  # every weight refused at once
    whole = SHARE_SCALES.get(basis)
    if basis == "percent":
        issues += _fractions_among_percentages(rows, label, given, row_word)
    if basis == "fraction" and rows.converted:
        issues += percentages_among_fractions(rows, label, given, row_word)
    if basis == "volume":
        issues += _percentages_among_volumes(rows, label, given)
    over = np.flatnonzero(sales > whole * ROUNDING) if whole else np.zeros(0, dtype=int)
    over = np.setdiff1d(over, refused)
    if whole is not None:
        issues += [_overshoot(rows, ties, int(s), sales[s], basis, label, row_word) for s in over]
    elif given is None and basis == "volume" and rows.unit is None:
        issues += _shares_but_for(rows, ties, pairs, pair_supplier, sales, label, row_word)
    return WeightBasis(basis, given is None, reason), issues


def _given(given: str | None, why: str) -> str:
    return f"given (--weights {given})" if given else why


def _pairs(ties: TieWeights) -> tuple[np.ndarray, np.ndarray]:
    """The weight of each supplier -> customer pair (layers summed, as in the network) and
    its supplier; the ties come sorted by supplier and customer."""
    if not len(ties.weight):
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    new_pair = np.ones(len(ties.weight), dtype=bool)
    new_pair[1:] = (np.diff(ties.supplier) != 0) | (np.diff(ties.customer) != 0)
    starts = np.flatnonzero(new_pair)
    return np.add.reduceat(ties.weight, starts), ties.supplier[starts]


def _guess_reason(basis: str, pairs: np.ndarray, sales: np.ndarray) -> str:
    suppliers = sales[sales > 0]
    if basis == "unweighted":
        return "guessed: every tie has weight 1"
    if basis == "fraction":
        return "guessed: every weight is at most 1"
    if basis == "percent":
        within = int((suppliers <= 100 * ROUNDING).sum())
        return (
            f"guessed: every weight is at most 100 and the weights of {within} of "
            f"{len(suppliers)} suppliers add up to at most 100"
        )
    if len(pairs) and pairs.max() > 100:
        return f"guessed: a weight is above 100 ({pairs.max():g}), so no share of sales"
    within = int((suppliers <= 100 * ROUNDING).sum())
    return (
        f"guessed: the weights of only {within} of {len(suppliers)} suppliers add up to at "
        f"most 100, fewer than {WITHIN:.0%}, so they are no shares of sales"
    )


def _above_the_whole(rows: RowWeights, given: str) -> np.ndarray:
    """The cells that cannot be the given kind of share (a mask of the rows): above the
    whole (a percentage is read as the fraction it says with ``--weights fraction``)."""
    return rows.value > SHARE_SCALES[given]


def _refused(rows: RowWeights, at: int, given: str, label: str) -> Issue:
    """The error for a cell that cannot be the given kind of share."""
    whole = SHARE_SCALES[given]
    what = f"is above {whole:g}"
    if given == "fraction" and rows.percent[at]:  # "150%": read as 1.5
        what = "is more than all of the sales"
    fix = (
        "give --weights percent if the weights are percentages, or write it as a fraction"
        if given == "fraction"
        else "a share of sales is at most 100 %: correct it, or give --weights volume if the "
        "weights are amounts"
    )
    return Issue(
        label,
        int(rows.line[at]),
        rows.column(at),
        "weight-above-whole",
        f"weight {quoted(rows.text(at))} {what}, but --weights {given} reads the weights as "
        f"{'fractions' if given == 'fraction' else 'percentages'} of the supplier's sales (at "
        f"most {whole:g}): {fix}",
    )


def _fractions_among_percentages(
    rows: RowWeights, label: str, given: str | None, row_word: str
) -> list[Issue]:
    """Warnings: ``0.3`` in a column of percentages is 0.3 %, which a person may have meant
    as 30 %. One warning for each such cell where they are few; one for the column where
    they are as many as the percentages (then the column is in question, not a cell), or
    where every weight is at most 1 (``--weights percent`` on fractions)."""
    fraction = (rows.value < 1) & ~rows.percent
    percentage = rows.percent | (rows.value > 1)
    if fraction.any() and not percentage.any():
        return [all_below_one(rows, label, row_word)]
    if not (fraction.any() and percentage.any()):
        return []
    examples = ", ".join(rows.text(at) for at in np.flatnonzero(percentage)[:3].tolist())
    if fraction.sum() >= percentage.sum():
        return [fractions_and_percentages(rows, fraction, percentage, label, given, row_word)]
    issues = []
    for at in np.flatnonzero(fraction).tolist():
        value = float(rows.value[at])
        issues.append(
            Issue(
                label,
                int(rows.line[at]),
                rows.column(at),
                "fraction-among-percentages",
                f"weight {quoted(rows.text(at))} was read as {value:g} % of the supplier's "
                f"sales, as the column's other weights are percentages ({examples}, …): if it "
                f"means {value * 100:g} %, write {value * 100:g}",
                "warning",
            )
        )
    return issues


def _percentages_among_volumes(rows: RowWeights, label: str, given: str | None) -> list[Issue]:
    """Warnings: a cell with a percent sign in a column read as amounts is read as an amount
    (45% as 45), which a person may not have meant."""
    if not rows.percent.any():
        return []
    why = "--weights volume" if given else "the column's weights were read as volumes (amounts)"
    return [
        Issue(
            label,
            int(rows.line[at]),
            rows.column(at),
            "percentage-among-volumes",
            f"weight {quoted(rows.text(at))} is a percentage, but {why}: it was read as the "
            f"amount {float(rows.value[at]):g}; write the amount, or give every weight as a "
            "percentage of the supplier's sales",
            "warning",
        )
        for at in np.flatnonzero(rows.percent).tolist()
    ]


def _lines_of(rows: RowWeights, supplier: int) -> list[int]:
    return sorted(set(rows.line[rows.supplier == supplier].tolist()))


def _overshoot(
    rows: RowWeights,
    ties: TieWeights,
    supplier: int,
    total: float,
    basis: str,
    label: str,
    row_word: str,
) -> Issue:
    """A warning: a supplier whose shares add up to more than all of its sales."""
    lines = _lines_of(rows, supplier)
    first = int(np.flatnonzero(rows.supplier == supplier)[0])
    amount = f"{total:.4g} %" if basis == "percent" else f"{total:.4g} (more than 1)"
    return Issue(
        label,
        lines[0] if lines else None,
        rows.column(first),
        "shares-above-whole",
        f"the shares of the sales of {ties.name(supplier)!r} add up to {amount} "
        f"({line_text(lines, row_word)}): more than all of its sales; check these answers "
        "(one given twice?)",
        "warning",
    )


def _shares_but_for(
    rows: RowWeights,
    ties: TieWeights,
    pairs: np.ndarray,
    pair_supplier: np.ndarray,
    sales: np.ndarray,
    label: str,
    row_word: str,
) -> list[Issue]:
    """A warning when the weights would read as shares of sales but for a few suppliers
    whose shares add up to more than the whole: the guess of volumes is theirs."""
    for basis, whole in SHARE_SCALES.items():
        over = sales > whole * ROUNDING
        suppliers = int((sales > 0).sum())
        others = ~over[pair_supplier]
        if not over.any() or over.sum() * 2 >= suppliers or not others.any():
            continue
        if guess_basis(pairs[others], np.where(over, 0, sales)) != basis:
            continue
        named = np.flatnonzero(over)
        listed = "; ".join(
            f"{ties.name(int(s))!r}: {sales[s]:.4g}{' %' if basis == 'percent' else ''} on "
            f"{line_text(_lines_of(rows, int(s)), row_word)}"
            for s in named[:3].tolist()
        ) + (f"; and {len(named) - 3} more" if len(named) > 3 else "")
        first = int(np.flatnonzero(rows.supplier == named[0])[0])
        firms = f"{len(named)} supplier{'s' if len(named) != 1 else ''}"
        return [
            Issue(
                label,
                int(rows.line[first]),
                rows.column(first),
                "weight-basis",
                f"the weights look like {'percentages' if basis == 'percent' else 'fractions'} "
                f"of the supplier's sales, but the shares of {firms} add up to more than "
                f"{whole:g}{' %' if basis == 'percent' else ''} ({listed}), so the weights were "
                "read as volumes (amounts of any unit): dependence on one customer is then "
                "judged by shares of the sales within the cluster. If they are "
                f"{'percentages' if basis == 'percent' else 'fractions'}, correct those answers "
                f"or give --weights {basis}",
                "warning",
            )
        ]
    return []
