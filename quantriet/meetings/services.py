"""Writes about meetings, bridge points, attendance and non-member counts.

Attendance is the hot path (a national conference: 1.44 million check-ins from 16,242
bridge points). attendance_record() works in set-based, portable SQL (standard upserts
with RETURNING, which SQLite ≥ 3.35 and PostgreSQL both speak):

1. upsert the attendance rows; the unique (meeting, member) index makes a second mark of
   the same member — twice, or at two bridge points at once — a no-op, and turns an
   excused absence into presence; RETURNING says which rows became present;
2. insert Coverage rows for the newly present roll members; the unique (campaign, member)
   index makes a member count once per campaign whatever the meeting;
3. add the newly present / newly covered to per-unit counters (the units members belong
   to, never their ancestors), one upsert for all units of the batch.

Rows are handled in member order so that concurrent batches lock in the same order.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.accounts.services import audit_record
from quantriet.campaigns.models import Campaign, CoverageCounter, RollEntry
from quantriet.dbutil import batched, fast_cursor, fetch_rows, placeholders
from quantriet.lib import vntext
from quantriet.orgs.models import Unit

from .models import (
    Attendance,
    AttendanceStatus,
    BridgePoint,
    Coverage,
    Meeting,
    MeetingCounter,
    MeetingKind,
    NonMemberCategory,
    NonMemberCount,
)

# Rows per statement: 7 parameters a row stays under PostgreSQL's 65,535 parameters.
CHUNK = 5000
# Statements with more rows than this send their values apart from the SQL (see
# dbutil.fast_cursor); a single check-in's small statements are cheaper quoted.
SERVER_BINDING_FROM = 64


@transaction.atomic
def meeting_create(*, actor, campaign: Campaign, code: str, kind: str, title: str,
                   organiser: Unit, starts_at: datetime.datetime,
                   ends_at: datetime.datetime | None = None, location: str = "",
                   offered_units: list[Unit] = ()) -> Meeting:
    code = vntext.clean(code)
    if not code:
        raise ValidationError({"code": _("The meeting needs a code.")})
    if Meeting.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A meeting with code %(code)s already exists.")
                               % {"code": code}})
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Unknown kind of meeting.")})
    if not organiser.path.startswith(campaign.owner.path):
        raise ValidationError({"organiser": _("The organising unit is not part of the "
                                              "campaign (%(owner)s).")
                               % {"owner": campaign.owner.name}})
    if ends_at and ends_at < starts_at:
        raise ValidationError({"ends_at": _("The meeting ends before it starts.")})
    if kind == MeetingKind.MAKEUP and not offered_units:
        offered_units = [organiser]
    meeting = Meeting.objects.create(
        campaign=campaign, code=code, kind=kind, title=vntext.clean(title),
        organiser=organiser, starts_at=starts_at, ends_at=ends_at,
        location=vntext.clean(location),
        created_by=actor if actor and actor.is_authenticated else None)
    if offered_units:
        meeting.offered_units.set(offered_units)
    audit_record(actor=actor, action="meeting.create", obj=meeting, object_id=code,
                 unit=organiser, after={"code": code, "kind": kind, "campaign": campaign.code,
                                        "starts_at": starts_at,
                                        "offered": [u.code for u in offered_units]})
    return meeting


@transaction.atomic
def bridge_point_create(*, actor, meeting: Meeting, code: str, name: str, host: Unit,
                        expected_units: list[Unit] = (), address: str = "",
                        operators=()) -> BridgePoint:
    code = vntext.clean(code)
    if not code:
        raise ValidationError({"code": _("The bridge point needs a code.")})
    if BridgePoint.objects.filter(meeting=meeting, code=code).exists():
        raise ValidationError({"code": _("The meeting already has a bridge point with code "
                                         "%(code)s.") % {"code": code}})
    owner_path = meeting.campaign.owner.path
    for unit in [host, *expected_units]:
        if not unit.path.startswith(owner_path):
            raise ValidationError(_("%(unit)s is not part of the campaign.")
                                  % {"unit": unit.name})
    bp = BridgePoint.objects.create(meeting=meeting, code=code, name=vntext.clean(name),
                                    host=host, address=vntext.clean(address))
    bp.expected_units.set(expected_units or [host])
    if operators:
        bp.operators.set(operators)
    audit_record(actor=actor, action="bridge_point.create", obj=bp, unit=host,
                 after={"meeting": meeting.code, "code": code, "host": host.code,
                        "expected": [u.code for u in (expected_units or [host])]})
    return bp


@transaction.atomic
def non_member_set(*, actor, bridge_point: BridgePoint, category: str,
                   count: int) -> NonMemberCount:
    """Set the head count of one category at a bridge point (a correction overwrites it;
    the audit trail keeps every value)."""
    if category not in NonMemberCategory.values:
        raise ValidationError({"category": _("Unknown category of non-members.")})
    if count < 0:
        raise ValidationError({"count": _("A head count cannot be negative.")})
    row = NonMemberCount.objects.select_for_update().filter(
        bridge_point=bridge_point, category=category).first()
    before = {"count": row.count} if row else None
    if row is None:
        row = NonMemberCount(meeting=bridge_point.meeting, bridge_point=bridge_point,
                             category=category, count=count)
    row.count = count
    row.updated_by = actor if actor and actor.is_authenticated else None
    row.save()
    audit_record(actor=actor, action="non_members.set", obj=row, unit=bridge_point.host,
                 before=before, after={"bridge_point": bridge_point.code,
                                       "category": category, "count": count})
    return row


@dataclass
class AttendanceResult:
    accepted: int = 0  # rows written: new marks, and excused absences turned present
    duplicates: int = 0  # already recorded (or repeated within the call): nothing changed
    newly_present: list[int] = field(default_factory=list)  # member pks
    newly_covered: int = 0
    not_on_roll: int = 0  # present, but not on the campaign's roll: not in the figures


_UPSERT_HEAD = (
    "INSERT INTO meetings_attendance "
    "(meeting_id, member_id, bridge_point_id, status, method, recorded_at, recorded_by_id) "
    "VALUES "
)
_UPSERT_TAIL = (
    " ON CONFLICT (meeting_id, member_id) DO UPDATE SET "
    "status = excluded.status, bridge_point_id = excluded.bridge_point_id, "
    "method = excluded.method, recorded_at = excluded.recorded_at, "
    "recorded_by_id = excluded.recorded_by_id "
    "WHERE meetings_attendance.status = %s AND excluded.status = %s "
    "RETURNING member_id, status"
)
_COVERAGE_HEAD = (
    "INSERT INTO meetings_coverage (campaign_id, member_id, unit_id, meeting_id, covered_at) "
    "VALUES "
)
_COVERAGE_TAIL = " ON CONFLICT (campaign_id, member_id) DO NOTHING RETURNING unit_id"


def _add_to_counters(table: str, key: str, key_value: int, column: str,
                     per_unit: Counter) -> None:
    """counter.column += n for each (unit, n) in one statement, creating missing rows
    (with a copy of the unit's path). Units in order, so concurrent batches lock alike."""
    if not per_unit:
        return
    units = sorted(per_unit)
    sql = (f"INSERT INTO {table} ({key}, unit_id, path, {column}) VALUES "
           + ", ".join(["(%s, %s, (SELECT path FROM orgs_unit WHERE id = %s), %s)"]
                       * len(units))
           + f" ON CONFLICT ({key}, unit_id) DO UPDATE SET "
           f"{column} = {table}.{column} + excluded.{column}")
    params: list = []
    for unit in units:
        params += [key_value, unit, unit, per_unit[unit]]
    with fast_cursor() as cursor:
        cursor.execute(sql, params)


# No savepoint when nested: callers never catch its errors to go on in the same
# transaction, and a single check-in saves two round trips.
@transaction.atomic(savepoint=False)
def attendance_record(*, actor, meeting: Meeting, records: list[tuple[int, str]],
                      method: str, bridge_point: BridgePoint | None = None,
                      at: datetime.datetime | None = None,
                      roll_units: dict[int, int | None] | None = None) -> AttendanceResult:
    """Record (member pk, status) pairs at a meeting (and bridge point). Present wins over
    excused; a member already marked is a duplicate. Callers check the members and the
    caller's right to mark them; this only writes, and never double-counts.
    roll_units: {member pk: unit on the campaign's roll or None}, when the caller has
    already read it (member_lookup); else it is read here."""
    result = AttendanceResult()
    if bridge_point is not None and bridge_point.meeting_id != meeting.pk:
        raise ValueError("bridge point of another meeting")
    # One row per member: present wins over excused; repeats are duplicates.
    wanted: dict[int, str] = {}
    for member_pk, status in records:
        if status not in AttendanceStatus.values:
            raise ValueError(f"unknown status {status!r}")
        if member_pk in wanted:
            result.duplicates += 1
            if status == AttendanceStatus.PRESENT:
                wanted[member_pk] = status
        else:
            wanted[member_pk] = status
    if not wanted:
        return result
    at = at or timezone.now()
    at_db = connection.ops.adapt_datetimefield_value(at)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    bp_id = bridge_point.pk if bridge_point else None
    present: list[int] = []
    with fast_cursor(server_binding=len(wanted) > SERVER_BINDING_FROM) as cursor:
        for chunk in batched(sorted(wanted.items()), CHUNK):
            params: list = []
            for member_pk, status in chunk:
                params += [meeting.pk, member_pk, bp_id, status, method, at_db, actor_id]
            params += [AttendanceStatus.EXCUSED, AttendanceStatus.PRESENT]
            cursor.execute(_UPSERT_HEAD + placeholders(7, len(chunk)) + _UPSERT_TAIL, params)
            written = cursor.fetchall()
            result.accepted += len(written)
            present += [m for m, s in written if s == AttendanceStatus.PRESENT]
    result.duplicates += len(wanted) - result.accepted
    present.sort()
    result.newly_present = present
    if present:
        _count_presence(meeting, present, at_db, result, roll_units)
    return result


def _count_presence(meeting: Meeting, present: list[int], at_db, result: AttendanceResult,
                    known: dict[int, int | None] | None):
    roll_units: dict[int, int] = {}
    if known is not None and all(m in known for m in present):
        roll_units = {m: known[m] for m in present if known[m] is not None}
    else:
        for chunk in batched(present, CHUNK):
            roll_units.update(fetch_rows(RollEntry.objects.filter(
                campaign_id=meeting.campaign_id, member_id__in=chunk)
                .values_list("member_id", "unit_id")))
    result.not_on_roll = len(present) - len(roll_units)
    on_roll = sorted(roll_units.items())
    _add_to_counters("meetings_meetingcounter", "meeting_id", meeting.pk, "present",
                     Counter(unit for _m, unit in on_roll))
    covered: Counter = Counter()
    with fast_cursor(server_binding=len(on_roll) > SERVER_BINDING_FROM) as cursor:
        for chunk in batched(on_roll, CHUNK):
            params: list = []
            for member_pk, unit_pk in chunk:
                params += [meeting.campaign_id, member_pk, unit_pk, meeting.pk, at_db]
            cursor.execute(_COVERAGE_HEAD + placeholders(5, len(chunk)) + _COVERAGE_TAIL, params)
            covered.update(unit for (unit,) in cursor.fetchall())
    result.newly_covered = sum(covered.values())
    _raise_coverage_counters(meeting.campaign_id, covered)


def _raise_coverage_counters(campaign_id: int, per_unit: Counter) -> None:
    """covered += n on the roll units' counters (they exist since the roll was built), in
    one UPDATE; the CHECK covered <= roll guards the arithmetic."""
    if not per_unit:
        return
    units = sorted(per_unit)
    cases = " ".join(["WHEN %s THEN %s"] * len(units))
    sql = (f"UPDATE campaigns_coveragecounter SET covered = covered + CASE unit_id {cases} "
           f"ELSE 0 END WHERE campaign_id = %s AND unit_id IN {placeholders(len(units))}")
    params: list = []
    for unit in units:
        params += [unit, per_unit[unit]]
    params += [campaign_id, *units]
    with fast_cursor() as cursor:
        cursor.execute(sql, params)


def _subtract_from_counter(model, lookup: dict, column: str) -> None:
    model.objects.filter(**lookup).update(**{column: F(column) - 1})


@transaction.atomic
def attendance_remove(*, actor, meeting: Meeting, member_pk: int) -> bool:
    """Undo a mark (a tap on the wrong name). Coverage moves to another meeting where the
    member was present, or is withdrawn; counters follow. False if nothing was marked."""
    row = Attendance.objects.select_for_update().filter(meeting=meeting,
                                                        member_id=member_pk).first()
    if row is None:
        return False
    was_present = row.status == AttendanceStatus.PRESENT
    row.delete()
    roll_unit = (RollEntry.objects.filter(campaign_id=meeting.campaign_id, member_id=member_pk)
                 .values_list("unit_id", flat=True).first())
    if was_present and roll_unit is not None:
        _subtract_from_counter(MeetingCounter, {"meeting": meeting, "unit_id": roll_unit},
                               "present")
        coverage = Coverage.objects.select_for_update().filter(
            campaign_id=meeting.campaign_id, member_id=member_pk).first()
        other = (Attendance.objects.filter(meeting__campaign_id=meeting.campaign_id,
                                           member_id=member_pk,
                                           status=AttendanceStatus.PRESENT)
                 .order_by("recorded_at").first())
        if coverage is not None and other is None:
            coverage.delete()
            _subtract_from_counter(CoverageCounter, {"campaign_id": meeting.campaign_id,
                                                     "unit_id": roll_unit}, "covered")
        elif coverage is not None and coverage.meeting_id == meeting.pk:
            coverage.meeting_id = other.meeting_id
            coverage.covered_at = other.recorded_at
            coverage.save(update_fields=["meeting", "covered_at"])
    audit_record(actor=actor, action="attendance.remove", object_type="meetings.attendance",
                 object_id=f"{meeting.code}:{member_pk}", unit=meeting.organiser,
                 before={"status": row.status, "bridge_point": row.bridge_point_id,
                         "method": row.method, "recorded_at": row.recorded_at})
    return True
