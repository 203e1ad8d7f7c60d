"""Learning reports (bài thu hoạch), their grading, the campaign's required topics and
grade scale, and personal action plans (kế hoạch hành động cá nhân)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quantriet.campaigns.models import Campaign
from quantriet.orgs.models import Member, Unit

# The default scale of the seed campaign, best first.
DEFAULT_GRADES = ["Tốt", "Khá", "Trung bình", "Không đạt"]


class ScaleKind(models.TextChoices):
    LABELS = "labels", _("Grades (e.g. Good / Fair / Average / Fail)")
    MARKS = "marks", _("Marks out of 10")


class LearningSettings(models.Model):
    """A campaign's rules for learning reports: deadline and grade scale."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE,
                                    related_name="learning_settings")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    scale_kind = models.CharField(_("grade scale"), max_length=10, choices=ScaleKind.choices,
                                  default=ScaleKind.LABELS)
    # Labels of the scale, best first (for marks: unused, the scale is 0..10).
    grades = models.JSONField(_("grades"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learning report settings")
        verbose_name_plural = _("learning report settings")

    def __str__(self) -> str:
        return f"{self.campaign_id}"

    def grade_choices(self) -> list[tuple[str, str]]:
        """(stored value, label) pairs, best first."""
        if self.scale_kind == ScaleKind.MARKS:
            return [(str(m), f"{m}/10") for m in range(10, -1, -1)]
        return [(g, g) for g in (self.grades or DEFAULT_GRADES)]

    def grade_label(self, value: str) -> str:
        return dict(self.grade_choices()).get(value, value)

    def is_late(self, day: datetime.date) -> bool:
        return self.deadline is not None and day > self.deadline


class Topic(models.Model):
    """A topic a report must address, with accent-folded keywords that reveal it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("topic"), max_length=100)
    # One keyword or phrase per line, as typed (folded when matching).
    keywords = models.TextField(_("keywords"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("required topic")
        verbose_name_plural = _("required topics")
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="unique_learning_topic"),
        ]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.replace(",", "\n").splitlines() if k.strip()]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    GRADED = "graded", _("Graded")
    RETURNED = "returned", _("Returned for rework")
    EXCUSED = "excused", _("Excused")


class ReportSource(models.TextChoices):
    WEB = "web", _("Typed online")
    UPLOAD = "upload", _("Uploaded file")
    PAPER = "paper", _("Paper submission")
    IMPORT = "import", _("Bulk import")


# Statuses where the member has handed the report in (at least once).
HANDED_IN = (ReportStatus.SUBMITTED, ReportStatus.GRADED)


class LearningReport(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE,
                                 related_name="learning_reports")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="learning_reports")
    # The member's unit on the campaign roll (RollEntry.unit): reports are scoped by its path.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    source = models.CharField(_("source"), max_length=8, choices=ReportSource.choices,
                              default=ReportSource.WEB)
    file = models.FileField(_("file"), upload_to="learning/%Y/", blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    submissions = models.PositiveSmallIntegerField(default=0)
    excuse_reason = models.CharField(_("reason"), max_length=255, blank=True)
    # Allocation: who is to grade it; and the outcome.
    grader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("grader"))
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learning report")
        verbose_name_plural = _("learning reports")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"],
                                    name="unique_learning_report"),
        ]
        indexes = [
            # Covers the figures' GROUP BY: an index-only scan, never the reports' text.
            models.Index(fields=["campaign", "unit", "status", "grade", "is_late", "member"],
                         name="learning_report_figures"),
            models.Index(fields=["campaign", "grader", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.member_id} {self.status}"

    @property
    def is_editable_by_member(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def is_gradable(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class ReviewDecision(models.TextChoices):
    GRADED = "graded", _("Graded")
    RETURNED = "returned", _("Returned for rework")


class ReportReview(models.Model):
    """One grading decision, kept as history (a report may be returned, then graded)."""

    report = models.ForeignKey(LearningReport, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.decision} {self.grade}"


class CellRating(models.TextChoices):
    ACHIEVED = "achieved", _("Fully achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class ActionPlan(models.Model):
    """A member's personal action plan for a campaign, with its later review."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE,
                                 related_name="action_plans")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="action_plans")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    duties = models.TextField(_("duties"), blank=True)
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    cell_rating = models.CharField(_("cell's assessment"), max_length=16,
                                   choices=CellRating.choices, blank=True)
    cell_assessment = models.TextField(_("cell's comments"), blank=True)
    cell_assessed_at = models.DateTimeField(null=True, blank=True)
    cell_assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personal action plan")
        verbose_name_plural = _("personal action plans")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="unique_action_plan"),
        ]
        indexes = [models.Index(fields=["campaign", "unit"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.member_id}"

    @property
    def is_reviewed(self) -> bool:
        return self.cell_assessed_at is not None


class Commitment(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="commitments")
    what = models.CharField(_("commitment"), max_length=500)
    due_on = models.DateField(_("by"), null=True, blank=True)
    measure = models.CharField(_("measure of success"), max_length=500, blank=True)
    # The member's own verdict at review time (None: not yet reviewed).
    achieved = models.BooleanField(_("achieved"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="commitment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.what
