"""Result reports: one per (campaign, unit), a snapshot of its figures, its narrative and
its Party-format header, submitted up the tree and accepted or returned by the level above.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quantriet.campaigns.models import Campaign
from quantriet.orgs.models import Unit


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


class FigureSource(models.TextChoices):
    LIVE = "live", _("Live records")
    CHILDREN = "children", _("Child units' accepted reports")


EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ResultReport(models.Model):
    """A unit's result report for a campaign. `figures` is the snapshot the document
    shows (reports.figures); `edits` records every figure changed by hand:
    {"section/row/column": {"from": value built, "to": value typed}}."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="result_reports")
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    source = models.CharField(_("figures from"), max_length=12, choices=FigureSource.choices,
                              default=FigureSource.LIVE)
    figures = models.JSONField(default=dict)
    edits = models.JSONField(default=dict)
    narrative = models.TextField(_("narrative"), blank=True)
    narrative_built = models.TextField(blank=True, editable=False)
    # The Party document header (Hướng dẫn 36-HD/VPTW).
    superior_body = models.CharField(_("superior body"), max_length=255, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    number = models.CharField(_("number"), max_length=10, blank=True)
    issuer_code = models.CharField(_("issuer code"), max_length=20, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    dated_on = models.DateField(_("date"), null=True, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    signer_for = models.CharField(_("signing on behalf of"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    return_comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("result report")
        verbose_name_plural = _("result reports")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_result_report"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.unit_id} {self.status}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def locked(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    @property
    def number_line(self) -> str:
        """`Số 15-BC/HU` (the number is left blank until the office assigns it)."""
        code = f"-BC/{self.issuer_code}" if self.issuer_code else "-BC"
        return f"Số {self.number or '   '}{code}"
