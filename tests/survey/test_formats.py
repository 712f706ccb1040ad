"""Every file format a survey arrives in: Excel workbooks, gzip, stdin, Windows encodings."""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from clustermap.errors import SurveyError
from clustermap.survey import read_survey
from clustermap.survey.load import parse_table, read_table
from tests.conftest import found


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_excel_workbook_first_sheet(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "anket.xlsx",
        {
            "Bağlar": [
                ["Tedarikçi", "Müşteri", "Pay"],
                ["Işık Kablaj", "Anka Savunma", 12.5],
                [None, None, None],
                ["Öz Metal", "Anka Savunma", 40],
            ],
            "Notlar": [["not"], ["x"]],
        },
    )
    survey = read_survey(path)
    assert survey.ties[["supplier", "weight"]].values.tolist() == [
        ["Işık Kablaj", 12.5],
        ["Öz Metal", 40.0],
    ]
    source = survey.sources[0]
    assert (source.format, source.sheet, source.encoding) == ("xlsx", "Bağlar", "xlsx")


def test_excel_sheet_by_name_and_row_numbers_in_messages(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "anket.xlsx",
        {
            "Özet": [["nothing"]],
            "Bağlar": [["supplier", "customer", "weight"], ["A", "B", 1], ["C", "D", -2]],
        },
    )
    with pytest.raises(SurveyError) as caught:
        read_survey(path, sheet="Bağlar")
    [issue] = found(caught.value.issues)
    assert (issue.line, issue.column, issue.code) == (3, "weight", "bad-weight")


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = workbook(tmp_path / "anket.xlsx", {"Sayfa1": [["supplier", "customer"]]})
    with pytest.raises(SurveyError, match="its sheets are 'Sayfa1'"):
        read_table(path, sheet="Sheet9")


def test_gzip_compressed_csv(tmp_path: Path) -> None:
    path = tmp_path / "anket.csv.gz"
    path.write_bytes(gzip.compress("tedarikçi;müşteri\nA;Ş\n".encode("cp1254")))
    table = read_table(path)
    assert (table.format, table.encoding, table.frame.iloc[0].tolist()) == (
        "csv.gz",
        "cp1254",
        ["A", "Ş"],
    )


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"supplier,customer\nA,B\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    table = read_table("-")
    assert table.label == "standard input"
    assert table.frame.to_dict("records") == [{"supplier": "A", "customer": "B"}]


def test_cp1252_when_cp1254_cannot_decode() -> None:
    # 0x8E is Ž in cp1252 and undefined in cp1254
    table = parse_table("supplier,customer\nŽarko,Müller\n".encode("cp1252"), label="x")
    assert (table.encoding, table.frame.iloc[0].tolist()) == ("cp1252", ["Žarko", "Müller"])


def test_utf16_without_byte_order_mark() -> None:
    table = parse_table("supplier\tcustomer\nIşık\tÇelik\n".encode("utf-16-le"), label="x")
    assert (table.encoding, table.delimiter) == ("utf-16-le", "\t")
    assert table.frame.iloc[0].tolist() == ["Işık", "Çelik"]


def test_utf16_as_excel_writes_unicode_text() -> None:
    data = "Tedarikçi\tMüşteri\r\nIşık\tÇelik\r\n".encode("utf-16")  # with BOM, like Excel
    table = parse_table(data, label="x")
    assert (table.encoding, table.frame.iloc[0].tolist()) == ("utf-16", ["Işık", "Çelik"])


def test_workbook_numbers_are_not_read_as_turkish_text(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "anket.xlsx",
        {"Bağlar": [["Tedarikçi", "Müşteri", "Pay"], ["A", "B", "12,5"], ["C", "D", 1.125]]},
    )
    survey = read_survey(path)
    assert survey.ties["weight"].tolist() == [12.5, 1.125]
    assert found(survey.issues) == []


def test_whole_numbers_with_thousand_dots(write: Callable[..., Path]) -> None:
    text = "Tedarikçi;Müşteri;Tutar\nA;B;1.250\nB;C;800\nC;D;2.500.000\n"
    survey = read_survey(write("t.csv", text, "cp1254"))
    assert survey.ties["weight"].tolist() == [1250.0, 800.0, 2500000.0]


def test_byte_order_mark_wins_over_encoding_and_firms_are_detected(
    write: Callable[..., Path],
) -> None:
    ties = write("t.csv", "\ufefftedarikçi;müşteri\nIşık;Öztürk\n")  # UTF-8 with BOM
    firms = write("f.csv", "firma\nIşık\nÖztürk\n")  # UTF-8, no BOM
    survey = read_survey(ties, firms, encoding="cp1254")
    assert sorted(survey.firms.index) == ["Işık", "Öztürk"]
    assert [source.encoding for source in survey.sources] == ["utf-8-sig", "utf-8"]


def test_pasted_row_in_a_bom_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\xef\xbb\xbfsupplier,customer\nA,B\n" + "Işık,C\n".encode("cp1254"))
    with pytest.raises(SurveyError) as caught:
        read_survey(path)
    assert (found(caught.value.issues)[0].code, found(caught.value.issues)[0].line) == (
        "bad-encoding",
        3,
    )


def test_sheet_by_number_or_any_case(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "anket.xlsx",
        {"Notlar": [["not"]], "Bağlar": [["supplier", "customer"], ["A", "B"]]},
    )
    assert read_table(path, sheet="2").sheet == "Bağlar"
    assert read_table(path, sheet="BAĞLAR".lower()).sheet == "Bağlar"


def test_notes_sheet_first_points_to_the_other_sheets(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "anket.xlsx",
        {"Notlar": [["not"], ["x"]], "Bağlar": [["supplier", "customer"], ["A", "B"]]},
    )
    with pytest.raises(SurveyError, match="other sheets are 'Bağlar'"):
        read_survey(path)
