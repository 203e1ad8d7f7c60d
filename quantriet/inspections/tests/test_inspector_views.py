"""The inspector's phone pages: /inspections/today/ and /inspections/<pk>/ (counts, the
evaluation form once the session ended)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from quantriet.inspections.models import Evaluation
from quantriet.inspections.services import assignment_create
from quantriet.meetings.services import attendance_record

from .helpers import a_class, answers


@pytest.fixture
def day(campaign):
    """inspector_h01 today: a class at An Hữu that ended an hour ago (3 present, 1 excused
    of the 4 roll members of H01-X01 — the exempt one included), one under way at DC-H01."""
    p = campaign.province
    now = timezone.now()
    ended = a_class(campaign, "LH-DONE", now - datetime.timedelta(hours=3))
    attendance_record(actor=None, meeting=ended, method="tick",
                      records=[(p.members[m].pk, "present") for m in
                               ("0101001", "0101002", "0101004")]
                      + [(p.members["0101005"].pk, "excused")])
    running = a_class(campaign, "LH-NOW", now - datetime.timedelta(minutes=30),
                      organiser=p.h01)
    done = assignment_create(actor=p.officer_h01, meeting=ended, inspector=p.inspector_h01)
    live = assignment_create(actor=p.officer_h01, meeting=running, inspector=p.inspector_h01)
    # Long past: the 2016 conference, not on today's page.
    old = assignment_create(actor=p.admin, meeting=campaign.conference, bridge_point=campaign.bp1,
                            inspector=p.inspector_h01)
    return done, live, old


def test_it_shows_the_inspector_todays_sessions_with_counts(campaign, client_for, day):
    done, live, old = day
    response = client_for(campaign.province.inspector_h01).get("/inspections/today/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/inspections/{done.pk}/" in html and f"/inspections/{live.pk}/" in html
    assert f"/inspections/{old.pk}/" not in html
    assert "Hội trường LH-DONE" in html and "Hội trường LH-NOW" in html
    # H01-X01 expects its 5 roll members; 3 were present.
    assert "3 có mặt / 5 dự kiến" in html
    assert "Đánh giá ngay" in html and "Phiếu đánh giá mở khi buổi học kết thúc." in html


def test_it_records_an_evaluation_from_the_phone(campaign, client_for, day):
    done, live, _old = day
    client = client_for(campaign.province.inspector_h01)
    page = client.get(f"/inspections/{done.pk}/").content.decode()
    assert "Đánh giá chung" in page and "Ghi nhận đánh giá" in page
    questionnaire = campaign.campaign.evaluation_setup.questionnaire
    data = answers(questionnaire, rating="Tốt", remarks="Lớp học <b>nghiêm túc</b>")
    response = client.post(f"/inspections/{done.pk}/", data)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(assignment=done)
    assert evaluation.rating == "Tốt"
    page = client.get(f"/inspections/{done.pk}/").content.decode()
    assert "Lớp học &lt;b&gt;nghiêm túc&lt;/b&gt;" in page  # typed text is escaped
    assert "Ghi nhận đánh giá" not in page
    # A second post changes nothing.
    client.post(f"/inspections/{done.pk}/", data)
    assert Evaluation.objects.count() == 1


def test_it_shows_no_form_before_the_session_ends(campaign, client_for, day):
    _done, live, _old = day
    client = client_for(campaign.province.inspector_h01)
    page = client.get(f"/inspections/{live.pk}/").content.decode()
    assert "Phiếu đánh giá mở khi buổi học kết thúc" in page and "<form method=\"post\" class" \
        not in page
    questionnaire = campaign.campaign.evaluation_setup.questionnaire
    response = client.post(f"/inspections/{live.pk}/", answers(questionnaire))
    assert response.status_code == 404
    assert not Evaluation.objects.exists()


def test_it_reports_a_missing_required_answer(campaign, client_for, day):
    done, _live, _old = day
    client = client_for(campaign.province.inspector_h01)
    response = client.post(f"/inspections/{done.pk}/", {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trường này là bắt buộc." in html and "Ghi nhận đánh giá" in html
    assert not Evaluation.objects.exists()


def test_it_lets_only_the_inspector_evaluate(campaign, client_for, day):
    done, _live, _old = day
    p = campaign.province
    questionnaire = campaign.campaign.evaluation_setup.questionnaire
    officer = client_for(p.officer_h01)
    page = officer.get(f"/inspections/{done.pk}/")
    assert page.status_code == 200 and "Chưa được đánh giá." in page.content.decode()
    assert officer.post(f"/inspections/{done.pk}/", answers(questionnaire)).status_code == 404
    assert not Evaluation.objects.exists()


def test_it_shows_an_outsider_nothing_of_an_assignment(campaign, client_for, day):
    done, _live, _old = day
    outsider = client_for(campaign.province.outsider)
    for url in (f"/inspections/{done.pk}/", f"/inspections/{done.pk}/cancel/"):
        assert outsider.get(url).status_code in (404, 405)
        assert outsider.post(url).status_code == 404
    page = outsider.get("/inspections/today/").content.decode()
    assert "LH-DONE" not in page and "không có buổi học nào" in page


def test_it_cancels_an_assignment_for_officers_only(campaign, client_for, day):
    _done, live, _old = day
    p = campaign.province
    assert client_for(p.inspector_h01).post(f"/inspections/{live.pk}/cancel/").status_code == 404
    response = client_for(p.officer_h01).post(f"/inspections/{live.pk}/cancel/")
    assert response.status_code == 302
    assert not type(live).objects.filter(pk=live.pk).exists()


def test_it_refreshes_the_counts_of_a_session_under_way(campaign, client_for, day):
    _done, live, _old = day
    p = campaign.province
    client = client_for(p.inspector_h01)
    page = client.get(f"/inspections/{live.pk}/").content.decode()
    assert 'hx-trigger="every 30s"' in page
    attendance_record(actor=None, meeting=live.meeting, method="tick",
                      records=[(p.members["0201001"].pk, "present")])
    partial = client.get(f"/inspections/{live.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div class="big-counts" id="counts"')
    assert "<b>1</b><span>có mặt</span>" in partial
    assert client_for(p.outsider).get(f"/inspections/{live.pk}/",
                                      HTTP_HX_REQUEST="true").status_code == 404
