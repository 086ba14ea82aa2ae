"""Read an uploaded spreadsheet (XLSX or CSV in any common encoding) into plain rows.

Nothing here touches the database: the result is a Sheet of strings that can be stored as JSON
between the steps of an import. Every failure is a SpreadsheetError whose message says, in
GOV.UK style, what is wrong and where.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

import charset_normalizer

from joinedup.directory.imports.mapping import header_score

MB = 1024 * 1024
HEADER_SEARCH_ROWS = 20
SNIFF_DELIMITERS = ",;\t|"
# Limits that keep one upload from holding a worker for minutes or gigabytes. An XLSX is a zip
# of XML: its parts, unpacked, may hold MAX_XLSX_UNZIPPED in all, and its shared strings (every
# text cell's text, loaded at once by openpyxl) MAX_SHARED_STRINGS.
MAX_XLSX_UNZIPPED = 100 * MB
MAX_SHARED_STRINGS = 20 * MB
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000


class SpreadsheetError(ValueError):
    """A file that cannot be imported; the message is shown to the person as it is."""


@dataclass
class Sheet:
    """The header row and the non-blank rows below it, every cell as a string."""

    headers: list[str]
    rows: list[dict] = field(default_factory=list)  # {"number": sheet row, "cells": [str, ...]}
    header_row: int = 1
    encoding: str = ""
    file_type: str = ""

    def as_json(self) -> dict:
        """Return the sheet as a JSON-serialisable dict."""
        return {
            "headers": self.headers,
            "rows": self.rows,
            "header_row": self.header_row,
            "encoding": self.encoding,
            "file_type": self.file_type,
        }


def read_upload(upload, *, max_bytes: int) -> bytes:
    """Return an uploaded file's bytes, refusing it by its size before reading it."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise SpreadsheetError(f"The selected file must be smaller than {max_bytes // MB} MB")
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(f"The selected file must be smaller than {max_bytes // MB} MB")
    return data


