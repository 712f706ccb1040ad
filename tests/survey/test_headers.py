"""Headers as people write them: words, Turkish endings, fillers, typos, --column (#15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustermap.errors import SurveyError, UsageError
from clustermap.survey import read_survey, schema
from clustermap.survey.headers import match_columns, numbered_column, read_header, stem
from tests.conftest import found

Write = Callable[..., Path]

TIES = [("Anka Makina", "Bora Döküm", "40"), ("Bora Döküm", "Ceyhan Elektronik", "30")]


def csv_text(header: list[str], rows: list[tuple[str, ...]], sep: str = ",") -> str:
    return "".join(sep.join(row) + "\r\n" for row in [tuple(header), *rows])


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Tedarikçi Firmanın Adı", "supplier"),
        ("Tedarikçi Adı", "supplier"),
        ("Supplier name", "supplier"),
        ("SupplierName", "supplier"),
        ("TEDARİKÇİ FİRMA UNVANI", "supplier"),
        ("Satıcı Firmanın Ticari Unvanı", "supplier"),
        ("Müşteri Firmalar", "customer"),
        ("Buyer company", "customer"),
        ("Alıcının Adı", "customer"),
        ("Customer of respondent", "customer"),  # "X of Y": the column is X
        ("Görüşülen Firmanın Müşterisi", "customer"),  # Turkish: the last word is the head
        ("Satış Payı (%)", "weight"),
        ("Share of sales", "weight"),
        ("Müşteri Payı", "weight"),  # a measure beats the firm it belongs to
        ("Ağırlığı", "weight"),
        ("Tutar (bin TL)", "weight"),
        ("Type of relation", "relation"),
        ("Tedarik İlişkisinin Türü", "relation"),
        ("Cevaplayan Firmanın Adı", "reported_by"),
        ("Toplam Satış İçindeki Payı (%)", "weight"),
        ("Yıllık Satış Tutarı (TL)", "weight"),
        ("S3. Tedarikçi Firmanın Adı", "supplier"),  # a questionnaire's question number
        ("Q4 Customer name", "customer"),
        ("Tedarikçi\nFirma Adı", "supplier"),  # a line break inside a workbook's cell
    ],
)
def test_long_layout_headers_are_read_by_their_words(header: str, role: str) -> None:
    assert read_header(schema.TIE_COLUMNS, header).role == role


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Görüşülen Firmanın Adı", "respondent"),
        ("Firmanın Adı", "respondent"),  # filler words only
        ("İş Ortağının Adı", "partner"),
        ("Partner company", "partner"),
        ("Firmanın Rolü", "direction"),
        ("Ortağın Türü", "direction"),
        ("İlişkinin Yönü", "direction"),
    ],
)
def test_respondent_layout_headers(header: str, role: str) -> None:
    assert read_header(schema.RESPONDENT_COLUMNS, header).role == role


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Firmanın Adı", "firm"),
        ("Firma Unvanı", "firm"),
        ("Firmanın Sektörü", "sector"),
        ("Number of employees", "employees"),
        ("Görüşüldü mü?", "surveyed"),
        ("Bulunduğu İl", "region"),
    ],
)
def test_firms_file_headers(header: str, role: str) -> None:
    assert read_header(schema.FIRM_COLUMNS, header).role == role


@pytest.mark.parametrize(
    "header",
    [
        "Supplier country",
        "Tedarikçi Türü",
        "Notlar",
        "Kuruluş Yılı",
        "Sales to customer",
        "Toplam",
        "1) Tedarikçi",
    ],
)
def test_a_word_of_no_role_keeps_a_header_from_being_read(header: str) -> None:
    vocabulary = schema.FIRM_COLUMNS if header == "Kuruluş Yılı" else schema.TIE_COLUMNS
    assert read_header(vocabulary, header).role is None


def test_every_form_of_a_turkish_word_has_one_stem() -> None:
    forms = ["tedarikci", "tedarikcinin", "tedarikciler", "tedarikcilerin", "tedarikcisi"]
    assert len({stem(form) for form in forms}) == 1
    assert stem("ortagi") == stem("ortak") == stem("ortaklari")
    assert stem("orani") == stem("oran")  # an ending is not taken for the end of a word


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("1. Tedarikçi Firmanın Adı", ("supplier", 1, "name")),
        ("Tedarikçi 2 Payı", ("supplier", 2, "weight")),
        ("Müşteri Firma 3 (%)", ("customer", 3, "weight")),
        ("Müşterileri 2 Oranı", ("customer", 2, "weight")),
        ("Supplier #4", ("supplier", 4, "name")),
        ("Tedarikçi 1 Ülke", None),
        ("Tedarikçi 1 2", None),
    ],
)
def test_numbered_partner_columns(header: str, expected: tuple[str, int, str] | None) -> None:
    assert numbered_column(header) == expected


# words a person puts around a role's name, in any case
_AROUND = ["", "Firma", "Firmanın", "Adı", "Unvanı", "Name", "Company", "Firmaları"]


@settings(max_examples=300, deadline=None)
@given(
    role=st.sampled_from(["supplier", "customer"]),
    data=st.data(),
    before=st.sampled_from(_AROUND),
    after=st.sampled_from(_AROUND),
    case=st.sampled_from(["keep", "upper", "title"]),
)
def test_fillers_around_a_name_never_change_its_role(
    role: str, data: st.DataObject, before: str, after: str, case: str
) -> None:
    """Any one-word name of the supplier or customer, with filler words around it and in any
    case, names the same role (Turkish upper case: İ and I kept apart)."""
    names = [
        alias
        for alias in schema.TIE_COLUMNS[role]
        if " " not in alias and "_" not in alias and alias not in schema.EXACT_ONLY
    ]
    name = data.draw(st.sampled_from(names))
    header = " ".join(word for word in (before, name, after) if word)
    upper = header.replace("i", "İ").replace("ı", "I").upper()
    header = {"keep": header, "upper": upper, "title": header.title()}[case]
    assert read_header(schema.TIE_COLUMNS, header).role == role


def test_a_whole_name_beats_a_reading_by_words() -> None:
    headers = {h: h for h in ("Tedarikçi Unvanı", "Tedarikçi", "Alıcı Firma Adı")}
    match = match_columns(headers, schema.TIE_COLUMNS)
    assert match.columns == {"supplier": "Tedarikçi", "customer": "Alıcı Firma Adı"}
    assert match.passed_over == {"supplier": ["Tedarikçi Unvanı"]}


def test_two_equally_good_columns_are_an_error_naming_both(write: Write) -> None:
    text = csv_text(
        ["Tedarikçi Firma Adı", "Tedarikçi Firmanın Unvanı", "Müşteri"], [("A", "A", "B")]
    )
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", text))
    [issue] = found(caught.value.issues)
    assert issue.code == "ambiguous-column"
    assert "'Tedarikçi Firma Adı' and 'Tedarikçi Firmanın Unvanı'" in issue.message
    assert "--column supplier=" in issue.message


def test_a_typo_gets_did_you_mean(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", csv_text(["Tedarkçi", "Müşteri"], [("A", "B")])))
    [issue] = found(caught.value.issues)
    assert issue.code == "missing-column"
    assert "'Tedarkçi' is close to 'tedarikçi': did you mean it?" in issue.message
    assert "--column supplier='Tedarkçi'" in issue.message


def test_a_typo_in_a_header_of_no_known_layout(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", csv_text(["Tedarkçi", "Müşteir"], [("A", "B")])))
    [issue] = found(caught.value.issues)
    assert issue.code == "unknown-layout"
    assert "'Tedarkçi' is close to 'tedarikçi'" in issue.message
    assert "'Müşteir' is close to 'müşteri'" in issue.message


def test_cp1254_survey_with_suffixed_turkish_headers(write: Write) -> None:
    text = csv_text(
        ["Tedarikçi Firmanın Adı", "Müşteri Firmalar", "Satış Payı (%)", "Notlar"],
        [(*tie, "") for tie in TIES],
        sep=";",
    )
    survey = read_survey(write("anket.csv", text, "cp1254"))
    assert survey.sources[0].encoding == "cp1254"
    assert survey.ties[["supplier", "customer", "weight"]].values.tolist() == [
        ["Anka Makina", "Bora Döküm", 40.0],
        ["Bora Döküm", "Ceyhan Elektronik", 30.0],
    ]
    assert survey.sources[0].columns == {
        "supplier": "Tedarikçi Firmanın Adı",
        "customer": "Müşteri Firmalar",
        "weight": "Satış Payı (%)",
    }
    [note] = [issue for issue in survey.issues if issue.code == "columns"]
    assert (note.severity, note.line) == ("info", 1)
    assert "supplier = 'Tedarikçi Firmanın Adı'" in note.message
    assert "not read: 'Notlar'" in note.message
    assert survey.language == "tr"


def test_cp1254_respondent_layout_with_suffixed_headers(write: Write) -> None:
    text = csv_text(
        ["Görüşülen Firmanın Adı", "İş Ortağının Adı", "Firmanın Rolü"],
        [("Anka Makina", "Bora Döküm", "müşteri"), ("Bora Döküm", "Anka Makina", "tedarikçi")],
        sep=";",
    )
    survey = read_survey(write("anket.csv", text, "cp1254"))
    assert survey.layout == "respondent"
    assert survey.ties[["supplier", "customer", "reported_by"]].values.tolist() == [
        ["Anka Makina", "Bora Döküm", "Anka Makina;Bora Döküm"]
    ]


def test_wide_layout_with_written_out_partner_columns(write: Write) -> None:
    text = csv_text(
        ["Firmanın Adı", "1. Tedarikçi", "Tedarikçi 1 Payı", "Müşteri Firma 1", "Müşteri 1 (%)"],
        [("Anka Makina", "Bora Döküm", "40", "Ceyhan Elektronik", "60")],
    )
    survey = read_survey(write("form.csv", text))
    assert survey.layout == "wide"
    assert survey.ties[["supplier", "customer", "weight"]].values.tolist() == [
        ["Anka Makina", "Ceyhan Elektronik", 60.0],
        ["Bora Döküm", "Anka Makina", 40.0],
    ]
    [note] = [issue for issue in survey.issues if issue.code == "columns"]
    assert "1 supplier column (1 with shares) and 1 customer column (1 with shares)" in note.message
    assert "not read" not in note.message


def test_firms_file_headers_by_their_words(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    firms = write(
        "f.csv", "Firmanın Adı,Firmanın Sektörü,Çalışan Sayısı,Kuruluş Yılı\nA,Metal,12,1999\n"
    )
    survey = read_survey(ties, firms)
    assert survey.firms.loc["A", "sector"] == "Metal"
    assert survey.firms.loc["A", "employees"] == "12"
    assert survey.sources[1].columns == {
        "firm": "Firmanın Adı",
        "sector": "Firmanın Sektörü",
        "employees": "Çalışan Sayısı",
    }
    [note] = [i for i in survey.issues if i.code == "columns" and i.file == str(firms)]
    assert "kept as attributes: 'Kuruluş Yılı'" in note.message


def test_a_weight_column_with_an_extra_word_is_named_not_dropped_silently(write: Write) -> None:
    text = csv_text(["Tedarikçi", "Müşteri", "Tedarikçiye Ödenen Tutar"], [TIES[0]])
    survey = read_survey(write("s.csv", text))
    [warning] = [issue for issue in survey.issues if issue.code == "unread-column"]
    assert warning.severity == "warning"
    assert "--column weight='Tedarikçiye Ödenen Tutar'" in warning.message
    assert survey.ties["weight"].tolist() == [1.0]


def test_columns_chosen_by_name_number_or_none(write: Write) -> None:
    path = write("s.csv", csv_text(["Tedarkçi", "Alıcı", "Tutar"], TIES))
    by_name = read_survey(path, columns={"supplier": "tedarkçi"})  # any case
    by_number = read_survey(path, columns={"supplier": "1"})
    assert by_name.ties.equals(by_number.ties)
    assert by_name.ties["weight"].tolist() == [40.0, 30.0]
    assert by_name.sources[0].columns["supplier"] == "Tedarkçi"
    unweighted = read_survey(path, columns={"supplier": "1", "weight": ""})
    assert unweighted.ties["weight"].tolist() == [1.0, 1.0]
    assert unweighted.weights.basis == "unweighted"


def test_a_chosen_column_beats_a_recognised_one(write: Write) -> None:
    path = write("s.csv", csv_text(["supplier", "customer", "main supplier"], [("A", "B", "C")]))
    survey = read_survey(path, columns={"supplier": "main supplier"})
    assert survey.ties[["supplier", "customer"]].values.tolist() == [["C", "B"]]


def test_unknown_role_or_header_is_a_usage_error(write: Write) -> None:
    path = write("s.csv", csv_text(["Tedarikçi", "Müşteri"], [("A", "B")]))
    with pytest.raises(UsageError, match="unknown role 'suplier'; the roles are supplier"):
        read_survey(path, columns={"suplier": "Tedarikçi"})
    with pytest.raises(UsageError, match=r"has no such column .*1 'Tedarikçi', 2 'Müşteri'"):
        read_survey(path, columns={"supplier": "Satıcı"})
    with pytest.raises(UsageError, match="the long layout has no partner column"):
        read_survey(path, columns={"partner": "Müşteri"}, layout="long")
    with pytest.raises(UsageError, match="unknown role 'name'"):
        read_survey(path, firm_columns={"name": "x"})


def test_chosen_columns_decide_the_layout(write: Write) -> None:
    text = csv_text(["Kim", "Kimden", "Ne"], [("A", "B", "tedarikçi")])
    survey = read_survey(
        write("s.csv", text), columns={"respondent": "Kim", "partner": "Kimden", "direction": "3"}
    )
    assert survey.layout == "respondent"
    assert survey.ties[["supplier", "customer"]].values.tolist() == [["B", "A"]]


def test_firm_columns_chosen_for_the_firms_file(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    firms = write("f.csv", "Unvan,Faaliyet Alanı\nA,Metal\nB,Kimya\n")
    survey = read_survey(ties, firms, firm_columns={"firm": "Unvan", "sector": "2"})
    assert survey.firms["sector"].to_dict() == {"A": "Metal", "B": "Kimya"}


# Files of the kinds clients send, as a first new user tried them (issue #15 review)


def test_a_report_filter_row_is_no_header(write: Write) -> None:
    text = "Supplier: (All),Customer: (All),\nSupplier,Customer,Share (%)\nAcme,Orion,20\n"
    survey = read_survey(write("s.csv", text))
    assert survey.sources[0].header_line == 2
    assert survey.ties[["supplier", "customer", "weight"]].values.tolist() == [
        ["Acme", "Orion", 20.0]
    ]


def test_names_beat_codes_for_one_role(write: Write) -> None:
    """An ERP export: account codes and names under the same role's words."""
    text = csv_text(
        ["Vendor", "Vendor Name", "Customer", "Customer Name", "Net Value"],
        [("120.01.008", "Acme", "320.01.008", "Orion", "12")],
    )
    survey = read_survey(write("sap.csv", text))
    assert survey.ties[["supplier", "customer", "weight"]].values.tolist() == [
        ["Acme", "Orion", 12.0]
    ]
    warnings = [issue for issue in survey.issues if issue.code == "second-column"]
    assert {w.column for w in warnings} == {"Vendor", "Customer"}
    assert "as it holds names, the other codes" in warnings[0].message


