"""JSON API of the surveys app (django-ninja router, mounted at /api/).

Results of a ballot (online + paper merged) for a unit the caller can see, and paper counts
sent by a bridge point's device. Reads and writes go through quantriet.orgs.access and the
services; refusals are 422 with the service's Vietnamese words.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from ninja import Field, Router, Schema

from quantriet.api.helpers import DB_INT_MAX, service_errors
from quantriet.lib import vntext
from quantriet.orgs import access

from . import selectors, services

router = Router(tags=["surveys"])


class OptionOut(Schema):
    label: str
    online: int
    paper: int
    count: int
    percent: Decimal | None = Field(None, description="Of the answers to the question")


class QuestionOut(Schema):
    order: int
    key: str
    kind: str
    text: str
    answered: int
    options: list[OptionOut]


class ResultsOut(Schema):
    code: str
    title: str
    unit: str
    online: int
    paper: int
    answers: int
    questions: list[QuestionOut]


class CountIn(Schema):
    option_id: int
    count: int = Field(..., ge=0, le=DB_INT_MAX)


class PaperIn(Schema):
    ballots: int = Field(..., ge=0, le=DB_INT_MAX, description="Paper ballots collected")
    counts: list[CountIn] = Field(default_factory=list,
                                  description="Ballots that ticked each option")


class PaperOut(Schema):
    bridge_point: str
    ballots: int


@router.get("/ballots/{int:questionnaire_pk}/results", response=ResultsOut)
def ballot_results(request, questionnaire_pk: int, unit: str = ""):
    """Results over a unit's subtree (default: where the caller's view starts)."""
    if not access.is_officer_anywhere(request.user):
        raise Http404
    questionnaire = access.access_questionnaire(request.user, questionnaire_pk)
    owner = questionnaire.owner
    if unit:
        target = access.access_unit(request.user, code=vntext.clean(unit)[:50])
        if not target.is_within(owner):
            raise Http404
    elif access.can_see_unit(request.user, owner):
        target = owner
    else:
        target = (access.root_units_of(request.user).filter(path__startswith=owner.path)
                  .order_by("depth", "path").first())
        if target is None:
            raise Http404
    figures = selectors.results(questionnaire, [target])[target.pk]
    return {"code": questionnaire.code, "title": questionnaire.title, "unit": target.code,
            **figures}


@router.put("/ballots/{int:questionnaire_pk}/paper/{int:tally_bp_pk}", response=PaperOut)
def paper_counts_put(request, questionnaire_pk: int, tally_bp_pk: int, payload: PaperIn):
    """Set the paper counts of a bridge point (its operators and officers above)."""
    questionnaire, bp = access.access_paper_bridge_point(request.user, questionnaire_pk,
                                                         tally_bp_pk)
    with service_errors():
        paper = services.paper_count_set(
            actor=request.user, questionnaire=questionnaire, bridge_point=bp,
            ballots=payload.ballots, counts={c.option_id: c.count for c in payload.counts})
    return {"bridge_point": bp.code, "ballots": paper.ballots}
