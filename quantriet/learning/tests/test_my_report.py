import datetime
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.learning.models import LearningReport, ReportSource, ReportStatus
from quantriet.learning.signals import report_submitted

from .conftest import SAMPLE

MY = "/campaigns/NQ4-XII/learning/my/"


def _report(campaign, member_id="0101001"):
    return LearningReport.objects.get(campaign=campaign.campaign,
                                      member__member_id=member_id)


def test_it_shows_the_member_an_empty_editor_with_the_deadline(learning, client_for):
    response = client_for(learning.province.member_c1).get(MY)
    assert response.status_code == 200
    body = response.content.decode()
    assert "15/01/2017" in body
    assert 'hx-trigger="keyup changed delay:2s' in body
    assert "Thách thức" in body  # the default topics are listed, as missing


def test_it_autosaves_the_draft_and_shows_when(learning, client_for):
    client = client_for(learning.province.member_c1)
    response = client.post(MY + "save/", {"text": "Thực trạng hiện nay  \r\n"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đã lưu bản nháp lúc" in body or "Draft saved at" in body
    report = _report(learning)
    assert report.status == ReportStatus.DRAFT
    assert report.text == "Thực trạng hiện nay"
    assert 'id="topics" hx-swap-oob="true"' in body


def test_it_submits_once_even_when_submitted_twice(learning, client_for,
                                                   django_capture_on_commit_callbacks):
    client = client_for(learning.province.member_c1)
    sent = []
    report_submitted.connect(lambda sender, report, **kw: sent.append(report.pk), weak=False,
                             dispatch_uid="test-submit")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(MY + "submit/", {"text": SAMPLE})
            second = client.post(MY + "submit/", {"text": SAMPLE})
    finally:
        report_submitted.disconnect(dispatch_uid="test-submit")
    assert first.status_code == second.status_code == 302
    report = _report(learning)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submissions == 1
    assert report.text == SAMPLE
    assert report.unit == learning.province.c1
    assert LearningReport.objects.count() == 1
    assert sent == [report.pk]
    page = client.get(MY).content.decode()
    assert "<textarea" not in page  # no longer editable
    assert "27 biểu hiện" in page


def test_it_refuses_an_empty_report_and_keeps_the_draft(learning, client_for):
    client = client_for(learning.province.member_c1)
    response = client.post(MY + "submit/", {"text": "   "}, follow=True)
    assert "Bài thu hoạch trống" in response.content.decode() or "empty" in \
        response.content.decode()
    assert _report(learning).status == ReportStatus.DRAFT


def test_it_marks_a_report_after_the_deadline_late(learning, client_for, settings):
    from quantriet.learning import services

    services.settings_update(actor=None, campaign=learning.campaign,
                             deadline=datetime.date(2016, 12, 31), scale_kind="labels",
                             grades=["Đạt", "Không đạt"])
    client_for(learning.province.member_c1).post(MY + "submit/", {"text": SAMPLE})
    assert _report(learning).is_late is True


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_it_takes_the_text_of_an_uploaded_docx(learning, client_for):
    upload = SimpleUploadedFile("bai-thu-hoach.docx", _docx_bytes(SAMPLE))
    response = client_for(learning.province.member_c1).post(MY + "upload/", {"file": upload})
    assert response.status_code == 302
    report = _report(learning)
    assert report.status == ReportStatus.SUBMITTED
    assert report.source == ReportSource.UPLOAD
    assert "27 biểu hiện" in report.text
    assert report.file.name.endswith(".docx")


def test_it_takes_an_nfd_txt_file_as_nfc(learning, client_for):
    import unicodedata

    nfd = unicodedata.normalize("NFD", SAMPLE)
    upload = SimpleUploadedFile("bai.txt", nfd.encode("utf-8"))
    client_for(learning.province.member_c1).post(MY + "upload/", {"file": upload})
    assert _report(learning).text == SAMPLE


def test_it_refuses_a_doc_file_with_a_clear_message(learning, client_for):
    upload = SimpleUploadedFile("bai.doc", b"\xd0\xcf\x11\xe0 old word")
    response = client_for(learning.province.member_c1).post(MY + "upload/", {"file": upload},
                                                            follow=True)
    body = response.content.decode()
    assert "Chỉ nhận tệp .docx" in body
    assert not LearningReport.objects.filter(status=ReportStatus.SUBMITTED).exists()


def test_it_refuses_a_broken_docx(learning, client_for):
    upload = SimpleUploadedFile("bai.docx", b"not a zip")
    response = client_for(learning.province.member_c1).post(MY + "upload/", {"file": upload},
                                                            follow=True)
    assert ".docx" in response.content.decode()
    assert not LearningReport.objects.filter(status=ReportStatus.SUBMITTED).exists()


def test_it_escapes_what_the_member_typed(learning, client_for):
    client = client_for(learning.province.member_c1)
    client.post(MY + "submit/", {"text": "<script>alert(1)</script> thực trạng"})
    body = client.get(MY).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_it_lists_the_members_campaigns_and_goes_to_the_only_one(learning, client_for):
    response = client_for(learning.province.member_c1).get("/learning/")
    assert response.status_code == 302
    assert response["Location"] == MY


def test_it_shows_an_outsider_nothing_of_its_own(learning, client_for):
    """An officer without a member record has no own report page."""
    client = client_for(learning.province.outsider)
    assert client.get(MY).status_code == 404
    assert client.post(MY + "submit/", {"text": SAMPLE}).status_code == 404
    assert not LearningReport.objects.exists()


def test_autosave_after_submitting_says_why_it_did_not_save(learning, client_for):
    client = client_for(learning.province.member_c1)
    client.post(MY + "submit/", {"text": SAMPLE})
    response = client.post(MY + "save/", {"text": "khác"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "đang chờ chấm" in response.content.decode()
    assert _report(learning).text == SAMPLE