def test_a_code_header_yields_to_a_name_header(write: Write) -> None:
    text = csv_text(
        ["Firma Kodu", "Firma Ünvanı", "Tedarikçi 1", "Müşteri 1"],
        [("F0", "Anka", "Bora", "Ceyhan")],
    )
    survey = read_survey(write("w.csv", text))
    assert survey.layout == "wide"
    assert survey.respondents == {"Anka"}


def test_a_lone_unnumbered_partner_column_in_a_wide_form(write: Write) -> None:
    text = "Firma;Tedarikçi 1;Tedarikçi 2;Müşteri\nA;B;C;D\n"
    survey = read_survey(write("w.csv", text))
    assert survey.layout == "wide"
    assert sorted(map(tuple, survey.ties[["supplier", "customer"]].values.tolist())) == [
        ("A", "D"),
        ("B", "A"),
        ("C", "A"),
    ]


def test_firm_supplier_customer_reads_two_ways(write: Write) -> None:
    path = write("w.csv", "Firma;Tedarikçi;Müşteri\nA;B;C\n")
    with pytest.raises(SurveyError) as caught:
        read_survey(path)
    [error] = found(caught.value.issues)
    assert error.code == "ambiguous-layout"
    assert "--layout" in error.message
    assert len(read_survey(path, layout="wide").ties) == 2
    assert len(read_survey(path, layout="long").ties) == 1


