"""Writes about action programs: versions, comment rounds, comments and answers,
adoption (after which the text is locked), tasks and their progress."""

from __future__ import annotations

import datetime
import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet import uploads
from quantriet.accounts.services import audit_record
from quantriet.campaigns.services import parse_doc_number
from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.models import Unit

from . import text as program_text
from .models import (
    AnswerKind,
    Comment,
    CommentRound,
    Program,
    ProgramVersion,
    ProgressUpdate,
    Section,
    Task,
    VersionSource,
)

MAX_COMMENT = 5000


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _refuse_if_locked(program: Program) -> None:
    if program.is_adopted:
        raise ValidationError(
            _("The program was adopted on %(date)s (%(number)s): its text and tasks are "
              "locked.") % {"date": vntext.format_date(program.adopted_on),
                            "number": program.document_number})


def _lock(program: Program) -> Program:
    """Re-read the program under a row lock: two adoptions or an adoption and a comment
    racing see each other."""
    return Program.objects.select_for_update().select_related("unit", "campaign").get(
        pk=program.pk)


def text_error_message(error: program_text.TextError) -> str:
    messages = {
        "empty": _("The text has no section: write numbered sections (1., 2., …) or "
                   "use headings in the Word file."),
        "too_many": _("The text has more than %(value)s sections."),
        "not_docx": _("The file is not a Word document (.docx)."),
        "too_big": _("The file is larger than %(value)s MB."),
    }
    return messages[error.reason] % {"value": error.value}


def open_round(program: Program, today: datetime.date | None = None) -> CommentRound | None:
    today = _today(today)
    for r in program.rounds.order_by("-opens_on", "-pk"):
        if r.is_open(today):
            return r
    return None


def default_title(campaign, unit: Unit) -> str:
    return _("Action program of %(unit)s to implement %(resolution)s") % {
        "unit": unit.name, "resolution": campaign.resolution.code}


# --- Programs and versions ----------------------------------------------------------------


@transaction.atomic
def program_create(*, actor, campaign, unit: Unit, title: str = "",
                   from_parent: bool = False) -> Program:
    """A unit's program; with from_parent, built from the superior unit's adopted program:
    its sections copied as version 1, its tasks inherited (led by this unit) for adaptation,
    each linked to the parent task it implements."""
    if not unit.is_within(campaign.owner):
        raise ValidationError(_("%(unit)s is not part of this campaign.") % {"unit": unit.name})
    if Program.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(_("%(unit)s already has an action program for this campaign.")
                              % {"unit": unit.name})
    parent = None
    if from_parent:
        parent = (Program.objects.filter(campaign=campaign, unit_id=unit.parent_id)
                  .select_related("unit").first())
        if parent is None or not parent.is_adopted:
            raise ValidationError(_("The superior unit has no adopted action program to "
                                    "build from."))
    program = Program.objects.create(
        campaign=campaign, unit=unit, parent=parent,
        title=vntext.clean(title)[:500] or default_title(campaign, unit),
        created_by=actor if actor and actor.is_authenticated else None)
    if parent is not None:
        source = parent.latest_version()
        version = ProgramVersion.objects.create(
            program=program, number=1, source=VersionSource.PARENT,
            note=(_("Copied from %(program)s") % {"program": parent.title})[:500],
            created_by=program.created_by)
        Section.objects.bulk_create(
            Section(version=version, position=s.position, number=s.number, heading=s.heading,
                    body=s.body) for s in source.sections.all())
        for t in parent.tasks.order_by("position", "pk"):
            Task.objects.create(program=program, position=t.position, content=t.content,
                                lead_unit=unit, deadline=t.deadline, weight=t.weight,
                                implements=t)
    audit_record(actor=actor, action="program.create", obj=program, unit=unit,
                 after={"campaign": campaign.code, "unit": unit.code,
                        "parent": parent.pk if parent else None})
    return program


@transaction.atomic
def version_create(*, actor, program: Program, sections: list[program_text.Draft],
                   source: str = VersionSource.TYPED, note: str = "",
                   today: datetime.date | None = None) -> ProgramVersion:
    program = _lock(program)
    _refuse_if_locked(program)
    current = open_round(program, today)
    if current is not None:
        raise ValidationError(
            _("A comment round is open until %(date)s: close it before writing a new "
              "version.") % {"date": vntext.format_date(current.last_day)})
    if not sections:
        raise ValidationError(text_error_message(program_text.TextError("empty")))
    last = program.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ProgramVersion.objects.create(
        program=program, number=last + 1, source=source, note=vntext.clean(note)[:500],
        created_by=actor if actor and actor.is_authenticated else None)
    Section.objects.bulk_create(
        Section(version=version, position=i, number=s.number[:20],
                heading=vntext.nfc(s.heading)[:500], body=vntext.nfc(s.body))
        for i, s in enumerate(sections, start=1))
    audit_record(actor=actor, action="program.version", obj=program, unit=program.unit,
                 after={"version": version.number, "sections": len(sections),
                        "source": source})
    return version


