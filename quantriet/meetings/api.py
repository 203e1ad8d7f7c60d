"""API endpoints of the meetings app: meetings, bridge points, attendance batches (for
check-in devices and the e-handbook app) and non-member head counts (issue 3's contract).
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from quantriet.accounts.models import User
from quantriet.accounts.services import audit_record
from quantriet.api.helpers import DB_INT_MAX, aware, service_errors, units_by_code
from quantriet.lib import vntext
from quantriet.orgs import access

from .models import AttendanceStatus, BridgePoint, CheckInMethod, Meeting, NonMemberCategory
from .selectors import member_lookup
from .services import (
    attendance_record,
    bridge_point_create,
    meeting_create,
    non_member_set,
)

router = Router(tags=["meetings"])

MAX_RECORDS = 10_000


# --- schemas ---------------------------------------------------------------------------

class MeetingIn(Schema):
    code: str
    campaign: str = Field(..., description="Campaign code")
    kind: Literal["online", "in_person", "makeup"]
    title: str
    starts_at: datetime.datetime = Field(..., description="ISO 8601; without an offset, "
                                                          "local time (Asia/Ho_Chi_Minh)")
    organiser_unit: str = Field(..., description="Code of the organising unit (written by "
                                                 "the caller)")
    ends_at: datetime.datetime | None = None
    location: str = ""
    offered_units: list[str] = Field(default_factory=list,
                                     description="Make-up class: codes of the units whose "
                                                 "not-yet-covered members it is offered to")


class BridgePointIn(Schema):
    code: str
    name: str
    host_unit: str = Field(..., description="Code of the host unit")
    expected_units: list[str] = Field(default_factory=list,
                                      description="Codes of the units whose members are "
                                                  "expected there (default: the host)")
    address: str = ""
    operators: list[str] = Field(default_factory=list, description="Usernames of operators")


class BridgePointOut(Schema):
    code: str
    name: str
    host_unit: str
    address: str
    expected_units: list[str]
    operators: list[str]

    @staticmethod
    def resolve_host_unit(obj: BridgePoint) -> str:
        return obj.host.code

    @staticmethod
    def resolve_expected_units(obj: BridgePoint) -> list[str]:
        return [u.code for u in obj.expected_units.all()]

    @staticmethod
    def resolve_operators(obj: BridgePoint) -> list[str]:
        return [u.username for u in obj.operators.all()]


class MeetingOut(Schema):
    code: str
    campaign: str
    kind: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    location: str
    organiser_unit: str
    offered_units: list[str]
    bridge_points: list[BridgePointOut] = Field(
        ..., description="The bridge points the caller may see")


class AttendanceRecordIn(Schema):
    member_id: str = Field("", description="The member's id (số lý lịch)")
    status: str = Field("present", description="present | excused")

    @field_validator("member_id", "status", mode="before")
    @classmethod
    def _as_text(cls, value):
        # Devices send ids as numbers too; a bad record is reported, not a bad request.
        return "" if value is None else str(value).strip()


class AttendanceIn(Schema):
    meeting: str = Field(..., description="Meeting code")
    bridge_point: str | None = Field(None, description="Bridge point code (optional)")
    records: list[AttendanceRecordIn] = Field(
        ..., description=f"At most {MAX_RECORDS} records a call",
        json_schema_extra={"maxItems": MAX_RECORDS})


class AttendanceErrorOut(Schema):
    index: int = Field(..., description="Position of the record in the request, from 0")
    member_id: str
    reason: str


class AttendanceOut(Schema):
    accepted: int = Field(..., description="Records written (new marks, excused → present)")
    duplicates: int = Field(..., description="Already recorded, or repeated in the call")
    errors: list[AttendanceErrorOut]
    covered_new: int = Field(..., description="Roll members covered for the first time")
    not_on_roll: int = Field(..., description="Newly present members not on the roll")


class NonMemberIn(Schema):
    bridge_point: str = Field(..., description="Bridge point code")
    category: str = Field(..., description="youth_union | association | public (also: "
                                           "đoàn viên | hội viên | nhân dân)")
    count: int = Field(..., le=DB_INT_MAX)


class NonMemberOut(Schema):
    meeting: str
    bridge_point: str
    category: str
    count: int


# --- helpers ---------------------------------------------------------------------------

def _visible_points(user, meeting: Meeting):
    """Bridge points of the meeting the user may see (as access_bridge_point decides):
    all, for the organiser's officers; else those hosted in the user's subtrees and
    those the user operates."""
    points = (meeting.bridge_points.select_related("host")
              .prefetch_related("expected_units", "operators").order_by("code"))
    if access.can_write_unit(user, meeting.organiser):
        return points
    q = access.unit_path_q(user, "host__path") or Q()
    return points.filter(q | Q(operators=user)).distinct()


def _meeting_out(user, meeting: Meeting) -> dict:
    offered = access.scope(meeting.offered_units.all(), user, "path").order_by("path")
    return {
        "code": meeting.code, "campaign": meeting.campaign.code, "kind": meeting.kind,
        "title": meeting.title, "starts_at": meeting.starts_at, "ends_at": meeting.ends_at,
        "location": meeting.location, "organiser_unit": meeting.organiser.code,
        "offered_units": [u.code for u in offered],
        "bridge_points": list(_visible_points(user, meeting)),
    }


def _users_by_name(usernames: list[str]) -> list[User]:
    wanted = list(dict.fromkeys(n.strip() for n in usernames))
    found = {u.username: u for u in User.objects.filter(username__in=wanted, is_active=True)}
    missing = [n for n in wanted if n not in found]
    if missing:
        raise HttpError(422, _("No active account named %(names)s.")
                        % {"names": ", ".join(missing)})
    return [found[n] for n in wanted]


_STATUSES = {
    "present": AttendanceStatus.PRESENT, "co mat": AttendanceStatus.PRESENT,
    "excused": AttendanceStatus.EXCUSED, "vang co ly do": AttendanceStatus.EXCUSED,
}

_CATEGORIES = {
    "youth union": NonMemberCategory.YOUTH_UNION, "doan vien": NonMemberCategory.YOUTH_UNION,
    "association": NonMemberCategory.ASSOCIATION, "hoi vien": NonMemberCategory.ASSOCIATION,
    "public": NonMemberCategory.PUBLIC, "nhan dan": NonMemberCategory.PUBLIC,
}


def _key(text: str) -> str:
    return " ".join(vntext.fold(text).replace("_", " ").split())


# --- endpoints -------------------------------------------------------------------------

@router.post("/meetings", response={201: MeetingOut})
def create_meeting(request, payload: MeetingIn):
    user = request.user
    campaign = access.access_campaign(user, payload.campaign)
    organiser = access.access_unit(user, code=payload.organiser_unit, write=True)
    offered = units_by_code(user, payload.offered_units)
    with service_errors():
        meeting = meeting_create(
            actor=user, campaign=campaign, code=payload.code, kind=payload.kind,
            title=payload.title, organiser=organiser,
            starts_at=aware(payload.starts_at, "starts_at"),
            ends_at=aware(payload.ends_at, "ends_at"), location=payload.location,
            offered_units=offered)
    return Status(201, _meeting_out(user, meeting))


@router.get("/meetings/{code}", response=MeetingOut)
def get_meeting(request, code: str):
    return _meeting_out(request.user, access.access_meeting(request.user, code))


@router.post("/meetings/{code}/bridge-points", response={201: BridgePointOut})
def create_bridge_point(request, code: str, payload: BridgePointIn):
    user = request.user
    meeting = access.access_meeting(user, code, write=True)
    host = units_by_code(user, [payload.host_unit])[0]
    expected = units_by_code(user, payload.expected_units)
    operators = _users_by_name(payload.operators)
    with service_errors():
        point = bridge_point_create(actor=user, meeting=meeting, code=payload.code,
                                    name=payload.name, host=host, expected_units=expected,
                                    address=payload.address, operators=operators)
    return Status(201, point)


@router.post("/attendance", response=AttendanceOut)
def record_attendance(request, payload: AttendanceIn):
    """Mark members present or excused at a meeting (at a bridge point). Bad records are
    reported with a reason and skipped; the good ones are kept. A member counts once per
    campaign whatever the meeting or bridge point."""
    user = request.user
    if len(payload.records) > MAX_RECORDS:
        raise HttpError(422, _("At most %(max)s records a call; this call has %(count)s.")
                        % {"max": vntext.format_int(MAX_RECORDS),
                           "count": vntext.format_int(len(payload.records))})
    # One access decision per device and meeting, kept for a few seconds (a stream of
    # single check-ins must not pay the ORM for it each time).
    grant = access.checkin_grant(user, payload.meeting, payload.bridge_point or None)
    meeting, point = grant.meeting, grant.bridge_point
    # Members the caller may not mark are "unknown" to them: the same words, no leak.
    found = member_lookup(meeting.campaign_id,
                          [r.member_id for r in payload.records if r.member_id])
    pks = {mid: pk for mid, (pk, path, _roll) in found.items() if grant.may_mark(path)}
    roll_units = {pk: roll for pk, path, roll in found.values()}
    records: list[tuple[int, str]] = []
    errors: list[dict] = []
    for index, record in enumerate(payload.records):
        status = _STATUSES.get(_key(record.status))
        if not record.member_id:
            reason = _("The member id is missing.")
        elif record.member_id not in pks:
            reason = _("No member with id %(member_id)s that you may mark.") % {
                "member_id": record.member_id}
        elif status is None:
            reason = _("Unknown status «%(status)s»: write present or excused.") % {
                "status": record.status}
        else:
            records.append((pks[record.member_id], status))
            continue
        errors.append({"index": index, "member_id": record.member_id, "reason": reason})
    with transaction.atomic():
        result = attendance_record(actor=user, meeting=meeting, records=records,
                                   method=CheckInMethod.API, bridge_point=point,
                                   roll_units=roll_units)
        figures = {"accepted": result.accepted, "duplicates": result.duplicates,
                   "covered_new": result.newly_covered, "not_on_roll": result.not_on_roll}
        # A batch (or a call with refused records) leaves an audit row; a single accepted
        # check-in, like a tick or a QR scan, is audited by its own attendance row (who
        # recorded it, when, how, at which bridge point): at a national conference a second
        # row for each of 1.44 million check-ins would double the writes and tell nothing.
        if len(payload.records) > 1 or errors:
            audit_record(actor=user, action="attendance.batch", obj=meeting,
                         object_id=meeting.code,
                         unit=point.host if point else meeting.organiser,
                         after={"meeting": meeting.code,
                                "bridge_point": point.code if point else None,
                                "records": len(payload.records), "errors": len(errors),
                                **figures})
    return {**figures, "errors": errors}


@router.post("/meetings/{code}/non-members", response=NonMemberOut)
def set_non_members(request, code: str, payload: NonMemberIn):
    """Set the head count of one category of non-members (quần chúng) at a bridge point;
    a later call corrects it."""
    user = request.user
    meeting = access.access_meeting(user, code)
    point = access.access_bridge_point(user, meeting.code, payload.bridge_point, operate=True)
    category = _CATEGORIES.get(_key(payload.category))
    if category is None:
        raise HttpError(422, _("Unknown category of non-members «%(category)s»: write "
                               "youth_union, association or public.")
                        % {"category": payload.category})
    with service_errors():
        row = non_member_set(actor=user, bridge_point=point, category=category,
                             count=payload.count)
    return {"meeting": meeting.code, "bridge_point": point.code, "category": row.category,
            "count": row.count}
