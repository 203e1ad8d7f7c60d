"""API endpoints of the campaigns app: campaigns and their coverage (issue 3's contract).

Every read goes through quantriet.orgs.access; every write through the services. Service
refusals (django ValidationError) become 422 with the service's own words.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import IntegerField, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from quantriet.api.helpers import BoundedPagination, service_errors
from quantriet.orgs import access
from quantriet.orgs.models import Unit
from quantriet.reports.selectors import coverage

from .models import Campaign, CoverageCounter, Document
from .services import campaign_create, document_get_or_register

router = Router(tags=["campaigns"])


# --- schemas ---------------------------------------------------------------------------

class DocumentIn(Schema):
    number: str = Field(..., description="Party numbering, e.g. 04-NQ/TW, 20-HD/BTGTW",
                        examples=["04-NQ/TW"])
    title: str
    date: datetime.date = Field(..., description="Date of issue")
    issuer_name: str = Field("", description="Issuing body (optional)")


class DocumentOut(Schema):
    number: str
    title: str
    date: datetime.date


class CampaignIn(Schema):
    code: str
    title: str
    owner_unit: str = Field(..., description="Code of the owning unit (written by the caller)")
    roll_date: datetime.date = Field(..., description="The roll is the owner's subtree on "
                                                      "this date")
    resolution: DocumentIn
    guides: list[DocumentIn] = Field(default_factory=list,
                                     description="Guiding documents (plans, guidelines)")
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    audience: str = ""


def _document(doc: Document) -> dict:
    return {"number": doc.code, "title": doc.title, "date": doc.issued_on}


class CampaignOut(Schema):
    code: str
    title: str
    owner_unit: str
    roll_date: datetime.date
    roll: int = Field(..., description="Members on the roll (the base of every percentage)")
    exempt: int = Field(..., description="Of them, exempt from activities")
    resolution: DocumentOut
    guides: list[DocumentOut]
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    audience: str

    @staticmethod
    def resolve_roll(obj: Campaign) -> int:
        return obj.roll_total

    @staticmethod
    def resolve_exempt(obj: Campaign) -> int:
        return obj.exempt_total

    @staticmethod
    def resolve_owner_unit(obj: Campaign) -> str:
        return obj.owner.code

    @staticmethod
    def resolve_resolution(obj: Campaign) -> dict:
        return _document(obj.resolution)

    @staticmethod
    def resolve_guides(obj: Campaign) -> list[dict]:
        guides = sorted(obj.guides.all(), key=lambda d: (d.issued_on, d.type_code, d.number))
        return [_document(d) for d in guides]


class CoverageChildOut(Schema):
    unit: str
    name: str
    roll: int
    exempt: int
    covered: int
    covered_percent: float = Field(..., description="Of roll, one decimal")
    non_members: int


class CoverageMeetingOut(Schema):
    code: str
    title: str
    kind: str = Field(..., description="online | in_person | makeup")
    bridge_points: int = Field(..., description="Bridge points hosted in the unit's subtree")
    attended: int = Field(..., description="Distinct roll members of the unit present")
    attended_percent: float = Field(..., description="Of the unit's roll, one decimal")
    non_members: int


class CoverageOut(Schema):
    campaign: str
    unit: str
    roll: int
    exempt: int
    covered: int = Field(..., description="Distinct roll members present at any meeting")
    covered_percent: float = Field(..., description="Of roll, one decimal")
    non_members: int
    children: list[CoverageChildOut]
    meetings: list[CoverageMeetingOut]


def _total(field: str):
    return Coalesce(Sum(field), 0, output_field=IntegerField())


def _with_figures(queryset):
    # ("roll" is the name of the campaign's roll entries: hence *_total.)
    return (queryset.annotate(roll_total=_total("counters__roll"),
                              exempt_total=_total("counters__exempt"))
            .prefetch_related("guides"))


# --- endpoints -------------------------------------------------------------------------

@router.post("/campaigns", response={201: CampaignOut})
def create_campaign(request, payload: CampaignIn):
    """Register the documents (if new) and create the campaign with its frozen roll."""
    user = request.user
    owner = access.access_unit(user, code=payload.owner_unit, write=True)
    with service_errors(), transaction.atomic():
        resolution = document_get_or_register(
            actor=user, number=payload.resolution.number, issued_on=payload.resolution.date,
            title=payload.resolution.title, issuer_name=payload.resolution.issuer_name)
        guides = [document_get_or_register(actor=user, number=g.number, issued_on=g.date,
                                           title=g.title, issuer_name=g.issuer_name)
                  for g in payload.guides]
        campaign = campaign_create(
            actor=user, code=payload.code, title=payload.title, owner=owner,
            roll_date=payload.roll_date, resolution=resolution, guides=guides,
            starts_on=payload.starts_on, ends_on=payload.ends_on, audience=payload.audience)
    return Status(201, _with_figures(access.campaigns_visible_to(user)).get(pk=campaign.pk))


@router.get("/campaigns", response=list[CampaignOut])
@paginate(BoundedPagination)
def list_campaigns(request):
    """Campaigns the caller is concerned by (owned in, above or below their units)."""
    return _with_figures(access.campaigns_visible_to(request.user)).order_by("-roll_date",
                                                                              "code")


@router.get("/campaigns/{code}", response=CampaignOut)
def get_campaign(request, code: str):
    campaign = access.access_campaign(request.user, code)
    figures = CoverageCounter.objects.filter(campaign=campaign).aggregate(
        roll_total=_total("roll"), exempt_total=_total("exempt"))
    campaign.roll_total, campaign.exempt_total = figures["roll_total"], figures["exempt_total"]
    return campaign


def _coverage_unit(user, campaign: Campaign, code: str | None) -> Unit:
    """The unit asked for, if the user sees it; by default the owner if visible, else
    the caller's top-most visible unit within the campaign."""
    if code:
        unit = access.access_unit(user, code=code)
        if not unit.path.startswith(campaign.owner.path):
            raise HttpError(422, _("%(unit)s is not part of the campaign.")
                            % {"unit": unit.name})
        return unit
    if access.can_see_unit(user, campaign.owner):
        return campaign.owner
    unit = (access.root_units_of(user).filter(path__startswith=campaign.owner.path)
            .order_by("path").first())
    if unit is None:
        raise Http404
    return unit


@router.get("/campaigns/{code}/coverage", response=CoverageOut)
def get_coverage(request, code: str, unit: str | None = None):
    """Roll, exempt, covered and percentages of a unit, its children and the meetings —
    the same JSON as `quantriet coverage --format json`."""
    user = request.user
    campaign = access.access_campaign(user, code)
    figures = coverage(campaign, _coverage_unit(user, campaign, unit))
    if not access.is_superuser(user):
        # Only meetings the caller may know of (their titles name other branches).
        visible = set(access.meetings_visible_to(user).filter(campaign=campaign)
                      .values_list("code", flat=True))
        figures["meetings"] = [m for m in figures["meetings"] if m["code"] in visible]
    return figures
