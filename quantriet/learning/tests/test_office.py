import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.learning import services
from quantriet.learning.models import LearningReport, ReportSource, ReportStatus, Topic

from .conftest import SAMPLE, entry_of

BASE = "/campaigns/NQ4-XII/learning/"


def test_the_cell_records_a_paper_submission_with_a_scan(learning, client_for):
    client = client_for(learning.province.secretary_c1)
    assert client.get(BASE + "reports/0101002/paper/").status_code == 200
    response = client.post(BASE + "reports/0101002/paper/", {
        "submitted_on": "2017-01-20", "text": "",
        "scan": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan")})
    assert response.status_code == 302
    report = LearningReport.objects.get(member__member_id="0101002")
    assert report.status == ReportStatus.SUBMITTED
    assert report.source == ReportSource.PAPER
    assert report.is_late is True  # 20/01 after the 15/01 deadline
    assert report.file.name.endswith(".pdf")
    file = client.get(BASE + "reports/0101002/file/")
    assert file.status_code == 200 and b"".join(file.streaming_content) == b"%PDF-1.4 scan"


def test_the_cell_excuses_a_member_with_a_reason_and_withdraws_it(learning, client_for):
    client = client_for(learning.province.secretary_c1)
    client.post(BASE + "reports/0101002/excuse/", {"reason": "Ốm dài ngày"})
    report = LearningReport.objects.get(member__member_id="0101002")
    assert (report.status, report.excuse_reason) == (ReportStatus.EXCUSED, "Ốm dài ngày")
    client.post(BASE + "reports/0101002/excuse/", {"undo": "1"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_an_excuse_needs_a_reason(learning, client_for):
    client = client_for(learning.province.secretary_c1)
    response = client.post(BASE + "reports/0101002/excuse/", {"reason": " "}, follow=True)
    assert "Hãy ghi lý do" in response.content.decode()
    assert not LearningReport.objects.filter(status=ReportStatus.EXCUSED).exists()


def test_a_cell_secretary_cannot_record_for_another_cell(learning, client_for):
    client = client_for(learning.province.secretary_c1)
    response = client.post(BASE + "reports/0101004/paper/", {"submitted_on": "2017-01-10"})
    assert response.status_code == 404
    assert client.post(BASE + "reports/0101004/excuse/", {"reason": "x"}).status_code == 404
    assert not LearningReport.objects.exists()


def test_a_grader_cannot_record_paper_submissions(learning, client_for):
    response = client_for(learning.grader).post(BASE + "reports/0101002/paper/",
                                                {"submitted_on": "2017-01-10"})
    assert response.status_code == 404


def test_the_owner_sets_deadline_scale_and_topics(learning, client_for):
    client = client_for(learning.province.admin)
    page = client.get(BASE + "settings/").content.decode()
    assert "Thách thức: thách thức, khó khăn, nguy cơ" in page
    response = client.post(BASE + "settings/", {
        "deadline": "2017-02-28", "scale_kind": "marks", "grades": "",
        "topics": "Thực trạng: thực trạng, tình hình\nĐột phá: đột phá"})
    assert response.status_code == 302
    rules = services.settings_of(learning.campaign)
    assert rules.deadline == datetime.date(2017, 2, 28) and rules.scale_kind == "marks"
    assert list(Topic.objects.values_list("name", flat=True)) == ["Thực trạng", "Đột phá"]
    services.report_submit(actor=None, entry=entry_of(learning, "0101001"),
                           text="Tinh hinh va dot pha")
    detail = client.get(BASE + "reports/0101001/").content.decode()
    assert "✔ Đột phá" in detail and "✔ Thực trạng" in detail
    assert '<option value="8">8/10</option>' in detail


def test_a_district_officer_cannot_change_the_provinces_rules(learning, client_for):
    client = client_for(learning.province.officer_h01)
    assert client.get(BASE + "settings/").status_code == 404
    response = client.post(BASE + "settings/", {"scale_kind": "marks", "topics": "A: a"})
    assert response.status_code == 404
    assert services.settings_of(learning.campaign).scale_kind == "labels"


def test_it_refuses_to_drop_a_grade_already_given(learning, client_for):
    report = services.report_submit(actor=None, entry=entry_of(learning, "0101001"),
                                    text=SAMPLE)
    services.report_grade(actor=learning.province.admin, report=report, grade="Khá")
    response = client_for(learning.province.admin).post(BASE + "settings/", {
        "scale_kind": "labels", "grades": "Đạt\nKhông đạt", "topics": "A: a"})
    assert response.status_code == 400
    assert "Khá" in response.content.decode()
    assert services.settings_of(learning.campaign).grades[1] == "Khá"


def test_the_report_page_links_the_plan_only_when_there_is_one(learning, client_for):
    client = client_for(learning.province.secretary_c1)
    client.post(BASE + "reports/0101002/paper/", {"submitted_on": "2017-01-10",
                                                  "text": SAMPLE})
    url = BASE + "reports/0101002/"
    assert "plans/0101002/" not in client.get(url).content.decode()
    entry = entry_of(learning, "0101002")
    services.plan_save(actor=None, entry=entry, duties="Bí thư chi đoàn",
                       commitments=[{"what": "Gương mẫu", "due_on": datetime.date(2017, 6, 30),
                                     "measure": "Không vi phạm"}])
    page = client.get(url).content.decode()
    assert "plans/0101002/" in page
    assert client.get(BASE + "plans/0101002/").status_code == 200
