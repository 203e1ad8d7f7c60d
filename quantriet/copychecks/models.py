"""Copy checks of learning reports: reference texts, stored sketches, flags, clusters, runs.

A flag (CopyMatch) is advice for a human: it is pending until an officer or grader
confirms or dismisses it, with a note. Nothing is penalised automatically, and a re-run of
the check keeps every human decision (a dismissed pair stays dismissed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReferenceKind(models.TextChoices):
    SAMPLE = "sample", _("Published sample text")
    # The resolution itself: passages shared only with it are expected, not copies.
    RESOLUTION = "resolution", _("Resolution text")


class ReferenceText(models.Model):
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE,
                                 related_name="copy_references")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ReferenceKind.choices,
                            default=ReferenceKind.SAMPLE)
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reference text")
        verbose_name_plural = _("reference texts")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"],
                                               name="copychecks_reference_unique_name")]

    def __str__(self) -> str:
        return self.name


class ReportSketch(models.Model):
    """The stored MinHash sketch of one learning report: the campaign's index is rebuilt
    from these without re-reading every text."""

    report = models.OneToOneField("learning.LearningReport", on_delete=models.CASCADE,
                                  related_name="copy_sketch")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE,
                                 related_name="+")
    sketch = models.BinaryField()
    params_version = models.CharField(max_length=64)
    text_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # (campaign, updated_at): the index cache's version stamp is one MAX on it.
        indexes = [models.Index(fields=["campaign", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.report_id} {self.params_version}"


class MatchKind(models.TextChoices):
    PAIR = "pair", _("Between two members")
    REFERENCE = "reference", _("From a reference text")


class MatchStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    CONFIRMED = "confirmed", _("Confirmed copy")
    DISMISSED = "dismissed", _("Dismissed: not a copy")


class CopyMatch(models.Model):
    """A flag: report `a` shares much text with report `b` (a.pk < b.pk) or a reference."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE,
                                 related_name="copy_matches")
    kind = models.CharField(_("kind"), max_length=16, choices=MatchKind.choices)
    a = models.ForeignKey("learning.LearningReport", on_delete=models.CASCADE,
                          related_name="+")
    b = models.ForeignKey("learning.LearningReport", null=True, blank=True,
                          on_delete=models.CASCADE, related_name="+")
    reference = models.ForeignKey(ReferenceText, null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(_("score"))
    jaccard = models.FloatField(default=0.0)
    # Share of a's shingles found in the other text, and the other way round.
    containment_a = models.FloatField(default=0.0)
    containment_b = models.FloatField(default=0.0)
    status = models.CharField(_("status"), max_length=16, choices=MatchStatus.choices,
                              default=MatchStatus.PENDING, db_index=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # False when the latest full check no longer finds it (the text changed); a decided
    # flag is kept with its decision, an undecided one is deleted instead.
    current = models.BooleanField(default=True)
    found_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("copy flag")
        verbose_name_plural = _("copy flags")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], condition=Q(kind="pair"),
                                    name="copychecks_match_unique_pair"),
            models.UniqueConstraint(fields=["a", "reference"], condition=Q(kind="reference"),
                                    name="copychecks_match_unique_reference"),
            models.CheckConstraint(
                condition=(Q(kind="pair", b__isnull=False, reference__isnull=True)
                           | Q(kind="reference", b__isnull=True, reference__isnull=False)),
                name="copychecks_match_kind_target"),
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.a_id}–{self.b_id or self.reference_id} {self.score:.2f}"

    @property
    def decided(self) -> bool:
        return self.status != MatchStatus.PENDING


class CopyCluster(models.Model):
    """Many members sharing one text (a published sample, or one member's report): shown
    as one group instead of n² pairs. Rebuilt by every check; decisions live on the flags."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE,
                                 related_name="copy_clusters")
    source_report = models.ForeignKey("learning.LearningReport", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    source_reference = models.ForeignKey(ReferenceText, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    reports = models.ManyToManyField("learning.LearningReport", through="ClusterMember",
                                     related_name="copy_clusters")
    score = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("copy cluster")
        verbose_name_plural = _("copy clusters")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.pk}"


class ClusterMember(models.Model):
    cluster = models.ForeignKey(CopyCluster, on_delete=models.CASCADE,
                                related_name="memberships")
    report = models.ForeignKey("learning.LearningReport", on_delete=models.CASCADE,
                               related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cluster", "report"],
                                               name="copychecks_cluster_member_unique")]

    def __str__(self) -> str:
        return f"{self.cluster_id}:{self.report_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CheckRun(models.Model):
    """One full check of a campaign, run in the background with its progress."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE,
                                 related_name="copy_runs")
    # Only this unit's subtree (a district checking its own reports); None: the campaign.
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    status = models.CharField(max_length=16, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    reports = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    reference_matches = models.PositiveIntegerField(default=0)
    clusters = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.pk} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return 100 * self.done // self.total if self.total else 0
