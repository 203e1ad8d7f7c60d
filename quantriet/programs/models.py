"""Action programs: one per unit per campaign, drafted in versions of numbered sections,
commented on in rounds, adopted (then locked), and split into tracked tasks."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quantriet.orgs.models import Member, Unit


class Program(models.Model):
    """A unit's action program (chương trình hành động) for one campaign."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE,
                                 related_name="programs")
    unit = models.ForeignKey(Unit, verbose_name=_("Party unit"), on_delete=models.PROTECT,
                             related_name="+")
    title = models.CharField(_("title"), max_length=500)
    # The parent unit's program this one was built from (its tasks implement the parent's).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="children")
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(_("adopting body"), max_length=255, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action program")
        verbose_name_plural = _("action programs")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_program_per_unit"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        """Adopted programs are locked: no new version, no comment, no task change."""
        return self.adopted_on is not None

    def latest_version(self) -> ProgramVersion | None:
        return self.versions.order_by("-number").first()


class VersionSource(models.TextChoices):
    TYPED = "typed", _("Typed")
    DOCX = "docx", _("Imported from Word")
    PARENT = "parent", _("Copied from the superior unit's program")


class ProgramVersion(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    source = models.CharField(max_length=8, choices=VersionSource.choices,
                              default=VersionSource.TYPED)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program version")
        verbose_name_plural = _("program versions")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="unique_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} v{self.number}"


class Section(models.Model):
    """A numbered section of one version: what comments are anchored to."""

    version = models.ForeignKey(ProgramVersion, on_delete=models.CASCADE,
                                related_name="sections")
    position = models.PositiveSmallIntegerField()
    number = models.CharField(_("section number"), max_length=20)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="unique_section_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}".strip()


class CommentRound(models.Model):
    """A period in which members and units comment on one version of the draft."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rounds")
    version = models.ForeignKey(ProgramVersion, on_delete=models.CASCADE,
                                related_name="rounds")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    closed_early_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "opens_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                   name="round_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.opens_on}–{self.closes_on}"

    @property
    def last_day(self) -> datetime.date:
        return self.closed_early_on or self.closes_on

    def is_open(self, today: datetime.date) -> bool:
        return self.opens_on <= today <= self.last_day

    def is_over(self, today: datetime.date) -> bool:
        return today > self.last_day


class AnswerKind(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    EXPLAINED = "explained", _("Explained")


class Comment(models.Model):
    """A comment (ý kiến góp ý) on one section, by a member or on behalf of a unit."""

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    on_behalf_of = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    answer_kind = models.CharField(_("answer"), max_length=10, choices=AnswerKind.choices,
                                   blank=True)
    answer_text = models.TextField(_("explanation"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["round", "section__position", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.text[:40]}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answer_kind)

    @property
    def by_label(self) -> str:
        if self.on_behalf_of_id:
            return self.on_behalf_of.name
        if self.member_id:
            return self.member.full_name
        return str(self.author) if self.author_id else ""


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


class TaskQuerySet(models.QuerySet):
    def done(self) -> TaskQuerySet:
        return self.filter(progress__gte=100)

    def overdue(self, today: datetime.date) -> TaskQuerySet:
        """Not done and past the deadline: the same rule as Task.is_overdue, in SQL."""
        return self.filter(progress__lt=100, deadline__lt=today)

    def tracked(self) -> TaskQuerySet:
        """Tasks of adopted programs: the ones whose progress is followed."""
        return self.filter(program__adopted_on__isnull=False)


class Task(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(default=0)
    content = models.TextField(_("task"))
    lead_unit = models.ForeignKey(Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT,
                                  related_name="+")
    cooperating = models.ManyToManyField(Unit, verbose_name=_("co-operating units"),
                                         blank=True, related_name="+")
    deadline = models.DateField(_("deadline"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    # The parent program's task this one implements (adapted from it).
    implements = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="implementations",
                                   verbose_name=_("implements"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["program", "position", "pk"]
        indexes = [models.Index(fields=["deadline", "progress"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max"),
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=100),
                                   name="task_weight_range"),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def is_done(self) -> bool:
        return self.progress >= 100

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_done and today > self.deadline

    def status(self, today: datetime.date) -> str:
        if self.is_done:
            return TaskStatus.DONE
        if self.is_overdue(today):
            return TaskStatus.OVERDUE
        return TaskStatus.IN_PROGRESS if self.progress > 0 else TaskStatus.NOT_STARTED

    def status_label(self, today: datetime.date) -> str:
        return str(TaskStatus(self.status(today)).label)

    def days_overdue(self, today: datetime.date) -> int:
        return max(0, (today - self.deadline).days) if not self.is_done else 0


class ProgressUpdate(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="programs/evidence/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="update_percent_max"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"
