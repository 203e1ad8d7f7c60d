"""The questionnaire engine: opinion ballots (phiếu lấy ý kiến), inspectors' evaluation
forms and any other form, with online responses, anonymous participation and paper tallies
per bridge point.

Anonymity. An anonymous questionnaire stores who took part (`Participation`, one row per
member, unique: the database refuses a second answer) apart from what was answered
(`Response` with no respondent, no user and no time of day). Responses and answers have
random (UUID) keys, so neither their keys nor the audit trail can be lined up with the
participations to recover who answered what.

Limit: a database administrator with raw access can still pair a participation with the
response written in the same transaction (PostgreSQL's `xmin` system column, SQLite's
rowid order). Nothing in the application, its pages, exports, API or audit trail does.
Small units weaken anonymity too: results and comments are shown per unit.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quantriet.campaigns.models import Campaign
from quantriet.orgs.models import Member, Unit


class Purpose(models.TextChoices):
    BALLOT = "ballot", _("Opinion ballot")
    EVALUATION = "evaluation", _("Evaluation form")
    OTHER = "other", _("Other form")


class Questionnaire(models.Model):
    code = models.CharField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    # Part of the campaign, like its roll and deliverables (nothing with history is
    # deleted through the site; this only spares a test or a purge the manual order).
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="questionnaires")
    # Who runs it: its officers change it and see the results of their subtree; members of
    # the owner's subtree answer it.
    owner = models.ForeignKey(Unit, verbose_name=_("owning unit"), on_delete=models.PROTECT,
                              related_name="questionnaires")
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices,
                               default=Purpose.BALLOT)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    template_key = models.CharField(max_length=50, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created_at", "code"]
        indexes = [models.Index(fields=["campaign", "purpose"])]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE5 = "scale5", _("Agreement (5-point scale)")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")


# Kinds whose answers are options: these are tallied (online and on paper) and charted.
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE5)

# The 5-point agreement scale, strongest agreement first; value = points.
SCALE5_LABELS = [
    (5, _("Strongly agree")),
    (4, _("Agree")),
    (3, _("Undecided")),
    (2, _("Disagree")),
    (1, _("Strongly disagree")),
]


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    # A stable name other code can look a question up by ("overall_rating"); optional.
    key = models.SlugField(_("key"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    section = models.CharField(_("section"), max_length=255, blank=True)
    text = models.TextField(_("question"))
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    min_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "order"],
                                    name="unique_question_order"),
            models.UniqueConstraint(fields=["questionnaire", "key"], condition=~Q(key=""),
                                    name="unique_question_key"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=255)
    # Points of a scale option (5 = strongly agree); free for other kinds.
    value = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "order"], name="unique_option_order"),
        ]

    def __str__(self) -> str:
        return self.label


class Source(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper ballot")
    EVALUATION = "evaluation", _("Evaluation")
    API = "api", _("API")


class Participation(models.Model):
    """A member took part in a questionnaire: one row per member, enforced by the database.
    For an anonymous questionnaire it is the only trace of who answered."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="participations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    # The member's unit, for "who has not answered yet" lists scoped by unit.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "member"],
                                    name="one_participation"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id}:{self.member_id}"


class Response(models.Model):
    """One filled-in questionnaire. Anonymous: respondent and submitted_by are NULL and only
    the day is kept (submitted_on), so nothing ties it to a participation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="responses")
    respondent = models.ForeignKey(Member, verbose_name=_("respondent"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    # Scoping: the respondent's unit (or the unit evaluated); results roll up by its path.
    unit = models.ForeignKey(Unit, verbose_name=_("Party unit"), on_delete=models.PROTECT,
                             related_name="+")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices,
                              default=Source.ONLINE)
    submitted_on = models.DateField(_("submitted on"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "respondent"],
                                    condition=Q(respondent__isnull=False),
                                    name="one_response_per_member"),
        ]
        indexes = [models.Index(fields=["questionnaire", "unit"])]

    def __str__(self) -> str:
        return f"{self.questionnaire_id}:{self.pk}"


class Answer(models.Model):
    """One answer: an option (a multiple-choice question has one row per ticked option),
    a number or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "option"],
                                    condition=Q(option__isnull=False),
                                    name="one_answer_per_option"),
        ]
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.number or self.text[:30]}"


class PaperCount(models.Model):
    """Paper ballots collected at one bridge point, with the tallies per option."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="paper_counts")
    bridge_point = models.ForeignKey("meetings.BridgePoint", verbose_name=_("bridge point"),
                                     on_delete=models.CASCADE, related_name="+")
    # The bridge point's host unit, copied for scoping and roll-up by path.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    ballots = models.PositiveIntegerField(_("ballots collected"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("paper ballot count")
        verbose_name_plural = _("paper ballot counts")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "bridge_point"],
                                    name="one_paper_count_per_bridge_point"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id}@{self.bridge_point_id}: {self.ballots}"


class PaperTally(models.Model):
    """Paper ballots at one bridge point that ticked one option."""

    paper_count = models.ForeignKey(PaperCount, on_delete=models.CASCADE,
                                    related_name="tallies")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="paper_tallies")
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper_count", "option"], name="one_tally_per_option"),
        ]

    def __str__(self) -> str:
        return f"{self.paper_count_id}:{self.option_id}={self.count}"


class TallyCorrection(models.Model):
    """Every change of a paper count: who, when, old and new value. option NULL: the number
    of ballots collected."""

    paper_count = models.ForeignKey(PaperCount, on_delete=models.CASCADE,
                                    related_name="corrections")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    old = models.PositiveIntegerField(null=True, blank=True)
    new = models.PositiveIntegerField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.paper_count_id}:{self.option_id} {self.old}->{self.new}"
