"""Writes about learning reports, their grading, the campaign's rules, and action plans.

The caller has passed the objects through quantriet.orgs.access; the services enforce the
rules of the workflow (draft → submitted → graded, or returned → resubmitted → graded)
and write one audit row each (a draft's autosave excepted: it is the member's scratch
copy, saved every few seconds while typing; its submission is audited).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.accounts.services import audit_record
from quantriet.campaigns.models import Campaign, RollEntry
from quantriet.lib import vntext

from . import extract
from .models import (
    DEFAULT_GRADES,
    HANDED_IN,
    ActionPlan,
    CellRating,
    Commitment,
    LearningReport,
    LearningSettings,
    ReportReview,
    ReportSource,
    ReportStatus,
    ReviewDecision,
    ScaleKind,
    Topic,
)
from .signals import report_submitted
from .topics import DEFAULT_TOPICS

MAX_COMMITMENTS = 20


def _send_submitted(report: LearningReport) -> None:
    transaction.on_commit(lambda: report_submitted.send(sender=LearningReport, report=report))


def settings_of(campaign: Campaign) -> LearningSettings:
    """The campaign's rules; unsaved defaults if none were set."""
    found = LearningSettings.objects.filter(campaign=campaign).first()
    return found or LearningSettings(campaign=campaign, grades=list(DEFAULT_GRADES))


def _report_for(entry: RollEntry, *, lock: bool = True) -> LearningReport:
    """The member's report row (created as an empty draft), locked for the update.
    A concurrent first save (double click) finds the other's row instead of failing."""
    qs = LearningReport.objects.filter(campaign_id=entry.campaign_id, member_id=entry.member_id)
    if lock:
        qs = qs.select_for_update()
    report = qs.first()
    if report is not None:
        return report
    try:
        with transaction.atomic():
            return LearningReport.objects.create(campaign_id=entry.campaign_id,
                                                 member_id=entry.member_id,
                                                 unit_id=entry.unit_id)
    except IntegrityError:
        return qs.get()


def _check_editable(report: LearningReport) -> None:
    if report.status == ReportStatus.GRADED:
        raise ValidationError(_("The report has been graded; it can no longer be changed."))
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(_("The report has been submitted and awaits grading; it can "
                                "no longer be changed."))
    if report.status == ReportStatus.EXCUSED:
        raise ValidationError(_("The member is excused from the learning report."))


@transaction.atomic
def report_save_draft(*, actor, entry: RollEntry, text: str) -> LearningReport:
    """Save the member's draft as typed (NFC); the draft may be empty or unfinished."""
    report = _report_for(entry)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        _check_editable(report)
    text = extract.clean_text(text)
    if len(text) > extract.MAX_TEXT_CHARS:
        raise ValidationError(_("The report is too long (%(n)s characters); the limit is "
                                "%(max)s.") % {"n": vntext.format_int(len(text)),
                                               "max": vntext.format_int(extract.MAX_TEXT_CHARS)})
    report.text = text
    report.draft_saved_at = timezone.now()
    report.save(update_fields=["text", "draft_saved_at", "updated_at"])
    return report


def _hand_in(report: LearningReport, *, text: str, source: str, when: datetime.datetime,
             deadline: datetime.date | None, file=None) -> str:
    """Set the report submitted; returns "unchanged", "submitted" or "resubmitted"."""
    if report.status == ReportStatus.SUBMITTED and report.text == text:
        return "unchanged"  # a double submit: the first one stands
    resubmitted = report.status == ReportStatus.RETURNED
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        _check_editable(report)
    report.text = text
    report.source = source
    if file is not None:
        report.file = file
    report.status = ReportStatus.SUBMITTED
    report.submissions += 1
    if not resubmitted:
        report.submitted_at = when
        local_day = timezone.localtime(when).date()
        report.is_late = deadline is not None and local_day > deadline
    report.save()
    _send_submitted(report)
    return "resubmitted" if resubmitted else "submitted"


