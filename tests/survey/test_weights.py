"""Weights are never changed silently: every reading that changes a cell is reported (#15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermap.api import AnalysisOptions, analyze
from clustermap.errors import SurveyError, UsageError
from clustermap.shares import guess_basis
from clustermap.survey import read_survey
from tests.conftest import found

Write = Callable[..., Path]


def survey_text(rows: list[tuple[str, str, str]], header: str = "supplier,customer,share") -> str:
    return header + "\n" + "".join(",".join(row) + "\n" for row in rows)


MIXED = [
    ("A", "B", "45%"),
    ("B", "C", "%45"),
    ("C", "D", "20"),
    ("D", "E", "0.3"),  # line 5
    ("E", "F", "0.5"),  # line 6
    ("A", "C", "30"),
]


def test_fractions_among_percentages_are_named(write: Write) -> None:
    survey = read_survey(write("s.csv", survey_text(MIXED)))
    assert survey.weights.basis == "percent"
    warnings = [issue for issue in survey.issues if issue.code == "fraction-among-percentages"]
    assert [(w.line, w.column, w.severity) for w in warnings] == [
        (5, "share", "warning"),
        (6, "share", "warning"),
    ]
    assert "weight '0.3' was read as 0.3 % of the supplier's sales" in warnings[0].message
    assert "if it means 30 %, write 30" in warnings[0].message
    assert survey.ties.set_index(["supplier", "customer"])["weight"][("D", "E")] == 0.3


def test_no_warning_for_a_column_of_fractions_or_of_percentages(write: Write) -> None:
    fractions = read_survey(write("f.csv", survey_text([("A", "B", "0.3"), ("A", "C", "0.5")])))
    percentages = read_survey(write("p.csv", survey_text([("A", "B", "30"), ("A", "C", "50%")])))
    assert (fractions.weights.basis, percentages.weights.basis) == ("fraction", "percent")
    for survey in (fractions, percentages):
        assert found(survey.issues) == []


def test_fraction_basis_with_weights_above_one_is_an_error(write: Write) -> None:
    rows = [("A", "B", "40"), ("B", "C", "0.3"), ("C", "D", "45%")]
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", survey_text(rows)), weights="fraction")
    errors = [issue for issue in caught.value.issues if issue.is_error]
    assert [(e.code, e.line, e.column) for e in errors] == [("weight-above-whole", 2, "share")]
    assert "weight '40' is above 1, but --weights fraction" in errors[0].message
    assert "--weights percent" in errors[0].message
    # a percentage says what it is: 45% is 0.45 of the sales, 150% more than all of them
    survey = read_survey(
        write("p.csv", survey_text([("A", "B", "0.3"), ("C", "D", "45%")])), weights="fraction"
    )
    assert survey.ties["weight"].tolist() == [0.3, 0.45]
    with pytest.raises(SurveyError) as caught:
        read_survey(write("q.csv", survey_text([("A", "B", "150%")])), weights="fraction")
    [error] = found(caught.value.issues)
    assert "weight '150%' is more than all of the sales" in error.message


def test_percent_basis_with_a_weight_above_100_is_an_error(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", survey_text([("A", "B", "133.6")])), weights="percent")
    [error] = found(caught.value.issues)
    assert (error.code, error.line) == ("weight-above-whole", 2)


# "A" answered twice and the two answers were summed: 133.6 %
REPEATED = [
    ("A", "B", "66.8"),
    ("A", "B", "66.8"),
    ("B", "C", "30"),
    ("B", "D", "20"),
    ("C", "D", "60"),
    ("D", "E", "55"),
    ("D", "F", "40"),
    ("E", "F", "70"),
]


def test_a_supplier_above_100_percent_turning_the_guess_is_explained(write: Write) -> None:
    survey = read_survey(write("s.csv", survey_text(REPEATED)))
    assert survey.weights.basis == "volume"
    assert survey.weights.reason == "guessed: a weight is above 100 (133.6), so no share of sales"
    [warning] = [issue for issue in survey.issues if issue.code == "weight-basis"]
    assert (warning.line, warning.column, warning.severity) == (2, "share", "warning")
    assert "the weights look like percentages of the supplier's sales" in warning.message
    assert "'A': 133.6 % on lines 2, 3" in warning.message
    assert "read as volumes" in warning.message
    assert "--weights percent" in warning.message


def test_a_supplier_above_100_percent_is_named_when_the_weights_are_percentages(
    write: Write,
) -> None:
    survey = read_survey(write("s.csv", survey_text(REPEATED)), weights="percent")
    assert (survey.weights.basis, survey.weights.guessed) == ("percent", False)
    [warning] = [issue for issue in survey.issues if issue.code == "shares-above-whole"]
    assert warning.line == 2
    assert "the shares of the sales of 'A' add up to 133.6 % (lines 2, 3)" in warning.message


def test_what_the_weights_are_changes_which_firms_depend_on_one_customer(write: Write) -> None:
    path = write("s.csv", survey_text(REPEATED))
    guessed = analyze(path, options=AnalysisOptions(nulls=0))
    stated = analyze(path, options=AnalysisOptions(nulls=0, weights="percent"))
    supply = guessed.summary["supply"]
    assert (supply["weight_basis"], supply["weight_basis_guessed"]) == ("volume", True)
    assert supply["weight_basis_reason"].startswith("guessed: a weight is above 100")
    assert stated.summary["supply"]["weight_basis_reason"] == "given (--weights percent)"
    # within the cluster B sells 60 % to C; of its total sales, 30 % — not above the threshold
    assert "B" in supply["dependent_firms"]
    assert "B" not in stated.summary["supply"]["dependent_firms"]


def test_wide_partner_without_a_share_column_is_an_error(write: Write) -> None:
    text = "respondent,supplier_1,supplier_1_share,customer_1\nA,B,30,C\nB,,,A\nD,,,\nE,,,\n"
    path = write("s.csv", text)
    with pytest.raises(SurveyError) as caught:
        read_survey(path)
    [error] = found(caught.value.issues)
    assert (error.code, error.line, error.column) == ("missing-share", 2, "customer_1")
    assert "its 2 ties (lines 2, 3) have no weight" in error.message
    # the way out it names: no weights at all; and every firm counted, isolates included
    survey = read_survey(path, weights="unweighted")
    assert survey.ties["weight"].tolist() == [1.0, 1.0]
    assert survey.firm_names == {"A", "B", "C", "D", "E"}


def test_unweighted_reads_no_weight_cells(write: Write) -> None:
    survey = read_survey(
        write("s.csv", survey_text([("A", "B", ""), ("B", "C", "x")])), weights="unweighted"
    )
    assert survey.ties["weight"].tolist() == [1.0, 1.0]
    assert survey.weights.reason == "given (--weights unweighted)"


def test_a_column_empty_on_every_line_is_one_error(write: Write) -> None:
    rows = [(f"F{i}", f"F{i + 1}", "") for i in range(30)]
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", survey_text(rows)))
    [error] = found(caught.value.issues)
    assert (error.code, error.line, error.column) == ("empty-column", 2, "share")
    assert "empty on every line (lines 2–31)" in error.message
    partly = [*rows[:2], ("X", "Y", "5")]
    with pytest.raises(SurveyError) as caught:
        read_survey(write("t.csv", survey_text(partly)))
    assert [(e.code, e.line) for e in found(caught.value.issues)] == [
        ("bad-weight", 2),
        ("bad-weight", 3),
    ]


def test_share_basis_without_weights_is_an_error(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", "supplier,customer\nA,B\n"), weights="fraction")
    assert [e.code for e in found(caught.value.issues)] == ["no-weights"]
    with pytest.raises(UsageError, match=r"^weights: must be one of"):
        read_survey(write("t.csv", "supplier,customer\nA,B\n"), weights="share")


def test_the_basis_is_guessed_on_the_layer_analysed(write: Write) -> None:
    text = "supplier,customer,share,relation\nA,B,60,supply\nA,B,5000,service\nA,C,30,supply\n"
    assert read_survey(write("s.csv", text)).weights.basis == "volume"
    assert read_survey(write("t.csv", text), relation="supply").weights.basis == "percent"


def test_guess_rule_known_answers() -> None:
    """The rule's thresholds: 90 % of suppliers within 101 (rounding), every weight <= 100."""
    nine_of_ten = np.array([100.0] * 9 + [120.0])
    assert guess_basis(np.full(10, 50.0), nine_of_ten) == "percent"
    assert guess_basis(np.full(10, 50.0), np.array([100.0] * 8 + [120.0] * 2)) == "volume"
    assert guess_basis(np.array([50.0, 101.0]), np.array([60.0])) == "volume"
    # weights all at most 1 are fractions, whatever their sums: shares below 1 % each are
    # no survey's answers
    assert guess_basis(np.array([0.5]), np.array([1.01])) == "fraction"
    assert guess_basis(np.array([0.6, 0.55]), np.array([1.15])) == "fraction"
    assert guess_basis(np.array([0.6, 1.5]), np.array([2.1])) == "percent"
    assert guess_basis(np.zeros(0), np.zeros(0)) == "volume"


