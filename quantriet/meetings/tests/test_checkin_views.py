"""QR self check-in: the operator's code page and the member's /checkin/ endpoint."""

from __future__ import annotations

import datetime
import re

import pytest

from quantriet.conftest import PASSWORD, make_user
from quantriet.meetings import qr
from quantriet.meetings.models import Attendance, Coverage
from quantriet.orgs.services import member_create

QR_PAGE = "/meetings/HNTT-01/bridge-points/DC-H01/qr/"


def checkin_url(bp, token=None) -> str:
    return f"/checkin/{bp.meeting.code}/{bp.code}/{token or qr.token_for(bp)}/"


@pytest.fixture
def operator(campaign):
    user = make_user("op_h01")
    campaign.bp1.operators.add(user)
    return user


def test_it_shows_the_operator_a_big_qr_code(campaign, operator, client_for):
    response = client_for(operator).get(QR_PAGE)
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html
    assert 'hx-trigger="load delay:' in html and "every 30s" in html
    partial = client_for(operator).get(QR_PAGE, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div class="qr-code"') and "<svg" in partial
    assert "<html" not in partial


def test_it_encodes_a_valid_check_in_url(campaign, operator, client_for, monkeypatch):
    seen = {}
    import segno

    real_make = segno.make

    def spy(content, **kwargs):
        seen["url"] = content
        return real_make(content, **kwargs)

    monkeypatch.setattr("quantriet.meetings.views.segno.make", spy)
    client_for(operator).get(QR_PAGE)
    match = re.fullmatch(r"http://testserver/checkin/HNTT-01/DC-H01/([\w-]+)/", seen["url"])
    assert match and qr.verify(campaign.bp1, match.group(1))


def test_it_checks_a_member_in_end_to_end(campaign, client_for):
    client = client_for(campaign.province.member_c1)
    response = client.get(checkin_url(campaign.bp1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn An" in html and "Điểm cầu huyện Cái Bè" in html
    assert "Đã điểm danh" in html
    mark = Attendance.objects.get()
    assert (mark.member.member_id, mark.method, mark.status, mark.bridge_point) == (
        "0101001", "qr", "present", campaign.bp1)
    assert Coverage.objects.filter(member=mark.member).count() == 1
    again = client.get(checkin_url(campaign.bp1))
    assert again.status_code == 200 and "Đã điểm danh trước đó" in again.content.decode()
    assert Attendance.objects.count() == 1


def test_it_refuses_expired_and_forged_codes(campaign, client_for):
    client = client_for(campaign.province.member_c1)
    old = qr.token_for(campaign.bp1, at=datetime.datetime.now(datetime.UTC)
                       - datetime.timedelta(seconds=90))
    for url in (checkin_url(campaign.bp1, old), checkin_url(campaign.bp1, "forged" * 3),
                checkin_url(campaign.bp2, qr.token_for(campaign.bp1)),
                "/checkin/HNTT-01/NOPE/abc/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "quét mã" in response.content.decode()
        assert "Cái Bè" not in response.content.decode()
    assert not Attendance.objects.exists()


def test_it_sends_an_anonymous_member_to_sign_in_and_back(campaign, client, monkeypatch):
    url = checkin_url(campaign.bp1)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/login/?next=/checkin/")
    # Signing in took the member past the code's life: the scan made in time still counts.
    real = qr.window_of
    monkeypatch.setattr(qr, "window_of", lambda at=None: real(at) + 5)
    assert not qr.verify(campaign.bp1, url.split("/")[-2])
    login = client.post("/login/", {"username": "member_c1", "password": PASSWORD})
    assert login.status_code == 302
    response = client.get(url)
    assert response.status_code == 200 and "Nguyễn Văn An" in response.content.decode()
    assert Attendance.objects.get().method == "qr"


def test_it_explains_to_a_user_without_a_member_record(campaign, client_for):
    response = client_for(campaign.province.officer_h01).get(checkin_url(campaign.bp1))
    assert response.status_code == 403
    assert "không được liên kết" in response.content.decode()
    assert not Attendance.objects.exists()


def test_it_records_but_does_not_count_a_member_off_the_roll(campaign, client_for):
    p = campaign.province
    late = member_create(actor=None, unit=p.c1, member_id="0101099", full_name="Đỗ Văn Mới",
                         birth_date=datetime.date(1990, 1, 1), gender="M", status="full",
                         exempt=False, card_no="", exempt_reason="")
    user = make_user("member_late", member=late)
    response = client_for(user).get(checkin_url(campaign.bp1))
    assert response.status_code == 200
    assert "không được tính" in response.content.decode()
    assert Attendance.objects.get().member == late and not Coverage.objects.exists()


def test_it_hides_the_qr_page_from_others(campaign, operator, client_for):
    p = campaign.province
    other = make_user("op_h02")
    campaign.bp2.operators.add(other)
    for user in (p.outsider, other, p.member_c1, p.inspector_h01):
        response = client_for(user).get(QR_PAGE)
        assert response.status_code == 404
        assert "<svg" not in response.content.decode()


def test_it_lists_the_members_own_attendance(campaign, client_for):
    client = client_for(campaign.province.member_c1)
    client.get(checkin_url(campaign.bp1))
    html = client.get("/me/meetings/").content.decode()
    assert "Học tập, quán triệt Nghị quyết Trung ương 4" in html
    assert "Điểm cầu huyện Cái Bè" in html and "Hội nghị trực tuyến toàn Đảng bộ tỉnh" in html
    # ... and leads to their own learning report and action plan (what a member does next).
    assert "/campaigns/NQ4-XII/learning/my/" in html
    assert "/campaigns/NQ4-XII/learning/my/plan/" in html
    # Someone else's page shows nothing of this member.
    other = client_for(campaign.province.outsider).get("/me/meetings/").content.decode()
    assert "Cái Bè" not in other and "Nguyễn Văn An" not in other
