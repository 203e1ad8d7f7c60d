"""Attendance on a phone: the operator's tick list at a bridge point, and a member's own
check-in by the bridge point's QR code."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import expect

from quantriet.conftest import make_user
from quantriet.meetings import qr
from quantriet.meetings.models import Attendance, Meeting

from .conftest import fits_the_screen, sign_in

TICK_LIST = "/meetings/HNTT-01/bridge-points/DC-H01/"


def _marks(meeting) -> set[tuple]:
    return set(Attendance.objects.filter(meeting=meeting).values_list(
        "member__member_id", "status", "method", "bridge_point__code", "recorded_by__username"))


def _counter(page, label: str):
    return page.locator("#counters > div", has_text=label).locator("b")


def test_it_lets_an_operator_tick_attendance_on_a_phone(campaign, open_page):
    operator = make_user("op_h01")
    campaign.bp1.operators.add(operator)
    # The conference is today: the operator lands straight on their bridge point.
    Meeting.objects.filter(pk=campaign.conference.pk).update(starts_at=timezone.now())

    page = open_page(phone=True)
    sign_in(page, "op_h01")
    expect(page).to_have_url(re.compile(re.escape(TICK_LIST) + "$"))
    expect(page.get_by_role("heading", name="Điểm cầu huyện Cái Bè")).to_be_visible()
    expect(_counter(page, "có mặt")).to_have_text("0")
    # Phone first: nothing wider than the screen, and finger-sized rows.
    assert fits_the_screen(page)

    an = page.get_by_role("button", name=re.compile(r"^Nguyễn Văn An"))
    assert an.bounding_box()["height"] >= 48
    an.tap()
    an_row = page.locator(".tick-row.present", has_text="Nguyễn Văn An")
    expect(an_row).to_contain_text("✓ Nguyễn Văn An")
    expect(an_row).to_contain_text("có mặt")
    expect(_counter(page, "có mặt")).to_have_text("1")

    # Search folds accents: "duc" finds Võ Minh Đức, who sent word he cannot come.
    page.get_by_role("searchbox", name="Tìm theo họ tên hoặc số hiệu đảng viên").fill("duc")
    duc_row = page.locator(".tick-row", has_text="Võ Minh Đức")
    expect(page.locator(".tick-row")).to_have_count(1)
    duc_row.get_by_role("button", name="Vắng có lý do").tap()
    expect(page.locator(".tick-row.excused", has_text="Võ Minh Đức")).to_contain_text(
        "vắng có lý do")
    expect(_counter(page, "vắng có lý do")).to_have_text("1")
    expect(_counter(page, "có mặt")).to_have_text("1")

    assert _marks(campaign.conference) == {
        ("0101001", "present", "tick", "DC-H01", "op_h01"),
        ("0101005", "excused", "tick", "DC-H01", "op_h01"),
    }


def test_it_checks_a_member_in_by_the_qr_code_on_a_phone(campaign, open_page):
    p = campaign.province
    screen = open_page()  # the bridge point's screen, shown by an officer of the district
    sign_in(screen, "officer_h01")
    screen.goto(TICK_LIST)
    screen.get_by_role("link", name="Hiện mã QR điểm danh").click()
    expect(screen.locator(".qr-code svg")).to_be_visible()
    expect(screen.locator(".qr-count")).to_have_text("Có mặt: 0")

    # What the member's phone opens on scanning the code: the current check-in URL.
    url = f"/checkin/HNTT-01/DC-H01/{qr.token_for(campaign.bp1)}/"
    phone = open_page(phone=True)
    phone.goto(url)
    expect(phone).to_have_url(re.compile(r"/login/\?next="))  # not signed in yet
    sign_in(phone, "member_c1")
    expect(phone).to_have_url(re.compile(re.escape(url) + "$"))
    expect(phone.get_by_text("Đã điểm danh: Nguyễn Văn An")).to_be_visible()
    expect(phone.locator(".checkin")).to_contain_text("Điểm cầu huyện Cái Bè")
    assert fits_the_screen(phone)

    assert _marks(campaign.conference) == {
        ("0101001", "present", "qr", "DC-H01", "member_c1")}
    assert p.member_c1.member.member_id == "0101001"
    screen.reload()
    expect(screen.locator(".qr-count")).to_have_text("Có mặt: 1")
