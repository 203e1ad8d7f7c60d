"""Meetings (online conferences at bridge points, classes, make-up sessions), per-person
attendance de-duplicated by the database, and non-member head counts."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quantriet.campaigns.models import Campaign
from quantriet.orgs.models import Member, Unit


class MeetingKind(models.TextChoices):
    ONLINE = "online", _("Online conference")
    IN_PERSON = "in_person", _("Class")
    MAKEUP = "makeup", _("Make-up class")


class Meeting(models.Model):
    code = models.CharField(_("code"), max_length=50, unique=True)
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"),
                                 on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=500)
    organiser = models.ForeignKey(Unit, verbose_name=_("organising unit"),
                                  on_delete=models.PROTECT, related_name="organised_meetings")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=255, blank=True)
    # A make-up class is offered to the not-yet-covered members of these units' subtrees.
    offered_units = models.ManyToManyField(Unit, verbose_name=_("offered to units"),
                                           blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "code"]

    def __str__(self) -> str:
        return self.title


def _new_secret() -> str:
    return secrets.token_urlsafe(24)


class BridgePoint(models.Model):
    """One site of a meeting: an online conference's điểm cầu (or a class's room)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="bridge_points")
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=255)
    host = models.ForeignKey(Unit, verbose_name=_("host unit"), on_delete=models.PROTECT,
                             related_name="hosted_bridge_points")
    address = models.CharField(_("address"), max_length=255, blank=True)
    expected_units = models.ManyToManyField(Unit, verbose_name=_("expected units"),
                                            blank=True, related_name="+")
    operators = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("operators"),
                                       blank=True, related_name="operated_bridge_points")
    # Signs the rotating check-in QR codes of this bridge point; never shown.
    qr_secret = models.CharField(max_length=64, default=_new_secret, editable=False)

    class Meta:
        verbose_name = _("bridge point")
        verbose_name_plural = _("bridge points")
        ordering = ["meeting", "code"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "code"], name="unique_bridge_point"),
        ]

    def __str__(self) -> str:
        return self.name


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused absence")


class CheckInMethod(models.TextChoices):
    TICK = "tick", _("Operator tick-list")
    QR = "qr", _("QR code")
    SHEET = "sheet", _("Sign-in sheet")
    API = "api", _("API")


class Attendance(models.Model):
    """One member at one meeting. The database keeps one row per (meeting, member): the
    same member marked twice, or at two bridge points of the meeting, is one row."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendances")
    bridge_point = models.ForeignKey(BridgePoint, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="attendances")
    status = models.CharField(max_length=8, choices=AttendanceStatus.choices)
    method = models.CharField(max_length=8, choices=CheckInMethod.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance"),
        ]
        indexes = [models.Index(fields=["bridge_point", "status"])]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.member_id} {self.status}"


class Coverage(models.Model):
    """A roll member who has been present at some meeting of the campaign: at most one row
    per (campaign, member), so a member counts once whatever the meeting."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="coverage")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # roll unit
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    covered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="one_coverage"),
        ]
        indexes = [models.Index(fields=["campaign", "unit"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.member_id}"


class MeetingCounter(models.Model):
    """Roll members present at one meeting, per roll unit (like CoverageCounter)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="counters")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255, default="", editable=False)  # as CoverageCounter
    present = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="unique_meeting_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.unit_id} {self.present}"


class NonMemberCategory(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union members")  # đoàn viên
    ASSOCIATION = "association", _("Association members")  # hội viên
    PUBLIC = "public", _("The public")  # nhân dân


class NonMemberCount(models.Model):
    """Quần chúng at a bridge point, by category, as entered by its operator."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE,
                                related_name="non_member_counts")
    bridge_point = models.ForeignKey(BridgePoint, on_delete=models.CASCADE,
                                     related_name="non_member_counts")
    category = models.CharField(_("category"), max_length=16,
                                choices=NonMemberCategory.choices)
    count = models.PositiveIntegerField(_("count"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bridge_point", "category"],
                                    name="unique_non_member_count"),
        ]

    def __str__(self) -> str:
        return f"{self.bridge_point_id} {self.category} {self.count}"
