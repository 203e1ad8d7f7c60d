import io
import zipfile

import pytest
from docx import Document
from docx.shared import Pt

from quantriet.reports import word
from quantriet.reports.models import ResultReport
from quantriet.reports.services import report_build
from quantriet.reports.tests.factories import with_activity


@pytest.fixture
def h01_report(campaign):
    with_activity(campaign)
    report = report_build(actor=None, campaign=campaign.campaign, unit=campaign.province.h01)
    report.number = "15"
    import datetime
    report.dated_on = datetime.date(2016, 12, 2)
    report.save()
    return report


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def test_it_writes_the_party_header_layout(h01_report, client_for, campaign):
    response = client_for(campaign.province.officer_h01).get(
        f"/reports/{h01_report.pk}/report.docx")
    assert response.status_code == 200
    assert "bao-cao-ket-qua-NQ4-XII-H01.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    header = document.tables[0]
    left, right = (c.text for c in header.rows[0].cells)
    assert left.splitlines() == ["ĐẢNG BỘ TỈNH TIỀN GIANG", "HUYỆN ỦY CÁI BÈ", "*", "Số 15-BC/HU"]
    assert right.splitlines() == ["ĐẢNG CỘNG SẢN VIỆT NAM",
                                  "Tiền Giang, ngày 02 tháng 12 năm 2016"]
    party = header.rows[0].cells[1].paragraphs[0].runs[0]
    assert party.bold and party.underline
    issuing = header.rows[0].cells[0].paragraphs[1].runs[0]
    assert issuing.text == "HUYỆN ỦY CÁI BÈ" and issuing.bold
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert any(t.startswith("Kết quả học tập, quán triệt Nghị quyết Hội nghị Trung ương 4")
               for t in texts)
    body = "\n".join(texts)
    assert "có 3 đảng viên của Đảng bộ huyện Cái Bè tham dự, đạt 60,0 %" in body
    signature = document.tables[1].rows[0].cells
    assert signature[0].text.startswith("Nơi nhận:")
    assert signature[1].text.split("\n")[:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    fonts = {r.font.name for p in document.paragraphs for r in p.runs}
    fonts |= {r.font.name for t in document.tables for row in t.rows for c in row.cells
              for p in c.paragraphs for r in p.runs}
    # Runs name Times New Roman or inherit it from their style (the appendix's cells).
    assert fonts <= {"Times New Roman", None}
    assert document.styles["Table Text"].font.name is None  # based on Normal
    assert document.styles["Table Text"].base_style.name == "Normal"
    sizes = {r.font.size for p in document.paragraphs for r in p.runs
             if p.text in body.split("\n") and len(p.text) > 200}
    assert sizes == {Pt(14)}
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_it_puts_the_appendix_with_the_same_figures_as_the_narrative(h01_report):
    document = Document(io.BytesIO(word.report_docx(h01_report)))
    text = _all_text(document)
    assert "PHỤ LỤC SỐ LIỆU" in text
    coverage = next(t for t in document.tables[2:] if "Chi bộ ấp 1" in t.rows[1].cells[0].text
                    or "Đảng bộ xã An Hữu" in t.rows[1].cells[0].text)
    total = [c.text for c in coverage.rows[-1].cells]
    assert total == ["Tổng cộng", "5", "1", "4", "80,0 %", "40"]


def test_it_marks_figures_edited_by_hand(h01_report):
    from quantriet.reports.services import report_figure_edit

    report = report_figure_edit(actor=None, report=h01_report, section="coverage",
                                row="total", column="non_members", value="41")
    text = _all_text(Document(io.BytesIO(word.report_docx(report))))
    assert "41 *" in text and "(*) Số liệu được điều chỉnh thủ công." in text


@pytest.mark.skipif(not word.pdf_available(), reason="LibreOffice is not installed")
def test_it_converts_to_pdf_with_libreoffice(h01_report):
    pdf = word.docx_to_pdf(word.report_docx(h01_report))
    assert pdf.startswith(b"%PDF")


def test_it_has_no_pdf_link_or_page_without_libreoffice(h01_report, client_for, campaign,
                                                       monkeypatch):
    monkeypatch.setattr(word, "soffice", lambda: None)
    client = client_for(campaign.province.officer_h01)
    assert "report.pdf" not in client.get(f"/reports/{h01_report.pk}/").content.decode()
    assert client.get(f"/reports/{h01_report.pk}/report.pdf").status_code == 404


def test_it_writes_a_valid_docx_package(h01_report):
    data = word.report_docx(ResultReport.objects.get(pk=h01_report.pk))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        assert "word/document.xml" in z.namelist()


def test_it_writes_a_province_report_whose_narrative_matches_its_appendix_and_the_coverage_json(
        campaign):
    """The issue's done-when, on the Word file itself: every number of the body is a cell
    of the document's appendix, and the coverage figures are the coverage JSON's."""
    from quantriet.reports import checks, figures
    from quantriet.reports.selectors import coverage

    with_activity(campaign)
    p = campaign.province
    report = report_build(actor=None, campaign=campaign.campaign, unit=p.t01)
    document = Document(io.BytesIO(word.report_docx(report)))
    texts = [par.text for par in document.paragraphs]
    body = "\n".join(texts[texts.index("BÁO CÁO") + 2:texts.index("PHỤ LỤC SỐ LIỆU")])
    cells = {c.text.removesuffix(" *") for t in document.tables[2:] for row in t.rows
             for c in row.cells}
    numbers = checks.narrative_numbers(body, checks.literal_texts(report.figures))
    assert len(numbers) >= 8
    for written, _value in numbers:
        normal = written.replace("%", " %").replace("  ", " ")
        assert written in cells or normal in cells, written
    cov = coverage(campaign.campaign, p.t01)
    assert f"quán triệt cho {cov['covered']} đảng viên, đạt 71,4 %" in body
    assert cov["covered_percent"] == 71.4
    total = figures.section(report.figures, "coverage")["total"]
    assert total == {k: cov[k] for k in total}
