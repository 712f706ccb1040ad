"""Every file format a survey arrives in: Excel workbooks, gzip, stdin, Windows encodings."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import openpyxl
import pytest

from clustermap.errors import SurveyError
from clustermap.survey import read_survey
from clustermap.survey.load import parse_table, read_table


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
    [issue] = caught.value.issues
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