# --- Comment rounds, comments, answers ------------------------------------------------------


@transaction.atomic
def round_open(*, actor, program: Program, opens_on: datetime.date, closes_on: datetime.date,
               today: datetime.date | None = None) -> CommentRound:
    today = _today(today)
    program = _lock(program)
    _refuse_if_locked(program)
    version = program.latest_version()
    if version is None:
        raise ValidationError(_("Write the draft before opening it for comments."))
    if closes_on < opens_on:
        raise ValidationError(_("The round closes before it opens."))
    if closes_on < today:
        raise ValidationError(_("The closing date has already passed."))
    pending = [r for r in program.rounds.all() if not r.is_over(today)]
    if pending:
        raise ValidationError(_("A comment round (%(start)s – %(end)s) is already planned or "
                                "open.") % {"start": vntext.format_date(pending[0].opens_on),
                                            "end": vntext.format_date(pending[0].last_day)})
    comment_round = CommentRound.objects.create(program=program, version=version,
                                                opens_on=opens_on, closes_on=closes_on)
    audit_record(actor=actor, action="program.round_open", obj=program, unit=program.unit,
                 after={"version": version.number, "opens_on": opens_on,
                        "closes_on": closes_on})
    return comment_round


@transaction.atomic
def round_close(*, actor, comment_round: CommentRound,
                today: datetime.date | None = None) -> CommentRound:
    """End the round now: comments are accepted no longer (yesterday was its last day)."""
    today = _today(today)
    program = _lock(comment_round.program)
    _refuse_if_locked(program)
    if comment_round.is_over(today):
        raise ValidationError(_("The comment round is already closed."))
    comment_round.closed_early_on = today - datetime.timedelta(days=1)
    comment_round.save(update_fields=["closed_early_on"])
    audit_record(actor=actor, action="program.round_close", obj=program, unit=program.unit,
                 after={"round": comment_round.pk, "closed": today})
    return comment_round


@transaction.atomic
def comment_add(*, actor, program: Program, section: Section, text: str,
                on_behalf_of: Unit | None = None,
                today: datetime.date | None = None) -> Comment:
    program = _lock(program)
    _refuse_if_locked(program)
    current = open_round(program, today)
    if current is None:
        raise ValidationError(_("No comment round is open on this program."))
    if section.version_id != current.version_id:
        raise ValidationError(_("Comments are taken on version %(number)s only.")
                              % {"number": current.version.number})
    text = vntext.nfc(text or "").strip()
    if not text:
        raise ValidationError(_("The comment is empty."))
    if len(text) > MAX_COMMENT:
        raise ValidationError(_("The comment is longer than %(n)s characters.")
                              % {"n": vntext.format_int(MAX_COMMENT)})
    member = None
    if on_behalf_of is not None:
        if not access.comment_units_for(actor, program).filter(pk=on_behalf_of.pk).exists():
            raise ValidationError(_("You may not comment on behalf of %(unit)s.")
                                  % {"unit": on_behalf_of.name})
    elif access.may_comment_as_member(actor, program):
        member = actor.member
    else:
        raise ValidationError(_("Only members of %(unit)s, or units below it, may comment.")
                              % {"unit": program.unit.name})
    comment = Comment.objects.create(round=current, section=section, text=text,
                                     author=actor if actor.is_authenticated else None,
                                     member=member, on_behalf_of=on_behalf_of)
    audit_record(actor=actor, action="program.comment", obj=comment, unit=program.unit,
                 after={"program": program.pk, "section": section.number,
                        "on_behalf_of": on_behalf_of.code if on_behalf_of else None})
    return comment


