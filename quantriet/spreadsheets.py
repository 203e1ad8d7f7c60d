"""Writing Excel workbooks: the one writer behind every download and export.

Numbers stay numbers, dates stay dates (shown DD/MM/YYYY), headers are bold, and text a
spreadsheet would run as a formula is written as plain text.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0"

Sheet = tuple[str, list[str], Iterable[tuple]]


def write_xlsx(sheets: list[Sheet]) -> bytes:
    """Sheets of (title, headers, rows) as one workbook, written as it streams."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title[:31])

        def header(text: str, sheet=sheet) -> WriteOnlyCell:
            c = WriteOnlyCell(sheet, value=text)
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
            if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
                c = WriteOnlyCell(sheet, value=value)
                c.data_type = "s"
                return c
            return value

        sheet.append([header(h) for h in headers])
        for row in rows:
            sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
