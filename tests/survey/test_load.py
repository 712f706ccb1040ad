"""Decoding, delimiters and CSV parsing of files as they really arrive."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from clustermap.errors import SurveyError
from clustermap.survey import check_survey, load
from clustermap.survey.load import parse_table

TEXT = 'tedarikçi,müşteri\n"Demir, Çelik ve Makine",IŞIK Savunma\nÖz Kablaj,Ağaç İşleri\n'


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1254"), "cp1254"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1254", "utf-16"],
)
def test_encodings_are_detected_and_reported(data: bytes, encoding: str) -> None:
    table = parse_table(data, label="t.csv")
    assert table.encoding == encoding
    assert list(table.frame.columns) == ["tedarikçi", "müşteri"]
    assert table.frame["tedarikçi"].tolist() == ["Demir, Çelik ve Makine", "Öz Kablaj"]
    assert table.frame["müşteri"].tolist() == ["IŞIK Savunma", "Ağaç İşleri"]


def test_latin1_is_the_last_resort() -> None:
    # 0x81 is undefined in cp1254, so the file is neither UTF-8 nor cp1254
    table = parse_table(b"supplier,customer\nA\x81,B\n", label="t.csv")
    assert table.encoding == "latin-1"


def test_explicit_encoding_wins() -> None:
    data = "supplier,customer\nŞahin,Işık\n".encode("cp1254")
    assert parse_table(data, label="t.csv", encoding="cp1254").frame.iloc[0].tolist() == [
        "Şahin",
        "Işık",
    ]
    # the same bytes read as latin-1 give other letters, as asked
    assert parse_table(data, label="t.csv", encoding="latin-1").frame.iloc[0, 0] == "Þahin"


def test_wrong_explicit_encoding_names_the_line() -> None:
    data = "supplier,customer\nA,B\nŞahin,Işık\n".encode("cp1254")
    with pytest.raises(SurveyError) as caught:
        parse_table(data, label="t.csv", encoding="utf-8")
    issue = caught.value.issues[0]
    assert (issue.line, issue.code) == (3, "bad-encoding")
    assert "leave out --encoding" in issue.message


def test_unknown_encoding_name() -> None:
    with pytest.raises(SurveyError, match="unknown encoding 'klingon'"):
        parse_table(b"a,b\n", label="t.csv", encoding="klingon")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter: str) -> None:
    data = f"supplier{delimiter}customer\r\nA{delimiter}B\r\n".encode()
    table = parse_table(data, label="t.csv")
    assert table.delimiter == delimiter
    assert table.frame.to_dict("records") == [{"supplier": "A", "customer": "B"}]


def test_line_numbers_survive_blank_lines_and_multiline_cells() -> None:
    data = b'supplier,customer\n\nA,B\n"C\nD",E\nF,G\n'
    table = parse_table(data, label="t.csv")
    assert table.frame.index.tolist() == [3, 4, 6]
    assert table.frame.loc[4, "supplier"] == "C\nD"


def test_surrounding_spaces_are_trimmed() -> None:
    table = parse_table(b" supplier , customer \n  A  ,  B \n", label="t.csv")
    assert table.frame.to_dict("records") == [{"supplier": "A", "customer": "B"}]


def test_short_rows_are_padded_and_long_rows_reported() -> None:
    table = parse_table(b"supplier,customer,weight\nA,B\nC,D,1,extra\n", label="t.csv")
    assert table.frame.loc[2].tolist() == ["A", "B", ""]
    [issue] = table.issues
    assert (issue.line, issue.code) == (3, "extra-cells")
    assert "double quotes" in issue.message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty-file"),
        (b"\n \n", "empty-file"),
        (b"PK\x03\x04\x14\x00rest-of-a-zip", "bad-workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old-excel"),
        (b"\x1f\x8b\x08garbage", "bad-gzip"),
        (b"supplier,customer\nA\x00,B\n", "not-text"),
    ],
)
def test_unusable_files(data: bytes, code: str) -> None:
    with pytest.raises(SurveyError) as caught:
        parse_table(data, label="t.csv")
    assert caught.value.issues[0].code == code


def test_excel_workbook_gets_save_as_advice() -> None:
    with pytest.raises(SurveyError, match="CSV UTF-8"):
        parse_table(b"PK\x03\x04...", label="survey.xlsx")


def test_duplicate_and_empty_headers_are_reported() -> None:
    table = parse_table(b"supplier,supplier,\nA,B,C\n", label="t.csv")
    assert sorted(issue.code for issue in table.issues) == ["duplicate-header", "empty-header"]


@pytest.mark.parametrize(
    "text",
    [
        "supplier,customer,weight\nA,B,1\n\n  ,  ,\nB , C,2\r\nC,A\n",
        "supplier;customer\r\nIşık;Çelik\r\n\r\n",
        "firm\n",
        "a,,b,\n1,,2,\n3,4,,\n",
        "supplier,customer,weight\nA,B,1,2\n",  # a row longer than the header: row by row
        "\nsupplier,customer\nA,B\n",  # the header below a blank line: row by row
        'supplier,customer\n"A, Inc.",B\n',  # quotes: row by row
    ],
)
def test_the_fast_parser_reads_as_the_csv_module(text: str) -> None:
    """pandas' C parser, where it is used, gives the table (cells, lines, warnings) that
    the csv module row by row gives; it hands over the files it cannot read alike."""
    fast = parse_table(text.encode(), label="t.csv")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "_one_row_per_line", lambda *args: None)
        slow = parse_table(text.encode(), label="t.csv")
    assert fast.frame.to_dict("split") == slow.frame.to_dict("split")
    assert fast.frame.index.name == slow.frame.index.name == "line"
    assert (fast.header_line, fast.issues) == (slow.header_line, slow.issues)


# Cells longer than the csv module's own limit (131,072 characters): audit D11

LONG = 200_000


@pytest.mark.parametrize("where", ["supplier", "customer", "notes", "relation", "header"])
def test_a_cell_over_the_csv_field_limit_is_read(tmp_path: Path, where: str) -> None:
    """A quoted cell elsewhere sends the file to the csv module: a cell of 200,000 characters
    is then a name too long where it names a firm, and nothing where it is not read."""
    long = "X" * LONG
    header = ["supplier", "customer", "relation", long if where == "header" else "notes"]
    rows = [['"Demir, Çelik"', "Anka", "supply", ""], ["Anka", "Bora", "supply", ""]]
    rows += [[f"F{i}", f"F{i + 1}", "supply", ""] for i in range(8)]
    column = {"supplier": 0, "customer": 1, "relation": 2, "notes": 3}.get(where)
    if column is not None:
        rows[5][column] = long
    path = tmp_path / "s.csv"
    path.write_text("\n".join(",".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    problems = check_survey(path).issues
    assert all(issue.code != "bad-csv" for issue in problems)
    assert all(len(issue.message) < 600 for issue in problems)
    errors = [issue for issue in problems if issue.is_error]
    if where in ("supplier", "customer"):
        [error] = errors
        assert (error.code, error.line, error.column) == ("name-too-long", 7, where)
        assert f"this {where} name has 200,000 characters" in error.message
    else:
        assert errors == []


def test_a_name_at_excels_cell_limit_says_so(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tedarikçi", "Müşteri"])
    sheet.append(["W" * 40_000, "Anka"])  # openpyxl reads it back cut at 32,767
    sheet.append(["Bora", "Anka"])
    book.save(tmp_path / "s.xlsx")
    [error] = [issue for issue in check_survey(tmp_path / "s.xlsx").issues if issue.is_error]
    assert (error.code, error.line) == ("name-too-long", 2)
    assert "fills its cell: 32,767 characters, the most an Excel cell holds" in error.message
