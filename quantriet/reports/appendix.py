"""The statistics appendix as an Excel workbook: one sheet per section, one row per child
unit (or meeting, or ballot option), then the unit's own direct rows and the total. The
total of every additive column is a SUM formula and every percentage of the total a
formula over its two counts, so an office that corrects a cell sees the totals follow.
"""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from quantriet.spreadsheets import text_cell

HEADER_ROW = 3
PERCENT_FORMAT = "0.0"
INT_FORMAT = "#,##0"


def _text(sheet, row: int, col: int, text: str):
    """Text a spreadsheet would run as a formula stays text."""
    return text_cell(sheet.cell(row, col, text))


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
    name, n = base, 2
    while name in used:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def appendix_xlsx(snap: dict, *, title: str = "", edits: dict | None = None) -> bytes:
    edits = edits or {}
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    used: set[str] = set()
    for sec in snap.get("sections", []):
        sheet = workbook.create_sheet(_sheet_title(sec["title"], used))
        _text(sheet, 1, 1, f"{sec['title']} — {snap.get('unit_name', '')}").font = bold
        if title:
            _text(sheet, 2, 1, title)
        headers = list(sec["headers"]) + [c["label"] for c in sec["columns"]]
        for i, h in enumerate(headers, 1):
            _text(sheet, HEADER_ROW, i, h).font = bold
        text_cols = len(sec["headers"])
        col_of = {c["key"]: text_cols + i for i, c in enumerate(sec["columns"], 1)}
        rows = [(r["key"], r["text"], r["values"]) for r in sec["rows"]]
        if sec.get("own"):
            rows.append(("own", [snap.get("unit", ""), "Trực thuộc trực tiếp"], sec["own"]))
        first = HEADER_ROW + 1
        r = first - 1
        for r, (key, texts, values) in enumerate(rows, first):
            for i, t in enumerate(texts[:text_cols], 1):
                _text(sheet, r, i, str(t))
            for c in sec["columns"]:
                cell = sheet.cell(r, col_of[c["key"]], values.get(c["key"]))
                cell.number_format = PERCENT_FORMAT if c["kind"] == "percent" else INT_FORMAT
                if f"{sec['key']}/{key}/{c['key']}" in edits:
                    cell.font = Font(italic=True, color="B00020")
        last = r
        if sec.get("total") is None:
            continue
        total_row = last + 1
        _text(sheet, total_row, 1, snap.get("unit", "")).font = bold
        if text_cols > 1:
            sheet.cell(total_row, 2, "Tổng cộng").font = bold
        for c in sec["columns"]:
            col = col_of[c["key"]]
            letter = get_column_letter(col)
            if c["additive"] and sec.get("summed"):
                value = (f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0)
            elif c["kind"] == "percent" and c["num"]:
                num = f"{get_column_letter(col_of[c['num']])}{total_row}"
                base = f"{get_column_letter(col_of[c['base']])}{total_row}"
                value = f"=IF({base}=0,0,ROUND({num}*100/{base},1))"
            else:
                value = sec["total"].get(c["key"])
            cell = sheet.cell(total_row, col, value)
            cell.font = bold
            cell.number_format = PERCENT_FORMAT if c["kind"] == "percent" else INT_FORMAT
        for i in range(1, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(i)].width = 14 if i > text_cols else 28
    if not workbook.sheetnames:
        workbook.create_sheet("Trống")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def children_reporting_xlsx(reporting: dict) -> bytes:
    """The child units' result reports (reports.selectors.children_reporting)."""
    from django.utils.translation import gettext as _

    from quantriet.spreadsheets import write_xlsx

    headers = [_("Unit code"), _("Party unit"), _("Status"), _("Submitted on"),
               _("Decided on")]

    def day(value):
        return timezone.localtime(value).date() if value else None

    rows = []
    for row in reporting["rows"]:
        report = row["report"]
        status = report.get_status_display() if report else _("Not started")
        rows.append((row["unit"].code, row["unit"].name, str(status),
                     day(report.submitted_at) if report else None,
                     day(report.decided_at) if report else None))
    return write_xlsx([(_("Result reports"), headers, rows)])
