from quantriet.reports import demo
from quantriet.reports.models import ReportStatus, ResultReport
from quantriet.reports.tests.factories import with_activity


def test_it_loads_an_accepted_district_report_and_the_provinces_draft(campaign):
    with_activity(campaign)
    demo.load(campaign.campaign, seed=1)
    statuses = dict(ResultReport.objects.values_list("unit__code", "status"))
    assert statuses == {"H01": ReportStatus.ACCEPTED, "T01": ReportStatus.DRAFT}
    province = ResultReport.objects.get(unit__code="T01")
    assert province.source == "children"
    assert province.figures["differences"] == []
