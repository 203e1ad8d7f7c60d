"""JSON API of the learning app (django-ninja router, mounted at /api/).

A member reads and writes their own report (GET / PUT the draft, POST to submit); officers
read the results of units they see and the reports in their subtree.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Field, Router, Schema

from quantriet.api.helpers import service_errors
from quantriet.campaigns.selectors import campaign_unit
from quantriet.orgs import access
from quantriet.orgs.privacy import member_view_log

from . import selectors, services
from .models import LearningReport, ReportSource
from .topics import match_topics

router = Router(tags=["learning"])


class TopicOut(Schema):
    name: str
    covered: bool


class ReportOut(Schema):
    member_id: str
    status: str = Field(..., description="draft, submitted, graded, returned or excused")
    text: str
    draft_saved_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    is_late: bool
    grade: str = Field(..., description="The grade's label on the campaign's scale, or ''")
    feedback: str
    topics: list[TopicOut]


class DraftIn(Schema):
    text: str = Field(..., max_length=60000)


class LearningFiguresOut(Schema):
    unit: str
    name: str
    expected: int
    submitted: int
    late: int
    graded: int
    returned: int
    not_submitted: int
    not_graded: int
    by_grade: dict[str, int]
    plans: int
    plans_reviewed: int


def _out(campaign, member_id: str, report: LearningReport | None) -> dict:
    text = report.text if report else ""
    rules = services.settings_of(campaign)
    topics = match_topics(text, services.campaign_topics(campaign))
    return {
        "member_id": member_id, "status": report.status if report else "draft", "text": text,
        "draft_saved_at": report.draft_saved_at if report else None,
        "submitted_at": report.submitted_at if report else None,
        "is_late": bool(report and report.is_late),
        "grade": rules.grade_label(report.grade) if report and report.grade else "",
        "feedback": report.feedback if report and report.status in ("graded", "returned")
        else "",
        "topics": [{"name": t.name, "covered": t.covered} for t in topics],
    }


def _own(request, code: str):
    campaign = access.access_campaign(request.user, code)
    if not request.user.member_id:
        raise Http404
    entry = access.access_roll_entry(request.user, campaign, request.user.member.member_id)
    return campaign, entry


def _own_report(campaign, entry) -> LearningReport | None:
    return LearningReport.objects.filter(campaign=campaign, member_id=entry.member_id).first()


@router.get("/campaigns/{code}/learning/my-report", response=ReportOut)
def my_report(request, code: str):
    """The signed-in member's own report for the campaign."""
    campaign, entry = _own(request, code)
    return _out(campaign, entry.member.member_id, _own_report(campaign, entry))


@router.put("/campaigns/{code}/learning/my-report", response=ReportOut)
def my_report_save(request, code: str, payload: DraftIn):
    """Save the member's draft (refused once submitted, until returned for rework)."""
    campaign, entry = _own(request, code)
    with service_errors():
        report = services.report_save_draft(actor=request.user, entry=entry, text=payload.text)
    return _out(campaign, entry.member.member_id, report)


@router.post("/campaigns/{code}/learning/my-report/submit", response=ReportOut)
def my_report_submit(request, code: str):
    """Submit the saved draft; submitting again the same text changes nothing."""
    campaign, entry = _own(request, code)
    with service_errors():
        report = services.report_submit(actor=request.user, entry=entry,
                                        source=ReportSource.WEB)
    return _out(campaign, entry.member.member_id, report)


@router.get("/campaigns/{code}/learning/results", response=list[LearningFiguresOut])
def results(request, code: str, unit: str = ""):
    """Counts for the unit (default: where the user's view starts) and each unit below it."""
    campaign = access.access_campaign(request.user, code)
    if not access.is_officer_anywhere(request.user):
        raise Http404
    top = campaign_unit(request.user, campaign, unit or None)
    units = [top, *selectors.child_units(campaign, top)]
    figures = selectors.report_figures(campaign, units)
    return [{"unit": u.code, "name": u.name, **figures[u.pk]} for u in units]


@router.get("/campaigns/{code}/learning/reports/{member_id}", response=ReportOut)
def report(request, code: str, member_id: str):
    """One member's report, for officers and graders who may see it."""
    found = access.access_learning_report(request.user, code, member_id)
    member_view_log(viewer=request.user, member=found.member, what="learning_report.api")
    return _out(found.campaign, member_id, found)
