"""An officer writes the district's result report from the records and downloads it as
Word: a real .docx whose figures are the records'."""

from __future__ import annotations

import re

from docx import Document
from playwright.sync_api import expect

from quantriet.campaigns.models import RollEntry
from quantriet.lib import vntext
from quantriet.meetings.models import Attendance
from quantriet.reports.models import ResultReport
from quantriet.reports.tests.factories import with_activity

from .conftest import sign_in


def _docx_text(path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows
              for cell in row.cells]
    return "\n".join(parts)


def test_it_lets_an_officer_download_the_result_report_as_word(campaign, open_page):
    p = campaign.province
    with_activity(campaign)
    # The district's figures, counted here from the rows themselves.
    roll = RollEntry.objects.filter(campaign=campaign.campaign,
                                    unit__path__startswith=p.h01.path)
    attended = Attendance.objects.filter(
        meeting=campaign.conference, status="present",
        member__in=roll.values("member")).count()
    assert 0 < attended < roll.count()

    page = open_page()
    sign_in(page, "officer_h01")
    page.get_by_role("link", name="Báo cáo kết quả").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo kết quả: Đảng bộ huyện Cái Bè")
    page.get_by_role("button", name="Lập báo cáo từ số liệu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lập báo cáo từ số liệu.")
    report = ResultReport.objects.get(campaign=campaign.campaign)
    assert report.unit_id == p.h01.pk
    expect(page).to_have_url(re.compile(rf"/reports/{report.pk}/$"))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về (Word)").click()
    download = download_info.value
    assert download.suggested_filename == "bao-cao-ket-qua-NQ4-XII-H01.docx"
    text = _docx_text(download.path())
    percent = vntext.format_percent(vntext.percent(attended, roll.count()))
    assert (f"có {vntext.format_int(attended)} đảng viên của Đảng bộ huyện Cái Bè tham dự, "
            f"đạt {percent}") in text
