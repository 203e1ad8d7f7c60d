"""Writes of the surveys app: every one atomic, with one audit row.

Other apps call these (the inspections app builds its evaluation form with
`questionnaire_create_from_template(template_key="session-evaluation", ...)` and records an
evaluation with `response_submit(..., member=None, unit=<unit evaluated>,
source="evaluation")`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from quantriet.accounts.services import audit_record
from quantriet.lib import vntext

from .catalog import TEMPLATES
from .models import (
    CHOICE_KINDS,
    SCALE5_LABELS,
    Answer,
    Option,
    PaperCount,
    PaperTally,
    Participation,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Source,
    TallyCorrection,
)

CODE_CHARS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _new_code(campaign, purpose: str) -> str:
    prefix = (campaign.code if campaign is not None else purpose.upper())[:30]
    return f"{prefix}-{purpose[:3].upper()}-{get_random_string(6, CODE_CHARS)}"


def _add_questions(questionnaire: Questionnaire, specs: list[dict]) -> None:
    questions, options = [], []
    for order, spec in enumerate(specs, start=1):
        kind = spec["kind"]
        if kind not in QuestionKind.values:
            raise ValidationError(_("Unknown question kind: %(kind)s.") % {"kind": kind})
        q = Question(questionnaire=questionnaire, order=order, kind=kind,
                     key=spec.get("key", ""), text=vntext.clean(str(spec["text"])),
                     section=vntext.clean(str(spec.get("section", ""))),
                     help_text=vntext.clean(str(spec.get("help_text", ""))),
                     required=spec.get("required", True),
                     min_value=spec.get("min_value"), max_value=spec.get("max_value"))
        questions.append(q)
        if kind == QuestionKind.SCALE5:
            labels = [(value, str(label)) for value, label in SCALE5_LABELS]
        else:
            labels = [(None, str(label)) for label in spec.get("options", [])]
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(labels) < 2:
            raise ValidationError(_("Question %(n)s: a choice question needs at least two "
                                    "options.") % {"n": order})
        options.append(labels)
    Question.objects.bulk_create(questions)
    # bulk_create sets pks on both databases we support (SQLite ≥ 3.35, PostgreSQL).
    Option.objects.bulk_create([
        Option(question=q, order=i, label=vntext.clean(label), value=value)
        for q, labels in zip(questions, options, strict=True)
        for i, (value, label) in enumerate(labels, start=1)
    ])


@transaction.atomic
def questionnaire_create(*, actor, title: str, owner, questions: list[dict], campaign=None,
                         purpose: str = Purpose.BALLOT, anonymous: bool = False,
                         description: str = "", opens_at: datetime.datetime | None = None,
                         closes_at: datetime.datetime | None = None, code: str = "",
                         template_key: str = "") -> Questionnaire:
    """A questionnaire with its questions. `questions`: [{"kind": single|multiple|scale5|
    number|text, "text", "section"?, "key"?, "required"?, "options"?: [labels],
    "help_text"?, "min_value"?, "max_value"?}]; scale5 questions get the five agreement
    options (5 = strongly agree … 1 = strongly disagree)."""
    if campaign is not None and not owner.path.startswith(campaign.owner.path):
        raise ValidationError(_("The owning unit must lie within the campaign's units."))
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError(_("The closing time must be after the opening time."))
    questionnaire = Questionnaire.objects.create(
        code=code or _new_code(campaign, purpose), title=vntext.clean(title),
        description=vntext.clean(description), campaign=campaign, owner=owner,
        purpose=purpose, anonymous=anonymous, opens_at=opens_at, closes_at=closes_at,
        template_key=template_key, created_by=actor if getattr(actor, "pk", None) else None)
    _add_questions(questionnaire, questions)
    audit_record(actor=actor, action="questionnaire_create", obj=questionnaire, unit=owner,
                 summary=questionnaire.title,
                 after={"code": questionnaire.code, "purpose": purpose,
                        "anonymous": anonymous, "questions": len(questions)})
    return questionnaire


def questionnaire_create_from_template(*, actor, template_key: str, campaign, owner,
                                       title: str = "", anonymous: bool | None = None,
                                       opens_at=None, closes_at=None,
                                       code: str = "") -> Questionnaire:
    """A questionnaire from a ready template of catalog.TEMPLATES:
    "resolution-agreement" (the seed's ballot: agreement with the resolution's viewpoints,
    objectives, tasks and solutions, plus a free comment) or "session-evaluation" (the
    inspector's evaluation: keys attendance_discipline, preparation, discussion_quality,
    overall_rating (options Tốt / Khá / Trung bình / Yếu) and remarks). Texts are stored in
    the site's language. `campaign` may be None."""
    from django.conf import settings

    spec = TEMPLATES.get(template_key)
    if spec is None:
        raise ValidationError(_("Unknown questionnaire template: %(key)s.") % {
            "key": template_key})
    with translation.override(settings.LANGUAGE_CODE):
        questions = []
        for q in spec["questions"]:
            q = {k: (str(v) if k in ("text", "section", "help_text") else v)
                 for k, v in q.items()}
            if "options" in q:
                q["options"] = [str(o) for o in q["options"]]
            questions.append(q)
        return questionnaire_create(
            actor=actor, questions=questions, purpose=spec["purpose"],
            template_key=template_key, campaign=campaign, owner=owner,
            title=title or str(spec["title"]), description=str(spec["description"]),
            anonymous=spec["anonymous"] if anonymous is None else anonymous,
            opens_at=opens_at, closes_at=closes_at, code=code)


