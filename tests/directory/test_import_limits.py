"""Spreadsheets that would hold a worker for minutes or gigabytes are refused, or read only for
the cells they really have: a declared A1:XFD1048576, shared strings past the limit, a file that
unpacks too far, too many columns, a cell too long."""

import io
import re
import zipfile

import openpyxl
import pytest

from joinedup.directory.imports import reading
from joinedup.directory.imports.reading import SpreadsheetError, column_name, parse_spreadsheet

MB = 1024 * 1024


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_part(data: bytes, name: str, change) -> bytes:
    """Return the xlsx with one part's XML changed (as a hostile file would be written)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info.filename, change(body) if info.filename == name else body)
    return buffer.getvalue()


LIST = [["Name", "Email", "Team"], ["Ada Obi", "ada@housing.example", "Housing Options"]]


def test_a_declared_sheet_of_every_cell_is_read_for_the_cells_it_has():
    data = rewrite_part(
        workbook(LIST),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', xml),
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = parse_spreadsheet(data, filename="list.xlsx")
    assert sheet.headers == ["Name", "Email", "Team"]
    assert [r["cells"] for r in sheet.rows] == [
        ["Ada Obi", "ada@housing.example", "Housing Options"]
    ]


def test_shared_strings_past_the_limit_are_refused_before_openpyxl_loads_them(monkeypatch):
    monkeypatch.setattr(reading, "MAX_SHARED_STRINGS", 1 * MB)
    # Excel keeps text cells in xl/sharedStrings.xml (openpyxl writes them inline, so add it)
    buffer = io.BytesIO(workbook(LIST))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>"
            + b"x" * (2 * MB)
            + b"</t></si></sst>",
        )
    data = buffer.getvalue()
    assert len(data) < 100_000
    with pytest.raises(
        SpreadsheetError, match="holds 2 MB of text; a spreadsheet to import must hold at most 1 MB"
    ):
        parse_spreadsheet(data, filename="list.xlsx")


def test_an_xlsx_that_unpacks_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_XLSX_UNZIPPED", 1 * MB)
    data = workbook([*LIST, *([f"Person {i}", f"p{i}@x.example", "Team"] for i in range(30000))])
    with pytest.raises(SpreadsheetError, match=r"unpacks to \d+ MB; a spreadsheet to import"):
        parse_spreadsheet(data, filename="list.xlsx")


def test_a_row_with_a_cell_past_column_200_names_row_and_column():
    row = ["Eve", "eve@x.example", "Team", *([""] * 200), "stray"]
    with pytest.raises(
        SpreadsheetError,
        match="Row 3 of the selected file has cells in column GV; a spreadsheet to import must "
        "have at most 200 columns",
    ):
        parse_spreadsheet(workbook([*LIST, row]), filename="list.xlsx")


def test_trailing_blank_cells_do_not_count_towards_the_width():
    row = ["Eve", "eve@x.example", "Team", *([None] * 400)]
    sheet = parse_spreadsheet(workbook([*LIST, row]), filename="list.xlsx")
    assert [len(r["cells"]) for r in sheet.rows] == [3, 3]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_cell_longer_than_10000_characters_is_named(kind):
    rows = [*LIST, ["Eve", "eve@x.example", "y" * 10_001]]
    data = workbook(rows) if kind == "xlsx" else "\n".join(",".join(r) for r in rows).encode()
    with pytest.raises(
        SpreadsheetError, match="Cell C3 of the selected file is longer than 10,000 characters"
    ):
        parse_spreadsheet(data, filename=f"list.{kind}")


@pytest.mark.parametrize(
    ("n", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (203, "GU"), (16384, "XFD")]
)
def test_column_name(n, letters):
    assert column_name(n) == letters


def test_openpyxl_reads_xml_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True