def test_google_forms_questions(write: Write) -> None:
    text = csv_text(
        [
            "Zaman damgası",
            "Firmanızın adı",
            "Firmanızın en önemli tedarikçisi (1)",
            "En büyük müşteriniz (1)",
        ],
        [("12.03.2024 10:00", "Anka", "Bora", "Ceyhan")],
    )
    survey = read_survey(write("form.csv", text))
    assert survey.layout == "wide"
    assert len(survey.ties) == 2


def test_a_header_further_down_than_the_search_says_so(write: Write) -> None:
    text = "".join(f"Açıklama satırı {i}\n" for i in range(22)) + "supplier,customer\nA,B\n"
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", text))
    [error] = [e for e in caught.value.issues if e.code == "unknown-layout"]
    assert "no row among the first 20 names the columns" in error.message
    assert "--header-row" in error.message
    assert "did you mean" not in error.message  # "satırı" is a word, not a typo of "satıcı"


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("%", "weight"),
        ("Net Value", "weight"),
        ("Ted. Firma", "supplier"),
        ("Müş. Firma", "customer"),
        ("Annual purchases (USD)", "weight"),
    ],
)
def test_more_headers_of_real_files(header: str, role: str) -> None:
    assert read_header(schema.TIE_COLUMNS, header).role == role


