"""Reads about meetings: who is expected where, who operates what today."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from quantriet.campaigns.models import RollEntry
from quantriet.reports.selectors import not_covered

from .models import BridgePoint, Meeting, MeetingKind


def expected_roll(meeting: Meeting, bridge_point: BridgePoint | None = None):
    """Roll entries of the members expected at the meeting (at one bridge point): the roll
    of the expected units' subtrees; for a make-up class, exactly the members of the
    offered units not covered by any other meeting."""
    if meeting.kind == MeetingKind.MAKEUP:
        units = list(meeting.offered_units.all())
        if bridge_point is not None:
            expected = list(bridge_point.expected_units.all())
            units = [u for u in units if any(u.path.startswith(e.path) for e in expected)] + [
                e for e in expected if any(e.path.startswith(u.path) for u in units)]
        return not_covered(meeting.campaign, units, except_meeting=meeting)
    points = [bridge_point] if bridge_point is not None else list(meeting.bridge_points.all())
    q = Q(pk__in=[])
    for point in points:
        for unit in point.expected_units.all():
            q |= Q(unit__path__startswith=unit.path)
    if bridge_point is None and not points:
        q = Q(unit__path__startswith=meeting.organiser.path)
    return (RollEntry.objects.filter(q, campaign=meeting.campaign)
            .select_related("member", "unit").order_by("unit__path", "member__name_key"))


def bridge_points_today(user):
    """Bridge points the user operates at meetings held today (started today, or under
    way), earliest first."""
    if not user.is_authenticated:
        return BridgePoint.objects.none()
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + datetime.timedelta(days=1)
    now = timezone.now()
    return (BridgePoint.objects.filter(operators=user)
            .filter(Q(meeting__starts_at__gte=start, meeting__starts_at__lt=end)
                    | Q(meeting__starts_at__lte=now, meeting__ends_at__gte=now))
            .select_related("meeting", "host").order_by("meeting__starts_at", "code"))


def member_lookup(campaign_id: int,
                  member_ids: list[str]) -> dict[str, tuple[int, str, int | None]]:
    """{member id: (member pk, current unit's path, unit on the campaign's roll or None)}
    for the given member ids, in one statement per chunk: what a check-in needs to decide
    whether the caller may mark the member (access.CheckinGrant.may_mark on the path) and
    where the presence counts, without a second lookup of the roll."""
    from quantriet.dbutil import batched, fast_cursor, placeholders
    from quantriet.meetings.services import CHUNK
    from quantriet.orgs.models import Member, Unit

    member, unit, roll = (Member._meta.db_table, Unit._meta.db_table,
                          RollEntry._meta.db_table)
    found: dict[str, tuple[int, str, int | None]] = {}
    from quantriet.meetings.services import SERVER_BINDING_FROM

    with fast_cursor(server_binding=len(member_ids) > SERVER_BINDING_FROM) as cursor:
        for chunk in batched(sorted(set(member_ids)), CHUNK):
            cursor.execute(
                # The roll unit as a subquery on the (campaign, member) unique index: one
                # probe per member whatever the planner believes about the campaign.
                f"SELECT m.member_id, m.id, u.path, (SELECT r.unit_id FROM {roll} r "
                f"WHERE r.campaign_id = %s AND r.member_id = m.id) FROM {member} m "
                f"JOIN {unit} u ON u.id = m.unit_id "
                f"WHERE m.member_id IN {placeholders(len(chunk))}",
                [campaign_id, *chunk])
            for member_id, pk, path, roll_unit in cursor.fetchall():
                found[member_id] = (pk, path, roll_unit)
    return found
