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
