from quantriet.reports.selectors import coverage
from quantriet.reports.services import report_build
from quantriet.reports.tests.factories import with_activity


def test_it_gives_the_live_figures_and_their_checks(campaign, client_for):
    with_activity(campaign)
    response = client_for(campaign.province.officer_h01).get(
        "/api/campaigns/NQ4-XII/report-figures?unit=H01")
    assert response.status_code == 200
    data = response.json()
    assert data["problems"] == []
    cov = coverage(campaign.campaign, campaign.province.h01)
    section = data["figures"]["sections"][0]
    assert section["key"] == "coverage"
    assert section["total"]["covered"] == cov["covered"] == 4
    assert section["total"]["covered_percent"] == cov["covered_percent"] == 80.0


def test_it_gives_a_saved_report_only_to_who_sees_its_unit(campaign, client_for):
    report = report_build(actor=None, campaign=campaign.campaign, unit=campaign.province.h01)
    data = client_for(campaign.province.officer_h01).get(f"/api/reports/{report.pk}").json()
    assert data["unit"] == "H01" and data["status"] == "draft" and data["problems"] == []
    outsider = client_for(campaign.province.outsider)
    assert outsider.get(f"/api/reports/{report.pk}").status_code == 404
    assert outsider.get("/api/campaigns/NQ4-XII/report-figures?unit=H01").status_code == 404
