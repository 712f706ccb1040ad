"""The three survey layouts give the same network; respondents are recorded on the ties."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from clustermap.errors import SurveyError
from clustermap.survey import read_survey
from clustermap.survey.quality import quality_facts
from tests.conftest import found

Write = Callable[..., Path]

# The same three interviews in the three layouts: Anka buys from Bora and sells to Ceyhan;
# Bora sells to Anka (confirming the Bora -> Anka tie) and to Derin; Ceyhan buys from Anka.
LONG = """tedarikçi,müşteri,pay,görüşülen firma
Bora,Anka,40,Anka
Anka,Ceyhan,60,Anka
Bora,Anka,20,Bora
Bora,Derin,80,Bora
Anka,Ceyhan,50,Ceyhan
"""
RESPONDENT = """Görüşülen Firma;Ortak Firma;Yön;Pay
Anka;Bora;tedarikçi;40
Anka;Ceyhan;müşteri;60
Bora;Anka;M;20
Bora;Derin;M;80
Ceyhan;Anka;T;50
"""
WIDE = (
    (
        "respondent,supplier_1,supplier_1_share,supplier_2,supplier_2_share,"
        "customer_1,customer_1_share,customer_2,customer_2_share\n"
    )
    + """Anka,Bora,40,,,Ceyhan,60,,
