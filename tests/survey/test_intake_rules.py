"""The intake's rules at their edges: what is a weight, a self-tie, a name too long, and
when weights all at most 1 are fractions (README, "The survey files")."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from clustermap import SurveyError, read_survey
from clustermap.shares import guess_basis


def codes(error: pytest.ExceptionInfo[SurveyError]) -> list[tuple[str, int | None]]:
    return [(issue.code, issue.line) for issue in error.value.issues if issue.is_error]


def test_weights_of_at_most_one_with_one_exactly_are_fractions() -> None:
    """A supplier selling everything to one customer writes 1 among its fractions."""
    assert guess_basis(np.array([1.0, 0.5, 0.3]), np.array([1.0, 0.8])) == "fraction"
    assert guess_basis(np.array([1.5, 0.5, 0.3]), np.array([1.5, 0.8])) != "fraction"


def test_a_weight_of_zero_is_refused(tmp_path: Path) -> None:
    """A weight must be positive: a tie that weighs nothing is no tie."""
    survey = tmp_path / "s.csv"
    survey.write_text("supplier,customer,weight\nA,B,10\nB,C,0\n", encoding="utf-8")
    with pytest.raises(SurveyError) as error:
        read_survey(survey)
    assert codes(error) == [("bad-weight", 3)]


def test_a_workbook_weight_of_zero_is_refused(tmp_path: Path) -> None:
    """The same rule for a workbook's number cells, read as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["supplier", "customer", "weight"], ["A", "B", 10], ["B", "C", 0]):
        sheet.append(row)
    survey = tmp_path / "s.xlsx"
    book.save(survey)
    with pytest.raises(SurveyError) as error:
        read_survey(survey)
    assert codes(error) == [("bad-weight", 3)]


def test_a_self_tie_is_found_on_the_firm_not_the_spelling(tmp_path: Path) -> None:
    """Two spellings of one firm (case, legal form) on both sides of a row: a self-tie."""
    survey = tmp_path / "s.csv"
    survey.write_text(
        "supplier,customer\nIşık Kablaj A.Ş.,IŞIK KABLAJ\nIşık Kablaj A.Ş.,Ünal Makina\n",
        encoding="utf-8",
    )
    read = read_survey(survey)
    assert [(issue.code, issue.line) for issue in read.issues if issue.code == "self-tie"] == [
        ("self-tie", 2)
    ]
    assert len(read.ties) == 1


@pytest.mark.parametrize(("letters", "refused"), [(500, False), (501, True)])
def test_a_name_of_500_characters_is_the_longest_allowed(
    tmp_path: Path, letters: int, refused: bool
) -> None:
    name = ("Anadolu Savunma Sanayi " * 30)[:letters].strip().ljust(letters, "x")
    assert len(name) == letters
    survey, firms = tmp_path / "s.csv", tmp_path / "f.csv"
    survey.write_text(f"supplier,customer\n{name},B\n", encoding="utf-8")
    firms.write_text(f"firm,sector\n{name},Metal\nB,Metal\n", encoding="utf-8")
    for files in ((survey,), (survey, firms)):
        if refused:
            with pytest.raises(SurveyError) as error:
                read_survey(*files)
            assert ("name-too-long", 2) in codes(error)
        else:
            assert name in read_survey(*files).firm_names
