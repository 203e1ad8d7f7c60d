"""JSON API of the copychecks app (django-ninja router, mounted at /api/).

Read-only: the flags a user sees (both members in their units), with scores and status.
Decisions are taken on the comparison page, where the shared passages are shown.
"""

from __future__ import annotations

import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from quantriet.api.helpers import BoundedPagination
from quantriet.campaigns.selectors import campaign_unit
from quantriet.orgs import access

from . import selectors

router = Router(tags=["copychecks"])


class FlagOut(Schema):
    id: int
    kind: str
    a: str
    b: str | None
    reference: str | None
    score: float
    containment_a: float
    containment_b: float
    status: str
    note: str
    current: bool
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_a(obj) -> str:
        return obj.a.member.member_id

    @staticmethod
    def resolve_b(obj) -> str | None:
        return obj.b.member.member_id if obj.b_id else None

    @staticmethod
    def resolve_reference(obj) -> str | None:
        return obj.reference.name if obj.reference_id else None


@router.get("/campaigns/{code}/copy-flags", response=list[FlagOut])
@paginate(BoundedPagination)
def list_flags(request, code: str, unit: str | None = None, status: str = ""):
    """Copy flags of a campaign with a member in `unit` (default: where the user starts),
    both members visible to the user. Officers, graders and administrators only."""
    from django.http import Http404

    if not access.may_see_copy_flags(request.user):
        raise Http404
    campaign = access.access_campaign(request.user, code)
    start = campaign_unit(request.user, campaign, unit)
    if not access.can_see_copy_unit(request.user, start):
        raise Http404
    return selectors.matches_for(request.user, campaign, start, status=status)