def parse_spreadsheet(data: bytes, *, filename: str = "", max_rows: int = 20000) -> Sheet:
    """Parse XLSX or CSV bytes into a Sheet, finding the header row and skipping blank rows."""
    if not data or not data.strip():
        raise SpreadsheetError("The selected file is empty")
    if data[:4] == b"PK\x03\x04":
        raw_rows = _xlsx_rows(data, max_rows=max_rows)
        file_type, encoding = "xlsx", ""
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SpreadsheetError(
            "The selected file is an old Excel (XLS) file. Save it as XLSX or CSV and try again"
        )
    else:
        text, encoding = decode_text(data)
        raw_rows = _csv_rows(text, max_rows=max_rows)
        file_type = "csv"
    return _sheet_from_rows(raw_rows, file_type=file_type, encoding=encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: BOMs first, then UTF-8, then Windows-1252, then detection."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding)), encoding
            except UnicodeDecodeError as error:
                raise _encoding_error(data, error) from None
    if b"\x00" in data[:4096]:
        raise SpreadsheetError("The selected file must be a spreadsheet (XLSX or CSV)")
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    # Mostly valid UTF-8 with a few bad bytes is a broken file, not Windows-1252: decoding it
    # as 1252 would silently turn every accented name into mojibake.
    if _has_utf8_multibyte(data):
        raise _encoding_error(data, utf8_error)
    try:
        # Spreadsheets saved by Excel on Windows in the UK are cp1252 (the pound sign, curly
        # quotes); detectors often guess cp1250 for such short files, which turns £ into Ł.
        return _check_text(data.decode("cp1252")), "cp1252"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise _encoding_error(data, utf8_error)
    return _check_text(str(best)), best.encoding


def _has_utf8_multibyte(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    return any(ord(ch) > 127 and ch != "\ufffd" for ch in text)


def _encoding_error(data: bytes, error: UnicodeDecodeError) -> SpreadsheetError:
    line = data[: error.start].count(b"\n") + 1
    return SpreadsheetError(
        f"The selected file has characters we cannot read on line {line}. "
        "Save it as ‘CSV UTF-8’ or XLSX and try again"
    )


def _check_text(text: str) -> str:
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > 5:
        raise SpreadsheetError("The selected file must be a spreadsheet (XLSX or CSV)")
    return text


def _csv_rows(text: str, *, max_rows: int) -> list[tuple[int, list[str]]]:
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=SNIFF_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        for number, cells in enumerate(reader, start=1):
            rows.append((number, _row_cells(number, cells)))
            if len(rows) > max_rows + HEADER_SEARCH_ROWS:
                raise SpreadsheetError(f"The selected file must have at most {max_rows} rows")
    except csv.Error as error:
        raise SpreadsheetError(
            f"The selected file is not a readable CSV file (line {len(rows) + 1}: {error})"
        ) from None
    return rows


def check_xlsx_package(data: bytes) -> None:
    """Refuse an XLSX whose parts unpack to more than we read, before openpyxl opens it."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        raise SpreadsheetError("The selected file must be a spreadsheet (XLSX or CSV)") from None
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_XLSX_UNZIPPED:
        raise SpreadsheetError(
            f"The selected file unpacks to {unpacked // MB:,} MB; a spreadsheet to import "
            f"must unpack to at most {MAX_XLSX_UNZIPPED // MB} MB"
        )
    strings = sum(p.file_size for p in parts if p.filename.lower() == "xl/sharedstrings.xml")
    if strings > MAX_SHARED_STRINGS:
        raise SpreadsheetError(
            f"The selected file holds {strings // MB:,} MB of text; a spreadsheet to import "
            f"must hold at most {MAX_SHARED_STRINGS // MB} MB"
        )


def _row_cells(number: int, values) -> list[str]:
    """Return a row's cells as text, trailing blanks dropped, within the width and length limits."""
    cells = [_cell_text(v) for v in values]
    while cells and not cells[-1].strip():
        cells.pop()
    if len(cells) > MAX_COLUMNS:
        raise SpreadsheetError(
            f"Row {number} of the selected file has cells in column {column_name(len(cells))}; "
            f"a spreadsheet to import must have at most {MAX_COLUMNS} columns"
        )
    for index, text in enumerate(cells):
        if len(text) > MAX_CELL_CHARS:
            raise SpreadsheetError(
                f"Cell {column_name(index + 1)}{number} of the selected file is longer than "
                f"{MAX_CELL_CHARS:,} characters"
            )
    return cells


def column_name(number: int) -> str:
    """Return a spreadsheet column's letters (1 → A, 27 → AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx_rows(data: bytes, *, max_rows: int) -> list[tuple[int, list[str]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_package(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise SpreadsheetError("The selected file must be a spreadsheet (XLSX or CSV)") from None
    try:
        sheet = book.active or book.worksheets[0]
        # A file may declare any size (A1:XFD1048576); openpyxl would pad every row to it.
        # Forget the declaration and read only the cells that are there.
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, _row_cells(number, values)))
            if len(rows) > max_rows + HEADER_SEARCH_ROWS:
                raise SpreadsheetError(f"The selected file must have at most {max_rows} rows")
        return rows
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        if isinstance(error, SpreadsheetError):
            raise
        raise SpreadsheetError("The selected file must be a spreadsheet (XLSX or CSV)") from None
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _sheet_from_rows(raw_rows, *, file_type: str, encoding: str) -> Sheet:
    filled = [(n, cells) for n, cells in raw_rows if any(c.strip() for c in cells)]
    if not filled:
        raise SpreadsheetError("The selected file is empty")
    candidates = filled[:HEADER_SEARCH_ROWS]
    # The header is the early row that looks most like column names; a title row above it
    # ("Invitation list (DRAFT)") has one filled cell and scores nothing.
    scored = [(header_score(cells), -i) for i, (_, cells) in enumerate(candidates)]
    best_score, best_index = max(scored)
    index = -best_index if best_score > 0 else 0
    header_number, header_cells = candidates[index]
    width = max(len(header_cells), *(len(cells) for _, cells in filled[index + 1 :]), 0)
    headers = [c.strip() for c in header_cells] + [""] * (width - len(header_cells))
    rows = []
    for number, cells in filled[index + 1 :]:
        padded = list(cells) + [""] * (width - len(cells))
        rows.append({"number": number, "cells": padded[:width]})
    if not rows:
        raise SpreadsheetError("The selected file has a header row but no rows of data")
    return Sheet(
        headers=headers,
        rows=rows,
        header_row=header_number,
        encoding=encoding,
        file_type=file_type,
    )
