"""Meetings, bridge points, attendance batches and non-member counts through the API."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from quantriet.accounts.models import ApiToken, AuditEntry
from quantriet.api.tests.test_campaign_api import H01_WORDS, Api
from quantriet.conftest import make_user
from quantriet.meetings.models import Attendance, BridgePoint, Meeting, NonMemberCount
from quantriet.meetings.services import bridge_point_create


def meeting_body(**changes):
    body = {"code": "BU-01", "campaign": "NQ4-XII", "kind": "makeup",
            "title": "Lớp học bù xã An Hữu", "starts_at": "2017-01-05T07:30:00",
            "organiser_unit": "H01-X01"}
    body.update(changes)
    return body


def batch(meeting="HNTT-01", bridge_point=None, **records):
    body = {"meeting": meeting,
            "records": [{"member_id": m, "status": s} for m, s in records.items()]}
    if bridge_point:
        body["bridge_point"] = bridge_point
    return body


def present(*member_ids, meeting="HNTT-01", bridge_point=None):
    return {"meeting": meeting, "bridge_point": bridge_point,
            "records": [{"member_id": m, "status": "present"} for m in member_ids]}


@pytest.fixture
def operator(campaign):
    """A bridge-point operator with no role of their own: operates DC-H01."""
    user = make_user("operator_dc_h01")
    campaign.bp1.operators.add(user)
    return user


# --- meetings --------------------------------------------------------------------------

def test_it_creates_a_makeup_class_offered_to_a_commune(campaign):
    response = Api(campaign.province.officer_h01).post("/api/meetings", meeting_body(
        offered_units=["H01-X01"], location="Hội trường xã"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["kind"], data["organiser_unit"], data["offered_units"]) == (
        "makeup", "H01-X01", ["H01-X01"])
    assert data["starts_at"].startswith("2017-01-05T07:30:00+07:00")
    meeting = Meeting.objects.get(code="BU-01")
    assert meeting.created_by == campaign.province.officer_h01
    assert AuditEntry.objects.filter(action="meeting.create", object_id="BU-01").exists()


def test_it_gives_a_meeting_with_the_bridge_points_the_caller_may_see(campaign, operator):
    admin = Api(campaign.province.admin).get("/api/meetings/HNTT-01").json()
    assert [bp["code"] for bp in admin["bridge_points"]] == ["DC-H01", "DC-H02"]
    assert admin["bridge_points"][0]["expected_units"] == ["H01"]
    officer = Api(campaign.province.officer_h01).get("/api/meetings/HNTT-01").json()
    assert [bp["code"] for bp in officer["bridge_points"]] == ["DC-H01"]
    own = Api(operator).get("/api/meetings/HNTT-01").json()
    assert [(bp["code"], bp["operators"]) for bp in own["bridge_points"]] == [
        ("DC-H01", ["operator_dc_h01"])]


def test_it_shows_the_outsider_nothing_of_another_district_in_a_meeting(campaign):
    Api(campaign.province.officer_h01).post("/api/meetings", meeting_body())
    api = Api(campaign.province.outsider)
    response = api.get("/api/meetings/HNTT-01")
    assert [bp["code"] for bp in response.json()["bridge_points"]] == ["DC-H02"]
    assert not any(word in response.content.decode() for word in H01_WORDS)
    assert api.get("/api/meetings/BU-01").status_code == 404
    assert api.get("/api/meetings/NO-SUCH").status_code == 404


def test_it_refuses_a_meeting_on_a_unit_the_caller_does_not_write(campaign):
    api = Api(campaign.province.outsider)
    assert api.post("/api/meetings", meeting_body()).status_code == 404
    inspector = Api(campaign.province.inspector_h01)
    assert inspector.post("/api/meetings", meeting_body()).status_code == 404
    assert not Meeting.objects.filter(code="BU-01").exists()


def test_it_refuses_a_meeting_of_an_invisible_campaign(campaign):
    response = Api(campaign.province.officer_h01).post(
        "/api/meetings", meeting_body(campaign="NO-SUCH"))
    assert response.status_code == 404


def test_it_refuses_bad_meeting_fields_with_422(campaign):
    api = Api(campaign.province.officer_h01)
    assert api.post("/api/meetings", meeting_body(kind="webinar")).status_code == 422
    unknown = api.post("/api/meetings", meeting_body(offered_units=["H01-X01", "H02-X01"]))
    assert unknown.status_code == 422 and "H02-X01" in unknown.json()["detail"]
    taken = api.post("/api/meetings", meeting_body(code="HNTT-01"))
    assert taken.status_code == 422 and "HNTT-01" in taken.json()["detail"]
    backwards = api.post("/api/meetings", meeting_body(ends_at="2017-01-04T07:30:00"))
    assert backwards.status_code == 422
    assert Meeting.objects.count() == 1


# --- bridge points ---------------------------------------------------------------------

def test_it_adds_a_bridge_point_with_expected_units_and_operators(campaign, operator):
    response = Api(campaign.province.admin).post("/api/meetings/HNTT-01/bridge-points", {
        "code": "DC-X01", "name": "Điểm cầu xã An Hữu", "host_unit": "H01-X01",
        "expected_units": ["H01-X01-C01", "H01-X01-C02"], "address": "UBND xã",
        "operators": ["operator_dc_h01"]})
    assert response.status_code == 201, response.content
    assert response.json() == {
        "code": "DC-X01", "name": "Điểm cầu xã An Hữu", "host_unit": "H01-X01",
        "address": "UBND xã", "expected_units": ["H01-X01-C01", "H01-X01-C02"],
        "operators": ["operator_dc_h01"]}
    point = BridgePoint.objects.get(code="DC-X01")
    assert list(point.operators.all()) == [operator]


def test_it_names_an_unknown_unit_or_operator(campaign):
    api = Api(campaign.province.admin)
    body = {"code": "DC-X", "name": "X", "host_unit": "H01", "expected_units": ["H09", "H01"]}
    response = api.post("/api/meetings/HNTT-01/bridge-points", body)
    assert response.status_code == 422 and "H09" in response.json()["detail"]
    body = {"code": "DC-X", "name": "X", "host_unit": "H01", "operators": ["nobody"]}
    response = api.post("/api/meetings/HNTT-01/bridge-points", body)
    assert response.status_code == 422 and "nobody" in response.json()["detail"]
    again = api.post("/api/meetings/HNTT-01/bridge-points",
                     {"code": "DC-H01", "name": "X", "host_unit": "H01"})
    assert again.status_code == 422
    assert BridgePoint.objects.count() == 2


def test_it_refuses_bridge_points_to_those_who_do_not_write_the_meeting(campaign):
    body = {"code": "DC-X", "name": "X", "host_unit": "H02"}
    assert Api(campaign.province.outsider).post(
        "/api/meetings/HNTT-01/bridge-points", body).status_code == 404
    Api(campaign.province.officer_h01).post("/api/meetings", meeting_body(kind="online"))
    body = {"code": "DC-C1", "name": "Ấp 1", "host_unit": "H02-X01"}
    # H02's units are unknown to H01's officer: the same words as a missing unit.
    response = Api(campaign.province.officer_h01).post("/api/meetings/BU-01/bridge-points",
                                                       body)
    assert response.status_code == 422 and "H02-X01" in response.json()["detail"]
    assert Api(campaign.province.outsider).post(
        "/api/meetings/BU-01/bridge-points", body).status_code == 404


# --- attendance ------------------------------------------------------------------------

def test_it_records_a_batch_reporting_bad_records_and_keeping_good_ones(campaign):
    body = {"meeting": "HNTT-01", "bridge_point": "DC-H01", "records": [
        {"member_id": "0101001", "status": "present"},
        {"member_id": "0101002", "status": "excused"},
        {"member_id": "9999999", "status": "present"},
        {"member_id": "0101004", "status": "late"},
        {"member_id": "0101001", "status": "present"},
        {"member_id": 101005, "status": "present"},
        {"member_id": "", "status": "present"},
    ]}
    response = Api(campaign.province.officer_h01).post("/api/attendance", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["accepted"], data["duplicates"], data["covered_new"], data["not_on_roll"]) == (
        2, 1, 1, 0)
    assert [(e["index"], e["member_id"]) for e in data["errors"]] == [
        (2, "9999999"), (3, "0101004"), (5, "101005"), (6, "")]
    assert all(e["reason"] for e in data["errors"])
    assert "«late»" in data["errors"][1]["reason"]
    assert set(Attendance.objects.values_list("member__member_id", "status", "method",
                                              "bridge_point__code")) == {
        ("0101001", "present", "api", "DC-H01"), ("0101002", "excused", "api", "DC-H01")}
    audit = AuditEntry.objects.get(action="attendance.batch")
    assert audit.actor == campaign.province.officer_h01 and audit.object_id == "HNTT-01"
    assert audit.after["accepted"] == 2 and audit.after["errors"] == 4
    assert audit.unit == campaign.province.h01


def test_it_accepts_numeric_member_ids_and_counts_them_once_per_campaign(campaign):
    api = Api(campaign.province.admin)
    first = api.post("/api/attendance", present("0101001", "0201001", bridge_point="DC-H02"))
    again = api.post("/api/attendance", present("0101001", bridge_point="DC-H01"))
    assert (first.json()["accepted"], first.json()["covered_new"]) == (2, 2)
    assert (again.json()["accepted"], again.json()["duplicates"]) == (0, 1)
    covered = api.get("/api/campaigns/NQ4-XII/coverage").json()["covered"]
    assert covered == 2
    # The batch leaves an audit row; the single check-in is audited by its attendance row.
    assert AuditEntry.objects.filter(action="attendance.batch").count() == 1
    mark = Attendance.objects.get(meeting__code="HNTT-01", member__member_id="0101001")
    assert (mark.recorded_by, mark.method, mark.bridge_point.code) == (
        campaign.province.admin, "api", "DC-H02")


def test_it_treats_a_member_the_caller_may_not_mark_as_unknown(campaign):
    api = Api(campaign.province.outsider)
    data = api.post("/api/attendance", present("0101001", "9999999", "0201001",
                                               bridge_point="DC-H02")).json()
    assert data["accepted"] == 1
    reasons = [e["reason"] for e in data["errors"]]
    assert reasons[0].replace("0101001", "X") == reasons[1].replace("9999999", "X")
    assert not Attendance.objects.filter(member__member_id="0101001").exists()


def test_it_lets_an_operator_mark_only_the_members_expected_at_their_point(campaign, operator):
    api = Api(operator)
    data = api.post("/api/attendance", present("0101001", "0201001",
                                               bridge_point="DC-H01")).json()
    assert data["accepted"] == 1 and [e["member_id"] for e in data["errors"]] == ["0201001"]
    assert api.post("/api/attendance", present("0201001", bridge_point="DC-H02")
                    ).status_code == 404
    # Without a bridge point: the same members, no others.
    data = api.post("/api/attendance", present("0101002", "0201002")).json()
    assert data["accepted"] == 1 and Attendance.objects.get(
        member__member_id="0101002").bridge_point is None


def test_it_hides_meetings_and_bridge_points_from_the_outsider(campaign):
    api = Api(campaign.province.outsider)
    response = api.post("/api/attendance", present("0201001", bridge_point="DC-H01"))
    assert response.status_code == 404
    assert api.post("/api/attendance", present("0201001", meeting="NO-SUCH")).status_code == 404
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(action="attendance.batch").exists()


def test_it_refuses_more_than_ten_thousand_records_a_call(campaign):
    body = present(*[f"{i:07d}" for i in range(10_001)])
    response = Api(campaign.province.admin).post("/api/attendance", body)
    assert response.status_code == 422
    assert "10.000" in response.json()["detail"]


def test_it_resolves_members_in_a_constant_number_of_queries(campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = Api(campaign.province.officer_h01)
    counts = []
    # The first call resolves the token, roles, meeting and bridge point (then kept for
    # ACCESS_CACHE_SECONDS); the next ones cost the same whatever their size.
    for ids in (["0101006"], ["0101001"], ["0101002", "0101003", "0101004", "0101005",
                                           "9999999"]):
        with CaptureQueriesContext(connection) as queries:
            data = api.post("/api/attendance", present(*ids, bridge_point="DC-H01")).json()
        counts.append(len(queries))
    assert data["accepted"] == 4
    # ... but for the audit row that a batch (not a single check-in) leaves. (Statements
    # sent through the driver's own cursor, dbutil.fast_cursor, are seen by Django on
    # SQLite only: there the batch shows one more.)
    assert counts[1] < counts[0], counts
    assert counts[2] - counts[1] == (1 if connection.vendor == "sqlite" else 0), counts


def test_it_stops_a_revoked_token_at_once_and_forgets_grants_after_their_time(
        campaign, settings):
    from quantriet.accounts.models import ApiToken

    officer = campaign.province.officer_h01
    api = Api(officer)
    assert api.post("/api/attendance", present("0101001", bridge_point="DC-H01")).json()[
        "accepted"] == 1
    token = ApiToken.objects.get(user=officer)
    token.revoked = True
    token.save()
    assert api.post("/api/attendance", present("0101002")).status_code == 401

    # With the cache off every call decides afresh: a role taken away counts at once.
    settings.ACCESS_CACHE_SECONDS = 0
    api = Api(officer)
    assert api.post("/api/attendance", present("0101002", bridge_point="DC-H01")).json()[
        "accepted"] == 1
    from quantriet.accounts.models import Role

    Role.objects.filter(user=officer).update(kind="member")  # no signal: a raw update
    assert api.post("/api/attendance", present("0101003", bridge_point="DC-H01")
                    ).status_code == 404


def test_it_refuses_anonymous_attendance(campaign):
    response = Client().post("/api/attendance", json.dumps(present("0101001")),
                             content_type="application/json")
    assert response.status_code == 401


# --- non-members -----------------------------------------------------------------------

def test_it_sets_non_member_counts_with_english_or_vietnamese_categories(campaign, operator):
    api = Api(operator)
    first = api.post("/api/meetings/HNTT-01/non-members",
                     {"bridge_point": "DC-H01", "category": "Đoàn viên", "count": 12})
    assert first.status_code == 200, first.content
    assert first.json() == {"meeting": "HNTT-01", "bridge_point": "DC-H01",
                            "category": "youth_union", "count": 12}
    api.post("/api/meetings/HNTT-01/non-members",
             {"bridge_point": "DC-H01", "category": "public", "count": 30})
    api.post("/api/meetings/HNTT-01/non-members",
             {"bridge_point": "DC-H01", "category": "nhan dan", "count": 31})
    assert sorted(NonMemberCount.objects.values_list("category", "count")) == [
        ("public", 31), ("youth_union", 12)]


def test_it_refuses_bad_non_member_counts(campaign):
    api = Api(campaign.province.officer_h01)
    unknown = api.post("/api/meetings/HNTT-01/non-members",
                       {"bridge_point": "DC-H01", "category": "thiếu nhi", "count": 3})
    assert unknown.status_code == 422 and "thiếu nhi" in unknown.json()["detail"]
    negative = api.post("/api/meetings/HNTT-01/non-members",
                        {"bridge_point": "DC-H01", "category": "public", "count": -1})
    assert negative.status_code == 422
    assert not NonMemberCount.objects.exists()


def test_it_refuses_non_member_counts_at_another_districts_point(campaign):
    api = Api(campaign.province.outsider)
    response = api.post("/api/meetings/HNTT-01/non-members",
                        {"bridge_point": "DC-H01", "category": "public", "count": 5})
    assert response.status_code == 404
    inspector = Api(campaign.province.inspector_h01)
    assert inspector.post("/api/meetings/HNTT-01/non-members",
                          {"bridge_point": "DC-H01", "category": "public", "count": 5}
                          ).status_code == 404
    assert not NonMemberCount.objects.exists()


# --- the token command, and a device using its token ----------------------------------

def test_it_prints_a_token_a_device_can_mark_attendance_with(campaign):
    out = io.StringIO()
    call_command("token", "--user", "officer_h01", "--name", "Máy điểm danh DC-H01", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("qt_") and "\n" not in raw
    token = ApiToken.objects.get(name="Máy điểm danh DC-H01")
    assert token.user == campaign.province.officer_h01 and raw not in token.key_hash
    assert AuditEntry.objects.filter(action="token.issue", object_id=str(token.pk)).exists()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.post("/api/attendance", json.dumps(present("0101001",
                                                                 bridge_point="DC-H01")),
                           content_type="application/json")
    assert response.json()["accepted"] == 1


def test_it_names_a_token_by_date_when_no_name_is_given(province):
    out = io.StringIO()
    call_command("token", "--user", "secretary_c1", stdout=out)
    assert ApiToken.objects.get(user=province.secretary_c1).name


def test_it_refuses_a_token_for_an_unknown_account(province):
    with pytest.raises(CommandError, match="nobody"):
        call_command("token", "--user", "nobody")
    assert not ApiToken.objects.exists()


def test_it_keeps_issue_token_working(province):
    out = io.StringIO()
    call_command("issue-token", "outsider", "Thiết bị", stdout=out)
    assert out.getvalue().startswith("qt_")


def test_it_describes_the_meeting_endpoints_in_openapi(province, client_for):
    doc = client_for(province.admin).get("/api/openapi.json").json()
    for path in ["/api/meetings", "/api/meetings/{code}", "/api/meetings/{code}/bridge-points",
                 "/api/attendance", "/api/meetings/{code}/non-members"]:
        assert path in doc["paths"], path
    schemas = doc["components"]["schemas"]
    assert {"accepted", "duplicates", "errors", "covered_new", "not_on_roll"} <= set(
        schemas["AttendanceOut"]["properties"])
    assert schemas["MeetingIn"]["properties"]["kind"]["enum"] == [
        "online", "in_person", "makeup"]


def test_it_keeps_bridge_points_created_by_services_visible_alike(campaign):
    bridge_point_create(actor=None, meeting=campaign.conference, code="DC-C1",
                        name="Điểm cầu ấp 1", host=campaign.province.c1)
    data = Api(campaign.province.secretary_c1).get("/api/meetings/HNTT-01").json()
    assert [bp["code"] for bp in data["bridge_points"]] == ["DC-C1"]


def test_it_forgets_a_cached_grant_when_an_operator_is_taken_off_the_bridge_point(campaign):
    p = campaign.province
    operator = p.member_c1
    campaign.bp1.operators.add(operator)
    api = Api(operator)
    assert api.post("/api/attendance", present("0101001", bridge_point="DC-H01")).json()[
        "accepted"] == 1
    campaign.bp1.operators.remove(operator)  # m2m_changed: this process forgets at once
    assert api.post("/api/attendance", present("0101002", bridge_point="DC-H01")
                    ).status_code == 404