def test_sums_within_one_percent_of_the_whole_are_rounding() -> None:
    """A supplier's percentages adding up to 100.5 are rounding (ROUNDING, 1.01); to 101.5,
    an overshoot that no share basis explains."""
    assert guess_basis(np.array([60.0, 40.5]), np.array([100.5])) == "percent"
    assert guess_basis(np.array([60.0, 41.5]), np.array([101.5])) == "volume"
    assert guess_basis(np.array([0.6, 0.405]), np.array([1.005])) == "fraction"


@pytest.mark.parametrize(
    ("cells", "values"),
    [
        (["1,250", "12,500", "250,000", "1,250,000"], [1250.0, 12500.0, 250000.0, 1250000.0]),
        (["1.250", "12.500", "7.431"], [1250.0, 12500.0, 7431.0]),  # no decimals anywhere
        (["1.250", "0.5"], [1.25, 0.5]),  # decimal points: 1.250 is 1.25, with a warning
        (["1.250", "12,5"], [1250.0, 12.5]),  # a decimal comma: dots group thousands
        (["1627.237.000", "12,5"], [1627237000.0, 12.5]),
    ],
)
def test_number_formats_are_decided_for_the_column(
    write: Write, cells: list[str], values: list[float]
) -> None:
    rows = "".join(f'F{i},G{i},"{cell}"\n' for i, cell in enumerate(cells))
    survey = read_survey(write("s.csv", "supplier,customer,amount\n" + rows), weights="volume")
    assert sorted(survey.ties["weight"].tolist()) == sorted(values)


