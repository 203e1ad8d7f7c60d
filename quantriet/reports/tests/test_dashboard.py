from quantriet.reports.tests.factories import with_activity


def test_it_shows_charts_and_the_same_figures_as_tables(campaign, client_for):
    with_activity(campaign)
    response = client_for(campaign.province.officer_h01).get(
        "/campaigns/NQ4-XII/report/dashboard/?unit=H01")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") >= 3  # coverage over time, by unit, deliverables
    assert "<script" not in page.split("</head>")[1]  # charts need no JavaScript
    # Coverage over time: 3 of 5 after the conference, 4 after the make-up class.
    assert "60,0 %" in page and "80,0 %" in page
    assert "Đảng bộ xã An Hữu" in page
    assert "HB-H01" in page


def test_it_shows_the_outsider_only_their_own_district(campaign, client_for):
    with_activity(campaign)
    client = client_for(campaign.province.outsider)
    page = client.get("/campaigns/NQ4-XII/report/dashboard/").content.decode()
    assert "Đảng bộ xã Long Định" in page
    for secret in ("Cái Bè", "An Hữu", "HB-H01"):
        assert secret not in page
    assert client.get("/campaigns/NQ4-XII/report/dashboard/?unit=H01-X01").status_code == 404
    home = client.get("/campaigns/NQ4-XII/report/").content.decode()
    assert "Đảng bộ xã Long Định" in home and "Cái Bè" not in home


def test_it_lists_the_childrens_reports_with_the_reporting_rate(campaign, client_for):
    from quantriet.reports.services import report_build, report_submit

    p = campaign.province
    report_submit(actor=None, report=report_build(actor=None, campaign=campaign.campaign,
                                                  unit=p.h02))
    client = client_for(p.admin)
    page = client.get("/campaigns/NQ4-XII/report/?unit=T01").content.decode()
    assert "50,0 %" in page
    xlsx = client.get("/campaigns/NQ4-XII/report/?unit=T01&format=xlsx")
    import io

    from openpyxl import load_workbook
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(
        values_only=True))
    assert [r[0] for r in rows[1:]] == ["H01", "H02"]
    assert rows[1][2] != rows[2][2]  # not started / submitted


def test_it_links_the_report_from_the_campaign_page(campaign, client_for):
    page = client_for(campaign.province.officer_h01).get(
        "/campaigns/NQ4-XII/?unit=H01").content.decode()
    assert "/campaigns/NQ4-XII/report/?unit=H01" in page
    assert "/campaigns/NQ4-XII/report/dashboard/?unit=H01" in page


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_lists_the_childrens_reports_in_a_fixed_number_of_queries(campaign, client_for):
    from quantriet.orgs.services import unit_create
    from quantriet.reports.services import report_build

    p = campaign.province
    client = client_for(p.admin)
    url = "/campaigns/NQ4-XII/report/?unit=T01"
    report_build(actor=None, campaign=campaign.campaign, unit=p.h01)
    before = _queries(client, url)
    for i in range(3):
        unit = unit_create(actor=None, code=f"H9{i}", name=f"Đảng bộ huyện số {i}",
                           parent=p.t01, kind="district")
        report_build(actor=None, campaign=campaign.campaign, unit=unit)
    page = client.get(url).content.decode()
    assert "Đảng bộ huyện số 2" in page
    assert _queries(client, url) == before
