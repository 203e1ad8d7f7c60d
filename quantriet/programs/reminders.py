"""Reminders about action programs, for `quantriet remind` (see quantriet.notices.types).

- comment_round_open: to members of the program's unit (and the units below it), while a
  round is open;
- comment_round_closing: to the same members, from 2 days before the round's last day;
- task_due_soon: to officers of the lead unit, from 3 days before the deadline;
- task_overdue: to officers of the lead unit, once the deadline has passed.

Keys are stable ("round:7:open", "task:42:due-soon", "task:42:overdue") so the sender
sends each (user, kind, key) once, however often it runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from quantriet.accounts.models import Role, RoleKind, User
from quantriet.lib import vntext
from quantriet.notices.types import Reminder

from .models import CommentRound, Task

CLOSING_DAYS = 2
DUE_SOON_DAYS = 3


def _member_users(unit_path: str) -> list[int]:
    return list(User.objects.filter(is_active=True, member__active=True,
                                    member__unit__path__startswith=unit_path)
                .values_list("pk", flat=True).order_by("pk"))


def _officers_by_unit(unit_ids: set[int]) -> dict[int, list[int]]:
    rows = (Role.objects.filter(unit_id__in=unit_ids, user__is_active=True,
                                kind__in=(RoleKind.OFFICER, RoleKind.ADMIN))
            .values_list("unit_id", "user_id").distinct().order_by("unit_id", "user_id"))
    out: dict[int, list[int]] = {}
    for unit_id, user_id in rows:
        out.setdefault(unit_id, []).append(user_id)
    return out


def _rounds(today: datetime.date) -> Iterator[Reminder]:
    rounds = (CommentRound.objects
              .filter(opens_on__lte=today, program__adopted_on__isnull=True)
              .filter(Q(closed_early_on__isnull=True, closes_on__gte=today)
                      | Q(closed_early_on__gte=today))
              .select_related("program__unit", "version"))
    for r in rounds:
        program = r.program
        url = reverse("programs:program_detail", args=[program.pk]) + "#comments"
        users = _member_users(program.unit.path)
        closing = (r.last_day - today).days <= CLOSING_DAYS
        last_day = vntext.format_date(r.last_day)
        for user_id in users:
            yield Reminder(
                user_id=user_id, kind="comment_round_open", key=f"round:{r.pk}:open",
                subject=_("Comments invited on the draft action program of %(unit)s")
                % {"unit": program.unit.name},
                body=_("The draft «%(title)s» is open for comments until %(date)s. Read it "
                       "and send your comments, section by section.")
                % {"title": program.title, "date": last_day}, url=url)
            if closing:
                yield Reminder(
                    user_id=user_id, kind="comment_round_closing",
                    key=f"round:{r.pk}:closing",
                    subject=_("Comments on the action program of %(unit)s close on %(date)s")
                    % {"unit": program.unit.name, "date": last_day},
                    body=_("The comment round on «%(title)s» closes on %(date)s.")
                    % {"title": program.title, "date": last_day}, url=url)


def _tasks(today: datetime.date) -> Iterator[Reminder]:
    tasks = list(Task.objects.tracked()
                 .filter(progress__lt=100,
                         deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
                 .select_related("lead_unit", "program__unit").order_by("deadline", "pk"))
    officers = _officers_by_unit({t.lead_unit_id for t in tasks})
    for t in tasks:
        url = reverse("programs:task_detail", args=[t.pk])
        deadline = vntext.format_date(t.deadline)
        content = t.content if len(t.content) <= 120 else t.content[:119] + "…"
        if t.is_overdue(today):
            kind, key = "task_overdue", f"task:{t.pk}:overdue"
            subject = _("Overdue task: %(unit)s") % {"unit": t.lead_unit.name}
            body = _("The task «%(task)s» (action program of %(program)s) was due on "
                     "%(date)s and is at %(progress)s %%.") % {
                "task": content, "program": t.program.unit.name, "date": deadline,
                "progress": t.progress}
        else:
            kind, key = "task_due_soon", f"task:{t.pk}:due-soon"
            subject = _("Task due on %(date)s: %(unit)s") % {"date": deadline,
                                                           "unit": t.lead_unit.name}
            body = _("The task «%(task)s» (action program of %(program)s) is due on "
                     "%(date)s and is at %(progress)s %%.") % {
                "task": content, "program": t.program.unit.name, "date": deadline,
                "progress": t.progress}
        for user_id in officers.get(t.lead_unit_id, []):
            yield Reminder(user_id=user_id, kind=kind, key=key, subject=subject, body=body,
                           url=url)


def due(today: datetime.date) -> Iterator[Reminder]:
    with translation.override(settings.LANGUAGE_CODE):
        items = [*_rounds(today), *_tasks(today)]
    yield from items