def test_a_thousands_reading_without_decimals_is_a_warning(write: Write) -> None:
    survey = read_survey(write("s.csv", 'supplier,customer,amount\nA,B,"1,250"\nB,C,25\n'))
    [warning] = [issue for issue in survey.issues if issue.code == "ambiguous-weight"]
    assert "read as 1250, as no weight of the column has decimals" in warning.message


def test_a_column_of_fractions_overshooting_is_fractions(write: Write) -> None:
    rows = [("A", "B", "0,6"), ("A", "C", "0,55"), ("B", "C", "0,8"), ("C", "D", "0,7")]
    text = "Tedarikçi;Müşteri;Satış Payı\n" + "".join(";".join(r) + "\n" for r in rows)
    survey = read_survey(write("s.csv", text))
    assert survey.weights.basis == "fraction"
    [warning] = [issue for issue in survey.issues if issue.code == "shares-above-whole"]
    assert "'A' add up to 1.15 (more than 1) (lines 2, 3)" in warning.message


def test_a_percentage_among_amounts_is_named(write: Write) -> None:
    survey = read_survey(write("s.csv", survey_text([("A", "B", "1.250.000"), ("B", "C", "45%")])))
    assert survey.weights.basis == "volume"
    [warning] = [issue for issue in survey.issues if issue.code == "percentage-among-volumes"]
    assert (warning.line, warning.severity) == (3, "warning")
    assert "it was read as the amount 45" in warning.message


