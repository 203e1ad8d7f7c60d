"""Reminders to members whose learning report is not handed in as the deadline nears."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from quantriet.lib import vntext
from quantriet.notices.types import Reminder

from .models import LearningReport, LearningSettings, ReportStatus

# Remind from this many days before the deadline, and for this long after it.
DAYS_BEFORE = 3
DAYS_AFTER = 30


def due(today: datetime.date) -> Iterator[Reminder]:
    """One reminder per member with an account, on the roll, not exempt, whose report is
    not handed in (none, a draft, or returned for rework), near or past the deadline."""
    from quantriet.accounts.models import User
    from quantriet.campaigns.models import RollEntry

    rules = LearningSettings.objects.filter(
        deadline__isnull=False,
        deadline__lte=today + datetime.timedelta(days=DAYS_BEFORE),
        deadline__gte=today - datetime.timedelta(days=DAYS_AFTER),
    ).select_related("campaign")
    for rule in rules:
        campaign = rule.campaign
        handed = LearningReport.objects.filter(
            campaign=campaign, member_id=OuterRef("member_id"),
            status__in=[ReportStatus.SUBMITTED, ReportStatus.GRADED, ReportStatus.EXCUSED])
        on_roll = RollEntry.objects.filter(campaign=campaign, member_id=OuterRef("member_id"),
                                           exempt=False)
        users = (User.objects.filter(is_active=True, member__isnull=False)
                 .filter(Exists(on_roll)).exclude(Exists(handed))
                 .values_list("pk", "member_id").order_by("pk"))
        url = reverse("learning:my_report", args=[campaign.code])
        deadline = vntext.format_date(rule.deadline)
        if rule.deadline >= today:
            subject = _("Your learning report is due on %(date)s") % {"date": deadline}
        else:
            subject = _("Your learning report was due on %(date)s") % {"date": deadline}
        body = _("Campaign «%(title)s»: write and submit your learning report (bài thu "
                 "hoạch) online, or hand it in to your cell.") % {"title": campaign.title}
        for user_id, member_pk in users:
            yield Reminder(user_id=user_id, kind="report_missing",
                           key=f"learning-report:{campaign.pk}:{member_pk}",
                           subject=subject, body=body, url=url)
