"""Reads of the inspections app: assignments in a unit's subtree, the evaluations still
missing, an inspector's day, the figures for the result report."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from quantriet.campaigns.models import Campaign
from quantriet.meetings.models import Attendance, AttendanceStatus
from quantriet.meetings.selectors import expected_roll
from quantriet.orgs.models import Unit
from quantriet.surveys.models import Option

from .models import Assignment, EvaluationSetup


def _related(qs: QuerySet) -> QuerySet:
    return qs.select_related("meeting", "bridge_point", "unit", "inspector", "evaluation")


def assignments_in(campaign: Campaign, unit: Unit) -> QuerySet[Assignment]:
    """The campaign's assignments at sessions in the unit's subtree."""
    return _related(Assignment.objects.filter(campaign=campaign,
                                              unit__path__startswith=unit.path)
                    ).order_by("starts_at", "unit__path", "pk")


def missing_evaluations(campaign: Campaign, unit: Unit,
                        now: datetime.datetime | None = None) -> QuerySet[Assignment]:
    """Assignments whose session has ended and whose inspector has not evaluated it."""
    return assignments_in(campaign, unit).filter(ends_at__lte=now or timezone.now(),
                                                 evaluation__isnull=True)


def today_for(user, now: datetime.datetime | None = None) -> QuerySet[Assignment]:
    """The user's assignments today (starting today, or under way), earliest first, and
    those ended in the last day but not yet evaluated (the form is still to fill in)."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    now = now or timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + datetime.timedelta(days=1)
    return _related(Assignment.objects.filter(inspector=user).filter(
        Q(starts_at__lt=end, ends_at__gt=start)
        | Q(ends_at__gt=now - datetime.timedelta(days=1), ends_at__lte=now,
            evaluation__isnull=True))).order_by("starts_at", "pk")


def upcoming_for(user, now: datetime.datetime | None = None) -> QuerySet[Assignment]:
    now = now or timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return _related(Assignment.objects.filter(
        inspector=user, starts_at__gte=start + datetime.timedelta(days=1))).order_by("starts_at")


def session_counts(assignment: Assignment) -> dict:
    """Members expected at the session and present there (and excused)."""
    meeting, point = assignment.meeting, assignment.bridge_point
    marks = Attendance.objects.filter(meeting=meeting)
    if point is not None:
        marks = marks.filter(bridge_point=point)
    counts = marks.aggregate(
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)))
    return {"expected": expected_roll(meeting, point).count(), **counts}


def report_figures(campaign: Campaign, units: list[Unit]) -> dict[int, dict]:
    """For each unit (by pk), over its subtree, for this campaign:
    {"sessions": sessions (bridge points, or whole meetings) with an inspector assigned,
     "evaluated": of those, evaluated by at least one inspector, "missing": ended and not
     evaluated, "upcoming": not ended yet (sessions = evaluated + missing + upcoming),
     "by_rating": {overall rating label: evaluations}}.
    One query for all units: the campaign's assignments, folded up the materialised paths.
    """
    wanted = {u.pk for u in units}
    now = timezone.now()
    sessions: dict[tuple, dict] = {}
    ratings: Counter = Counter()  # (unit pk, rating)
    rows = (Assignment.objects.filter(campaign=campaign)
            .values_list("meeting_id", "bridge_point_id", "unit__path", "ends_at",
                         "evaluation__pk", "evaluation__rating"))
    for meeting_id, point_id, path, ends_at, evaluation, rating in rows.iterator(5000):
        s = sessions.setdefault((meeting_id, point_id), {"path": path, "ended": ends_at <= now,
                                                          "evaluated": False})
        if evaluation is not None:
            s["evaluated"] = True
            for pk in Unit.ids_in_path(path):
                if pk in wanted:
                    ratings[(pk, rating or "")] += 1
    result = {pk: {"sessions": 0, "evaluated": 0, "missing": 0, "upcoming": 0,
                   "by_rating": {}} for pk in wanted}
    for s in sessions.values():
        key = "evaluated" if s["evaluated"] else "missing" if s["ended"] else "upcoming"
        for pk in Unit.ids_in_path(s["path"]):
            if pk in wanted:
                result[pk]["sessions"] += 1
                result[pk][key] += 1
    # Labels in the form's order (Tốt, Khá, Trung bình, Yếu), then any others.
    order = {label: i for i, label in enumerate(Option.objects.filter(
        question__key="overall_rating",
        question__questionnaire_id__in=EvaluationSetup.objects.filter(campaign=campaign)
        .values("questionnaire_id")).order_by("order").values_list("label", flat=True))}
    for (pk, rating), n in sorted(ratings.items(),
                                  key=lambda kv: (order.get(kv[0][1], len(order)), kv[0])):
        result[pk]["by_rating"][rating] = n
    return result
