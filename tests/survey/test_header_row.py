"""The header below a title, a blank row or a merged band, with the file's own numbering (#15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from clustermap.errors import SurveyError, UsageError
from clustermap.survey import read_survey
from clustermap.survey.load import parse_table
from tests.conftest import found

Write = Callable[..., Path]

ROWS = [
    ("Anka Makina", "Bora Döküm", "40"),
    ("Bora Döküm", "Ceyhan Elektronik", "30"),
    ("Ceyhan Elektronik", "Derin Kablaj", "abc"),  # line 6 of the file below
]


def titled_csv(title: str = "Anket Sonuçları 2024", sep: str = ";") -> str:
    lines = [title, "", sep.join(["Tedarikçi", "Müşteri", "Pay"])]
    lines += [sep.join(row) for row in ROWS]
    return "\r\n".join(lines) + "\r\n"


def test_title_and_blank_line_above_the_header_cp1254(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("anket.csv", titled_csv(), "cp1254"))
    [error] = [issue for issue in caught.value.issues if issue.is_error]
    assert (error.code, error.line, error.column) == ("bad-weight", 6, "Pay")
    [note] = [issue for issue in caught.value.issues if issue.code == "header-row"]
    assert (note.line, note.severity) == (3, "info")
    assert "line 1 above it ('Anket Sonuçları 2024') was skipped" in note.message


def test_header_found_whatever_the_title_holds(write: Write) -> None:
    # a comma in the title of a semicolon file: the other delimiter is tried
    text = titled_csv("Anket Sonuçları, Ankara 2024").replace(";abc", ";25")
    survey = read_survey(write("anket.csv", text, "cp1254"))
    assert survey.sources[0].delimiter == ";"
    assert survey.sources[0].header_line == 3
    assert len(survey.ties) == 3


def test_excel_report_with_a_merged_title_band(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Anket"
    sheet["A1"] = "OSTİM Savunma Kümesi — Tedarik Anketi 2024"
    sheet.merge_cells("A1:C1")
    sheet.append([])
    sheet.append(["Tedarikçi Firma", "Müşteri Firma", "Pay (%)"])
    sheet.append(["Anka Makina", "Bora Döküm", 40])
    sheet.append(["Bora Döküm", None, 30])  # Excel row 5
    book.save(tmp_path / "rapor.xlsx")
    with pytest.raises(SurveyError) as caught:
        read_survey(tmp_path / "rapor.xlsx")
    [error] = [issue for issue in caught.value.issues if issue.is_error]
    assert (error.code, error.line, error.column) == ("empty-name", 5, "Müşteri Firma")
    assert str(error).startswith(f"{tmp_path / 'rapor.xlsx'}, row 5, column 'Müşteri Firma'")
    [note] = [issue for issue in caught.value.issues if issue.code == "header-row"]
    assert "on row 3: row 1 above it ('OSTİM Savunma Kümesi — Tedarik Anketi 2024')" in str(note)
    assert str(note).startswith(f"{tmp_path / 'rapor.xlsx'}, row 3: info:")


def test_header_row_chosen_by_hand(write: Write) -> None:
    text = "Tedarikçi;Müşteri\r\nnot;the header\r\nsupplier;customer\r\nA;B\r\n"
    survey = read_survey(write("s.csv", text), header_row=3)
    assert survey.ties[["supplier", "customer"]].values.tolist() == [["A", "B"]]
    [note] = [issue for issue in survey.issues if issue.code == "header-row"]
    assert "lines 1, 2 above it" in note.message


def test_header_row_the_file_does_not_have(write: Write) -> None:
    path = write("s.csv", "supplier,customer\n\nA,B\n")
    with pytest.raises(UsageError, match=r"^header_row 9: it has 3 lines"):
        read_survey(path, header_row=9)
    with pytest.raises(UsageError, match=r"^header_row 2: line 2 is blank"):
        read_survey(path, header_row=2)


def test_no_header_in_the_first_rows_names_the_likely_header_row(write: Write) -> None:
    text = "Anket 2024\nTedarkçi,Müşteir,Pay\nA,B,1\nC,D,2\n"
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", text))
    [error] = found(caught.value.issues)
    assert error.code == "unknown-layout"
    assert error.line == 2  # the row as wide as the table, not the title
    assert "'Tedarkçi' is close to 'tedarikçi'" in error.message


def test_the_header_is_looked_for_in_the_first_20_rows_only(write: Write) -> None:
    notes = "".join(f"not{i}\n" for i in range(20))
    with pytest.raises(SurveyError):
        read_survey(write("s.csv", notes + "supplier,customer\nA,B\n"))
    survey = read_survey(write("t.csv", notes[5:] + "supplier,customer\nA,B\n"))
    assert len(survey.ties) == 1


def test_firms_and_alias_files_with_a_title_row(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\nIsik,B\n")
    firms = write("f.csv", "Firma Listesi\nfirm,sector\nA,Metal\nB,Kimya\n")
    aliases = write("a.csv", "Kararlar\n\nvariant,canonical\nIsik,A\n")
    survey = read_survey(ties, firms, aliases=aliases)
    assert survey.firms["sector"].to_dict() == {"A": "Metal", "B": "Kimya"}
    assert survey.ties[["supplier", "customer", "rows"]].values.tolist() == [["A", "B", 2]]


@pytest.mark.parametrize("quoted", [False, True])
def test_fast_and_careful_parsers_keep_the_same_line_numbers(quoted: bool) -> None:
    """A quote sends the text to the csv module: the rows, lines and header are the same."""
    name = '"Yıldız, Ekinci"' if quoted else "Yıldız Ekinci"
    text = f"Anket\n\nsupplier,customer\n{name},B\n\nC,D\n"
    table = parse_table(text.encode(), label="x", header=lambda cells: "supplier" in cells)
    assert table.header_line == 3
    assert table.frame.index.tolist() == [4, 6]
    assert table.frame["supplier"].tolist() == [name.strip('"'), "C"]


# What a header that is wrong, or plainly a header with a typo, gets said (audit D7, D8, D12)

TIES_ROWS = [(f"Firma {i}", f"Firma {i + 1}", str(10 + i % 50)) for i in range(40)]


def rows_text(header: list[str], rows: list[tuple[str, ...]], sep: str = ";") -> str:
    return "".join(sep.join(row) + "\r\n" for row in [tuple(header), *rows])


@pytest.mark.parametrize(
    "header",
    [
        ["Tedarkçi", "Müşteri", "Pay"],  # a typo of the supplier
        ["Suplier", "Customer", "Share"],
        ["Tedarkçi", "Müşteir", "Pay"],  # two typos: no layout at all
        ["Supplier country", "Customer", "Pay"],  # the supplier's word among others
        ["Tedarikçi 1", "Notlar", "Pay"],  # a numbered partner column, no respondent
    ],
)
def test_a_header_with_a_typo_gets_no_header_row_hint(write: Write, header: list[str]) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", rows_text(header, TIES_ROWS)))
    [error] = found(caught.value.issues)
    assert error.line == 1
    assert "--header-row" not in error.message
    assert "no row among the first 20" not in error.message


@pytest.mark.parametrize("notes", [21, 25])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_a_header_below_the_search_gets_one_error_about_the_header(
    write: Write, notes: int, sep: str
) -> None:
    """Notes above the header, beyond the rows searched: the first note is read as the
    header. One error says so, not one per row that does not fit it."""
    text = "".join(f"Not {i}: görüşme notu\r\n" for i in range(notes))
    text += rows_text(["Tedarikçi", "Müşteri", "Pay"], TIES_ROWS, sep)
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", text))
    [error] = found(caught.value.issues)
    assert error.line == 1
    assert "--header-row" in error.message
    if error.code == "extra-cells":  # the rows split by the note's delimiter: folded
        assert f"41 of the {notes + 40} lines below the header have more cells than it" in (
            error.message
        )
        shown = ", ".join(str(notes + k) for k in range(1, 6))
        assert f"(lines {shown} and 36 more)" in error.message
        assert "the header on line 1 has 1 cell ('Not 0: görüşme notu')" in error.message
        assert "give --header-row with the line of the column names" in error.message
    else:
        # no delimiter in the note: the rows are read whole, one cell each, as the note is
        assert (error.code, sep) in {("unknown-layout", ";"), ("unknown-layout", "\t")}
    given = read_survey(write("t.csv", text), header_row=notes + 1)
    assert len(given.ties) == 40


@pytest.mark.parametrize("where", ["csv", "csv;", "xlsx"])
def test_a_header_row_given_on_a_title_is_one_error(
    write: Write, tmp_path: Path, where: str
) -> None:
    header = ("Tedarikçi", "Müşteri", "Pay")
    if where.startswith("csv"):
        sep = where[3:] or ","
        text = "Anket Sonuçları 2024\r\n\r\n" + rows_text(list(header), TIES_ROWS, sep)
        path = write("s.csv", text, "cp1254")
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet["A1"] = "Anket Sonuçları 2024"
        sheet.merge_cells("A1:C1")
        sheet.append([])
        for row in [header, *TIES_ROWS]:
            sheet.append(list(row))
        path = tmp_path / "s.xlsx"
        book.save(path)
    with pytest.raises(SurveyError) as caught:
        read_survey(path, header_row=1)
    [error] = [issue for issue in caught.value.issues if issue.is_error]
    assert error.line == 1
    assert "'Anket Sonuçları 2024'" in error.message
    if where == "csv":
        assert error.code == "extra-cells"
        assert "41 of the 41 lines below the header have more cells than it" in error.message


def test_a_few_rows_with_an_unquoted_comma_are_each_named(write: Write) -> None:
    rows = [*TIES_ROWS[:30], ("Demir", " Çelik Ltd", "Anka", "20")] * 1
    text = rows_text(["supplier", "customer", "weight"], rows, sep=",")
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", text))
    [error] = found(caught.value.issues)
    assert (error.code, error.line) == ("extra-cells", 32)
    assert "this row has 4 cells but the header has 3" in error.message


def test_notes_about_firms_and_alias_files_name_no_header_row_option(write: Write) -> None:
    ties = write("t.csv", "supplier,customer\nA,B\nIsik,B\n")
    firms = write("f.csv", "Firma Listesi\nfirm,sector\nA,Metal\nB,Kimya\n")
    aliases = write("a.csv", "Kararlar\n\nYanlış Yazım,Doğru Ad\nIsik,A\n")
    survey = read_survey(ties, firms, aliases=aliases)
    notes = {(i.file, i.code): i for i in survey.issues if i.severity == "info"}
    for path, line in ((firms, 2), (aliases, 3)):
        note = notes[(str(path), "header-row")]
        assert note.line == line
        assert note.message.endswith("was skipped")
    assert notes[(str(aliases), "columns")].message == (
        "columns read: variant = 'Yanlış Yazım', canonical = 'Doğru Ad'"
    )
    assert all("--header-row" not in issue.message for issue in survey.issues)
    survey_note = read_survey(write("u.csv", "Anket\nsupplier,customer\nA,B\n")).issues
    assert any("(--header-row chooses another)" in issue.message for issue in survey_note)


HEADERLESS = {"supplier": "1", "customer": "2", "weight": "3"}


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
def test_a_file_without_a_header_row_read_with_header_row_0(write: Write, quoted: bool) -> None:
    # every row is a tie; the columns are named by their numbers; lines keep their numbers
    rows = [";".join(f'"{cell}"' if quoted else cell for cell in row) for row in ROWS]
    path = write("s.csv", "\n".join(rows) + "\n")
    with pytest.raises(SurveyError) as caught:
        read_survey(path, header_row=0, columns=HEADERLESS)
    [error] = found(caught.value.issues)
    assert (error.code, error.line, error.column) == ("bad-weight", 3, "3")
    survey = read_survey(
        write("s.csv", "\n".join(rows[:2]) + "\n"), header_row=0, columns=HEADERLESS
    )
    assert survey.ties[["supplier", "customer", "weight"]].values.tolist() == [
        ["Anka Makina", "Bora Döküm", 40.0],
        ["Bora Döküm", "Ceyhan Elektronik", 30.0],
    ]
    assert survey.sources[0].header_line == 0
    [note] = [issue for issue in survey.issues if issue.code == "columns"]
    assert note.line is None  # no header row to point to
    assert "supplier = '1', customer = '2', weight = '3'" in note.message


def test_a_workbook_without_a_header_row(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in ROWS[:2]:
        book.active.append([*row[:2], int(row[2])])
    book.save(tmp_path / "s.xlsx")
    survey = read_survey(tmp_path / "s.xlsx", header_row=0, columns=HEADERLESS)
    assert survey.ties["weight"].tolist() == [40.0, 30.0]
    book.active.append(["Derin Kablaj", None, 10])  # Excel row 3
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(SurveyError) as caught:
        read_survey(tmp_path / "s.xlsx", header_row=0, columns=HEADERLESS)
    [error] = found(caught.value.issues)
    assert (error.code, error.line, error.column) == ("empty-name", 3, "2")


def test_a_file_without_a_header_row_says_to_give_the_columns(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", "A,B\nB,C\n"), header_row=0)
    [error] = found(caught.value.issues)
    assert error.code == "unknown-layout"
    assert "'1', '2'" in error.message
    with pytest.raises(UsageError, match="the columns are named by their numbers"):
        read_survey(write("s.csv", "A,B\nB,C\n"), header_row=0, columns={"supplier": "x"})


def test_a_first_tie_read_as_the_header_is_a_warning(write: Write) -> None:
    # columns given by number on a file without a header: its first tie became the header
    path = write("s.csv", "\n".join(",".join(row) for row in ROWS[:2]) + "\n")
    survey = read_survey(path, columns=HEADERLESS)
    [warning] = found(survey.issues)
    assert (warning.code, warning.line) == ("header-like-a-tie", 1)
    assert "'Bora Döküm' is also a firm" in warning.message
    assert "--header-row 0" in warning.message
    # a real header given by number draws no warning
    survey = read_survey(write("s.csv", "Firma A,Firma B,Pay\nA,B,30\n"), columns=HEADERLESS)
    assert not found(survey.issues)


def test_no_header_among_the_first_rows_mentions_header_row_0(write: Write) -> None:
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", "A Ltd,B Ltd,40\nB Ltd,C Ltd,30\n"))
    [error] = found(caught.value.issues)
    assert "--header-row 0 names the columns by their numbers" in error.message


def test_a_negative_header_row_is_refused(write: Write) -> None:
    with pytest.raises(UsageError, match="header_row"):
        read_survey(write("s.csv", "supplier,customer\nA,B\n"), header_row=-1)


UNITS = "Tedarikçi Firma;Müşteri Firma;Satış Payı\r\n(Unvan);(Unvan);(%)\r\n"


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
def test_a_units_row_below_the_header_is_part_of_the_column_names(
    write: Write, quoted: bool
) -> None:
    rows = [";".join(f'"{cell}"' if quoted else cell for cell in row) for row in ROWS]
    with pytest.raises(SurveyError) as caught:
        read_survey(write("s.csv", UNITS + "\r\n".join(rows) + "\r\n"))
    [error] = found(caught.value.issues)
    assert (error.code, error.line, error.column) == ("bad-weight", 5, "Satış Payı (%)")
    [note] = [issue for issue in caught.value.issues if issue.code == "header-units"]
    assert (note.line, note.severity) == (2, "info")
    survey = read_survey(write("s.csv", UNITS + "\r\n".join(rows[:2]) + "\r\n"))
    assert survey.ties["weight"].tolist() == [40.0, 30.0]
    assert survey.sources[0].columns == {
        "supplier": "Tedarikçi Firma Unvan",  # a title, not a unit: no share
        "customer": "Müşteri Firma Unvan",
        "weight": "Satış Payı (%)",
    }


def test_a_units_row_in_a_workbook_and_in_the_wide_layout(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Görüşülen Firma", "Tedarikçi 1", "Tedarikçi 1 Payı", "Müşteri 1"])
    book.active.append([None, "(Unvan)", "[%]", "(Unvan)"])
    book.active.append(["Anka Makina", "Bora Döküm", 40, "Ceyhan Elektronik"])
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(SurveyError) as caught:  # the customer has no share beside a share
        read_survey(tmp_path / "s.xlsx")
    assert [issue.code for issue in found(caught.value.issues)] == ["missing-share"]
    survey = read_survey(tmp_path / "s.xlsx", weights="unweighted")
    assert survey.layout == "wide"
    assert len(survey.ties) == 2  # "Tedarikçi 1 Unvan" is a partner, not a share


def test_a_first_row_of_data_is_no_units_row(write: Write) -> None:
    survey = read_survey(
        write("s.csv", "supplier,customer,weight\nA,(B),%\n"), weights="unweighted"
    )
    assert survey.ties[["supplier", "customer"]].values.tolist() == [["A", "(B)"]]
    assert not [issue for issue in survey.issues if issue.code == "header-units"]


def test_sub_headings_under_a_merged_heading_in_a_workbook(tmp_path: Path) -> None:
    """A two-row header: a title, then headings merged over their sub-headings (as Excel
    reports are laid out), then a units row: each column named by its heading and
    sub-heading, every row of data kept, errors on the workbook's rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tedarik Zinciri Anketi 2024"])
    sheet.append(["Tedarikçi", None, "Müşteri", None, "Satış"])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    sheet.append(["Adı", "İli", "Adı", "İli", "Payı"])
    sheet.append([None, None, None, None, "(%)"])
    sheet.append(["Anka Makina", "Ankara", "Bora Döküm", "Bursa", 40])
    sheet.append(["Ceyhan Elektronik", "İzmir", "Bora Döküm", "Bursa", "x"])
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(SurveyError) as caught:
        read_survey(tmp_path / "s.xlsx")
    [error] = found(caught.value.issues)
    assert (error.code, error.line, error.column) == ("bad-weight", 6, "Satış Payı (%)")
    codes = [issue.code for issue in caught.value.issues if issue.severity == "info"]
    assert "header-subheadings" in codes
    assert "header-units" in codes
    sheet.delete_rows(6)
    book.save(tmp_path / "s.xlsx")
    survey = read_survey(tmp_path / "s.xlsx")
    assert survey.sources[0].columns == {
        "supplier": "Tedarikçi Adı",
        "customer": "Müşteri Adı",
        "weight": "Satış Payı (%)",
    }
    assert survey.ties[["supplier", "customer", "weight"]].values.tolist() == [
        ["Anka Makina", "Bora Döküm", 40.0]
    ]
    assert not [issue for issue in survey.issues if issue.code in ("empty-header", "self-tie")]


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
def test_sub_headings_in_a_csv_export_of_merged_headings(write: Write, quoted: bool) -> None:
    """Exported to CSV a merged heading leaves empty cells to its right: the sub-headings
    below fill them (both parsers)."""
    rows = [
        ["Tedarikçi", "", "Müşteri", "", "Satış"],
        ["Firma Adı", "İli", "Firma Adı", "İli", "Pay (%)"],
        ["Anka Makina", "Ankara", "Bora Döküm", "Bursa", "40"],
        ["Ceyhan Elektronik", "İzmir", "Bora Döküm", "Bursa", "30"],
    ]
    text = "\n".join(",".join(f'"{c}"' if quoted else c for c in row) for row in rows) + "\n"
    survey = read_survey(write("s.csv", text))
    assert survey.sources[0].columns == {
        "supplier": "Tedarikçi Firma Adı",
        "customer": "Müşteri Firma Adı",
        "weight": "Satış Pay (%)",
    }
    assert survey.ties["weight"].tolist() == [40.0, 30.0]
    assert set(survey.ties["supplier"]) | set(survey.ties["customer"]) == {
        "Anka Makina",
        "Bora Döküm",
        "Ceyhan Elektronik",
    }
    [note] = [issue for issue in survey.issues if issue.code == "header-subheadings"]
    assert (note.line, note.severity) == (2, "info")


