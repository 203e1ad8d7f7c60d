from quantriet.campaigns.models import Campaign, CoverageCounter, Document

FORM = {"code": "NQ5-XII-H01", "title": "Học tập Nghị quyết Trung ương 5", "owner": "H01",
        "roll_date": "2017-06-01", "starts_on": "2017-06-10", "ends_on": "2017-07-31",
        "resolution_number": "05-NQ/TW", "resolution_date": "2017-05-08",
        "resolution_title": "Nghị quyết Hội nghị Trung ương 5 khóa XII",
        "guides": "20-HD/BTGTW\n28-KH/TU", "audience": ""}


def test_it_creates_a_campaign_with_its_roll(campaign, client_for):
    response = client_for(campaign.province.officer_h01).post("/campaigns/new/", FORM)
    assert response.status_code == 302 and response.url == "/campaigns/NQ5-XII-H01/"
    created = Campaign.objects.get(code="NQ5-XII-H01")
    assert created.owner == campaign.province.h01
    assert created.resolution.code == "05-NQ/TW"
    assert {g.code for g in created.guides.all()} == {"20-HD/BTGTW", "28-KH/TU"}
    assert created.roll.count() == 5
    assert sum(c.roll for c in CoverageCounter.objects.filter(campaign=created)) == 5


def test_it_reuses_a_registered_resolution(campaign, client_for):
    client_for(campaign.province.officer_h01).post("/campaigns/new/", {
        **FORM, "resolution_number": "04-NQ/TW", "resolution_date": "2016-10-30"})
    assert Campaign.objects.get(code="NQ5-XII-H01").resolution == campaign.resolution
    assert Document.objects.filter(type_code="NQ").count() == 1


def _errors(client, **changes) -> str:
    response = client.post("/campaigns/new/", {**FORM, **changes})
    assert response.status_code == 400
    assert not Campaign.objects.filter(code=FORM["code"]).exists()
    return response.content.decode()


def test_it_names_each_form_error_in_vietnamese(campaign, client_for):
    client = client_for(campaign.province.officer_h01)
    assert "Không có tổ chức đảng mã H02 trong phạm vi bạn quản lý." in _errors(client,
                                                                               owner="H02")
    assert "20-HD/BTGTW không phải là nghị quyết (NQ)." in _errors(
        client, resolution_number="20-HD/BTGTW")
    assert "«05/NQ-TW» không phải số, ký hiệu văn bản" in _errors(
        client, resolution_number="05/NQ-TW")
    body = _errors(client, guides="20-HD/BTGTW\n99-KH/TU\nabc")
    assert "Văn bản 99-KH/TU chưa có trong sổ văn bản: hãy vào sổ trước." in body
    assert "«abc» không phải số, ký hiệu văn bản" in body
    assert "Đã có đợt học tập mã NQ4-XII." in _errors(client, code="NQ4-XII")
    # Nothing half-done: the new resolution was not registered either.
    assert not Document.objects.filter(number="05", type_code="NQ").exists()


def test_it_refuses_users_who_write_no_unit(campaign, client_for):
    assert client_for(campaign.province.inspector_h01).get("/campaigns/new/").status_code == 403
    assert client_for(campaign.province.member_c1).post("/campaigns/new/", FORM).status_code \
        == 403


def test_it_keeps_an_outsiders_campaign_in_their_own_district(campaign, client_for):
    client = client_for(campaign.province.outsider)
    assert "Không có tổ chức đảng mã H01" in _errors(client, owner="H01")
    response = client.post("/campaigns/new/", {**FORM, "owner": "H02"})
    assert response.status_code == 302
    assert Campaign.objects.get(code=FORM["code"]).roll.count() == 2


def test_it_refreshes_the_planners_statistics_after_a_large_roll(campaign, client_for,
                                                                  monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quantriet.campaigns import services

    monkeypatch.setattr(services, "ANALYZE_FROM", 5)  # the fixture's H01 roll is 5
    with CaptureQueriesContext(connection) as queries:
        response = client_for(campaign.province.officer_h01).post("/campaigns/new/", FORM)
    assert response.status_code == 302
    analyzed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    assert analyzed == ["ANALYZE campaigns_rollentry", "ANALYZE campaigns_coveragecounter"]
    assert Campaign.objects.get(code="NQ5-XII-H01").roll.count() == 5
