"""Learning reports: a member writes and submits theirs on a phone; the allocated grader
grades it, and the member sees the grade."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quantriet.accounts.models import RoleKind
from quantriet.campaigns.models import RollEntry
from quantriet.conftest import make_user
from quantriet.learning import services
from quantriet.learning.models import LearningReport, ReportReview

from .conftest import fits_the_screen, sign_in

TEXT = (
    "Thực trạng: tình trạng suy thoái về tư tưởng chính trị còn diễn biến phức tạp.\n"
    "Điểm mới của Nghị quyết là nhận diện rõ 27 biểu hiện suy thoái.\n"
    "Liên hệ bản thân: tôi sẽ gương mẫu, tự phê bình và phê bình nghiêm túc."
)


@pytest.fixture
def learning(campaign):
    """The campaign with a grade scale and a deadline a month away."""
    services.settings_update(actor=None, campaign=campaign.campaign,
                             deadline=timezone.localdate() + datetime.timedelta(days=30),
                             scale_kind="labels", grades=["Tốt", "Khá", "Trung bình", "Không đạt"])
    return campaign


def test_it_lets_a_member_write_and_submit_a_report_on_a_phone(learning, open_page):
    page = open_page(phone=True)
    sign_in(page, "member_c1")
    page.get_by_role("link", name="Bài thu hoạch của tôi").click()
    expect(page.get_by_role("heading", name="Bài thu hoạch của tôi")).to_be_visible()
    assert fits_the_screen(page)

    editor = page.get_by_label("Viết bài thu hoạch", exact=False)
    editor.fill(TEXT)
    editor.blur()  # the draft is saved on leaving the box
    expect(page.locator("#autosave")).to_contain_text("Đã lưu bản nháp lúc")
    draft = LearningReport.objects.get(campaign=learning.campaign)
    assert draft.status == "draft" and draft.submitted_at is None

    page.get_by_role("button", name="Nộp bài").click()
    expect(page.locator(".messages")).to_contain_text("Bài thu hoạch của đồng chí đã được nộp.")
    expect(page.locator(".badge", has_text="Đã nộp")).to_be_visible()

    report = LearningReport.objects.get(campaign=learning.campaign)
    assert report.pk == draft.pk
    assert report.member.member_id == "0101001"
    assert (report.status, report.source, report.is_late) == ("submitted", "web", False)
    assert report.submitted_at is not None
    assert report.text.split() == TEXT.split()


def test_it_lets_the_allocated_grader_grade_a_report(learning, open_page):
    p = learning.province
    entry = RollEntry.objects.get(campaign=learning.campaign, member__member_id="0101001")
    services.report_submit(actor=None, entry=entry, text=TEXT)
    grader = make_user("grader_x01", unit=p.h01x01, kind=RoleKind.GRADER)
    services.reports_allocate(actor=p.officer_h01, campaign=learning.campaign,
                              unit=p.h01x01, graders=[grader])

    page = open_page()
    sign_in(page, "grader_x01")
    page.goto("/campaigns/NQ4-XII/learning/grading/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bài được phân công cho tôi, đang chờ chấm")
    page.get_by_role("link", name="Nguyễn Văn An").click()
    expect(page).to_have_url(re.compile(r"/learning/reports/0101001/$"))
    expect(page.locator(".report-text")).to_contain_text("27 biểu hiện suy thoái")

    page.get_by_role("combobox", name="Xếp loại").select_option("Khá")
    page.get_by_label("Nhận xét gửi đảng viên").fill("Nắm được điểm mới; cần cụ thể hơn.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã chấm bài.")
    expect(page.get_by_text("Xếp loại: Khá")).to_be_visible()

    report = LearningReport.objects.get(campaign=learning.campaign)
    assert (report.status, report.grade, report.grader_id) == ("graded", "Khá", grader.pk)
    assert report.feedback == "Nắm được điểm mới; cần cụ thể hơn."
    review = ReportReview.objects.get(report=report)
    assert (review.decision, review.grade, review.reviewer_id) == ("graded", "Khá", grader.pk)

    mine = open_page(phone=True)
    sign_in(mine, "member_c1")
    mine.goto("/campaigns/NQ4-XII/learning/my/")
    expect(mine.locator(".grade-result")).to_have_text("Xếp loại: Khá")
    expect(mine.locator(".feedback")).to_contain_text("Nắm được điểm mới; cần cụ thể hơn.")