@transaction.atomic
def questionnaire_close(*, actor, questionnaire: Questionnaire) -> Questionnaire:
    """Stop accepting online answers now (paper counts can still be entered)."""
    now = timezone.now()
    if questionnaire.closes_at and questionnaire.closes_at <= now:
        raise ValidationError(_("This questionnaire is already closed."))
    before = questionnaire.closes_at
    questionnaire.closes_at = now
    if questionnaire.opens_at and questionnaire.opens_at > now:
        questionnaire.opens_at = now
    questionnaire.save(update_fields=["closes_at", "opens_at"])
    audit_record(actor=actor, action="questionnaire_close", obj=questionnaire,
                 unit=questionnaire.owner, summary=questionnaire.title,
                 before={"closes_at": before}, after={"closes_at": now})
    return questionnaire


# --- Online answers ---------------------------------------------------------------------


def _answers_from(questionnaire: Questionnaire, cleaned_data: dict) -> list[Answer]:
    """Answer rows (without response) from a questionnaire_form's cleaned_data; keys are
    "q<pk>" field names or question keys."""
    answers = []
    questions = list(questionnaire.questions.prefetch_related("options").order_by("order"))
    for q in questions:
        value = cleaned_data.get(q.field_name, cleaned_data.get(q.key) if q.key else None)
        if value in (None, "", [], ()):
            if q.required:
                raise ValidationError(_("Question %(n)s (%(text)s): an answer is required.") % {
                    "n": q.order, "text": q.text})
            continue
        if q.kind in CHOICE_KINDS:
            values = value if isinstance(value, list | tuple | set) else [value]
            if q.kind != QuestionKind.MULTIPLE and len(values) > 1:
                raise ValidationError(_("Question %(n)s: choose one option only.") % {
                    "n": q.order})
            by_pk = {str(o.pk): o for o in q.options.all()}
            for v in dict.fromkeys(str(getattr(v, "pk", v)) for v in values):
                if v not in by_pk:
                    raise ValidationError(_("Question %(n)s: that option does not exist.") % {
                        "n": q.order})
                answers.append(Answer(question=q, option=by_pk[v]))
        elif q.kind == QuestionKind.NUMBER:
            try:
                number = Decimal(str(value))
            except ArithmeticError:
                raise ValidationError(_("Question %(n)s: enter a number.") % {
                    "n": q.order}) from None
            answers.append(Answer(question=q, number=number))
        else:
            answers.append(Answer(question=q, text=vntext.clean(str(value))[:5000]))
    return answers


@transaction.atomic
def response_submit(*, actor, questionnaire: Questionnaire, member, unit=None,
                    cleaned_data: dict, source: str = Source.ONLINE) -> Response:
    """Record one filled-in questionnaire and return it.

    member: the member answering (one response per member, refused by the database with a
    ValidationError on a second try, even two at once); None for forms not tied to a member
    (an inspector's evaluation: give `unit`, the unit evaluated). unit defaults to the
    member's unit. cleaned_data: a `questionnaire_form(...)`'s cleaned_data (keys "q<pk>",
    or question keys; option pks as strings, lists for multiple choice).
    Anonymous questionnaires keep only a Participation row for the member; the Response
    has no respondent, no user and only the day of submission.
    Raises ValidationError (Vietnamese message) when closed, not allowed, or invalid.
    """
    if source == Source.ONLINE and not questionnaire.is_open():
        raise ValidationError(_("This questionnaire is not open for answers."))
    if member is not None:
        unit = unit or member.unit
        if not member.unit.path.startswith(questionnaire.owner.path):
            raise ValidationError(_("This questionnaire is not for your Party unit."))
    if unit is None:
        raise ValidationError(_("A response needs the Party unit it concerns."))
    answers = _answers_from(questionnaire, cleaned_data)
    if member is not None:
        try:
            with transaction.atomic():
                Participation.objects.create(questionnaire=questionnaire, member=member,
                                             unit=member.unit)
        except IntegrityError:
            raise ValidationError(_("You have already answered this questionnaire.")) from None
    anonymous = questionnaire.anonymous
    now = timezone.now()
    response = Response.objects.create(
        questionnaire=questionnaire, respondent=None if anonymous else member, unit=unit,
        source=source, submitted_on=timezone.localdate(now),
        submitted_at=None if anonymous else now,
        submitted_by=None if anonymous or not getattr(actor, "pk", None) else actor)
    for a in answers:
        a.response = response
    Answer.objects.bulk_create(answers)
    # Anonymous: the audit row names the questionnaire, never the response.
    audit_record(actor=actor, action="response_submit",
                 obj=questionnaire if anonymous else response, unit=unit,
                 summary=questionnaire.title,
                 after={"questionnaire": questionnaire.code, "source": source,
                        **({} if anonymous else {"answers": len(answers)})})
    return response


