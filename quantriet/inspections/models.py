"""Inspectors assigned to sessions (a meeting, or one bridge point of it) and their
structured evaluations, recorded with the questionnaire engine once the session has ended.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quantriet.campaigns.models import Campaign
from quantriet.meetings.models import BridgePoint, Meeting
from quantriet.orgs.models import Unit

# A meeting without an end time is taken to last this long (a half-day conference).
DEFAULT_DURATION = datetime.timedelta(hours=4)


def session_window(meeting: Meeting) -> tuple[datetime.datetime, datetime.datetime]:
    return meeting.starts_at, meeting.ends_at or meeting.starts_at + DEFAULT_DURATION


class EvaluationSetup(models.Model):
    """The evaluation form of a campaign: a questionnaire (purpose "evaluation") of the
    surveys engine; its single-choice question keyed "overall_rating" gives the rating."""

    campaign = models.OneToOneField(Campaign, verbose_name=_("campaign"),
                                    on_delete=models.CASCADE, related_name="evaluation_setup")
    questionnaire = models.ForeignKey("surveys.Questionnaire",
                                      verbose_name=_("evaluation form"),
                                      on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluation form of a campaign")
        verbose_name_plural = _("evaluation forms of campaigns")

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.questionnaire_id}"


class Assignment(models.Model):
    """An inspector sent to a session: one bridge point of a meeting, or the whole meeting
    (a class). The session's window is copied here so that overlaps are one indexed query;
    the database refuses the same inspector twice at one meeting."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE,
                                 related_name="inspections")
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="inspections")
    bridge_point = models.ForeignKey(BridgePoint, verbose_name=_("bridge point"), null=True,
                                     blank=True, on_delete=models.CASCADE,
                                     related_name="inspections")
    # The session's unit (the bridge point's host, else the organiser): scoping, roll-ups.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inspector"),
                                  on_delete=models.PROTECT, related_name="inspections")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        verbose_name = _("inspection assignment")
        verbose_name_plural = _("inspection assignments")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "meeting"],
                                    name="inspector_once_per_meeting"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="inspection_window_positive"),
        ]
        indexes = [
            models.Index(fields=["inspector", "starts_at"], name="inspection_inspector"),
            models.Index(fields=["campaign", "unit"], name="inspection_campaign_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.inspector_id} @ {self.meeting_id}/{self.bridge_point_id}"

    @property
    def place(self) -> str:
        return self.bridge_point.name if self.bridge_point_id else self.meeting.location

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.ends_at


class Evaluation(models.Model):
    """An inspector's evaluation of the session of one assignment: the answers are a
    surveys Response; the overall rating's label is copied for the figures."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE,
                                      related_name="evaluation")
    response = models.OneToOneField("surveys.Response", on_delete=models.CASCADE,
                                    related_name="+")
    rating = models.CharField(_("overall rating"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.rating}"
