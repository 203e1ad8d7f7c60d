"""Directive documents, campaigns with their frozen roll, and the deliverables units owe."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quantriet.lib import docnumber
from quantriet.orgs.models import Member, Unit


class DocumentType(models.TextChoices):
    NQ = "NQ", _("Resolution")
    CT = "CT", _("Directive")
    KL = "KL", _("Conclusion")
    QD = "QĐ", _("Decision")
    QDI = "QĐi", _("Regulation")
    QC = "QC", _("Rules")
    HD = "HD", _("Guideline")
    KH = "KH", _("Plan")
    CTR = "CTr", _("Action program")
    BC = "BC", _("Report")
    TB = "TB", _("Notice")
    TT = "TT", _("Submission")
    CV = "CV", _("Official letter")


assert [c.value for c in DocumentType] == list(docnumber.TYPE_CODES)


class Document(models.Model):
    """A directive document with Party numbering (20-HD/BTGTW). Directives come from above
    and are readable by every officer; the registry is not scoped."""

    number = models.CharField(_("number"), max_length=10)
    type_code = models.CharField(_("type"), max_length=4, choices=DocumentType.choices)
    issuer_code = models.CharField(_("issuer code"), max_length=20)
    issuer_name = models.CharField(_("issuing body"), max_length=255, blank=True)
    issued_on = models.DateField(_("date"))
    # Numbering restarts each year: the year is part of the identity.
    year = models.PositiveSmallIntegerField(editable=False)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "type_code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "type_code", "issuer_code", "year"],
                                    name="unique_document_number"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.year = self.issued_on.year
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        return f"{self.number}-{self.type_code}/{self.issuer_code}"


class Campaign(models.Model):
    """A campaign to study one resolution, owned by a unit, over the owner's subtree."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=500)
    resolution = models.ForeignKey(Document, verbose_name=_("resolution studied"),
                                   on_delete=models.PROTECT, related_name="campaigns")
    guides = models.ManyToManyField(Document, verbose_name=_("guiding documents"),
                                    blank=True, related_name="guided_campaigns")
    owner = models.ForeignKey(Unit, verbose_name=_("owning unit"), on_delete=models.PROTECT,
                              related_name="campaigns")
    roll_date = models.DateField(_("roll date"))
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    audience = models.TextField(_("audience"), blank=True)
    roll_built_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-roll_date", "code"]

    def __str__(self) -> str:
        return self.title


class RollEntry(models.Model):
    """One member on a campaign's roll, frozen on the roll date: the one base of every
    percentage. `unit` is where the member belonged on the roll date."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="roll")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="roll_entries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    exempt = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll entries")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="unique_roll_entry"),
        ]
        indexes = [models.Index(fields=["campaign", "unit"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.member_id}"


class CoverageCounter(models.Model):
    """Pre-aggregated coverage of one leaf of the roll (a unit with members on it).

    roll and exempt are fixed when the roll is built; covered grows by one in the
    transaction that first covers a member of this unit. Coverage of any unit is a SUM
    over the counters of its subtree, never a scan of attendance. Counters live on the
    units members belong to, never on ancestors (no hot rows)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="counters")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    # The unit's path, copied (unit_move keeps it in step): a unit's coverage by child is
    # then one scan of this table, without joining every unit of the subtree (the nation:
    # 105,000 counters, 131,000 units).
    path = models.CharField(max_length=255, default="", editable=False)
    roll = models.PositiveIntegerField(default=0)
    exempt = models.PositiveIntegerField(default=0)
    covered = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="unique_coverage_counter"),
            models.CheckConstraint(condition=Q(covered__lte=models.F("roll")),
                                   name="covered_within_roll"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.unit_id} {self.covered}/{self.roll}"


class DeliverableKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    ACTION_PROGRAM = "action_program", _("Action program")
    RESULT_REPORT = "result_report", _("Result report")


class DeliverableRequirement(models.Model):
    """What the units at one depth below the owner owe, and by when."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE,
                                 related_name="requirements")
    kind = models.CharField(_("deliverable"), max_length=20, choices=DeliverableKind.choices)
    # Absolute depth in the unit tree (levels are data: the owner's own depth + 1, + 2, …).
    depth = models.PositiveSmallIntegerField(_("level"))
    due_on = models.DateField(_("due date"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind", "depth"],
                                    name="unique_requirement"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.kind} @{self.depth} ≤ {self.due_on}"


class DeliverableStatus(models.TextChoices):
    MISSING = "missing", _("Not received")
    ON_TIME = "on_time", _("Received on time")
    LATE = "late", _("Received late")


class Deliverable(models.Model):
    """One unit's plan, action program or result report for a campaign."""

    requirement = models.ForeignKey(DeliverableRequirement, on_delete=models.CASCADE,
                                    related_name="deliverables")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE,
                                 related_name="deliverables")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="deliverables")
    kind = models.CharField(max_length=20, choices=DeliverableKind.choices)
    due_on = models.DateField(_("due date"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    file = models.FileField(_("file"), upload_to="deliverables/%Y/", blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "kind"],
                                    name="unique_deliverable"),
        ]
        indexes = [models.Index(fields=["campaign", "kind", "received_on"])]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.kind} {self.unit_id}"

    @property
    def status(self) -> str:
        if self.received_on is None:
            return DeliverableStatus.MISSING
        if self.received_on <= self.due_on:
            return DeliverableStatus.ON_TIME
        return DeliverableStatus.LATE

    def is_overdue(self, today: datetime.date) -> bool:
        return self.received_on is None and today > self.due_on