Bora,,,,,Anka,20,Derin,80
Ceyhan,Anka,50,,,,,,
"""
)
EXPECTED = [
    ("Anka", "Ceyhan", 55.0, "Anka;Ceyhan"),
    ("Bora", "Anka", 30.0, "Anka;Bora"),
    ("Bora", "Derin", 80.0, "Bora"),
]


@pytest.mark.parametrize(
    ("text", "layout"), [(LONG, "long"), (RESPONDENT, "respondent"), (WIDE, "wide")]
)
def test_every_layout_gives_the_same_ties(write: Write, text: str, layout: str) -> None:
    survey = read_survey(write("s.csv", text))
    assert survey.layout == layout
    found = [
        tuple(row)
        for row in survey.ties[["supplier", "customer", "weight", "reported_by"]].itertuples(
            index=False
        )
    ]
    assert found == EXPECTED
    assert survey.respondents == {"Anka", "Bora", "Ceyhan"}


@pytest.mark.parametrize("text", [LONG, RESPONDENT, WIDE])
def test_quality_facts_of_the_interviews(write: Write, text: str) -> None:
    facts = quality_facts(read_survey(write("s.csv", text)))
    assert (facts["respondents"], facts["named_only"]) == (3, 1)
    # Anka -> Ceyhan and Bora -> Anka named by both sides; Bora -> Derin: Derin not asked
    assert (facts["ties_confirmed"], facts["ties_one_sided"], facts["ties_unverifiable"]) == (
        2,
        0,
        1,
    )


def test_one_sided_ties_are_counted(write: Write) -> None:
    text = "respondent,partner,direction\nA,B,customer\nB,C,customer\nC,A,supplier\n"
    facts = quality_facts(read_survey(write("s.csv", text)))
    # A->B named by A only, B->C by B only, A->C by C only: all three firms answered
    assert (facts["ties_confirmed"], facts["ties_one_sided"]) == (0, 3)


def test_layout_can_be_forced(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", LONG), layout="respondent")
    codes = {issue.code for issue in found(caught.value.issues)}
    assert codes == {"missing-column"}


def test_bad_direction_names_its_line(write: Write) -> None:
    text = "respondent,partner,direction\nA,B,customer\nA,C,friend\n"
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", text))
    [issue] = found(caught.value.issues)
    assert (issue.line, issue.column, issue.code) == (3, "direction", "bad-direction")
    assert "tedarikçi/müşteri" in issue.message


def test_unrecognised_layout_explains_the_three(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", "a,b,c\n1,2,3\n"))
    [issue] = found(caught.value.issues)
    assert issue.code == "unknown-layout"
    assert "supplier_1" in issue.message
    assert "partner" in issue.message


def test_wide_share_column_without_its_name_column(write: Write) -> None:
    text = "firm,supplier_1,supplier_2_share\nA,B,10\n"
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", text))
    assert [issue.code for issue in found(caught.value.issues)] == ["orphan-share-column"]


def test_same_respondent_repeating_a_tie_is_a_duplicate(write: Write) -> None:
    text = "respondent,partner,direction,weight\nA,B,customer,10\nA,B,customer,5\n"
    survey = read_survey(write("s.csv", text))
    assert survey.ties["weight"].tolist() == [15.0]
    [issue] = found(survey.issues)
    assert issue.code == "duplicate-tie"
    assert "by A" in issue.message


def test_relation_layers_in_the_respondent_layout(write: Write) -> None:
    text = "respondent,partner,direction,relation\nA,B,customer,fason\nA,C,supplier,teknik destek\n"
    survey = read_survey(write("s.csv", text), relation="knowledge")
    assert survey.ties[["supplier", "customer"]].values.tolist() == [["C", "A"]]


def test_wide_share_columns_with_a_unit(write: Write) -> None:
    text = (
        "firma,Tedarikçi 1,Tedarikçi 1 (%),Müşteri 1,Müşteri 1 (%)\n"
        "A Makina,B Döküm,30,C Kalıp,20\n"
    )
    survey = read_survey(write("s.csv", text))
    assert survey.ties[["supplier", "customer", "weight"]].values.tolist() == [
        ["A Makina", "C Kalıp", 20.0],
        ["B Döküm", "A Makina", 30.0],
    ]


@pytest.mark.parametrize(
    "header",
    [
        "respondent,supplier_1,share_1,customer_1,share_1,customer_2,share_2",
        "Firma,Tedarikçi 1,Pay 1,Müşteri 1,Pay (%) 1,Müşteri 2,Pay (%) 2",
        "Görüşülen firma,Tedarikçi,%,Müşteri 1,%,Müşteri 2,%",  # unnumbered, after every one
    ],
)
def test_wide_share_columns_naming_no_side_are_the_share_of_the_partner_before(
    write: Write, header: str
) -> None:
    # form tools write a partner's share in the next column without repeating the side
    survey = read_survey(write("s.csv", header + "\nA Makina,B Döküm,30,C Kalıp,20,D Metal,45\n"))
    assert survey.ties[["supplier", "customer", "weight"]].values.tolist() == [
        ["A Makina", "C Kalıp", 20.0],
        ["A Makina", "D Metal", 45.0],
        ["B Döküm", "A Makina", 30.0],
    ]
    assert not [issue for issue in survey.issues if issue.code == "unread-column"]


def test_wide_share_columns_naming_no_side_follow_the_rules_of_shares(write: Write) -> None:
    # an empty share is an empty weight; a partner without one beside shares is an error
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", "firm,customer_1,share_1,customer_2\nA,B,30,C\nD,E,,\n"))
    assert sorted(issue.code for issue in found(caught.value.issues)) == [
        "bad-weight",
        "missing-share",
    ]


def test_one_weight_after_the_last_partner_is_the_weight_of_every_partner(write: Write) -> None:
    # not a share beside one partner: the row's weight, as before
    survey = read_survey(write("s.csv", "firm,supplier_1,supplier_2,weight\nA,B,C,30\n"))
    assert survey.ties["weight"].tolist() == [30.0, 30.0]


def test_a_numbered_share_beside_another_partner_is_not_taken(write: Write) -> None:
    # share_2 after customer_1: the numbers disagree, so it is no share of customer_1
    survey = read_survey(write("s.csv", "firm,customer_1,share_2\nA,B,30\n"))
    assert survey.ties["weight"].tolist() == [1.0]
    assert [issue.code for issue in found(survey.issues)] == ["unread-column"]


def test_wide_first_partner_column_without_a_number(write: Write) -> None:
    text = "firma,Tedarikçi,Tedarikçi 2,Müşteri,Müşteri 2\nA Makina,B Döküm,E Metal,C Kalıp,F\n"
    survey = read_survey(write("s.csv", text))
    assert survey.layout == "wide"
    assert len(survey.ties) == 4


def test_two_columns_for_one_wide_slot_are_an_error(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", "firm,supplier_1,Supplier 1\nA,B,C\n"))
    assert [issue.code for issue in found(caught.value.issues)] == ["ambiguous-column"]


def test_wide_respondent_without_partners_and_orphan_share(write: Write) -> None:
    text = (
        "respondent,supplier_1,supplier_1_share,customer_1,customer_1_share\n"
        "A,B,10,C,20\nC,,40,,\nZ Tekstil,,,,\n"
    )
    survey = read_survey(write("s.csv", text))
    assert survey.respondents == {"A", "C", "Z Tekstil"}
    [issue] = found(survey.issues)
    assert (issue.code, issue.line, issue.column) == (
        "share-without-partner",
        3,
        "supplier_1_share",
    )
    facts = quality_facts(survey)
    assert (facts["respondents"], facts["ties_one_sided"], facts["ties_unverifiable"]) == (3, 1, 1)


def test_respondents_survive_a_relation_filter(write: Write) -> None:
    text = (
        "respondent,partner,direction,relation\nA,B,customer,fason\nB,A,supplier,hizmet\n"
        "C,A,customer,supply\n"
    )
    facts = quality_facts(read_survey(write("s.csv", text), relation="fason"))
    assert facts["respondents"] == 3
    assert facts["ties_one_sided"] == 1  # A -> B: B answered but named it as service


def test_display_name_counts_each_cell_once(write: Write) -> None:
    # written 3 times as a respondent, 5 times as a partner: the partner spelling wins
    rows = [f"ışık kablaj ltd. şti.,Müşteri {i},müşteri" for i in range(3)]
    rows += [f"Alıcı {i},Işık Kablaj A.Ş.,tedarikçi" for i in range(5)]
    survey = read_survey(write("s.csv", "respondent,partner,direction\n" + "\n".join(rows)))
    assert set(survey.names.display.values()) >= {"Işık Kablaj A.Ş."}
    assert "ışık kablaj ltd. şti." not in set(survey.ties["supplier"])


def test_empty_partner_names_its_column(write: Write) -> None:
    text = "Görüşülen firma,İş ortağı,Yön\nA,,müşteri\n"
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", text))
    [issue] = found(caught.value.issues)
    assert (issue.code, issue.column) == ("empty-name", "İş ortağı")


def test_bare_s_is_not_a_direction(write: Write) -> None:
    with pytest.raises(SurveyError, match="T/M"):
        read_survey(write("s.csv", "respondent,partner,direction\nA,B,S\n"))


ISOLATE_FILES = {
    "respondent": [
        "Görüşülen Firma;Ortak Firma;Yön\r\nAlfa;Beta;Tedarikçi\r\nZeta Kaplama;;\r\n",
        "Görüşülen Firma;Ortak Firma;Yön;Pay\r\nAlfa;Beta;Tedarikçi;40\r\nZeta Kaplama;;;\r\n",
        "Görüşülen Firma;Ortak Firma;Yön;Pay;İlişki\r\nAlfa;Beta;T;40;fason\r\n"
        "Zeta Kaplama;;;;\r\n",
    ],
    "wide": [
        "Görüşülen Firma;Tedarikçi 1;Müşteri 1\r\nAlfa;Beta;\r\nZeta Kaplama;;\r\n",
        "Görüşülen Firma;Tedarikçi 1;Tedarikçi 1 Payı\r\nAlfa;Beta;40\r\nZeta Kaplama;;\r\n",
        "Görüşülen Firma;Tedarikçi 1;Tedarikçi 1 Payı;İlişki\r\nAlfa;Beta;40;fason\r\n"
        "Zeta Kaplama;;;\r\n",
    ],
}


@pytest.mark.parametrize(
    ("layout", "text"),
    [(layout, text) for layout, texts in ISOLATE_FILES.items() for text in texts],
)
def test_an_interviewed_firm_that_named_nobody_is_an_isolate_in_every_layout(
    write: Write, layout: str, text: str
) -> None:
    """`Zeta Kaplama;;;`: a respondent row with nothing else is a firm of the network and a
    respondent, in the respondent layout as in the wide one (audit D14)."""
    survey = read_survey(write("s.csv", text, "cp1254"))
    assert survey.layout == layout
    assert survey.respondents == {"Alfa", "Zeta Kaplama"}
    assert survey.firm_names == {"Alfa", "Beta", "Zeta Kaplama"}
    assert survey.ties[["supplier", "customer"]].values.tolist() == [["Beta", "Alfa"]]
    assert found(survey.issues) == []


def test_a_respondent_row_with_a_direction_but_no_partner_asks_for_the_partner(
    write: Write,
) -> None:
    text = "Görüşülen Firma;Ortak Firma;Yön\r\nAlfa;Beta;Tedarikçi\r\nZeta Kaplama;;Müşteri\r\n"
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", text))
    [error] = found(caught.value.issues)
    assert (error.code, error.line, error.column) == ("empty-name", 3, "Ortak Firma")
