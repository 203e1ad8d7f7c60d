import pytest
from django.core.exceptions import ValidationError

from quantriet.accounts.models import AuditEntry
from quantriet.campaigns.models import Deliverable
from quantriet.campaigns.services import deliverable_require
from quantriet.reports import figures
from quantriet.reports.models import ReportStatus, ResultReport
from quantriet.reports.services import (
    report_accept,
    report_build,
    report_figure_edit,
    report_return,
    report_submit,
    report_update,
)
from quantriet.reports.tests.factories import with_activity


def _build_h01(campaign, client):
    response = client.post("/campaigns/NQ4-XII/report/build/", {"unit": "H01",
                                                                 "source": "live"})
    report = ResultReport.objects.get(campaign=campaign.campaign, unit=campaign.province.h01)
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    return report


def test_it_writes_submits_and_accepts_a_report_up_the_tree(campaign, client_for):
    with_activity(campaign)
    p = campaign.province
    import datetime
    deliverable_require(actor=None, campaign=campaign.campaign, kind="result_report",
                        depth=p.h01.depth, due_on=datetime.date(2017, 3, 31))
    officer = client_for(p.officer_h01)
    report = _build_h01(campaign, officer)
    assert report.status == ReportStatus.DRAFT
    assert report.issuing_body == "HUYỆN ỦY CÁI BÈ"
    assert report.superior_body == "ĐẢNG BỘ TỈNH TIỀN GIANG"
    assert report.issuer_code == "HU" and report.place == "Tiền Giang"
    assert "quán triệt cho 4 đảng viên, đạt 80,0 %" in report.narrative
    page = officer.get(f"/reports/{report.pk}/").content.decode()
    assert "80,0 %" in page and "Đảng bộ huyện Cái Bè" in page
    assert officer.post(f"/reports/{report.pk}/submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    # H01's officer cannot accept their own report: only the level above decides.
    assert officer.post(f"/reports/{report.pk}/accept/").status_code == 404
    admin = client_for(p.admin)
    assert admin.post(f"/reports/{report.pk}/accept/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.locked
    received = Deliverable.objects.get(unit=p.h01, kind="result_report")
    assert received.received_on == report.submitted_at.astimezone().date()
    assert AuditEntry.objects.filter(action="report.accept", object_id=str(report.pk)).exists()
    # The province sees H01 as having reported.
    home = admin.get("/campaigns/NQ4-XII/report/?unit=T01").content.decode()
    assert "1 trên 2" in home or "1 of 2" in home


def test_it_cannot_submit_a_report_while_a_check_fails(campaign, client_for):
    with_activity(campaign)
    p = campaign.province
    officer = client_for(p.officer_h01)
    report = _build_h01(campaign, officer)
    response = officer.post(f"/reports/{report.pk}/figure/", {
        "section": "coverage", "row": "total", "column": "covered", "value": "5"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.edits == {"coverage/total/covered": {"from": 4, "to": 5}}
    page = officer.get(f"/reports/{report.pk}/").content.decode()
    assert page.count("num edited") == 1  # the edited cell is marked, with its old value
    response = officer.post(f"/reports/{report.pk}/submit/", follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    messages = [str(m) for m in response.context["messages"]]
    assert any("80,0 %" in m or "100,0 %" in m for m in messages), messages
    with pytest.raises(ValidationError):
        report_submit(actor=p.officer_h01, report=report)
    # Put the figure back: the edit disappears and the report can be submitted.
    report_figure_edit(actor=p.officer_h01, report=report, section="coverage", row="total",
                       column="covered", value="4")
    report.refresh_from_db()
    assert report.edits == {}
    report_submit(actor=p.officer_h01, report=report)
    assert ResultReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_it_refuses_a_narrative_whose_numbers_are_not_the_appendixs(campaign, client_for):
    with_activity(campaign)
    p = campaign.province
    officer = client_for(p.officer_h01)
    report = _build_h01(campaign, officer)
    edit = officer.get(f"/reports/{report.pk}/edit/")
    assert edit.status_code == 200 and "HUYỆN ỦY CÁI BÈ" in edit.content.decode()
    assert officer.post(f"/reports/{report.pk}/edit/", {"issuing_body": ""}).status_code == 400
    form = {"issuing_body": "HUYỆN ỦY CÁI BÈ", "superior_body": "ĐẢNG BỘ TỈNH TIỀN GIANG",
            "number": "15", "issuer_code": "HU", "place": "Tiền Giang",
            "dated_on": "2016-12-02", "signer_for": "T/M BAN THƯỜNG VỤ",
            "signer_title": "BÍ THƯ", "signer_name": "Nguyễn Văn Hai",
            "recipients": "- Tỉnh ủy (để báo cáo),\n- Lưu.",
            "narrative_text": report.narrative.replace("đạt 80,0 %", "đạt 98,3 %")}
    assert officer.post(f"/reports/{report.pk}/edit/", form).status_code == 302
    report.refresh_from_db()
    assert report.number_line == "Số 15-BC/HU"
    assert report.narrative != report.narrative_built
    officer.post(f"/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    partial = officer.get(f"/reports/{report.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="checks"' in partial and "98,3 %" in partial and "<html" not in partial


def test_it_locks_an_accepted_report(campaign, client_for):
    with_activity(campaign)
    p = campaign.province
    report = report_build(actor=None, campaign=campaign.campaign, unit=p.h01)
    report_submit(actor=None, report=report)
    report_accept(actor=p.admin, report=report)
    before = ResultReport.objects.get(pk=report.pk)
    with pytest.raises(ValidationError):
        report_update(actor=p.officer_h01, report=report, narrative_text="Khác.")
    with pytest.raises(ValidationError):
        report_figure_edit(actor=p.officer_h01, report=report, section="coverage",
                           row="total", column="covered", value="1")
    with pytest.raises(ValidationError):
        report_build(actor=p.officer_h01, campaign=campaign.campaign, unit=p.h01)
    with pytest.raises(ValidationError):
        report_return(actor=p.admin, report=report, comment="Sửa lại")
    officer = client_for(p.officer_h01)
    officer.post(f"/reports/{report.pk}/figure/", {"section": "coverage", "row": "total",
                                                   "column": "covered", "value": "1"})
    officer.post(f"/reports/{report.pk}/edit/", {"narrative_text": "Khác."})
    officer.post(f"/reports/{report.pk}/rebuild/", {"source": "live"})
    after = ResultReport.objects.get(pk=report.pk)
    assert (after.status, after.figures, after.narrative, after.edits) == (
        ReportStatus.ACCEPTED, before.figures, before.narrative, before.edits)


def test_it_returns_a_report_with_a_comment_and_lets_the_unit_change_it(campaign, client_for):
    with_activity(campaign)
    p = campaign.province
    report = report_build(actor=None, campaign=campaign.campaign, unit=p.h01x01)
    report_submit(actor=None, report=report)
    officer = client_for(p.officer_h01)  # H01 is the level above H01-X01
    assert officer.post(f"/reports/{report.pk}/return/", {"comment": ""}).status_code == 302
    assert ResultReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    officer.post(f"/reports/{report.pk}/return/", {"comment": "Bổ sung số quần chúng."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_comment == "Bổ sung số quần chúng."
    page = client_for(p.officer_h01).get(f"/reports/{report.pk}/").content.decode()
    assert "Bổ sung số quần chúng." in page
    report_update(actor=p.officer_h01, report=report, signer_name="Lê Văn Ba")
    report_submit(actor=p.officer_h01, report=report)
    assert ResultReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_it_builds_the_provinces_report_from_its_childrens_accepted_reports(campaign,
                                                                           client_for):
    with_activity(campaign)
    p = campaign.province
    report = report_build(actor=None, campaign=campaign.campaign, unit=p.h01)
    report_figure_edit(actor=None, report=report, section="coverage", row="total",
                       column="non_members", value="35")
    report = report_figure_edit(actor=None, report=report, section="coverage", row="own",
                                column="non_members", value="35")
    report = report_update(actor=None, report=report, narrative_text=report.narrative.replace(
        "40 quần chúng", "35 quần chúng"))
    report_submit(actor=None, report=report)
    report_accept(actor=None, report=report)
    admin = client_for(p.admin)
    admin.post("/campaigns/NQ4-XII/report/build/", {"unit": "T01", "source": "children"})
    province = ResultReport.objects.get(unit=p.t01)
    cov = figures.section(province.figures, "coverage")
    assert cov["total"]["non_members"] == 35
    assert province.figures["differences"][0]["live"] == 40
    assert province.figures["differences"][0]["reported"] == 35
    page = admin.get(f"/reports/{province.pk}/").content.decode()
    assert "35 quần chúng" in page


def test_it_hides_a_report_from_another_district(campaign, client_for):
    p = campaign.province
    report = report_build(actor=None, campaign=campaign.campaign, unit=p.h01)
    outsider = client_for(p.outsider)
    for url in (f"/reports/{report.pk}/", f"/reports/{report.pk}/report.docx",
                f"/reports/{report.pk}/report.xlsx", f"/reports/{report.pk}/edit/",
                f"/api/reports/{report.pk}"):
        assert outsider.get(url).status_code == 404, url
    for action in ("submit", "accept", "return", "figure", "rebuild"):
        assert outsider.post(f"/reports/{report.pk}/{action}/").status_code == 404
    assert outsider.post("/campaigns/NQ4-XII/report/build/", {"unit": "H01"}).status_code == 404
    assert outsider.get("/campaigns/NQ4-XII/report/?unit=H01").status_code == 404
    assert outsider.get("/campaigns/NQ4-XII/report/dashboard/?unit=H01").status_code == 404
    assert ResultReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    # A member without an officer's role has no report pages at all.
    assert client_for(p.member_c1).get(f"/reports/{report.pk}/").status_code == 403
