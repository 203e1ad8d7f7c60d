"""The "deliverable_missing" reminders, from the campaigns cascade: a plan, action program
or result report not yet received and due within DAYS_BEFORE days or overdue, to the
officers of the unit that owes it. Two reminders at most per deliverable: one before the
due date, one once overdue. Deliverables of campaigns that have ended are left alone."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from quantriet.accounts.models import Role, RoleKind
from quantriet.campaigns.models import DeliverableKind

from .types import Reminder

DAYS_BEFORE = 3


def due(today: datetime.date) -> Iterator[Reminder]:
    soon = today + datetime.timedelta(days=DAYS_BEFORE)
    prefix = "unit__deliverables__"
    rows = (Role.objects
            # One filter() call: every condition on the same deliverable row.
            .filter(Q(**{f"{prefix}campaign__ends_on__isnull": True})
                    | Q(**{f"{prefix}campaign__ends_on__gte": today}),
                    kind=RoleKind.OFFICER, user__is_active=True, unit__active=True,
                    **{f"{prefix}received_on__isnull": True, f"{prefix}due_on__lte": soon})
            .values_list("user_id", f"{prefix}pk", f"{prefix}kind", f"{prefix}due_on",
                         f"{prefix}campaign__code", f"{prefix}campaign__title",
                         "unit__code", "unit__name")
            .order_by(f"{prefix}pk", "user_id"))
    labels = dict(DeliverableKind.choices)
    for user_id, pk, kind, due_on, code, title, unit_code, unit_name in rows.iterator(2000):
        overdue = due_on < today
        values = {"what": str(labels.get(kind, kind)).lower(), "unit": unit_name,
                  "date": due_on.strftime("%d/%m/%Y"), "campaign": title}
        if overdue:
            subject = _("Overdue: the %(what)s of %(unit)s (due %(date)s)") % values
            body = _("The %(what)s of %(unit)s for the campaign «%(campaign)s» was due on "
                     "%(date)s and has not been received yet.") % values
        else:
            subject = _("Due on %(date)s: the %(what)s of %(unit)s") % values
            body = _("The %(what)s of %(unit)s for the campaign «%(campaign)s» is due on "
                     "%(date)s and has not been received yet.") % values
        url = (reverse("campaigns:campaign_detail", args=[code]) + "?"
               + urlencode({"unit": unit_code}) + "#deliverables")
        yield Reminder(user_id=user_id, kind="deliverable_missing",
                       key=f"deliverable:{pk}:{'overdue' if overdue else 'due'}",
                       subject=subject, body=body, url=url)