def test_direction_asked_as_a_question(write: Write) -> None:
    text = csv_text(
        ["Firma", "Adı Geçen Firma", "Tedarikçi mi, Müşteri mi?"],
        [("A", "B", "Tedarikçi"), ("A", "C", "Müşteri")],
        sep=";",
    )
    survey = read_survey(write("r.csv", text))
    assert survey.layout == "respondent"
    assert survey.sources[0].columns["direction"] == "Tedarikçi mi, Müşteri mi?"


def test_empty_cells_are_named_by_their_column(write: Write) -> None:
    text = "Görüşülen Firma,İş Ortağı,Yön\n,Y,Tedarikçi\nA,,Müşteri\n"
    with pytest.raises(SurveyError) as caught:
        read_survey(write("r.csv", text))
    assert [(e.line, e.column, e.message[:30]) for e in found(caught.value.issues)] == [
        (2, "Görüşülen Firma", "the respondent name is empty: "),
        (3, "İş Ortağı", "the partner name is empty: fil"),
    ]
    wide = "Görüşülen Firma,Tedarikçi 1,Tedarikçi 2\n,B,C\n"
    with pytest.raises(SurveyError) as caught:
        read_survey(write("w.csv", wide))
    assert [(e.line, e.code) for e in found(caught.value.issues)] == [(2, "empty-name")]