@transaction.atomic
def report_submit(*, actor, entry: RollEntry, text: str | None = None,
                  source: str = ReportSource.WEB, file=None, filename: str = "",
                  submitted_on: datetime.date | None = None) -> LearningReport:
    """Hand the report in: typed text, an uploaded file's text (`file` + `filename`), or a
    paper submission recorded by the office (`text` optional, a scan as `file`).
    Submitting twice the same text changes nothing."""
    report = _report_for(entry)
    if report.status in (ReportStatus.GRADED, ReportStatus.EXCUSED):
        _check_editable(report)
    stored_file = None
    if source == ReportSource.UPLOAD:
        data = file.read()
        try:
            text = extract.extract_text(data, filename or file.name)
        except extract.ExtractError as e:
            raise ValidationError(str(e)) from None
        file.seek(0)
        stored_file = file
    elif source == ReportSource.PAPER:
        text = extract.clean_text(text or "") or report.text
        stored_file = file
    else:
        try:
            text = extract.check_text(report.text if text is None else text)
        except extract.ExtractError as e:
            raise ValidationError(str(e)) from None
    when = timezone.now()
    if submitted_on is not None:
        when = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(12)))
    before = report.status
    outcome = _hand_in(report, text=text, source=source, when=when,
                       deadline=settings_of(entry.campaign).deadline, file=stored_file)
    if outcome != "unchanged":
        audit_record(actor=actor, action=f"learning_report.{outcome}", obj=report,
                     unit=report.unit, summary=entry.member.member_id,
                     before={"status": before},
                     after={"status": report.status, "source": source,
                            "late": report.is_late, "chars": len(text)})
    return report


@transaction.atomic
def report_excuse(*, actor, entry: RollEntry, reason: str) -> LearningReport:
    reason = vntext.clean(reason)
    if not reason:
        raise ValidationError(_("Give the reason the member is excused."))
    report = _report_for(entry)
    if report.status in HANDED_IN:
        raise ValidationError(_("The report has already been handed in."))
    report.status = ReportStatus.EXCUSED
    report.excuse_reason = reason[:255]
    report.save(update_fields=["status", "excuse_reason", "updated_at"])
    audit_record(actor=actor, action="learning_report.excuse", obj=report, unit=report.unit,
                 summary=entry.member.member_id, after={"reason": reason})
    return report


@transaction.atomic
def report_unexcuse(*, actor, report: LearningReport) -> LearningReport:
    if report.status != ReportStatus.EXCUSED:
        raise ValidationError(_("The member is not excused."))
    report.status = ReportStatus.DRAFT
    report.excuse_reason = ""
    report.save(update_fields=["status", "excuse_reason", "updated_at"])
    audit_record(actor=actor, action="learning_report.unexcuse", obj=report, unit=report.unit)
    return report


def _check_grader(actor, report: LearningReport) -> None:
    if actor is not None and report.member_id == getattr(actor, "member_id", None):
        raise ValidationError(_("Nobody may grade their own report."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report awaiting grading can be graded or "
                                "returned."))


@transaction.atomic
def report_grade(*, actor, report: LearningReport, grade: str,
                 feedback: str = "") -> LearningReport:
    report = LearningReport.objects.select_for_update().get(pk=report.pk)
    _check_grader(actor, report)
    scale = settings_of(report.campaign)
    if grade not in dict(scale.grade_choices()):
        raise ValidationError(_("«%(grade)s» is not a grade of this campaign's scale.")
                              % {"grade": grade})
    report.status = ReportStatus.GRADED
    report.grade = grade
    report.feedback = vntext.nfc(feedback or "").strip()
    report.graded_at = timezone.now()
    report.save()
    ReportReview.objects.create(report=report, decision=ReviewDecision.GRADED, grade=grade,
                                feedback=report.feedback, reviewer=actor)
    audit_record(actor=actor, action="learning_report.grade", obj=report, unit=report.unit,
                 after={"grade": grade})
    return report


@transaction.atomic
def report_return(*, actor, report: LearningReport, feedback: str) -> LearningReport:
    """Send the report back for rework, saying what to rework."""
    report = LearningReport.objects.select_for_update().get(pk=report.pk)
    _check_grader(actor, report)
    feedback = vntext.nfc(feedback or "").strip()
    if not feedback:
        raise ValidationError(_("Say what the member should rework."))
    report.status = ReportStatus.RETURNED
    report.feedback = feedback
    report.save()
    ReportReview.objects.create(report=report, decision=ReviewDecision.RETURNED,
                                feedback=feedback, reviewer=actor)
    audit_record(actor=actor, action="learning_report.return", obj=report, unit=report.unit,
                 after={"feedback": feedback[:200]})
    return report