def test_excel_percent_formatted_cells_are_read_as_shown(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tedarikçi", "Müşteri", "Satış Payı"])
    sheet.append(["A", "B", 0.3])
    sheet["C2"].number_format = "0%"
    sheet.append(["B", "C", 25])
    book.save(tmp_path / "s.xlsx")
    survey = read_survey(tmp_path / "s.xlsx")
    assert survey.ties["weight"].tolist() == [30.0, 25.0]
    assert survey.weights.basis == "percent"
    assert found(survey.issues) == []


# A column of fractions with a few percentages (audit D3), percentages of fractions (D4),
# amounts of money (D10): files of each shape, generated here.


def fractions(count: int, *, percent_at: frozenset[int] = frozenset()) -> list[tuple[str, ...]]:
    """A survey of ``count`` ties, every supplier selling 0.346 and 0.148 of its sales to
    two customers; the rows of ``percent_at`` written as percentages (34.6%, or %14.8 as
    Turkish Excel writes them)."""
    rows = []
    for i in range(count):
        share = (0.346, 0.148)[i % 2]
        percent = f"{share * 100:g}%" if i % 4 else f"%{share * 100:g}"
        cell = percent if i in percent_at else f"{share:g}"
        rows.append((f"F{i // 2}", f"G{i // 2 + i % 2}", cell))
    return rows


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(4, 60),
    data=st.data(),
)
def test_percentages_among_fractions_are_read_as_the_shares_they_say(
    count: int, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Whatever how many cells are percentages (but not all), each is read as the share it
    says (34.6% = 0.346): the same ties as the file written in fractions, one warning."""
    marked = data.draw(
        st.frozensets(st.integers(0, count - 1), min_size=1, max_size=count - 1), label="marked"
    )
    folder = tmp_path_factory.mktemp("w")
    plain = read_survey(_written(folder / "plain.csv", fractions(count)))
    mixed = read_survey(_written(folder / "mixed.csv", fractions(count, percent_at=marked)))
    assert plain.weights.basis == mixed.weights.basis == "fraction"
    assert mixed.ties["weight"].tolist() == pytest.approx(plain.ties["weight"].tolist())
    [warning] = found(mixed.issues)
    assert (warning.code, warning.severity) == ("percentages-among-fractions", "warning")
    few = marked if len(marked) <= count - len(marked) else set(range(count)) - marked
    assert warning.line == min(few) + 2
    assert f"{count - len(marked)} as fractions" in warning.message
    assert f"{len(marked)} as percentages" in warning.message
    assert "the column's other weights are percentages" not in warning.message


def _written(path: Path, rows: list[tuple[str, ...]]) -> Path:
    path.write_text(survey_text(rows), encoding="utf-8")
    return path


def test_a_few_percentages_in_300_fractions_keep_the_fractions(write: Write) -> None:
    rows = fractions(303, percent_at=frozenset({5, 50, 150}))
    survey = read_survey(write("s.csv", survey_text(rows)))
    assert survey.weights.basis == "fraction"
    assert survey.weights.reason == "guessed: every weight is at most 1"
    [warning] = found(survey.issues)
    assert "300 as fractions" in warning.message
    assert "3 as percentages" in warning.message
    assert "('14.8%' as 0.148)" in warning.message
    assert "The 3 with a percent sign are on lines 7, 52, 152" in warning.message
    analysis = analyze(write("t.csv", survey_text(rows)), options=AnalysisOptions(nulls=0))
    plain = analyze(write("p.csv", survey_text(fractions(303))), options=AnalysisOptions(nulls=0))
    assert (
        analysis.summary["supply"]["dependent_firms"] == plain.summary["supply"]["dependent_firms"]
    )


def test_the_percentages_of_a_column_with_shares_above_one_stay_percentages(write: Write) -> None:
    """A weight above 1 without a sign is a percentage: so is every weight then (0.3 is
    0.3 %, as before), and a fraction among many percentages is named on its line."""
    rows = [("A", "B", "34.6"), ("A", "C", "18.8%"), ("B", "C", "0.3")]
    survey = read_survey(write("s.csv", survey_text(rows)))
    assert survey.weights.basis == "percent"
    assert survey.ties["weight"].tolist() == [34.6, 18.8, 0.3]
    assert [w.code for w in found(survey.issues)] == ["fraction-among-percentages"]


def test_percent_basis_on_fractions_is_a_warning(write: Write) -> None:
    rows = fractions(20)
    survey = read_survey(write("s.csv", survey_text(rows)), weights="percent")
    [warning] = found(survey.issues)
    assert (warning.code, warning.line, warning.severity) == ("weights-at-most-one", 2, "warning")
    assert "every weight is at most 1 (0.346, 0.148)" in warning.message
    assert "give --weights fraction" in warning.message
    # written with percent signs, they are small percentages indeed: nothing to say
    small = [(s, c, f"{w}%") for s, c, w in rows]
    assert found(read_survey(write("t.csv", survey_text(small)), weights="percent").issues) == []


def test_percent_basis_on_mostly_fractions_is_one_warning(write: Write) -> None:
    rows = fractions(300, percent_at=frozenset({7, 9}))
    survey = read_survey(write("s.csv", survey_text(rows)), weights="percent")
    [warning] = found(survey.issues)
    assert warning.code == "fraction-among-percentages"
    assert "298 of the 300 weights are below 1 without a percent sign" in warning.message
    assert "--weights percent reads them as percentages" in warning.message
    assert "give --weights fraction" in warning.message
    fraction = read_survey(write("t.csv", survey_text(rows)), weights="fraction")
    assert fraction.ties["weight"].max() < 1


def tabbed(rows: list[tuple[str, ...]], header: str = "Tedarikçi\tMüşteri\tTutar") -> str:
    return header + "\n" + "".join("\t".join(row) + "\n" for row in rows)


@pytest.mark.parametrize(
    ("cells", "unit", "values"),
    [
        (["346.000 TL", "148.000 TL", "1.250.000 TL"], "TL", [346000, 148000, 1250000]),
        (["₺1.250", "₺900", "₺12.500"], "TL", [1250, 900, 12500]),
        (["1,250 TRY", "900 TRY", "12,500 TRY"], "TL", [1250, 900, 12500]),
        (["$1,250", "$900", "$12,500.50"], "USD", [1250, 900, 12500.5]),
        (["€ 900", "€ 1.250,50", "€ 75"], "EUR", [900, 1250.5, 75]),
        (["USD 100", "USD 250", "usd 75"], "USD", [100, 250, 75]),
        (["346.000 TL", "12.500 YTL", "₺900"], "TL", [346000, 12500, 900]),  # one currency
        (["5 TL", "20 TL", "40 TL"], "TL", [5, 20, 40]),  # small amounts: still no shares
    ],
)
def test_amounts_of_money_are_volumes(
    write: Write, cells: list[str], unit: str, values: list[float]
) -> None:
    rows = [(f"F{i}", f"G{i}", cell) for i, cell in enumerate(cells)]
    survey = read_survey(write("s.tsv", tabbed(rows)))
    assert survey.weights.basis == "volume"
    assert survey.weights.reason == f"guessed: the weights are amounts in {unit}"
    assert sorted(survey.ties["weight"].tolist()) == sorted(map(float, values))
    [note] = found(survey.issues)  # one note, no warning that a separator is ambiguous
    assert (note.code, note.severity, note.line) == ("weight-unit", "info", 2)
    assert f"the weights are amounts in {unit} ({cells[0]!r}, …): read as volumes" in note.message


def test_amounts_in_two_currencies_are_one_error(write: Write) -> None:
    rows = [(f"F{i}", f"G{i}", cell) for i, cell in enumerate(["346.000 TL"] * 40 + ["$1,250"])]
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.tsv", tabbed(rows)))
    [error] = found(caught.value.issues)
    assert (error.code, error.line) == ("mixed-currency", 42)
    assert "amounts in 2 currencies: TL ('346.000 TL', line 2); USD ('$1,250', line 42)" in (
        error.message
    )


def test_amounts_of_money_are_no_shares_of_sales(write: Write) -> None:
    rows = [(f"F{i}", f"G{i}", f"{10 * (i + 1)} TL") for i in range(30)]
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.tsv", tabbed(rows)), weights="percent")
    [error] = found(caught.value.issues)
    assert error.code == "weight-above-whole"
    assert "the weights are amounts in TL ('10 TL', …), but --weights percent" in error.message
    given = read_survey(write("t.tsv", tabbed(rows)), weights="volume")
    assert [n.code for n in found(given.issues)] == ["weight-unit"]
