import pytest
from django.core.exceptions import ValidationError

from quantriet.accounts.models import AuditEntry, RoleKind
from quantriet.conftest import make_user
from quantriet.learning import services
from quantriet.learning.models import LearningReport, ReportReview, ReportStatus

from .conftest import SAMPLE, entry_of

BASE = "/campaigns/NQ4-XII/learning/"


def _submit(campaign, member_id, text=SAMPLE):
    return services.report_submit(actor=None, entry=entry_of(campaign, member_id),
                                  text=text + " " + member_id)


def test_it_allocates_evenly_within_each_unit_and_never_to_the_author():
    reports = [(1, 10, 100), (2, 10, 101), (3, 10, 102), (4, 10, 103), (5, 20, 104)]
    graders = [(7, 100), (8, None)]
    plan = services.plan_allocation(reports, graders)
    assert plan[1] == 8  # grader 7 wrote report 1
    in_unit = [plan[i] for i in (1, 2, 3, 4)]
    assert sorted(in_unit) == [7, 7, 8, 8]
    assert plan[5] in (7, 8)


def test_it_allocates_through_the_page(learning, client_for):
    p = learning.province
    for mid in ("0101001", "0101002", "0101004", "0101005"):
        _submit(learning, mid)
    second = make_user("grader2", unit=p.h01x01, kind=RoleKind.GRADER)
    client = client_for(p.officer_h01)
    page = client.get(BASE + "allocate/?unit=H01-X01")
    assert page.status_code == 200
    assert "grader_x01" in page.content.decode()
    response = client.post(BASE + "allocate/?unit=H01-X01",
                           {"graders": [learning.grader.pk, second.pk]})
    assert response.status_code == 302
    counts = sorted(LearningReport.objects.values_list("grader_id", flat=True))
    assert counts.count(learning.grader.pk) == 2 and counts.count(second.pk) == 2
    assert AuditEntry.objects.filter(action="learning_report.allocate").count() == 1


def test_a_member_submits_a_grader_grades_the_unit_sees_its_results(learning, client_for):
    p = learning.province
    client_for(p.member_c1).post(BASE + "my/submit/", {"text": SAMPLE})
    services.reports_allocate(actor=p.officer_h01, campaign=learning.campaign, unit=p.h01x01,
                              graders=[learning.grader])
    grader = client_for(learning.grader)
    queue = grader.get(BASE + "grading/").content.decode()
    assert "Nguyễn Văn An" in queue
    detail = grader.get(BASE + "reports/0101001/")
    assert detail.status_code == 200
    assert "27 biểu hiện" in detail.content.decode()
    response = grader.post(BASE + "reports/0101001/grade/",
                           {"decision": "grade", "grade": "Khá", "feedback": "Khá đầy đủ"})
    assert response.status_code == 302
    report = LearningReport.objects.get(member__member_id="0101001")
    assert (report.status, report.grade) == (ReportStatus.GRADED, "Khá")
    results = client_for(p.secretary_c1).get(BASE + "?unit=H01-X01-C01").content.decode()
    assert "Khá" in results
    mine = client_for(p.member_c1).get(BASE + "my/").content.decode()
    assert "Khá" in mine and "Khá đầy đủ" in mine


def test_it_returns_for_rework_then_grades_the_resubmission(learning, client_for):
    p = learning.province
    member = client_for(p.member_c1)
    member.post(BASE + "my/submit/", {"text": "Thực trạng ngắn."})
    officer = client_for(p.secretary_c1)
    officer.post(BASE + "reports/0101001/grade/",
                 {"decision": "return", "feedback": "Thiếu phần liên hệ bản thân"})
    report = LearningReport.objects.get(member__member_id="0101001")
    assert report.status == ReportStatus.RETURNED
    page = member.get(BASE + "my/").content.decode()
    assert "Thiếu phần liên hệ bản thân" in page and "<textarea" in page
    member.post(BASE + "my/submit/", {"text": SAMPLE})
    report.refresh_from_db()
    assert (report.status, report.submissions) == (ReportStatus.SUBMITTED, 2)
    officer.post(BASE + "reports/0101001/grade/", {"decision": "grade", "grade": "Tốt"})
    report.refresh_from_db()
    assert (report.status, report.grade) == (ReportStatus.GRADED, "Tốt")
    assert list(ReportReview.objects.values_list("decision", flat=True)) == [
        "returned", "graded"]


def test_it_refuses_a_return_without_feedback(learning, client_for):
    _submit(learning, "0101001")
    response = client_for(learning.province.secretary_c1).post(
        BASE + "reports/0101001/grade/", {"decision": "return", "feedback": ""})
    assert response.status_code == 400
    assert LearningReport.objects.get().status == ReportStatus.SUBMITTED


def test_nobody_grades_their_own_report(learning):
    p = learning.province
    _submit(learning, "0101002")
    p.secretary_c1.member = p.members["0101002"]
    p.secretary_c1.save()
    with pytest.raises(ValidationError):
        services.report_grade(actor=p.secretary_c1, report=LearningReport.objects.get(),
                              grade="Tốt")


def test_a_grade_outside_the_scale_is_refused(learning, client_for):
    _submit(learning, "0101001")
    response = client_for(learning.province.secretary_c1).post(
        BASE + "reports/0101001/grade/", {"decision": "grade", "grade": "Xuất sắc"})
    assert response.status_code == 400
    assert LearningReport.objects.get().grade == ""


def test_a_grader_of_another_unit_cannot_grade_what_is_not_theirs(learning, client_for):
    p = learning.province
    _submit(learning, "0101001")
    other = make_user("grader_h02", unit=p.h02, kind=RoleKind.GRADER)
    client = client_for(other)
    assert client.get(BASE + "reports/0101001/").status_code == 404
    assert client.post(BASE + "reports/0101001/grade/",
                       {"decision": "grade", "grade": "Tốt"}).status_code == 404
    assert LearningReport.objects.get().status == ReportStatus.SUBMITTED


def test_an_allocated_grader_outside_the_subtree_sees_and_grades_it(learning, client_for):
    p = learning.province
    _submit(learning, "0101001")
    outside = make_user("grader_h02b", unit=p.h02, kind=RoleKind.GRADER)
    LearningReport.objects.update(grader=outside)
    client = client_for(outside)
    assert client.get(BASE + "reports/0101001/").status_code == 200
    client.post(BASE + "reports/0101001/grade/", {"decision": "grade", "grade": "Tốt"})
    assert LearningReport.objects.get().status == ReportStatus.GRADED


def test_an_outsider_sees_no_report_of_h01(learning, client_for):
    _submit(learning, "0101001")
    client = client_for(learning.province.outsider)
    for url in ("reports/0101001/", "reports/0101001/paper/", "allocate/?unit=H01-X01",
                "?unit=H01", "members/?unit=H01"):
        assert client.get(BASE + url).status_code == 404, url
    assert "Nguyễn Văn An" not in client.get(BASE + "grading/").content.decode()
    assert client.post(BASE + "reports/0101001/grade/",
                       {"decision": "grade", "grade": "Tốt"}).status_code == 404
