"""The result report as a Word document in the Party's format (Hướng dẫn 36-HD/VPTW):
A4, Times New Roman 13–14, the header table (superior and issuing bodies on the left,
"ĐẢNG CỘNG SẢN VIỆT NAM" on the right, each with its rule), the number line, the
place-and-date line, the title, the body, the appendix tables, "Nơi nhận" and the
signature block.

Optional PDF: converted by LibreOffice (`soffice --headless`) when it is installed;
`pdf_available()` says whether it is.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from quantriet.lib import vntext

from . import narrative
from .figures import fmt

FONT = "Times New Roman"
BODY_PT = 14
SMALL_PT = 13
TABLE_PT = 11


def _set_fonts(element) -> None:
    # East-Asian and complex-script fonts too, or Word falls back for Vietnamese marks.
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _font(run, size: float | None = BODY_PT, *, bold=False, italic=False, underline=False):
    """Only what differs from the paragraph's style is written (python-docx is slow at
    each property: an appendix has thousands of runs)."""
    _set_fonts(run._element)
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True
    return run


def _para(container, text: str = "", *, size=BODY_PT, bold=False, italic=False,
          align=WD_ALIGN_PARAGRAPH.LEFT, underline=False, indent=None, after=0, before=0):
    p = container.add_paragraph()
    p.alignment = align
    fmt_ = p.paragraph_format
    fmt_.space_after = Pt(after)
    fmt_.space_before = Pt(before)
    if indent is not None:
        fmt_.first_line_indent = indent
    if text:
        _font(p.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return p


def _rule(paragraph, width_chars: int = 12) -> None:
    """A short centred rule under a header line (a bottom border on a narrow run)."""
    _font(paragraph.add_run("\n" + "\u2500" * width_chars), SMALL_PT)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _cell_text(cell, text: str, *, size=SMALL_PT, bold=False, italic=False, underline=False,
               align=WD_ALIGN_PARAGRAPH.CENTER):
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return p


def _table_cell(cell, text: str, *, bold=False, right=False, style=None):
    """A cell of the appendix: the "Table Text" style carries the font and size."""
    p = cell.paragraphs[0]
    p._p.style = style  # the style id, set directly: Paragraph.style looks it up each time
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(text)
    if bold:
        run.bold = True


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element)
    table_text = document.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(TABLE_PT)
    table_text.paragraph_format.space_after = Pt(0)


def _header(document, report) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    if report.superior_body:
        _cell_text(left, report.superior_body, size=BODY_PT)
    p = left.add_paragraph() if report.superior_body else left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(report.issuing_body), BODY_PT, bold=True)
    star = left.add_paragraph()
    star.alignment = WD_ALIGN_PARAGRAPH.CENTER
    star.paragraph_format.space_after = Pt(0)
    _font(star.add_run("*"), BODY_PT)
    number = left.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(number.add_run(report.number_line), BODY_PT)
    head = _cell_text(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    head.paragraph_format.space_after = Pt(6)
    date_line = right.add_paragraph()
    date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date = report.dated_on
    text = (vntext.format_date_line(report.place, date) if date else
            f"{report.place}, ngày     tháng     năm")
    _font(date_line.add_run(text), BODY_PT, italic=True)


def _title(document, report) -> None:
    _para(document, "BÁO CÁO", size=15, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
          before=18)
    resolution = report.campaign.resolution.title
    p = _para(document, f"Kết quả học tập, quán triệt {resolution}", bold=True,
              align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(p, 10)
    p.paragraph_format.space_after = Pt(12)


def _body(document, text: str) -> None:
    for paragraph in narrative.paragraphs(text):
        p = _para(document, paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=Cm(1.27),
                  after=6)
        p.paragraph_format.line_spacing = 1.15


def _appendix(document, snap: dict, edits: dict) -> None:
    sections = [s for s in snap.get("sections", []) if s["rows"] or s.get("total")]
    if not sections:
        return
    _para(document, "PHỤ LỤC SỐ LIỆU", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
          before=12, after=6)
    style = document.styles["Table Text"].style_id
    for sec in sections:
        _para(document, sec["title"], bold=True, size=SMALL_PT, before=6, after=3)
        # A unit's name; or what a row is about (meeting title and kind; ballot, question
        # and option), without its code.
        if sec["summed"]:
            headers = sec["headers"][-1:]
            rows = [(r["key"], r["text"][-1], r["values"]) for r in sec["rows"]]
        else:
            headers = [" — ".join(sec["headers"][1:])]
            rows = [(r["key"], " — ".join(t for t in r["text"][1:] if t), r["values"])
                    for r in sec["rows"]]
        headers += [c["label"] for c in sec["columns"]]
        if sec.get("own"):
            rows.append(("own", "Trực thuộc trực tiếp", sec["own"]))
        if sec.get("total") is not None:
            rows.append(("total", "Tổng cộng", sec["total"]))
        table = document.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = "Table Grid"
        cells = table._cells  # row by row, computed once
        width = len(headers)
        for i, h in enumerate(headers):
            _table_cell(cells[i], h, bold=True, style=style)
        for r, (key, name, values) in enumerate(rows, 1):
            row = cells[r * width:(r + 1) * width]
            total = key == "total"
            _table_cell(row[0], name, bold=total, style=style)
            for i, c in enumerate(sec["columns"], 1):
                edited = f"{sec['key']}/{key}/{c['key']}" in edits
                text = fmt(values.get(c["key"]), c["kind"]) + (" *" if edited else "")
                _table_cell(row[i], text, bold=total, right=True, style=style)
    if edits:
        _para(document, "(*) Số liệu được điều chỉnh thủ công.", italic=True, size=TABLE_PT,
              before=3)
    for item in snap.get("unavailable", []):
        _para(document, f"{item['title']}: chưa có số liệu.", italic=True, size=TABLE_PT)


def _signature(document, report) -> None:
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True,
               align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in (report.recipients or "").splitlines():
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(line), 11)
    _cell_text(right, report.signer_for, size=BODY_PT, bold=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(report.signer_title), BODY_PT, bold=True)
    for _i in range(3):
        right.add_paragraph()
    if report.signer_name:
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(report.signer_name), BODY_PT, bold=True)


def report_docx(report) -> bytes:
    """The report (a ResultReport, saved or not) as .docx bytes."""
    document = Document()
    _page(document)
    _header(document, report)
    _title(document, report)
    _body(document, report.narrative)
    _para(document)
    _signature(document, report)
    _appendix(document, report.figures, report.edits or {})
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def docx_to_pdf(data: bytes, timeout: int = 60) -> bytes:
    """Convert with LibreOffice; RuntimeError when it is absent or fails."""
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(data)
        result = subprocess.run(
            [program, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
             "--convert-to", "pdf", "--outdir", tmp, str(source)],
            capture_output=True, timeout=timeout, check=False)
        target = Path(tmp) / "report.pdf"
        if result.returncode != 0 or not target.exists():
            raise RuntimeError(result.stderr.decode("utf-8", "replace")[:500])
        return target.read_bytes()