@pytest.mark.parametrize(
    "second",
    [
        "Anka Makina,Ankara,Bora Döküm",  # firm names: the first tie
        "Firma A,Firma B,Firma C",  # names made of a heading word and a letter
        "Tedarikçi,12,Müşteri",  # a number
    ],
)
def test_a_first_row_of_data_under_an_empty_header_cell_is_no_sub_heading_row(
    write: Write, second: str
) -> None:
    survey = read_survey(write("s.csv", f"supplier,,customer\n{second}\n"), weights="unweighted")
    assert len(survey.ties) == 1
    assert not [issue for issue in survey.issues if issue.code == "header-subheadings"]


def test_two_shares_under_two_headings_are_one_question(tmp_path: Path) -> None:
    """A share under the supplier and one under the customer: which weighs the tie is the
    user's to say, and the error says how."""
    book = openpyxl.Workbook()
    book.active.append(["Tedarikçi", None, "Müşteri", None])
    book.active.merge_cells("A1:B1")
    book.active.merge_cells("C1:D1")
    book.active.append(["Firma", "Pay (%)", "Firma", "Pay (%)"])
    book.active.append(["Anka Makina", 40, "Bora Döküm", 10])
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(SurveyError) as caught:
        read_survey(tmp_path / "s.xlsx")
    [error] = found(caught.value.issues)
    assert error.code == "ambiguous-column"
    assert "Tedarikçi Pay (%)" in error.message
    assert "--column weight=" in error.message
    survey = read_survey(tmp_path / "s.xlsx", columns={"weight": "Müşteri Pay (%)"})
    assert survey.ties[["supplier", "customer", "weight"]].values.tolist() == [
        ["Anka Makina", "Bora Döküm", 10.0]
    ]