def plan_allocation(reports: Iterable[tuple[int, int, int | None]],
                    graders: list[tuple[int, int | None]]) -> dict[int, int]:
    """Pure: {report id: grader user id}. `reports` are (id, unit id, author member id);
    `graders` are (user id, their member id). Within each unit the reports are dealt out
    evenly (then evenly overall); nobody gets their own report."""
    total: Counter = Counter()
    per_unit: dict[int, Counter] = {}
    out: dict[int, int] = {}
    order = {g: i for i, (g, _m) in enumerate(graders)}
    for report_id, unit_id, author in sorted(reports, key=lambda r: (r[1], r[0])):
        load = per_unit.setdefault(unit_id, Counter())
        eligible = [g for g, m in graders if m is None or m != author]
        if not eligible:
            continue
        chosen = min(eligible, key=lambda g: (load[g], total[g], order[g]))
        load[chosen] += 1
        total[chosen] += 1
        out[report_id] = chosen
    return out


@transaction.atomic
def reports_allocate(*, actor, campaign: Campaign, unit, graders: list) -> int:
    """Allocate the submitted reports of `unit`'s subtree that have no grader yet."""
    if not graders:
        raise ValidationError(_("Choose at least one grader."))
    rows = list(LearningReport.objects
                .filter(campaign=campaign, unit__path__startswith=unit.path,
                        status=ReportStatus.SUBMITTED, grader__isnull=True)
                .values_list("pk", "unit_id", "member_id"))
    plan = plan_allocation(rows, [(g.pk, g.member_id) for g in graders])
    by_grader: dict[int, list[int]] = {}
    for report_id, grader_id in plan.items():
        by_grader.setdefault(grader_id, []).append(report_id)
    for grader_id, ids in by_grader.items():
        LearningReport.objects.filter(pk__in=ids).update(grader_id=grader_id,
                                                         updated_at=timezone.now())
    audit_record(actor=actor, action="learning_report.allocate", object_type="campaign",
                 object_id=campaign.code, unit=unit,
                 summary=_("%(n)s reports allocated") % {"n": len(plan)},
                 after={str(g): len(ids) for g, ids in by_grader.items()})
    return len(plan)


@transaction.atomic
def settings_update(*, actor, campaign: Campaign, deadline: datetime.date | None,
                    scale_kind: str, grades: list[str]) -> LearningSettings:
    grades = [vntext.clean(g) for g in grades if vntext.clean(g)]
    if scale_kind == ScaleKind.LABELS and len(grades) < 2:
        raise ValidationError(_("A grade scale needs at least two grades."))
    if len({vntext.fold(g) for g in grades}) != len(grades):
        raise ValidationError(_("Each grade must appear once only."))
    if any(len(g) > 40 for g in grades):
        raise ValidationError(_("A grade may have at most 40 characters."))
    found = LearningSettings.objects.select_for_update().filter(campaign=campaign).first()
    current = found or settings_of(campaign)
    new = LearningSettings(campaign=campaign, scale_kind=scale_kind,
                           grades=grades if scale_kind == ScaleKind.LABELS else [])
    used = set(LearningReport.objects.filter(campaign=campaign).exclude(grade="")
               .values_list("grade", flat=True).distinct())
    valid = {v for v, _label in new.grade_choices()}
    if used - valid:
        raise ValidationError(_("Reports already graded %(grades)s: keep these grades in "
                                "the scale.") % {"grades": ", ".join(sorted(used - valid))})
    before = {"deadline": current.deadline, "scale": current.scale_kind,
              "grades": current.grades}
    current.deadline = deadline
    current.scale_kind = scale_kind
    current.grades = new.grades
    current.save()
    audit_record(actor=actor, action="learning.settings", object_type="campaign",
                 object_id=campaign.code, unit=campaign.owner, before=before,
                 after={"deadline": deadline, "scale": scale_kind, "grades": new.grades})
    return current


def campaign_topics(campaign: Campaign) -> list[tuple[str, list[str]]]:
    """The campaign's required topics with their keywords; the seed's if none were set."""
    topics = list(Topic.objects.filter(campaign=campaign))
    if not topics:
        return [(name, list(words)) for name, words in DEFAULT_TOPICS]
    return [(t.name, t.keyword_list()) for t in topics]