def test_alias_file_hints_name_no_option(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    aliases = write("a.csv", "Eski Yazım,Doğru Ad\nA,B\n")
    with pytest.raises(SurveyError) as caught:
        read_survey(ties, aliases=aliases)
    assert all("--column" not in issue.message for issue in caught.value.issues)
    assert all("--header-row" not in issue.message for issue in caught.value.issues)
    two = write("u.csv", "supplier,customer\nA,B\nA2,C\n")
    decided = read_survey(two, aliases=write("b.csv", "Yanlış Yazım,Doğru Ad\nA2,A\n"))
    assert decided.ties["supplier"].tolist() == ["A", "A"]


def test_firms_column_needs_a_firms_file(write: Write) -> None:
    with pytest.raises(UsageError, match=r"^firm_columns needs firms: it names the columns") as e:
        read_survey(write("t.csv", "supplier,customer\nA,B\n"), firm_columns={"firm": "x"})
    assert e.value.parameter == "firm_columns"


def test_names_over_500_characters_in_the_firms_and_alias_files(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    firms = write("f.csv", "firm,sector\nA,x\n" + "B" * 600 + ",y\n")
    with pytest.raises(SurveyError) as caught:
        read_survey(ties, firms)
    errors = [(e.code, e.line) for e in caught.value.issues if e.is_error]
    assert errors == [("name-too-long", 3)]
    aliases = write("a.csv", "variant,canonical\n" + "C" * 600 + ",A\n")
    with pytest.raises(SurveyError) as caught:
        read_survey(ties, aliases=aliases)
    assert [(e.code, e.line) for e in found(caught.value.issues)] == [("name-too-long", 2)]


# Headers a first review found unread (audit of #15, D5, D6, D14)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Satışlardaki Payı (%)", "weight"),  # the locative with -ki: "in the sales"
        ("Cirodaki Pay", "weight"),
        ("Toplam Satışlardaki Payı", "weight"),
        ("Cirodaki Payı (%)", "weight"),
        ("share_pct", "weight"),
        ("Share of turnover (%)", "weight"),
        ("Turnover share", "weight"),
        ("Revenue share", "weight"),
        ("% of revenue", "weight"),
        ("Percentage of sales", "weight"),
        ("Sipariş tutarı", "weight"),  # what was ordered: an amount, read as a volume
        ("Siparişlerin Tutarı (TL)", "weight"),
        ("Order value", "weight"),
        ("Relationship type", "relation"),
        ("Kind of relation", "relation"),
        ("İlişki şekli", "relation"),
        ("İlişkinin Şekli", "relation"),
        ("Anket Yapılan Firma", "reported_by"),
        ("Ankete Katılan Firma", "reported_by"),
        ("Ankete Katılan Firmanın Adı", "reported_by"),
        ("Purchaser", "customer"),
        ("Selling firm", "supplier"),
        ("Buying firm", "customer"),
        ("Supplying company", "supplier"),
        ("Mal alınan firma", "supplier"),
        ("Mal Alınan Firmanın Adı", "supplier"),
        ("Mal satılan firma", "customer"),
        ("From firm", "supplier"),
        ("To firm", "customer"),
    ],
)
def test_headers_of_client_files_a_review_found(header: str, role: str) -> None:
    assert read_header(schema.TIE_COLUMNS, header).role == role
    upper = header.replace("i", "İ").replace("ı", "I").upper()
    assert read_header(schema.TIE_COLUMNS, upper).role == role