@transaction.atomic
def comment_answer(*, actor, comment: Comment, kind: str, text: str = "") -> Comment:
    program = _lock(comment.round.program)
    _refuse_if_locked(program)
    if kind not in AnswerKind.values:
        raise ValidationError(_("Choose how the comment was taken into account."))
    text = vntext.nfc(text or "").strip()
    if kind != AnswerKind.ACCEPTED and not text:
        raise ValidationError(_("Say why the comment was only partly accepted or explain "
                                "why it was not."))
    before = {"kind": comment.answer_kind, "text": comment.answer_text}
    comment.answer_kind, comment.answer_text = kind, text[:MAX_COMMENT]
    comment.answered_by = actor if actor and actor.is_authenticated else None
    comment.answered_at = timezone.now()
    comment.save(update_fields=["answer_kind", "answer_text", "answered_by", "answered_at"])
    audit_record(actor=actor, action="program.answer", obj=comment, unit=program.unit,
                 before=before, after={"kind": kind, "text": comment.answer_text})
    return comment


def unanswered_comments(program: Program):
    return (Comment.objects.filter(round__program=program, answer_kind="")
            .select_related("section", "member", "on_behalf_of", "author")
            .order_by("section__position", "created_at", "pk"))


# --- Adoption -------------------------------------------------------------------------------


@transaction.atomic
def program_adopt(*, actor, program: Program, adopted_by: str, adopted_on: datetime.date,
                  document_number: str, today: datetime.date | None = None) -> Program:
    """Adopt the latest version. Refused while a round is open, while any comment is
    unanswered (listed), without tasks, or with a number that is not an action program's."""
    today = _today(today)
    program = _lock(program)
    _refuse_if_locked(program)
    if program.latest_version() is None:
        raise ValidationError(_("The program has no text yet."))
    current = open_round(program, today)
    if current is not None:
        raise ValidationError(_("The comment round is open until %(date)s: wait for it to "
                                "close, or close it, before adopting.")
                              % {"date": vntext.format_date(current.last_day)})
    waiting = list(unanswered_comments(program))
    if waiting:
        lines = [_("Section %(number)s, %(by)s: «%(text)s»") % {
            "number": c.section.number, "by": c.by_label,
            "text": c.text if len(c.text) <= 80 else c.text[:79] + "…"} for c in waiting]
        raise ValidationError(
            [_("The program cannot be adopted: %(n)s comment(s) are not answered yet.")
             % {"n": len(waiting)}] + lines, code="unanswered")
    if not program.tasks.exists():
        raise ValidationError(_("The program has no task: assign each task to a lead unit "
                                "with a deadline before adopting."))
    adopted_by = vntext.clean(adopted_by)[:255]
    if not adopted_by:
        raise ValidationError(_("Name the body that adopts the program."))
    if adopted_on > today:
        raise ValidationError(_("The adoption date cannot be in the future."))
    number = parse_doc_number(document_number)
    if number.type_code != "CTr":
        raise ValidationError(_("%(number)s is not an action program's number: its type "
                                "must be CTr (like 05-CTr/HU).") % {"number": number})
    program.adopted_by, program.adopted_on = adopted_by, adopted_on
    program.document_number = str(number)
    program.save(update_fields=["adopted_by", "adopted_on", "document_number"])
    _receive_deliverable(actor, program)
    audit_record(actor=actor, action="program.adopt", obj=program, unit=program.unit,
                 after={"adopted_by": adopted_by, "adopted_on": adopted_on,
                        "number": program.document_number,
                        "version": program.latest_version().number})
    return program


def _receive_deliverable(actor, program: Program) -> None:
    """The adopted program is the unit's "action program" deliverable of the cascade."""
    from quantriet.campaigns.models import Deliverable, DeliverableKind
    from quantriet.campaigns.services import deliverable_receive

    deliverable = Deliverable.objects.filter(
        campaign=program.campaign, unit=program.unit, kind=DeliverableKind.ACTION_PROGRAM,
        received_on__isnull=True).first()
    if deliverable is not None:
        deliverable_receive(actor=actor, deliverable=deliverable,
                            received_on=program.adopted_on,
                            document_number=program.document_number)


# --- Tasks and progress -----------------------------------------------------------------------


def _check_task(program: Program, *, content: str, lead_unit: Unit, cooperating,
                deadline, weight: int, implements: Task | None) -> str:
    content = vntext.nfc(content or "").strip()
    if not content:
        raise ValidationError(_("Describe the task."))
    if deadline is None:
        raise ValidationError(_("Give the task a deadline."))
    if not 1 <= int(weight) <= 100:
        raise ValidationError(_("The weight is a whole number from 1 to 100."))
    if not lead_unit.is_within(program.unit):
        raise ValidationError(_("The lead unit must be %(unit)s or a unit below it.")
                              % {"unit": program.unit.name})
    for u in cooperating:
        if u.pk == lead_unit.pk:
            raise ValidationError(_("The lead unit cannot also be a co-operating unit."))
        if not u.is_within(program.unit):
            raise ValidationError(_("Co-operating unit %(unit)s is not under %(top)s.")
                                  % {"unit": u.name, "top": program.unit.name})
    if implements is not None and (program.parent_id is None
                                   or implements.program_id != program.parent_id):
        raise ValidationError(_("A task can only implement a task of the superior unit's "
                                "program this program was built from."))
    return content


