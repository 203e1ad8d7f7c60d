"""Done when: the seed's campaign can be rebuilt through the API alone and its coverage JSON
reports the right numbers on one roll.

On the fixture province (roll 7, one exempt), only HTTP calls with a bearer token, as the
province office and the district operators' devices would make them:

    HNTT-01 online, DC-H01: 0101001, 0101002, 0101004 present, 0101003 (exempt) excused
                    DC-H02: 0201001 present
                    non-members: DC-H01 12 youth union + 30 public, DC-H02 8 association
    BU-01 make-up:  0101005 and 0201002 (not yet covered), 0101001 again (already covered)
"""

from quantriet.accounts.models import AuditEntry
from quantriet.api.tests.test_campaign_api import Api, campaign_body
from quantriet.meetings.models import Attendance, Coverage


def created(response):
    assert response.status_code == 201, response.content
    return response.json()


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def rebuild(province):
    office = Api(province.admin)
    created(office.post("/api/campaigns", campaign_body()))
    created(office.post("/api/meetings", {
        "code": "HNTT-01", "campaign": "NQ4-XII", "kind": "online",
        "title": "Hội nghị trực tuyến toàn Đảng bộ tỉnh", "starts_at": "2016-12-20T07:30:00",
        "organiser_unit": "T01"}))
    for code, name, unit, operator in [("DC-H01", "Điểm cầu huyện Cái Bè", "H01", "officer_h01"),
                                       ("DC-H02", "Điểm cầu huyện Châu Thành", "H02",
                                        "outsider")]:
        created(office.post("/api/meetings/HNTT-01/bridge-points", {
            "code": code, "name": name, "host_unit": unit, "expected_units": [unit],
            "operators": [operator]}))

    h01, h02 = Api(province.officer_h01), Api(province.outsider)
    at_h01 = ok(h01.post("/api/attendance", {
        "meeting": "HNTT-01", "bridge_point": "DC-H01", "records": [
            {"member_id": "0101001", "status": "present"},
            {"member_id": "0101002", "status": "present"},
            {"member_id": "0101003", "status": "excused"},
            {"member_id": "0101004", "status": "present"}]}))
    assert (at_h01["accepted"], at_h01["covered_new"], at_h01["errors"]) == (4, 3, [])
    at_h02 = ok(h02.post("/api/attendance", {
        "meeting": "HNTT-01", "bridge_point": "DC-H02",
        "records": [{"member_id": "0201001", "status": "present"}]}))
    assert (at_h02["accepted"], at_h02["covered_new"]) == (1, 1)
    for api, point, category, count in [(h01, "DC-H01", "youth_union", 12),
                                        (h01, "DC-H01", "nhân dân", 30),
                                        (h02, "DC-H02", "hội viên", 8)]:
        ok(api.post("/api/meetings/HNTT-01/non-members",
                    {"bridge_point": point, "category": category, "count": count}))

    created(office.post("/api/meetings", {
        "code": "BU-01", "campaign": "NQ4-XII", "kind": "makeup", "title": "Lớp học bù",
        "starts_at": "2017-01-05T07:30:00", "organiser_unit": "T01",
        "offered_units": ["H01", "H02"]}))
    makeup = ok(office.post("/api/attendance", {"meeting": "BU-01", "records": [
        {"member_id": "0101005", "status": "present"},
        {"member_id": "0201002", "status": "present"},
        {"member_id": "0101001", "status": "present"}]}))
    assert (makeup["accepted"], makeup["covered_new"]) == (3, 2)
    return office


def test_it_rebuilds_the_seed_campaign_through_the_api_alone(province):
    office = rebuild(province)
    figures = ok(office.client.get("/api/campaigns/NQ4-XII/coverage"))
    assert figures == {
        "campaign": "NQ4-XII", "unit": "T01", "roll": 7, "exempt": 1, "covered": 6,
        "covered_percent": 85.7, "non_members": 50,
        "children": [
            {"unit": "H01", "name": "Đảng bộ huyện Cái Bè", "roll": 5, "exempt": 1,
             "covered": 4, "covered_percent": 80.0, "non_members": 42},
            {"unit": "H02", "name": "Đảng bộ huyện Châu Thành", "roll": 2, "exempt": 0,
             "covered": 2, "covered_percent": 100.0, "non_members": 8},
        ],
        "meetings": [
            {"code": "HNTT-01", "title": "Hội nghị trực tuyến toàn Đảng bộ tỉnh",
             "kind": "online", "bridge_points": 2, "attended": 4, "attended_percent": 57.1,
             "non_members": 50},
            {"code": "BU-01", "title": "Lớp học bù", "kind": "makeup", "bridge_points": 0,
             "attended": 3, "attended_percent": 42.9, "non_members": 0},
        ],
    }
    # One base: both percentages are of the same roll.
    for meeting in figures["meetings"]:
        assert meeting["attended_percent"] == round(100 * meeting["attended"] / 7, 1)
    assert figures["covered_percent"] == round(100 * 6 / 7, 1)
    assert Coverage.objects.count() == 6 and Attendance.objects.count() == 8
    # Two batches leave audit rows; DC-H02's single check-in is audited by its own row.
    assert AuditEntry.objects.filter(action="attendance.batch").count() == 2
    assert Attendance.objects.get(member__member_id="0201001",
                                  meeting__code="HNTT-01").recorded_by == province.outsider


def test_it_gives_each_district_its_own_part_of_the_rebuilt_campaign(province):
    rebuild(province)
    h01 = ok(Api(province.officer_h01).client.get("/api/campaigns/NQ4-XII/coverage"))
    assert (h01["unit"], h01["roll"], h01["covered"], h01["covered_percent"]) == (
        "H01", 5, 4, 80.0)
    assert [(m["code"], m["bridge_points"], m["attended"], m["attended_percent"],
             m["non_members"]) for m in h01["meetings"]] == [
        ("HNTT-01", 1, 3, 60.0, 42), ("BU-01", 0, 2, 40.0, 0)]
    h02 = ok(Api(province.outsider).client.get("/api/campaigns/NQ4-XII/coverage"))
    assert (h02["unit"], h02["roll"], h02["covered"], h02["non_members"]) == ("H02", 2, 2, 8)
    assert "Cái Bè" not in str(h02)
