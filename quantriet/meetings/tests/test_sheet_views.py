"""The sign-in sheet upload page /meetings/<code>/sheet/."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, include, path, reverse

from quantriet import urls as site_urls
from quantriet.conftest import make_user
from quantriet.meetings.models import Attendance, MeetingKind
from quantriet.meetings.services import bridge_point_create, meeting_create
from quantriet.reports.selectors import coverage


def _site_has_sheets() -> bool:
    try:
        reverse("sheets:upload", urlconf=site_urls, kwargs={"code": "X"})
    except NoReverseMatch:
        return False
    return True


# Until the site's urls include the sheet page, these tests mount it themselves.
urlpatterns = list(site_urls.urlpatterns)
if not _site_has_sheets():
    urlpatterns.append(path("meetings/<str:code>/sheet/",
                            include("quantriet.meetings.sheet_urls")))
pytestmark = pytest.mark.urls(__name__)

URL = "/meetings/HNTT-01/sheet/"
H01_SECRETS = ["Cái Bè", "An Hữu", "Nguyễn Văn An", "0101001", "DC-H01"]


def sheet(text: str, name: str = "ky-ten.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


@pytest.fixture
def h01_class(campaign):
    """A class organised by district H01: nothing of it is the outsider's business."""
    p = campaign.province
    meeting = meeting_create(actor=None, campaign=campaign.campaign, code="LH-H01",
                             kind=MeetingKind.IN_PERSON, title="Lớp học huyện Cái Bè",
                             organiser=p.h01,
                             starts_at=datetime.datetime(2016, 12, 22, 1, tzinfo=datetime.UTC))
    bridge_point_create(actor=None, meeting=meeting, code="P-H01", name="Hội trường Cái Bè",
                        host=p.h01)
    return meeting


def test_it_offers_the_bridge_points_the_user_operates(campaign, client_for):
    body = client_for(campaign.province.officer_h01).get(URL).content.decode()
    assert "Nhập danh sách ký tên" in body
    assert 'value="DC-H01"' in body and "DC-H02" not in body
    assert "Theo cột điểm cầu trong tệp" not in body  # an operator must choose
    body = client_for(campaign.province.admin).get(URL).content.decode()
    assert 'value="DC-H01"' in body and 'value="DC-H02"' in body
    assert "Theo cột điểm cầu trong tệp" in body


def test_it_imports_a_sheet_and_shows_the_result(campaign, client_for):
    client = client_for(campaign.province.officer_h01)
    text = "Số hiệu đảng viên,Họ và tên,Trạng thái\n0101001,Nguyễn Văn An,có mặt\n" \
           "0101002,Trần Thị Ân,vắng có lý do\n"
    response = client.post(URL, {"bridge_point": "DC-H01", "file": sheet(text)})
    assert response.status_code == 200
    body = response.content.decode()
    assert ("ky-ten.csv: Đã nhập danh sách ký tên: 2 dòng, 2 ghi nhận mới, 0 đã có từ trước, "
            "1 đảng viên được học tập lần đầu") in body
    rows = Attendance.objects.filter(bridge_point=campaign.bp1, method="sheet",
                                     recorded_by=campaign.province.officer_h01)
    assert sorted(rows.values_list("member__member_id", "status")) == [
        ("0101001", "present"), ("0101002", "excused")]


def test_it_lets_the_organisers_officers_follow_the_file(campaign, client_for):
    client = client_for(campaign.province.admin)
    text = "member_id,bridge_point\n0101001,DC-H01\n0201001,DC-H02\n"
    response = client.post(URL, {"bridge_point": "", "file": sheet(text)})
    assert response.status_code == 200
    assert dict(Attendance.objects.values_list("member__member_id", "bridge_point__code")) == {
        "0101001": "DC-H01", "0201001": "DC-H02"}