@pytest.mark.parametrize(
    "headings",
    [
        "Tedarikçi,Tedarikçi,Müşteri,Müşteri,Satış",  # repeated over each column (pandas)
        "Tedarikçi,,Müşteri",  # the empty cells at its end cut off
    ],
    ids=["repeated", "ragged"],
)
def test_headings_repeated_or_cut_short_over_their_sub_headings(
    write: Write, headings: str
) -> None:
    text = headings + "\nAdı,İli,Adı,İli,Pay (%)\nAnka Makina,Ankara,Bora Döküm,Bursa,40\n"
    survey = read_survey(write("s.csv", text))
    assert survey.sources[0].columns["supplier"] == "Tedarikçi Adı"
    assert survey.sources[0].columns["customer"] == "Müşteri Adı"
    assert survey.ties[["supplier", "customer"]].values.tolist() == [["Anka Makina", "Bora Döküm"]]


def test_years_under_a_heading_are_sub_headings_and_a_column_given_lists_the_joined_names(
    write: Write,
) -> None:
    text = (
        "Tedarikçi,Müşteri,Satış Payı (%),\n,,2023,2024\n"
        "Anka Makina,Bora Döküm,20,25\nCeyhan Elektronik,Bora Döküm,30,35\n"
    )
    path = write("s.csv", text)
    survey = read_survey(path, columns={"weight": "Satış Payı (%) 2024"})
    assert survey.ties["weight"].tolist() == [25.0, 35.0]
    with pytest.raises(UsageError) as caught:
        read_survey(path, columns={"weight": "Pay"})
    assert "(header on line 1)" in str(caught.value)
    assert "'Satış Payı (%) 2023'" in str(caught.value)
