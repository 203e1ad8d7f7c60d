"""Writing Excel workbooks and CSV files: the one writer behind every download and export.

Numbers stay numbers, dates stay dates (shown DD/MM/YYYY), headers are bold, and text a
spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return: a
member named "=HYPERLINK(...)") is neutralised:
- in CSV it gets a leading apostrophe, which Excel and LibreOffice show as text (our own
  imports strip it again, so an export re-imports unchanged);
- in XLSX it is written as a string cell (never evaluated) marked "quote prefix", the
  apostrophe's own meaning in Excel, so the cell shows the text exactly and stays text if
  someone edits it.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0"
# Characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value):
    """`value` for a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def text_cell(cell):
    """Make an openpyxl cell holding formula-like text a plain (quote-prefixed) string."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_csv(headers: list[str], rows: Iterable[tuple], cell=lambda v: v) -> bytes:
    """UTF-8 with a BOM (Excel then opens it as UTF-8, not the local code page), CRLF,
    every cell through `cell` then neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in headers])
    for row in rows:
        writer.writerow([csv_safe(cell(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

Sheet = tuple[str, list[str], Iterable[tuple]]


def write_xlsx(sheets: list[Sheet]) -> bytes:
    """Sheets of (title, headers, rows) as one workbook, written as it streams."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title[:31])

        def header(text: str, sheet=sheet) -> WriteOnlyCell:
            c = text_cell(WriteOnlyCell(sheet, value=text))
            c.font = bold
            return c

        def cell(value, sheet=sheet):
            if isinstance(value, datetime.date):
                c = WriteOnlyCell(sheet, value=value)
                c.number_format = DATE_FORMAT
                return c
            if isinstance(value, float):
                c = WriteOnlyCell(sheet, value=value)
                c.number_format = PERCENT_FORMAT
                return c
            if is_formula_like(value):
                return text_cell(WriteOnlyCell(sheet, value=value))
            return value

        sheet.append([header(h) for h in headers])
        for row in rows:
            sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
