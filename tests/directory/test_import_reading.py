"""Reading spreadsheets: XLSX and CSV in any common encoding, the header row, blank rows, and
clear messages for files that cannot be read."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.directory.imports.mapping import guess_mapping, mapping_problems
from joinedup.directory.imports.reading import (
    MB,
    SpreadsheetError,
    decode_text,
    parse_spreadsheet,
    read_upload,
)

# our own messy list, made by scripts/make_test_data.py (docs/directory.md counts it)
DATA = Path(__file__).resolve().parents[1] / "data" / "directory"
CSV_TEXT = (
    "Organisation,First name,Surname,E-mail\nHousing Options Team,Zoë,O’Brien,zoe@council.example\n"
)


def xlsx_bytes(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_parse_spreadsheet_finds_header_below_title_and_skips_blank_rows():
    sheet = parse_spreadsheet((DATA / "invitation-list.xlsx").read_bytes())
    assert sheet.header_row == 3
    assert sheet.headers == [
        "Team / Service", "Contact name", "Job title", "Email address", "Tel", "Area", "Notes",
    ]  # fmt: skip
    assert len(sheet.rows) == 92  # 97 rows less the title, a blank, the header and 2 blanks
    assert sheet.rows[0] == {
        "number": 4,
        "cells": [
            "DfE Attendance Policy", "Niall Ingleby", "Senior Practitioner",
            "niall.ingleby@education.example", "+44 20 7946 0937", "Education", "met at the MARAC",
        ],
    }  # fmt: skip


def test_parse_spreadsheet_reads_the_cp1252_csv_twin_with_pound_signs_and_curly_quotes():
    sheet = parse_spreadsheet((DATA / "invitation-list.csv").read_bytes())
    assert sheet.encoding == "cp1252"
    assert len(sheet.rows) == 92
    notes = [row["cells"][6] for row in sheet.rows if row["cells"][6].startswith("Offered")]
    assert notes == ["Offered £150 – ‘drop-in’ room"]


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (CSV_TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"), "utf-8-sig"),
        (CSV_TEXT.encode("utf-16"), "utf-16"),
        (CSV_TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_parse_spreadsheet_reads_common_encodings(encoded, encoding):
    sheet = parse_spreadsheet(encoded)
    assert (sheet.encoding, sheet.headers[0], sheet.rows[0]["cells"][1:3]) == (
        encoding,
        "Organisation",
        ["Zoë", "O’Brien"],
    )


def test_parse_spreadsheet_sniffs_semicolons():
    sheet = parse_spreadsheet(b"Team;Name;Email\nYOT;Sam Lee;sam@council.example\n")
    assert sheet.rows[0]["cells"] == ["YOT", "Sam Lee", "sam@council.example"]


def test_parse_spreadsheet_reads_xlsx_numbers_as_text():
    data = xlsx_bytes([["Team", "Name", "Phone"], ["YOT", "Sam Lee", 7700900123.0]])
    assert parse_spreadsheet(data).rows[0]["cells"] == ["YOT", "Sam Lee", "7700900123"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The selected file is empty"),
        (b"   \n\n", "The selected file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "must be a spreadsheet (XLSX or CSV)"),
        (b"PK\x03\x04not really a zip file at all", "must be a spreadsheet (XLSX or CSV)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel (XLS) file"),
        (b"Team,Name\n", "has a header row but no rows of data"),
    ],
)
def test_parse_spreadsheet_refuses_unreadable_files_clearly(data, message):
    with pytest.raises(SpreadsheetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_spreadsheet(data)


def test_decode_text_refuses_utf8_broken_by_a_stray_byte_and_says_where():
    data = "Team,Name\nYOT,Zoë Brown\n".encode() + b"YOT,Bad \xff byte\n"
    with pytest.raises(SpreadsheetError, match="cannot read on line 3"):
        decode_text(data)


def test_read_upload_refuses_a_large_file_by_its_size_before_reading_it():
    class Huge:
        name, size = "huge.xlsx", 50 * MB

        def read(self, *args):
            raise AssertionError("a refused file must not be read")

    with pytest.raises(SpreadsheetError, match="must be smaller than 10 MB"):
        read_upload(Huge(), max_bytes=10 * MB)


def test_read_upload_counts_bytes_when_the_size_is_unknown():
    upload = SimpleUploadedFile("big.csv", b"x" * (MB + 1))
    upload.size = None
    with pytest.raises(SpreadsheetError, match="smaller than 1 MB"):
        read_upload(upload, max_bytes=MB)


def test_guess_mapping_knows_both_invitation_lists():
    assert guess_mapping(
        ["Organisation", "First name", "Surname", "Role", "E-mail", "Phone number", "Notes"]
    ) == {
        "team": 0, "full_name": None, "first_name": 1, "last_name": 2, "role": 3, "email": 4,
        "phone": 5, "sector": None, "notes": 6,
    }  # fmt: skip
    assert guess_mapping(
        ["Team / Service", "Contact name", "Job title", "Email address", "Tel", "Area", "Notes"]
    ) == {
        "team": 0, "full_name": 1, "first_name": None, "last_name": None, "role": 2, "email": 3,
        "phone": 4, "sector": 5, "notes": 6,
    }  # fmt: skip


def test_mapping_problems_asks_for_names_and_team():
    mapping = guess_mapping(["Colour", "Size"])
    assert mapping_problems(mapping) == [
        "We could not find a column of names or email addresses. Check that the file has a "
        "header row with columns such as ‘Name’ and ‘Email’",
        "Choose the column that holds the team or organisation",
    ]
