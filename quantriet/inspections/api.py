"""JSON API of the inspections app (django-ninja router, mounted at /api/): the caller's
assignments today, and per campaign the figures and the evaluations still missing. Every
read goes through quantriet.orgs.access."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Router, Schema

from quantriet.campaigns import selectors as campaign_selectors
from quantriet.orgs import access

from . import selectors

router = Router(tags=["inspections"])


class AssignmentOut(Schema):
    id: int
    campaign: str
    meeting: str
    meeting_title: str
    bridge_point: str | None
    place: str
    unit: str
    inspector: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    evaluated: bool
    rating: str | None
    expected: int | None = None
    present: int | None = None


class InspectionFiguresOut(Schema):
    unit: str
    sessions: int
    evaluated: int
    missing: int
    upcoming: int
    by_rating: dict[str, int]


def _out(a, counts: dict | None = None) -> dict:
    evaluation = getattr(a, "evaluation", None)
    return {"id": a.pk, "campaign": a.campaign.code, "meeting": a.meeting.code,
            "meeting_title": a.meeting.title,
            "bridge_point": a.bridge_point.code if a.bridge_point_id else None,
            "place": a.place, "unit": a.unit.code, "inspector": a.inspector.username,
            "starts_at": a.starts_at, "ends_at": a.ends_at, "evaluated": evaluation is not None,
            "rating": evaluation.rating if evaluation else None, **(counts or {})}


def _officer(request) -> None:
    from django.http import Http404

    if not access.is_officer_anywhere(request.user):
        raise Http404


@router.get("/inspections/today", response=list[AssignmentOut])
def my_day(request):
    """The caller's sessions to inspect today, with the members expected and present."""
    items = selectors.today_for(request.user, timezone.now()).select_related("campaign")
    return [_out(a, selectors.session_counts(a)) for a in items]


@router.get("/campaigns/{code}/inspections/figures", response=InspectionFiguresOut)
def figures(request, code: str, unit: str | None = None):
    """Inspected sessions, evaluated, missing, not ended yet and the overall ratings over a
    unit's subtree (default: the caller's top unit in the campaign)."""
    _officer(request)
    campaign = access.access_campaign(request.user, code)
    where = campaign_selectors.campaign_unit(request.user, campaign, unit)
    return {"unit": where.code, **selectors.report_figures(campaign, [where])[where.pk]}


@router.get("/campaigns/{code}/inspections/missing", response=list[AssignmentOut])
def missing(request, code: str, unit: str | None = None):
    """Sessions that have ended without their inspector's evaluation."""
    _officer(request)
    campaign = access.access_campaign(request.user, code)
    where = campaign_selectors.campaign_unit(request.user, campaign, unit)
    return [_out(a) for a in selectors.missing_evaluations(campaign, where)
            .select_related("campaign")[:5000]]
