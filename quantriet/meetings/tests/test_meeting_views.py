"""Meeting pages: /meetings/, /meetings/<code>/, /meetings/new/ and bridge point creation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from quantriet.conftest import make_user
from quantriet.meetings.models import BridgePoint, Meeting, MeetingKind
from quantriet.meetings.selectors import expected_roll
from quantriet.meetings.services import attendance_record, meeting_create, non_member_set


def makeup_form(**changes) -> dict:
    data = {"campaign": "NQ4-XII", "kind": "makeup", "code": "HB-01",
            "title": "Lớp học bù xã An Hữu", "organiser": "H01-X01",
            "starts_at": "2017-01-05T07:30", "ends_at": "", "location": "Hội trường xã",
            "offered_units": "H01-X01-C01"}
    data.update(changes)
    return data


def test_it_lists_the_meetings_a_user_may_see(campaign, client_for):
    response = client_for(campaign.province.officer_h01).get("/meetings/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hội nghị trực tuyến toàn Đảng bộ tỉnh" in html and "/meetings/new/" in html
    stranger = client_for(make_user("stranger")).get("/meetings/").content.decode()
    assert "HNTT-01" not in stranger


def test_it_lands_operators_on_their_bridge_points_today(campaign, client_for):
    operator = make_user("op_h01")
    campaign.bp1.operators.add(operator)
    html = client_for(operator).get("/meetings/").content.decode()
    assert "/bridge-points/DC-H01/" not in html  # the conference was in 2016
    Meeting.objects.filter(pk=campaign.conference.pk).update(starts_at=timezone.now())
    html = client_for(operator).get("/meetings/").content.decode()
    assert "/meetings/HNTT-01/bridge-points/DC-H01/" in html and "Điểm cầu huyện Cái Bè" in html


def test_it_shows_a_meetings_figures_per_visible_bridge_point(campaign, client_for):
    p = campaign.province
    attendance_record(actor=None, meeting=campaign.conference, method="api",
                      bridge_point=campaign.bp1,
                      records=[(p.members["0101001"].pk, "present"),
                               (p.members["0101002"].pk, "excused")])
    non_member_set(actor=None, bridge_point=campaign.bp1, category="public", count=1234)
    html = client_for(p.officer_h01).get("/meetings/HNTT-01/").content.decode()
    assert "Điểm cầu huyện Cái Bè" in html and "1.234" in html
    assert "Điểm cầu huyện Châu Thành" not in html
    assert "/meetings/HNTT-01/bridge-points/DC-H01/" in html  # officer of the host operates
    inspector = client_for(p.inspector_h01).get("/meetings/HNTT-01/").content.decode()
    assert "Điểm cầu huyện Cái Bè" in inspector
    assert "/bridge-points/DC-H01/" not in inspector  # sees, does not operate
    outsider = client_for(p.outsider).get("/meetings/HNTT-01/").content.decode()
    assert "Châu Thành" in outsider and "Cái Bè" not in outsider and "1.234" not in outsider
    admin = client_for(p.admin).get("/meetings/HNTT-01/").content.decode()
    assert "Cái Bè" in admin and "Châu Thành" in admin


def test_it_creates_a_make_up_class_for_those_not_yet_covered(campaign, client_for):
    p = campaign.province
    attendance_record(actor=None, meeting=campaign.conference, method="api",
                      bridge_point=campaign.bp1, records=[(p.members["0101001"].pk, "present")])
    client = client_for(p.officer_h01)
    assert client.get("/meetings/new/").status_code == 200
    response = client.post("/meetings/new/", makeup_form(), follow=True)
    html = response.content.decode()
    meeting = Meeting.objects.get(code="HB-01")
    assert meeting.kind == MeetingKind.MAKEUP and meeting.organiser == p.h01x01
    assert list(meeting.offered_units.all()) == [p.c1]
    assert expected_roll(meeting).count() == 2  # Ân and Bình; An studied at the conference
    assert "Đã tạo lớp học bù: 2 đảng viên" in html
    assert "Chi bộ ấp 1" in html


def test_it_refuses_units_the_officer_does_not_write(campaign, client_for):
    client = client_for(campaign.province.secretary_c1)
    response = client.post("/meetings/new/", makeup_form(organiser="H01-X01-C01",
                                                         offered_units="H01-X01-C02"))
    assert response.status_code == 400 and "H01-X01-C02" in response.content.decode()
    response = client_for(campaign.province.outsider).post("/meetings/new/", makeup_form())
    html = response.content.decode()
    assert response.status_code == 400 and "Đảng bộ xã An Hữu" not in html
    assert not Meeting.objects.filter(code="HB-01").exists()


def test_it_refuses_a_duplicate_code_in_the_form(campaign, client_for):
    response = client_for(campaign.province.officer_h01).post(
        "/meetings/new/", makeup_form(code="HNTT-01"))
    assert response.status_code == 400 and "HNTT-01" in response.content.decode()


def test_it_keeps_the_create_page_from_plain_members(campaign, client_for):
    assert client_for(campaign.province.member_c1).get("/meetings/new/").status_code == 403


@pytest.fixture
def makeup(campaign):
    return meeting_create(actor=None, campaign=campaign.campaign, code="HB-01",
                          kind=MeetingKind.MAKEUP, title="Lớp học bù xã An Hữu",
                          organiser=campaign.province.h01x01, offered_units=[],
                          starts_at=datetime.datetime(2017, 1, 5, tzinfo=datetime.UTC))


def test_it_creates_a_bridge_point_with_operators(campaign, makeup, client_for):
    operator = make_user("op_c1")
    client = client_for(campaign.province.officer_h01)
    url = "/meetings/HB-01/bridge-points/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": "P1", "name": "Hội trường ấp 1",
                                 "host": "H01-X01-C01", "address": "",
                                 "expected_units": "H01-X01-C01, H01-X01-C02",
                                 "operators": "op_c1"})
    assert response.status_code == 302
    bp = BridgePoint.objects.get(meeting=makeup, code="P1")
    assert {u.code for u in bp.expected_units.all()} == {"H01-X01-C01", "H01-X01-C02"}
    assert list(bp.operators.all()) == [operator]
    tick = client_for(operator).get("/meetings/HB-01/bridge-points/P1/")
    assert tick.status_code == 200 and "Nguyễn Văn An" in tick.content.decode()


def test_it_names_unknown_codes_and_users(campaign, makeup, client_for):
    response = client_for(campaign.province.officer_h01).post(
        "/meetings/HB-01/bridge-points/new/",
        {"code": "P1", "name": "X", "host": "H02-X01", "expected_units": "",
         "operators": "nobody"})
    html = response.content.decode()
    assert response.status_code == 400 and "H02-X01" in html and "nobody" in html
    assert not BridgePoint.objects.filter(code="P1").exists()


def test_it_hides_meetings_and_their_forms_from_outsiders(campaign, makeup, client_for):
    client = client_for(campaign.province.outsider)
    for url in ("/meetings/HB-01/", "/meetings/HB-01/bridge-points/new/",
                "/meetings/HNTT-01/bridge-points/new/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"code": "P9", "name": "X", "host": "H02"}).status_code == 404
    assert "An Hữu" not in client.get("/meetings/").content.decode()
    assert not BridgePoint.objects.filter(code="P9").exists()


def test_it_keeps_the_meeting_list_to_a_few_queries(campaign, client_for,
                                                    django_assert_max_num_queries):
    client = client_for(campaign.province.officer_h01)
    for i in range(5):
        meeting_create(actor=None, campaign=campaign.campaign, code=f"LH-{i}",
                       kind=MeetingKind.IN_PERSON, title=f"Lớp {i}",
                       organiser=campaign.province.h01,
                       starts_at=datetime.datetime(2017, 1, 5, tzinfo=datetime.UTC))
    with django_assert_max_num_queries(8):
        assert client.get("/meetings/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/meetings/HNTT-01/").status_code == 200
