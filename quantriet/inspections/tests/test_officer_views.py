"""Officers' pages: /campaigns/<code>/inspections/ (figures, assignments), .../assign/,
.../missing/ (and its Excel), .../form/."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from quantriet.conftest import make_user
from quantriet.inspections.models import Assignment, EvaluationSetup
from quantriet.inspections.services import assignment_create, evaluation_record
from quantriet.surveys.models import Questionnaire
from quantriet.surveys.services import questionnaire_create_from_template

from .helpers import UTC, a_class, cleaned

BASE = "/campaigns/NQ4-XII/inspections/"


@pytest.fixture
def inspected(campaign):
    """DC-H01 inspected and evaluated "Khá"; DC-H02 inspected, not evaluated; a class of
    An Hữu in 2016 not evaluated either."""
    p = campaign.province
    h02_inspector = make_user("inspector_h02", unit=p.h02, kind="inspector")
    a1 = assignment_create(actor=p.admin, meeting=campaign.conference, bridge_point=campaign.bp1,
                           inspector=p.inspector_h01)
    a2 = assignment_create(actor=p.admin, meeting=campaign.conference, bridge_point=campaign.bp2,
                           inspector=h02_inspector)
    lesson = a_class(campaign, "LH-AH", datetime.datetime(2016, 12, 27, 1, 0, tzinfo=UTC))
    a3 = assignment_create(actor=p.admin, meeting=lesson, inspector=p.officer_h01)
    questionnaire = campaign.campaign.evaluation_setup.questionnaire
    evaluation_record(actor=p.inspector_h01, assignment=a1,
                      cleaned_data=cleaned(questionnaire, rating="Khá"), now=a1.ends_at)
    return a1, a2, a3


def test_it_shows_the_province_the_figures_per_district(campaign, client_for, inspected):
    html = client_for(campaign.province.admin).get(BASE).content.decode()
    assert "Kiểm tra: Đảng bộ tỉnh Tiền Giang" in html
    assert html.count("<td>3</td><td>1</td><td>2</td><td>0</td>") == 1  # the province
    assert "<td>2</td><td>1</td><td>1</td><td>0</td>" in html  # Cái Bè
    assert "<td>1</td><td>0</td><td>1</td><td>0</td>" in html  # Châu Thành
    assert "Khá: 1" in html and "Hội trường LH-AH" in html


def test_it_lists_the_sessions_still_unevaluated(campaign, client_for, inspected):
    a1, a2, a3 = inspected
    client = client_for(campaign.province.admin)
    html = client.get(BASE + "missing/").content.decode()
    assert f"/inspections/{a2.pk}/" in html and f"/inspections/{a3.pk}/" in html
    assert f"/inspections/{a1.pk}/" not in html
    assert "2 buổi học đã kết thúc" in html
    response = client.get(BASE + "missing/?unit=H01&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("Mã hội nghị, lớp học", "Hội nghị, lớp học", "Mã điểm cầu",
                           "Địa điểm")
    assert [r[0] for r in rows[1:]] == ["LH-AH"]
    assert rows[1][3] == "Hội trường LH-AH" and rows[1][8] == "officer_h01"


def test_it_lists_without_a_query_per_row(campaign, client_for, inspected):
    p = campaign.province
    for i in range(5):
        lesson = a_class(campaign, f"LH-{i}", datetime.datetime(2017, 1, 2 + i, 1, tzinfo=UTC))
        assignment_create(actor=None, meeting=lesson, inspector=p.inspector_h01)
    client = client_for(p.admin)
    pages = (BASE + "missing/", BASE, "/inspections/today/")
    few = {}
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        few[url] = len(queries)
    lesson = a_class(campaign, "LH-X", datetime.datetime(2017, 2, 1, 1, tzinfo=UTC))
    assignment_create(actor=None, meeting=lesson, inspector=p.inspector_h01)
    for url in pages:
        with CaptureQueriesContext(connection) as more:
            client.get(url)
        assert len(more) == few[url], url


def test_it_assigns_an_inspector_through_the_form(campaign, client_for):
    p = campaign.province
    client = client_for(p.officer_h01)
    page = client.get(BASE + "assign/?unit=H01").content.decode()
    assert "Điểm cầu huyện Cái Bè" in page and "Châu Thành" not in page
    assert "inspector_h01" in page and "outsider" not in page
    form = {"session": f"bp:{campaign.bp1.pk}", "inspector": str(p.inspector_h01.pk)}
    response = client.post(BASE + "assign/?unit=H01", form)
    assert response.status_code == 302
    a = Assignment.objects.get()
    assert (a.bridge_point, a.inspector, a.assigned_by) == (campaign.bp1, p.inspector_h01,
                                                            p.officer_h01)
    # The same inspector elsewhere at that time: refused with the reason, nothing written.
    lesson = a_class(campaign, "LH-CLASH", datetime.datetime(2016, 12, 20, 8, tzinfo=UTC))
    response = client.post(BASE + "assign/?unit=H01", {
        "session": f"m:{lesson.pk}", "inspector": str(p.inspector_h01.pk)})
    assert response.status_code == 200
    assert "đã được phân công tại Điểm cầu huyện Cái Bè" in response.content.decode()
    assert Assignment.objects.count() == 1


def test_it_refuses_sessions_and_inspectors_outside_the_officers_units(campaign, client_for):
    p = campaign.province
    client = client_for(p.officer_h01)
    for data in ({"session": f"bp:{campaign.bp2.pk}", "inspector": str(p.inspector_h01.pk)},
                 {"session": f"bp:{campaign.bp1.pk}", "inspector": str(p.outsider.pk)}):
        response = client.post(BASE + "assign/?unit=H01", data)
        assert response.status_code == 200
    assert not Assignment.objects.exists()
    # The cell secretary has no session to assign in their cell: sent back with a word.
    response = client_for(p.secretary_c1).get(BASE + "assign/", follow=True)
    assert response.redirect_chain[0][0].startswith(BASE + "?unit=")
    assert "Không có buổi học nào trong đơn vị này" in response.content.decode()


def test_it_configures_the_evaluation_form(campaign, client_for):
    p = campaign.province
    client = client_for(p.admin)
    page = client.get(BASE + "form/").content.decode()
    assert "Tạo phiếu đánh giá theo mẫu có sẵn" in page
    client.post(BASE + "form/")
    setup = EvaluationSetup.objects.get(campaign=campaign.campaign)
    page = client.get(BASE + "form/").content.decode()
    assert "Chất lượng thảo luận" in page and "Trung bình" in page
    other = questionnaire_create_from_template(
        actor=p.admin, template_key="session-evaluation", campaign=campaign.campaign,
        owner=p.t01, title="Phiếu đánh giá số 2")
    client.post(BASE + "form/", {"questionnaire": str(other.pk)})
    setup.refresh_from_db()
    assert setup.questionnaire == other
    # A district officer sees it but cannot change it.
    officer = client_for(p.officer_h01)
    assert "Phiếu đánh giá số 2" in officer.get(BASE + "form/").content.decode()
    first = Questionnaire.objects.exclude(pk=other.pk).get(purpose="evaluation")
    assert officer.post(BASE + "form/", {"questionnaire": str(first.pk)}).status_code == 404
    setup.refresh_from_db()
    assert setup.questionnaire == other


def test_it_shows_an_outsider_nothing_of_h01(campaign, client_for, inspected):
    client = client_for(campaign.province.outsider)
    for url in (BASE + "?unit=H01", BASE + "missing/?unit=H01",
                BASE + "missing/?unit=H01&format=xlsx", BASE + "assign/?unit=H01"):
        assert client.get(url).status_code == 404, url
    # Their own district only: the H02 session, nothing of Cái Bè.
    html = client.get(BASE).content.decode()
    assert "Châu Thành" in html and "Cái Bè" not in html and "LH-AH" not in html
    html = client.get(BASE + "missing/").content.decode()
    assert "Điểm cầu huyện Châu Thành" in html and "Cái Bè" not in html
    # A member without a staff role is refused the officers' pages.
    assert client_for(campaign.province.member_c1).get(BASE).status_code == 403