@transaction.atomic
def topics_set(*, actor, campaign: Campaign, topics: list[tuple[str, list[str]]]) -> int:
    """Replace the campaign's topics (name, keywords) in the given order."""
    seen = set()
    rows = []
    for i, (name, keywords) in enumerate(topics):
        name = vntext.clean(name)[:100]
        if not name:
            continue
        if vntext.fold(name) in seen:
            raise ValidationError(_("The topic «%(name)s» appears twice.") % {"name": name})
        seen.add(vntext.fold(name))
        words = [vntext.clean(k) for k in keywords if vntext.clean(k)]
        if not words:
            raise ValidationError(_("The topic «%(name)s» has no keyword.") % {"name": name})
        rows.append(Topic(campaign=campaign, name=name, keywords="\n".join(words),
                          position=i))
    if not rows:
        raise ValidationError(_("List at least one topic."))
    Topic.objects.filter(campaign=campaign).delete()
    Topic.objects.bulk_create(rows)
    audit_record(actor=actor, action="learning.topics", object_type="campaign",
                 object_id=campaign.code, unit=campaign.owner,
                 after={"topics": [r.name for r in rows]})
    return len(rows)


# --- Personal action plans ----------------------------------------------------------------


def _clean_commitments(items: list[dict]) -> list[Commitment]:
    out = []
    for i, item in enumerate(items):
        what = vntext.clean(item.get("what") or "")
        if not what:
            continue
        out.append(Commitment(what=what[:500], due_on=item.get("due_on"),
                              measure=vntext.clean(item.get("measure") or "")[:500],
                              position=i))
    if not out:
        raise ValidationError(_("Write at least one commitment."))
    if len(out) > MAX_COMMITMENTS:
        raise ValidationError(_("At most %(n)s commitments.") % {"n": MAX_COMMITMENTS})
    return out


@transaction.atomic
def plan_save(*, actor, entry: RollEntry, duties: str,
              commitments: list[dict]) -> ActionPlan:
    """Write (or rewrite, until the cell has reviewed it) the member's action plan."""
    rows = _clean_commitments(commitments)
    plan, _created = ActionPlan.objects.select_for_update().get_or_create(
        campaign_id=entry.campaign_id, member_id=entry.member_id,
        defaults={"unit_id": entry.unit_id})
    if plan.is_reviewed:
        raise ValidationError(_("The cell has reviewed the plan; it can no longer be "
                                "changed."))
    plan.duties = vntext.nfc(duties or "").strip()
    plan.save()
    plan.commitments.all().delete()
    for c in rows:
        c.plan = plan
    Commitment.objects.bulk_create(rows)
    audit_record(actor=actor, action="action_plan.save", obj=plan, unit=plan.unit,
                 summary=entry.member.member_id, after={"commitments": len(rows)})
    return plan


@transaction.atomic
def plan_self_assess(*, actor, plan: ActionPlan, text: str,
                     achieved: dict[int, bool | None]) -> ActionPlan:
    text = vntext.nfc(text or "").strip()
    if not text:
        raise ValidationError(_("Write your self-assessment."))
    if plan.is_reviewed:
        raise ValidationError(_("The cell has reviewed the plan; it can no longer be "
                                "changed."))
    plan.self_assessment = text
    plan.self_assessed_at = timezone.now()
    plan.save()
    for c in plan.commitments.all():
        if c.pk in achieved:
            c.achieved = achieved[c.pk]
            c.save(update_fields=["achieved"])
    audit_record(actor=actor, action="action_plan.self_assess", obj=plan, unit=plan.unit)
    return plan


@transaction.atomic
def plan_cell_assess(*, actor, plan: ActionPlan, rating: str, comments: str) -> ActionPlan:
    if plan.self_assessed_at is None:
        raise ValidationError(_("The member has not assessed their own plan yet."))
    if rating not in CellRating.values:
        raise ValidationError(_("Choose an assessment."))
    plan.cell_rating = rating
    plan.cell_assessment = vntext.nfc(comments or "").strip()
    plan.cell_assessed_at = timezone.now()
    plan.cell_assessed_by = actor
    plan.save()
    audit_record(actor=actor, action="action_plan.cell_assess", obj=plan, unit=plan.unit,
                 after={"rating": rating})
    return plan
