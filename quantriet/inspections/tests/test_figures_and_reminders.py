"""report_figures (the result report's contract) and the reminders due(today)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quantriet.conftest import make_user
from quantriet.inspections import reminders
from quantriet.inspections.selectors import report_figures
from quantriet.inspections.services import assignment_create, evaluation_record
from quantriet.notices.types import Reminder

from .helpers import UTC, a_class, cleaned


def test_it_counts_sessions_evaluations_and_ratings_per_subtree(campaign):
    p = campaign.province
    questionnaire = None
    a1 = assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                           inspector=p.inspector_h01)
    # Two inspectors at DC-H02: one session, two evaluations.
    h02a = make_user("ins_h02a", unit=p.h02, kind="inspector")
    h02b = make_user("ins_h02b", unit=p.h02, kind="inspector")
    a2 = assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp2,
                           inspector=h02a)
    a3 = assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp2,
                           inspector=h02b)
    questionnaire = campaign.campaign.evaluation_setup.questionnaire
    for a, rating in ((a2, "Tốt"), (a3, "Khá")):
        evaluation_record(actor=a.inspector, assignment=a,
                          cleaned_data=cleaned(questionnaire, rating=rating), now=a.ends_at)
    # A class of cell 1 next year: not ended yet (relative to now it is in the future).
    future = a_class(campaign, "LH-F", timezone.now() + datetime.timedelta(days=2),
                     organiser=p.c1)
    assignment_create(actor=None, meeting=future, inspector=p.secretary_c1)
    units = [p.t01, p.h01, p.h02, p.c1, p.c2]
    with CaptureQueriesContext(connection) as queries:
        figures = report_figures(campaign.campaign, units)
    assert len(queries) <= 2
    assert figures[p.t01.pk] == {"sessions": 3, "evaluated": 1, "missing": 1, "upcoming": 1,
                                 "by_rating": {"Tốt": 1, "Khá": 1}}
    assert list(figures[p.t01.pk]["by_rating"]) == ["Tốt", "Khá"]  # the form's order
    assert figures[p.h01.pk] == {"sessions": 2, "evaluated": 0, "missing": 1, "upcoming": 1,
                                 "by_rating": {}}
    assert figures[p.h02.pk]["sessions"] == 1 and figures[p.h02.pk]["evaluated"] == 1
    assert figures[p.c1.pk]["upcoming"] == 1 and figures[p.c2.pk]["sessions"] == 0
    assert a1.pk  # DC-H01: assigned, ended, not evaluated = the "missing" one


def test_it_reminds_inspectors_of_assignments_and_missing_evaluations(campaign):
    p = campaign.province
    today = datetime.date(2016, 12, 19)
    a = assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                          inspector=p.inspector_h01)
    before = list(reminders.due(today))
    assert before == [Reminder(
        user_id=p.inspector_h01.pk, kind="inspection_assigned", key=f"assignment:{a.pk}",
        subject="Kiểm tra: Điểm cầu huyện Cái Bè, 14:30 20/12/2016",
        body=before[0].body, url=f"/inspections/{a.pk}/")]
    assert "Hội nghị trực tuyến toàn Đảng bộ tỉnh" in before[0].body
    # The day after the conference: evaluation missing, the assignment itself is past.
    after = list(reminders.due(datetime.date(2016, 12, 21)))
    assert [(r.kind, r.key) for r in after] == [("evaluation_missing",
                                                 f"assignment:{a.pk}:evaluation")]
    # Evaluated: nothing more; long after: nothing either.
    evaluation_record(actor=p.inspector_h01, assignment=a, now=a.ends_at,
                      cleaned_data=cleaned(campaign.campaign.evaluation_setup.questionnaire))
    assert list(reminders.due(datetime.date(2016, 12, 21))) == []


def test_it_stops_reminding_of_old_missing_evaluations(campaign):
    p = campaign.province
    assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                      inspector=p.inspector_h01)
    assert list(reminders.due(datetime.date(2017, 3, 1))) == []
    lesson = a_class(campaign, "LH-1", datetime.datetime(2017, 2, 27, 1, tzinfo=UTC))
    assignment_create(actor=None, meeting=lesson, inspector=p.inspector_h01)
    assert [r.kind for r in reminders.due(datetime.date(2017, 3, 1))] == ["evaluation_missing"]
