"""Reminders of the inspections app for `quantriet remind`: "inspection_assigned" (an
upcoming session the inspector is sent to) and "evaluation_missing" (a session that ended
before `today`, within the last 30 days, that the inspector has not evaluated)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.notices.types import Reminder

from .models import Assignment

# Evaluations missing for sessions older than this are not reminded of any more (they are
# on the province's list of missing evaluations).
MISSING_WINDOW = datetime.timedelta(days=30)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def due(today: datetime.date) -> Iterator[Reminder]:
    start = _day_start(today)
    rows = (Assignment.objects.filter(inspector__is_active=True)
            .filter(ends_at__gt=start)
            .select_related("meeting", "bridge_point").order_by("pk"))
    for a in rows.iterator(2000):
        values = {"title": a.meeting.title, "place": a.place or a.meeting.code,
                  "when": timezone.localtime(a.starts_at).strftime("%H:%M %d/%m/%Y")}
        yield Reminder(
            user_id=a.inspector_id, kind="inspection_assigned", key=f"assignment:{a.pk}",
            subject=_("Inspection: %(place)s, %(when)s") % values,
            body=_("You are assigned to inspect «%(title)s» at %(place)s, starting at "
                   "%(when)s. Record your evaluation when the session ends.") % values,
            url=reverse("inspections:assignment", args=[a.pk]))
    missing = (Assignment.objects.filter(inspector__is_active=True, ends_at__lte=start,
                                         ends_at__gt=start - MISSING_WINDOW,
                                         evaluation__isnull=True)
               .select_related("meeting", "bridge_point").order_by("pk"))
    for a in missing.iterator(2000):
        values = {"title": a.meeting.title, "place": a.place or a.meeting.code,
                  "when": timezone.localtime(a.starts_at).strftime("%H:%M %d/%m/%Y")}
        yield Reminder(
            user_id=a.inspector_id, kind="evaluation_missing",
            key=f"assignment:{a.pk}:evaluation",
            subject=_("Evaluation not yet recorded: %(place)s, %(when)s") % values,
            body=_("The session «%(title)s» at %(place)s (%(when)s) has ended; your "
                   "evaluation has not been recorded yet.") % values,
            url=reverse("inspections:assignment", args=[a.pk]))