def test_it_shows_every_error_and_changes_nothing(campaign, client_for):
    client = client_for(campaign.province.officer_h01)
    before = coverage(campaign.campaign, campaign.province.t01)
    text = "member_id,full_name,status\n0101001,Nguyễn Văn An,có mặt\n" \
           "0201001,Huỳnh Văn Dũng,có mặt\n0101002,Trần Thị Ân,chưa rõ\n"
    response = client.post(URL, {"bridge_point": "DC-H01", "file": sheet(text)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "2 lỗi trong tệp ky-ten.csv; không có thay đổi nào được ghi." in body
    assert ('<td class="num">3</td><td>member_id</td><td>Không có đảng viên số hiệu '
            '«0201001» mà bạn được điểm danh tại hội nghị này</td>') in body
    assert ('<td class="num">4</td><td>status</td><td>Trạng thái không hợp lệ: «chưa rõ» '
            '(dùng có mặt hoặc vắng có lý do)</td>') in body
    assert not Attendance.objects.exists()
    assert coverage(campaign.campaign, campaign.province.t01) == before


def test_it_refuses_other_files_and_files_too_large(campaign, client_for, settings):
    client = client_for(campaign.province.officer_h01)
    response = client.post(URL, {"bridge_point": "DC-H01",
                                 "file": sheet("member_id\n0101001\n", name="ky-ten.xls")})
    assert response.status_code == 400
    assert "Chỉ nhập được tệp .csv và .xlsx." in response.content.decode()
    settings.IMPORT_MAX_BYTES = 5
    response = client.post(URL, {"bridge_point": "DC-H01", "file": sheet("member_id\n0101001\n")})
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not Attendance.objects.exists()


def test_it_requires_an_operator_to_choose_a_bridge_point(campaign, client_for):
    client = client_for(campaign.province.officer_h01)
    response = client.post(URL, {"file": sheet("member_id\n0101001\n")})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_it_answers_404_to_outsiders(campaign, h01_class, client_for):
    stranger = make_user("stranger")  # signed in, no role at all
    for user in (campaign.province.outsider, stranger):
        client = client_for(user)
        assert client.get("/meetings/LH-H01/sheet/").status_code == 404
        response = client.post("/meetings/LH-H01/sheet/",
                               {"bridge_point": "P-H01", "file": sheet("member_id\n0101001\n")})
        assert response.status_code == 404
    assert client_for(campaign.province.outsider).get("/meetings/NOPE/sheet/").status_code == 404
    assert client_for(campaign.province.officer_h01).get("/meetings/LH-H01/sheet/").status_code \
        == 200
    assert not Attendance.objects.exists()


def test_it_shows_the_other_district_only_its_own_bridge_point(campaign, client_for):
    client = client_for(campaign.province.outsider)  # an officer of H02 operates DC-H02
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="DC-H02"' in body
    for secret in H01_SECRETS:
        assert secret not in body
    response = client.post(URL, {"bridge_point": "DC-H01",
                                 "file": sheet("member_id\n0101001\n")})
    assert response.status_code == 404
    response = client.post(URL, {"bridge_point": "DC-H02",
                                 "file": sheet("member_id\n0101001\n")})
    assert response.status_code == 400
    assert "0101001" in response.content.decode()  # the id it typed, nothing more
    assert "Nguyễn Văn An" not in response.content.decode()
    assert not Attendance.objects.exists()


def test_it_answers_404_to_an_operator_of_another_bridge_point(campaign, client_for):
    operator = make_user("op_h02")
    campaign.bp2.operators.add(operator)
    client = client_for(operator)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"bridge_point": "DC-H01",
                                 "file": sheet("member_id\n0101001\n")})
    assert response.status_code == 404
    other = make_user("op_elsewhere")
    assert client_for(other).get(URL).status_code == 404
    assert client_for(campaign.province.member_c1).get(URL).status_code == 404
    assert client_for(campaign.province.inspector_h01).get(URL).status_code == 404
    assert not Attendance.objects.exists()


def test_it_sends_anonymous_users_to_the_login_page(campaign, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response.url


def test_it_lists_many_bridge_points_in_few_queries(campaign, client_for,
                                                     django_assert_max_num_queries):
    for i in range(30):
        bridge_point_create(actor=None, meeting=campaign.conference, code=f"DC-X{i:02d}",
                            name=f"Điểm cầu {i}", host=campaign.province.h02x01)
    client = client_for(campaign.province.admin)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.content.decode().count('value="DC-') == 32