# --- Paper ballots ----------------------------------------------------------------------


@transaction.atomic
def paper_count_set(*, actor, questionnaire: Questionnaire, bridge_point, ballots: int,
                    counts: dict[int, int]) -> PaperCount:
    """Set the paper ballots collected at a bridge point and the count per option
    ({option pk: count}; options left out keep their count). Each changed figure is logged
    as a TallyCorrection (who, when, old, new). Refuses counts above the ballots collected."""
    if questionnaire.campaign_id is None or (
            bridge_point.meeting.campaign_id != questionnaire.campaign_id):
        raise ValidationError(_("This bridge point is not part of the questionnaire's "
                                "campaign."))
    if not bridge_point.host.path.startswith(questionnaire.owner.path):
        raise ValidationError(_("This bridge point lies outside the questionnaire's units."))
    if ballots < 0 or any(c < 0 for c in counts.values()):
        raise ValidationError(_("Counts cannot be negative."))
    options = {o.pk: o for o in Option.objects.filter(
        question__questionnaire=questionnaire, question__kind__in=CHOICE_KINDS
    ).select_related("question")}
    unknown = set(counts) - set(options)
    if unknown:
        raise ValidationError(_("An option does not belong to this questionnaire."))
    paper, _created = PaperCount.objects.select_for_update().get_or_create(
        questionnaire=questionnaire, bridge_point=bridge_point,
        defaults={"unit": bridge_point.host, "updated_by": _user(actor)})
    current = dict(paper.tallies.values_list("option_id", "count"))
    merged = {**current, **counts}
    by_question: dict[int, list[int]] = {}
    for option_id, count in merged.items():
        question = options[option_id].question
        if question.kind == QuestionKind.MULTIPLE and count > ballots:
            raise ValidationError(_("Question %(n)s, option “%(label)s”: %(count)s "
                                    "ballots counted but only %(ballots)s collected.") % {
                "n": question.order, "label": options[option_id].label,
                "count": vntext.format_int(count), "ballots": vntext.format_int(ballots)})
        if question.kind != QuestionKind.MULTIPLE:
            by_question.setdefault(question.order, []).append(count)
    for order, values in sorted(by_question.items()):
        if sum(values) > ballots:
            raise ValidationError(_("Question %(n)s: %(total)s answers counted but only "
                                    "%(ballots)s ballots collected.") % {
                "n": order, "total": vntext.format_int(sum(values)),
                "ballots": vntext.format_int(ballots)})
    now = timezone.now()
    user = _user(actor)
    log = []
    if _created or paper.ballots != ballots:
        log.append(TallyCorrection(paper_count=paper, option=None,
                                   old=None if _created else paper.ballots, new=ballots,
                                   changed_by=user, changed_at=now))
    for option_id, count in counts.items():
        old = current.get(option_id)
        if old == count or (old is None and count == 0):  # no row means 0: nothing to log
            continue
        if old is None:
            PaperTally.objects.create(paper_count=paper, option_id=option_id, count=count)
        else:
            PaperTally.objects.filter(paper_count=paper, option_id=option_id).update(
                count=count)
        log.append(TallyCorrection(paper_count=paper, option_id=option_id, old=old,
                                   new=count, changed_by=user, changed_at=now))
    paper.ballots = ballots
    paper.updated_by = user
    paper.save(update_fields=["ballots", "updated_by", "updated_at"])
    TallyCorrection.objects.bulk_create(log)
    audit_record(actor=actor, action="paper_count_set", obj=paper, unit=bridge_point.host,
                 summary=f"{questionnaire.code} @ {bridge_point.code}",
                 after={"ballots": ballots, "changes": len(log)})
    return paper


def _user(actor):
    return actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) \
        else None