@transaction.atomic
def task_create(*, actor, program: Program, content: str, lead_unit: Unit,
                deadline: datetime.date, weight: int = 1, cooperating=(),
                implements: Task | None = None) -> Task:
    program = _lock(program)
    _refuse_if_locked(program)
    cooperating = list(cooperating)
    content = _check_task(program, content=content, lead_unit=lead_unit,
                          cooperating=cooperating, deadline=deadline, weight=weight,
                          implements=implements)
    last = program.tasks.order_by("-position").values_list("position", flat=True).first()
    task = Task.objects.create(program=program, position=(last or 0) + 1, content=content,
                               lead_unit=lead_unit, deadline=deadline, weight=int(weight),
                               implements=implements)
    task.cooperating.set(cooperating)
    audit_record(actor=actor, action="program.task_create", obj=task, unit=program.unit,
                 after={"content": content[:200], "lead": lead_unit.code,
                        "deadline": deadline, "weight": int(weight)})
    return task


@transaction.atomic
def task_update(*, actor, task: Task, content: str, lead_unit: Unit,
                deadline: datetime.date, weight: int = 1, cooperating=()) -> Task:
    program = _lock(task.program)
    _refuse_if_locked(program)
    cooperating = list(cooperating)
    content = _check_task(program, content=content, lead_unit=lead_unit,
                          cooperating=cooperating, deadline=deadline, weight=weight,
                          implements=task.implements)
    before = {"content": task.content[:200], "lead": task.lead_unit.code,
              "deadline": task.deadline, "weight": task.weight}
    task.content, task.lead_unit, task.deadline, task.weight = (content, lead_unit, deadline,
                                                                int(weight))
    task.save(update_fields=["content", "lead_unit", "deadline", "weight"])
    task.cooperating.set(cooperating)
    audit_record(actor=actor, action="program.task_update", obj=task, unit=program.unit,
                 before=before, after={"content": content[:200], "lead": lead_unit.code,
                                       "deadline": deadline, "weight": int(weight)})
    return task


@transaction.atomic
def task_delete(*, actor, task: Task) -> None:
    program = _lock(task.program)
    _refuse_if_locked(program)
    audit_record(actor=actor, action="program.task_delete", obj=task, unit=program.unit,
                 before={"content": task.content[:200], "lead": task.lead_unit.code})
    task.delete()


@transaction.atomic
def progress_record(*, actor, task: Task, percent: int, note: str = "", evidence=None,
                    today: datetime.date | None = None) -> ProgressUpdate:
    """A progress update on a task of an adopted program; 100 % marks it done."""
    today = _today(today)
    task = Task.objects.select_for_update().select_related("program__unit").get(pk=task.pk)
    if not task.program.is_adopted:
        raise ValidationError(_("Progress is tracked once the program is adopted."))
    if percent is None or not 0 <= int(percent) <= 100:
        raise ValidationError(_("Progress is a percentage from 0 to 100."))
    name = ""
    if evidence is not None:
        name = os.path.basename(evidence.name or "")
        # The upload module's bounds for evidence (the form also sniffs the content).
        if uploads.extension(name) not in uploads.KIND_EXTENSIONS["evidence"]:
            raise ValidationError(_("Evidence must be a PDF, Word, Excel, text or image file."))
        if evidence.size > uploads.max_bytes("evidence"):
            raise ValidationError(_("The evidence file is larger than %(n)s MB.")
                                  % {"n": uploads.max_bytes("evidence") // (1024 * 1024)})
    update = ProgressUpdate(task=task, percent=int(percent), note=vntext.nfc(note or "").strip(),
                            evidence_name=name[:255],
                            recorded_by=actor if actor and actor.is_authenticated else None)
    if evidence is not None:
        update.evidence = evidence
    update.save()
    before = {"progress": task.progress}
    task.progress = int(percent)
    task.done_on = today if task.progress >= 100 else None
    task.save(update_fields=["progress", "done_on"])
    audit_record(actor=actor, action="program.progress", obj=task, unit=task.program.unit,
                 before=before, after={"progress": task.progress, "evidence": name})
    return update
