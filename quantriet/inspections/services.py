"""Writes of the inspections app: the campaign's evaluation form, assignments (no inspector
in two places at once) and evaluations (only once the session has ended)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.accounts.models import User
from quantriet.accounts.services import audit_record
from quantriet.campaigns.models import Campaign
from quantriet.meetings.models import BridgePoint, Meeting
from quantriet.surveys.models import Purpose, QuestionKind, Questionnaire, Source
from quantriet.surveys.services import questionnaire_create_from_template, response_submit

from .models import Assignment, Evaluation, EvaluationSetup, session_window

TEMPLATE_KEY = "session-evaluation"
RATING_KEY = "overall_rating"


def _when(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%H:%M %d/%m/%Y")


def _rating_question(questionnaire: Questionnaire):
    return questionnaire.questions.filter(key=RATING_KEY, kind=QuestionKind.SINGLE).first()


@transaction.atomic
def evaluation_setup(*, actor, campaign: Campaign,
                     questionnaire: Questionnaire | None = None) -> EvaluationSetup:
    """The campaign's evaluation form: `questionnaire` (an evaluation form of this campaign,
    with a single-choice question keyed "overall_rating"), else the existing one, else a
    new one from the "session-evaluation" template."""
    setup = EvaluationSetup.objects.filter(campaign=campaign).first()
    if questionnaire is None and setup is not None:
        return setup
    # One writer of a campaign's form at a time (two first assignments at once): lock the
    # campaign row, then look again.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    setup = EvaluationSetup.objects.filter(campaign=campaign).first()
    if questionnaire is None and setup is not None:
        return setup
    if questionnaire is None:
        questionnaire = questionnaire_create_from_template(
            actor=actor, template_key=TEMPLATE_KEY, campaign=campaign, owner=campaign.owner)
    if questionnaire.campaign_id != campaign.pk or questionnaire.purpose != Purpose.EVALUATION:
        raise ValidationError(_("Choose an evaluation form of this campaign."))
    if _rating_question(questionnaire) is None:
        raise ValidationError(_("The evaluation form needs a single-choice question with the "
                                "key «overall_rating» (the overall rating)."))
    if setup is not None and Evaluation.objects.filter(assignment__campaign=campaign).exists():
        raise ValidationError(_("Evaluations have been recorded already: the form can no "
                              "longer be changed."))
    before = {"questionnaire": setup.questionnaire.code} if setup else None
    if setup is None:
        setup = EvaluationSetup(campaign=campaign)
    setup.questionnaire = questionnaire
    setup.save()
    audit_record(actor=actor, action="inspection.form", obj=setup, unit=campaign.owner,
                 before=before, after={"questionnaire": questionnaire.code})
    return setup


@transaction.atomic
def assignment_create(*, actor, meeting: Meeting, inspector: User,
                      bridge_point: BridgePoint | None = None) -> Assignment:
    """Send `inspector` to a session. Refused if the inspector is already somewhere else
    during that time. The inspector's user row is locked first, so two assignments of the
    same inspector are decided one after the other (PostgreSQL: row lock; SQLite: the
    write lock); the unique (inspector, meeting) index backs it for the same meeting."""
    if bridge_point is not None and bridge_point.meeting_id != meeting.pk:
        raise ValidationError(_("The bridge point belongs to another meeting."))
    if not inspector.is_active:
        raise ValidationError({"inspector": _("This user account is disabled.")})
    User.objects.select_for_update().filter(pk=inspector.pk).first()
    starts_at, ends_at = session_window(meeting)
    clash = (Assignment.objects.filter(inspector=inspector, starts_at__lt=ends_at,
                                       ends_at__gt=starts_at)
             .select_related("meeting", "bridge_point").first())
    if clash is not None:
        raise ValidationError({"inspector": _(
            "%(name)s is already assigned to %(place)s (%(title)s, %(start)s – %(end)s) at "
            "that time.") % {"name": inspector.get_full_name() or inspector.username,
                             "place": clash.place or clash.meeting.code,
                             "title": clash.meeting.title, "start": _when(clash.starts_at),
                             "end": _when(clash.ends_at)}})
    unit = bridge_point.host if bridge_point is not None else meeting.organiser
    evaluation_setup(actor=actor, campaign=meeting.campaign)  # the form exists from now on
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                campaign_id=meeting.campaign_id, meeting=meeting, bridge_point=bridge_point,
                unit=unit, inspector=inspector, starts_at=starts_at, ends_at=ends_at,
                assigned_by=actor if getattr(actor, "pk", None) else None,
                assigned_at=timezone.now())
    except IntegrityError:
        raise ValidationError({"inspector": _(
            "%(name)s is already assigned to this meeting.") % {
                "name": inspector.get_full_name() or inspector.username}}) from None
    audit_record(actor=actor, action="inspection.assign", obj=assignment, unit=unit,
                 after={"meeting": meeting.code,
                        "bridge_point": bridge_point.code if bridge_point else None,
                        "inspector": inspector.username})
    return assignment


@transaction.atomic
def assignment_cancel(*, actor, assignment: Assignment) -> None:
    if Evaluation.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("The evaluation has been recorded: the assignment cannot be "
                                "cancelled."))
    audit_record(actor=actor, action="inspection.cancel", obj=assignment, unit=assignment.unit,
                 before={"meeting": assignment.meeting.code,
                         "bridge_point": getattr(assignment.bridge_point, "code", None),
                         "inspector": assignment.inspector.username})
    assignment.delete()


@transaction.atomic
def evaluation_record(*, actor, assignment: Assignment, cleaned_data: dict,
                      now: datetime.datetime | None = None) -> Evaluation:
    """Record the inspector's evaluation of the session: once, and only after it ended.
    cleaned_data: the evaluation form's (surveys.forms.questionnaire_form) cleaned_data."""
    now = now or timezone.now()
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not locked.has_ended(now):
        raise ValidationError(_("The session has not ended yet (it ends at %(end)s): the "
                                "evaluation is recorded after it.") % {
            "end": _when(locked.ends_at)})
    if Evaluation.objects.filter(assignment=locked).exists():
        raise ValidationError(_("This session has been evaluated already."))
    setup = evaluation_setup(actor=actor, campaign=assignment.campaign)
    questionnaire = setup.questionnaire
    rating_question = _rating_question(questionnaire)
    rating = ""
    if rating_question is not None:
        chosen = str(cleaned_data.get(rating_question.field_name, ""))
        rating = (rating_question.options.filter(pk=chosen).values_list("label", flat=True)
                  .first() if chosen.isdigit() else None) or ""
    try:
        with transaction.atomic():
            response = response_submit(actor=actor, questionnaire=questionnaire, member=None,
                                       unit=assignment.unit, cleaned_data=cleaned_data,
                                       source=Source.EVALUATION)
            evaluation = Evaluation.objects.create(
                assignment=locked, response=response, rating=rating,
                submitted_by=actor if getattr(actor, "pk", None) else None, submitted_at=now)
    except IntegrityError:
        raise ValidationError(_("This session has been evaluated already.")) from None
    audit_record(actor=actor, action="inspection.evaluate", obj=evaluation,
                 unit=assignment.unit, after={"assignment": assignment.pk, "rating": rating})
    return evaluation
