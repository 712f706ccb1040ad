"""Survey intake: header aliases, value rules, duplicates, firms file, every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from clustermap.errors import SurveyError
from clustermap.survey import read_survey
from tests.conftest import found

Write = Callable[..., Path]


@pytest.mark.parametrize(
    "header",
    [
        "supplier,customer,weight,relation",
        "Source,Target,Weight,Type",
        "FROM , TO , share , layer",
        "Tedarikçi,Müşteri,Ağırlık,İlişki",
        "TEDARİKÇİ,MÜŞTERİ,PAY,İLİŞKİ TÜRÜ",
        "satıcı,alıcı,pay,tür",
        "satici,alici,agirlik,iliski",
    ],
)
def test_header_aliases_in_english_and_turkish(write: Write, header: str) -> None:
    survey = read_survey(write("t.csv", f"{header}\nA,B,2,supply\n"))
    assert survey.ties.to_dict("records") == [
        {
            "supplier": "A",
            "customer": "B",
            "relation": "supply",
            "weight": 2.0,
            "rows": 1,
            "reported_by": "",
        }
    ]


def test_missing_weight_column_means_weight_one(write: Write) -> None:
    survey = read_survey(write("t.csv", "supplier,customer\nA,B\nB,C\n"))
    assert survey.ties["weight"].tolist() == [1.0, 1.0]
    assert survey.ties["relation"].tolist() == ["supply", "supply"]


def test_unknown_columns_are_ignored(write: Write) -> None:
    survey = read_survey(write("t.csv", "interviewer,supplier,customer,notes\nAy,A,B,x\n"))
    assert survey.ties[["supplier", "customer"]].values.tolist() == [["A", "B"]]


def test_missing_customer_column_names_the_accepted_headers(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("t.csv", "supplier,notes\nA,B\n"))
    [issue] = found(caught.value.issues)
    assert (issue.line, issue.code) == (1, "missing-column")
    assert "no customer column" in issue.message
    assert "müşteri" in issue.message
    assert "'notes'" in issue.message


def test_two_supplier_columns_are_ambiguous(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("t.csv", "supplier,tedarikçi,customer\nA,A,B\n"))
    assert [issue.code for issue in found(caught.value.issues)] == ["ambiguous-column"]


def test_duplicates_are_merged_with_summed_weights_and_a_warning(write: Write) -> None:
    path = write("t.csv", "supplier,customer,weight\nA,B,10\nC,D,1\nA,B,15\n A ,B,5\n")
    survey = read_survey(path)
    assert survey.ties.to_dict("records")[0] == {
        "supplier": "A",
        "customer": "B",
        "relation": "supply",
        "weight": 30.0,
        "rows": 3,
        "reported_by": "",
    }
    [issue] = found(survey.issues)
    assert (issue.code, issue.severity, issue.line) == ("duplicate-tie", "warning", 2)
    assert "listed 3 times" in issue.message
    assert "summed to 30" in issue.message


def test_same_pair_in_two_relation_layers_is_not_a_duplicate(write: Write) -> None:
    survey = read_survey(write("t.csv", "supplier,customer,relation\nA,B,supply\nA,B,hizmet\n"))
    assert survey.ties["relation"].tolist() == ["service", "supply"]
    assert found(survey.issues) == []


def test_self_tie_is_dropped_with_a_warning(write: Write) -> None:
    survey = read_survey(write("t.csv", "supplier,customer\nA,A\nA,B\n"))
    assert len(survey.ties) == 1
    [issue] = found(survey.issues)
    assert (issue.code, issue.line, issue.severity) == ("self-tie", 2, "warning")


@pytest.mark.parametrize(
    ("weight", "reason"),
    [
        ("-5", "must be greater than zero"),
        ("0", "must be greater than zero"),
        ("abc", "is not a number"),
        ("", "is empty"),
        ("inf", "is not a finite number"),
    ],
)
def test_bad_weights_are_errors_naming_line_and_column(
    write: Write, weight: str, reason: str
) -> None:
    path = write("ties.csv", f"Tedarikçi,Müşteri,Pay\nA,B,1\nC,D,{weight}\n")
    with pytest.raises(SurveyError) as caught:
        read_survey(path)
    [issue] = found(caught.value.issues)
    assert (issue.line, issue.column, issue.code) == (3, "Pay", "bad-weight")
    assert str(issue).startswith(
        f"{path}, line 3, column 'Pay': error: weight '{weight}' {reason}: give a positive number"
    )


def test_decimal_commas_in_semicolon_files(write: Write) -> None:
    survey = read_survey(write("t.csv", "supplier;customer;weight\nA;B;12,5\nB;C;40%\n"))
    assert survey.ties["weight"].tolist() == [12.5, 40.0]


def test_every_problem_is_reported_together(write: Write) -> None:
    path = write("t.csv", "supplier,customer,weight\n,B,1\nA,,x\nA,B,-1\nA,A,1\nC,D,2\n")
    with pytest.raises(SurveyError) as caught:
        read_survey(path)
    reported = [(issue.line, issue.code) for issue in found(caught.value.issues)]
    assert reported == [
        (2, "empty-name"),
        (3, "empty-name"),
        (3, "bad-weight"),
        (4, "bad-weight"),
        (5, "self-tie"),
    ]
    assert "(and 3 more errors)" in str(caught.value)


def test_no_ties_is_an_error(write: Write) -> None:
    with pytest.raises(SurveyError, match="no usable ties"):
        read_survey(write("t.csv", "supplier,customer\n"))


def test_names_are_unicode_normalised(write: Write) -> None:
    decomposed = "I\u0307şık"  # İ written as I + combining dot, as some Mac exports do
    survey = read_survey(write("t.csv", f"supplier,customer\n{decomposed},B\nİşık,C\n"))
    assert survey.ties["supplier"].tolist() == ["İşık", "İşık"]


def test_firms_file_adds_isolates_and_attributes(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    firms = write(
        "f.csv",
        "Firma Adı;Sektör;Aktör sınıfı;Bölge;Çalışan sayısı;kuruluş yılı\n"
        "A;Kablaj;çekirdek firma;OSTİM;45;1998\n"
        "Z;Kompozit;yan sanayi;Sincan;12;2005\n",
        "cp1254",
    )
    survey = read_survey(ties, firms)
    assert survey.firms.loc["Z"].to_dict() == {
        "sector": "Kompozit",
        "actor_class": "supporting_firm",
        "region": "Sincan",
        "employees": "12",
        "kuruluş yılı": "2005",
    }
    assert [source.encoding for source in survey.sources] == ["utf-8", "cp1254"]


def test_firms_file_with_only_names_adds_isolates(write: Write) -> None:
    survey = read_survey(write("t.csv", "supplier,customer\n"), write("f.csv", "firm\nA\nB\n"))
    assert survey.firms.index.tolist() == ["A", "B"]
    assert survey.ties.empty


def test_firms_file_problems(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    firms = write(
        "f.csv",
        "firm,actor_class,employees\nA,bakery,ten\nB,core,5\nB,core,5\n"
        "C,core,1\nC,prime,1\n,core,1\n",
    )
    with pytest.raises(SurveyError) as caught:
        read_survey(ties, firms)
    reported = [
        (issue.line, issue.code, issue.severity)
        for issue in found(caught.value.issues)
        if issue.code != "firms-mismatch"
    ]
    assert reported == [
        (6, "conflicting-firm", "error"),
        (7, "empty-name", "error"),
        (2, "unknown-actor-class", "warning"),
        (2, "bad-employees", "warning"),
        (4, "duplicate-firm", "warning"),
    ]


def test_firms_file_without_firm_column(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    with pytest.raises(SurveyError, match="no firm column"):
        read_survey(ties, write("f.csv", "sector,region\nx,y\n"))


def test_errors_of_both_files_are_reported_together(write: Write) -> None:
    ties = write("t.csv", "supplier,customer,weight\nA,B,zero\n")
    firms = write("f.csv", "sector\nx\n")
    with pytest.raises(SurveyError) as caught:
        read_survey(ties, firms)
    assert sorted(issue.code for issue in found(caught.value.issues)) == [
        "bad-weight",
        "missing-column",
    ]


def test_relation_filter(write: Write) -> None:
    path = write("t.csv", "supplier,customer,relation\nA,B,supply\nA,C,teknik destek\n")
    assert read_survey(path, relation="knowledge").ties["customer"].tolist() == ["C"]
    assert read_survey(path, relation="bilgi").relation == "knowledge"
    with pytest.raises(SurveyError, match="the survey has knowledge, supply"):
        read_survey(path, relation="collaboration")


def test_row_order_does_not_matter(write: Write) -> None:
    rows = ["A,B,1", "B,C,2", "C,A,3", "A,B,4", "D,A,1"]
    first = read_survey(write("a.csv", "supplier,customer,weight\n" + "\n".join(rows)))
    second = read_survey(write("b.csv", "supplier,customer,weight\n" + "\n".join(rows[::-1])))
    assert first.ties.equals(second.ties)


def test_turkish_thousands_separators_in_decimal_comma_files(write: Write) -> None:
    text = "Tedarikçi;Müşteri;Tutar\r\nA;B;1.250\r\nB;C;950,5\r\nC;D;2.500.000\r\nD;E;%25\r\n"
    survey = read_survey(write("t.csv", text, "cp1254"))
    assert survey.ties["weight"].tolist() == [1250.0, 950.5, 2500000.0, 25.0]
    # a percentage among amounts is read as an amount, and said so
    assert [(i.code, i.line) for i in found(survey.issues)] == [("percentage-among-volumes", 5)]


def test_a_dot_that_may_group_thousands_is_flagged(write: Write) -> None:
    survey = read_survey(write("t.csv", "supplier;customer;amount\nA;B;1.250\nB;C;0.250\n"))
    assert survey.ties["weight"].tolist() == [1.25, 0.25]
    [issue] = [issue for issue in found(survey.issues) if issue.code == "ambiguous-weight"]
    assert (issue.line, issue.severity) == (2, "warning")
    assert "write 1250" in issue.message


def test_mixed_encodings_are_refused_naming_the_line(write: Write, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "supplier,customer\nÖztürk Kablaj,Işık Savunma\n".encode()
        + "Işık Savunma,Çelik A.Ş.\n".encode("cp1254")
    )
    with pytest.raises(SurveyError) as caught:
        read_survey(path)
    [issue] = found(caught.value.issues)
    assert (issue.code, issue.line) == ("mixed-encoding", 3)
    assert "line 2 is" in issue.message


def test_empty_trailing_columns_from_excel_are_ignored(write: Write) -> None:
    survey = read_survey(write("t.csv", "Tedarikçi;Müşteri;Pay;;\r\nA;B;5;;\r\n"))
    assert survey.ties["weight"].tolist() == [5.0]
    assert found(survey.issues) == []


def test_excel_separator_line_is_honoured(write: Write) -> None:
    survey = read_survey(write("t.csv", "sep=;\r\nsupplier;customer\r\nA, Inc.;B\r\nB;C\r\n"))
    assert survey.ties["supplier"].tolist() == ["A, Inc.", "B"]


def test_repeated_headers(write: Write) -> None:
    survey = read_survey(write("t.csv", "supplier,customer,note,note\nA,B,x,y\n"))
    assert [issue.code for issue in found(survey.issues)] == ["duplicate-header"]
    with pytest.raises(SurveyError) as caught:
        read_survey(write("u.csv", "supplier,supplier,customer\nA,A,B\n"))
    assert [issue.code for issue in found(caught.value.issues) if issue.is_error] == [
        "ambiguous-column"
    ]


def test_misaligned_rows_do_not_hide_other_errors(write: Write) -> None:
    path = write("t.csv", "supplier,customer,weight\nDemir, Celik Ltd,Alpha,\nA,B,-1\nC,,2\n")
    with pytest.raises(SurveyError) as caught:
        read_survey(path)
    reported = [(issue.line, issue.code) for issue in found(caught.value.issues)]
    assert reported == [(2, "extra-cells"), (3, "bad-weight"), (4, "empty-name")]


def test_unknown_relation_layer_is_kept_with_a_warning(write: Write) -> None:
    survey = read_survey(write("t.csv", "supplier,customer,relation\nA,B,suply\nB,C,supply\n"))
    assert survey.relations == ["suply", "supply"]
    [issue] = found(survey.issues)
    assert (issue.code, issue.line) == ("unknown-relation-layer", 2)


def test_firms_missing_from_either_file_are_reported(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nIşık Kablaj Ltd. Şti.,Beta\n")
    firms = write("f.csv", "firm\nIsik Kablaj\nBeta\n")
    issues = found(read_survey(ties, firms).issues)
    mismatches = sorted(
        (i.message for i in issues if i.code == "firms-mismatch"),
        key=lambda message: "named" not in message,
    )
    missing, unused = mismatches
    assert missing.startswith("1 firm is named in the ties but missing from the firms file")
    assert missing.endswith(": 'Işık Kablaj Ltd. Şti.'")
    assert unused.startswith("1 firm is in the firms file but in no tie")
    assert unused.endswith(": 'Isik Kablaj'")
    [suggestion] = [i for i in issues if i.severity == "suggestion"]
    assert suggestion.code == "likely-duplicate"


def test_spellings_of_one_firm_in_both_files_are_one_firm(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nIşık Kablaj Ltd. Şti.,Beta\nIŞIK KABLAJ,Beta\n")
    firms = write("f.csv", "firm,sector\nışık kablaj a.ş.,Kablaj\nBeta,Metal\n")
    survey = read_survey(ties, firms)
    assert survey.firms.index.tolist() == ["Beta", "ışık kablaj a.ş."]  # firms file spelling
    assert survey.ties["supplier"].tolist() == ["ışık kablaj a.ş."]
    assert survey.ties["rows"].tolist() == [2]
    assert [issue.code for issue in found(survey.issues)] == ["name-variants", "duplicate-tie"]
