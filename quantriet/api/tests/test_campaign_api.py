import datetime
import json

import pytest
from django.test import Client

from quantriet.accounts.models import ApiToken, AuditEntry
from quantriet.campaigns.models import Campaign, Document
from quantriet.campaigns.services import campaign_create, document_get_or_register
from quantriet.meetings.models import MeetingKind
from quantriet.meetings.services import meeting_create
from quantriet.reports.selectors import coverage

H01_WORDS = ["Cái Bè", "An Hữu", "Chi bộ ấp 1", "0101001", "H01-X01", "Lớp học bù Cái Bè"]


class Api:
    """A device: a JSON client with a bearer token of `user`."""

    def __init__(self, user):
        _token, raw = ApiToken.issue(user=user, name="test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def get(self, path, **params):
        return self.client.get(path, params)

    def post(self, path, body):
        return self.client.post(path, json.dumps(body), content_type="application/json")


def campaign_body(**changes):
    body = {
        "code": "NQ4-XII", "title": "Học tập, quán triệt Nghị quyết Trung ương 4",
        "owner_unit": "T01", "roll_date": "2016-12-02",
        "resolution": {"number": "04-NQ/TW", "date": "2016-10-30",
                       "title": "Nghị quyết Hội nghị Trung ương 4 khóa XII"},
        "guides": [{"number": "20-HD/BTGTW", "date": "2016-11-22",
                    "title": "Hướng dẫn học tập, quán triệt Nghị quyết"},
                   {"number": "28-KH/TU", "date": "2016-12-02",
                    "title": "Kế hoạch học tập, quán triệt Nghị quyết"}],
    }
    body.update(changes)
    return body


def h01_campaign(province):
    """A campaign owned by district H01: the outsider is not concerned by it."""
    resolution = document_get_or_register(actor=None, number="04-NQ/TW",
                                          issued_on=datetime.date(2016, 10, 30), title="NQ 4")
    return campaign_create(actor=None, code="NQ4-CAIBE", title="Học tập Nghị quyết huyện Cái Bè",
                           owner=province.h01, roll_date=datetime.date(2016, 12, 2),
                           resolution=resolution)


def test_it_creates_a_campaign_with_its_documents_and_roll(province):
    response = Api(province.admin).post("/api/campaigns", campaign_body(audience="Toàn Đảng bộ"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert {k: data[k] for k in ("code", "owner_unit", "roll_date", "roll", "exempt")} == {
        "code": "NQ4-XII", "owner_unit": "T01", "roll_date": "2016-12-02", "roll": 7,
        "exempt": 1}
    assert data["resolution"]["number"] == "04-NQ/TW"
    assert [g["number"] for g in data["guides"]] == ["20-HD/BTGTW", "28-KH/TU"]
    assert data["audience"] == "Toàn Đảng bộ"
    campaign = Campaign.objects.get(code="NQ4-XII")
    assert campaign.created_by == province.admin
    assert AuditEntry.objects.filter(action="campaign.create", actor=province.admin).exists()


def test_it_reuses_documents_already_registered(province):
    api = Api(province.admin)
    api.post("/api/campaigns", campaign_body())
    response = api.post("/api/campaigns", campaign_body(code="NQ4-XII-B"))
    assert response.status_code == 201
    assert Document.objects.count() == 3


def test_it_refuses_a_malformed_document_number_in_vietnamese_and_keeps_nothing(province):
    body = campaign_body(guides=[{"number": "20/HD-BTGTW", "date": "2016-11-22",
                                  "title": "Hướng dẫn"}])
    response = Api(province.admin).post("/api/campaigns", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "«20/HD-BTGTW»" in detail and "ký hiệu văn bản" in detail, detail
    assert not Document.objects.exists() and not Campaign.objects.exists()


def test_it_refuses_a_resolution_that_is_not_one(province):
    body = campaign_body(resolution={"number": "20-HD/BTGTW", "date": "2016-11-22",
                                     "title": "Hướng dẫn"})
    response = Api(province.admin).post("/api/campaigns", body)
    assert response.status_code == 422
    assert "20-HD/BTGTW" in response.json()["detail"]
    assert not Document.objects.exists()


def test_it_refuses_a_second_campaign_with_the_same_code(province):
    api = Api(province.admin)
    api.post("/api/campaigns", campaign_body())
    response = api.post("/api/campaigns", campaign_body())
    assert response.status_code == 422 and "NQ4-XII" in response.json()["detail"]


def test_it_refuses_invalid_json_fields_with_422(province):
    response = Api(province.admin).post("/api/campaigns", campaign_body(roll_date="02/12/2016"))
    assert response.status_code == 422
    assert response.json()["detail"]


def test_it_lets_an_officer_create_a_campaign_only_on_a_unit_they_write(province):
    ok = Api(province.officer_h01).post("/api/campaigns", campaign_body(owner_unit="H01"))
    assert ok.status_code == 201 and ok.json()["roll"] == 5
    above = Api(province.officer_h01).post("/api/campaigns",
                                           campaign_body(code="X", owner_unit="T01"))
    assert above.status_code == 404
    inspector = Api(province.inspector_h01).post("/api/campaigns",
                                                 campaign_body(code="Y", owner_unit="H01"))
    assert inspector.status_code == 404
    assert Campaign.objects.count() == 1


def test_it_refuses_anonymous_calls(province):
    assert Client().get("/api/campaigns").status_code == 401
    response = Client().post("/api/campaigns", json.dumps(campaign_body()),
                             content_type="application/json")
    assert response.status_code == 401 and response.json()["detail"]


def test_it_lists_the_campaigns_the_caller_is_concerned_by(campaign, django_assert_max_num_queries):
    h01_campaign(campaign.province)
    api = Api(campaign.province.officer_h01)
    with django_assert_max_num_queries(6):
        data = api.get("/api/campaigns").json()
    assert [(c["code"], c["roll"]) for c in data["items"]] == [("NQ4-CAIBE", 5), ("NQ4-XII", 7)]
    outsider = Api(campaign.province.outsider).get("/api/campaigns").json()
    assert [c["code"] for c in outsider["items"]] == ["NQ4-XII"]


def test_it_gives_one_campaign(campaign):
    data = Api(campaign.province.officer_h01).get("/api/campaigns/NQ4-XII").json()
    assert (data["title"], data["roll"], data["exempt"]) == (
        "Học tập, quán triệt Nghị quyết Trung ương 4", 7, 1)
    assert [g["number"] for g in data["guides"]] == ["20-HD/BTGTW", "28-KH/TU"]


def test_it_hides_another_districts_campaign_from_the_outsider(province):
    h01_campaign(province)
    api = Api(province.outsider)
    for path in ["/api/campaigns/NQ4-CAIBE", "/api/campaigns/NQ4-CAIBE/coverage",
                 "/api/campaigns/NO-SUCH", "/api/campaigns/NO-SUCH/coverage"]:
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": response.json()["detail"]}
    body = api.get("/api/campaigns").content.decode()
    assert not any(word in body for word in H01_WORDS)


def test_it_gives_the_owners_coverage_exactly_as_the_selector(campaign):
    data = Api(campaign.province.admin).get("/api/campaigns/NQ4-XII/coverage").json()
    assert data == coverage(campaign.campaign, campaign.province.t01)
    assert (data["unit"], data["roll"], data["exempt"]) == ("T01", 7, 1)


def test_it_gives_an_officer_their_own_district_by_default(campaign):
    api = Api(campaign.province.officer_h01)
    data = api.get("/api/campaigns/NQ4-XII/coverage").json()
    assert data == coverage(campaign.campaign, campaign.province.h01)
    assert (data["unit"], data["roll"]) == ("H01", 5)
    commune = api.get("/api/campaigns/NQ4-XII/coverage", unit="H01-X01").json()
    assert [c["unit"] for c in commune["children"]] == ["H01-X01-C01", "H01-X01-C02"]


def test_it_refuses_the_coverage_of_a_unit_outside_the_campaign(province):
    h01_campaign(province)
    response = Api(province.admin).get("/api/campaigns/NQ4-CAIBE/coverage", unit="H02")
    assert response.status_code == 422
    assert "Châu Thành" in response.json()["detail"]


def test_it_shows_the_outsider_nothing_of_another_district_in_coverage(campaign):
    meeting_create(actor=None, campaign=campaign.campaign, code="BU-CAIBE",
                   kind=MeetingKind.MAKEUP, title="Lớp học bù Cái Bè",
                   organiser=campaign.province.h01,
                   starts_at=datetime.datetime(2017, 1, 5, tzinfo=datetime.UTC))
    api = Api(campaign.province.outsider)
    assert api.get("/api/campaigns/NQ4-XII/coverage", unit="H01").status_code == 404
    assert api.get("/api/campaigns/NQ4-XII/coverage", unit="T01").status_code == 404
    response = api.get("/api/campaigns/NQ4-XII/coverage")
    data = response.json()
    assert (data["unit"], data["roll"]) == ("H02", 2)
    assert [m["code"] for m in data["meetings"]] == ["HNTT-01"]
    assert not any(word in response.content.decode() for word in H01_WORDS)


def test_it_finds_no_default_unit_for_a_plain_member(campaign):
    response = Api(campaign.province.member_c1).get("/api/campaigns/NQ4-XII/coverage")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/api/campaigns", "/api/campaigns/{code}",
                                  "/api/campaigns/{code}/coverage"])
def test_it_describes_the_endpoints_in_the_openapi_document(province, client_for, path):
    doc = client_for(province.admin).get("/api/openapi.json").json()
    assert path in doc["paths"]
    schemas = doc["components"]["schemas"]
    assert {"code", "title", "owner_unit", "roll_date", "resolution"} <= set(
        schemas["CampaignIn"]["properties"])
    assert {"covered_percent", "children", "meetings"} <= set(
        schemas["CoverageOut"]["properties"])
    assert "attended_percent" in schemas["CoverageMeetingOut"]["properties"]