@pytest.mark.parametrize("header", ["Valid from", "Date to", "Order number", "Order", "Sipariş No"])
def test_short_words_of_new_headers_do_not_name_a_role_alone(header: str) -> None:
    assert read_header(schema.TIE_COLUMNS, header).role is None


@pytest.mark.parametrize("word", ["satış", "ciro", "pazar", "üretim", "işletme", "sepet"])
@pytest.mark.parametrize("ending", ["da", "de", "ta", "te", "daki", "deki", "taki", "teki"])
def test_the_locative_endings_are_stripped(word: str, ending: str) -> None:
    """Every locative form ("satışta", "satışlardaki", "cirodaki") has the word's stem,
    whatever the vowel harmony written (the header may be misspelt; the stem still holds)."""
    from clustermap.turkish import fold

    base = stem(fold(word))
    assert stem(fold(word + ending)) == base
    assert stem(fold(word + "lar" + ending)) == stem(fold(word + "lar"))


@pytest.mark.parametrize(
    "header",
    [
        "Tedarikçi / Müşteri",
        "Supplier/Customer",
        "Müşteri mi Tedarikçi mi",
        "Tedarikçi mi Müşteri mi?",
        "Müşteri / Tedarikçi",
        "Customer or supplier",
        "TEDARİKÇİ/MÜŞTERİ",
        "Tedarikçi veya Müşteri",
    ],
)
def test_a_header_naming_both_sides_is_the_direction(write: Write, header: str) -> None:
    assert read_header(schema.RESPONDENT_COLUMNS, header).role == "direction"
    text = csv_text(
        ["Görüşülen Firma", "İş Ortağı", header, "Pay"],
        [("Anka", "Bora", "Müşteri", "40"), ("Anka", "Ceyhan", "Tedarikçi", "30")],
        sep=";",
    )
    survey = read_survey(write("r.csv", text, "cp1254"))
    assert survey.layout == "respondent"
    assert survey.sources[0].columns["direction"] == header
    assert survey.ties[["supplier", "customer"]].values.tolist() == [
        ["Anka", "Bora"],
        ["Ceyhan", "Anka"],
    ]


@pytest.mark.parametrize(
    ("header", "meant"), [("Frima", "firma"), ("Frim", "firm"), ("Şrket", "şirket")]
)
def test_a_typo_of_the_firm_column_gets_did_you_mean(write: Write, header: str, meant: str) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\n")
    firms = write("f.csv", f"{header};Sektör\nA;Metal\nB;Kimya\n", "cp1254")
    with pytest.raises(SurveyError) as caught:
        read_survey(ties, firms)
    [error] = found(caught.value.issues)
    assert error.code == "missing-column"
    assert f"{header!r} is close to {meant!r}: did you mean it?" in error.message
    assert f"--firms-column firm={header!r}" in error.message
