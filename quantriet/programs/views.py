"""Pages of the programs app; every read goes through quantriet.orgs.access.

Campaign pages (overview, overdue tasks) resolve the unit like the campaign pages do
(campaigns.selectors.campaign_unit); program, task and evidence pages resolve their object
through access.access_program / access.access_task: missing and forbidden are both 404.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quantriet.campaigns.selectors import campaign_unit, visible_ancestors
from quantriet.http import download_response, is_htmx
from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.views import officer_required

from . import exports, selectors, services
from . import text as program_text
from .forms import (
    AdoptForm,
    AnswerForm,
    CommentForm,
    ProgramStartForm,
    ProgressForm,
    RoundForm,
    TaskForm,
    VersionForm,
)
from .models import Comment, Program, ProgressUpdate, VersionSource

ROW_PAGE = 100



def _error(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _program_url(program: Program, anchor: str = "") -> str:
    url = reverse("programs:program_detail", args=[program.pk])
    return f"{url}#{anchor}" if anchor else url


def _pct(x: float) -> str:
    return vntext.format_percent(x)


# --- Campaign level: roll-up, start, overdue tasks -------------------------------------


@officer_required
def index(request: HttpRequest) -> HttpResponse:
    """The campaigns the user sees, each leading to its programs and overdue tasks."""
    campaigns = access.campaigns_visible_to(request.user).order_by("-roll_date", "code")
    return render(request, "programs/index.html", {"campaigns": campaigns})


@officer_required
def overview(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = campaign_unit(request.user, campaign, request.GET.get("unit"))
    today = timezone.localdate()
    figures = selectors.rollup(campaign, unit, today)
    if request.GET.get("format") == "xlsx":
        return download_response(exports.rollup_xlsx(campaign, unit, figures),
                                 f"chuong-trinh-hanh-dong-{campaign.code}-{unit.code}", "xlsx")
    program = Program.objects.filter(campaign=campaign, unit=unit).first()
    start_form = None
    if program is None and access.can_write_unit(request.user, unit):
        start_form = ProgramStartForm(units=access.units_writable_by(request.user)
                                      .filter(pk=unit.pk), initial={"unit": unit.pk})
    parent_program = (Program.objects.filter(campaign=campaign, unit_id=unit.parent_id,
                                             adopted_on__isnull=False).first()
                      if unit.parent_id and unit.is_within(campaign.owner) else None)
    led = list(selectors.tasks_led_by(campaign, unit)[:ROW_PAGE])
    for t in led:
        t.status_text, t.overdue_now = t.status_label(today), t.is_overdue(today)
    for row in [figures["total"], *figures["children"], *figures["levels"]]:
        row["progress_text"] = _pct(row["progress"])
    return render(request, "programs/overview.html", {
        "campaign": campaign, "unit": unit, "figures": figures, "program": program,
        "start_form": start_form, "parent_program": parent_program,
        "children": figures["children"], "levels": figures["levels"], "led": led,
        "total": figures["total"], "total_progress": figures["total"]["progress_text"],
        "bar": int(round(figures["total"]["progress"])),
        "crumbs": visible_ancestors(request.user, campaign, unit)})


@officer_required
@require_POST
def program_start(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    units = access.units_writable_by(request.user).filter(path__startswith=campaign.owner.path)
    form = ProgramStartForm(request.POST, units=units)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("programs:overview", code=campaign.code)
    try:
        program = services.program_create(actor=request.user, campaign=campaign,
                                          **form.cleaned_data)
    except ValidationError as e:
        _error(request, e)
        return redirect(reverse("programs:overview", args=[campaign.code])
                        + f"?unit={form.cleaned_data['unit'].code}")
    messages.success(request, _("Action program created."))
    return redirect(_program_url(program))


@officer_required
def overdue(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = campaign_unit(request.user, campaign, request.GET.get("unit"))
    today = timezone.localdate()
    tasks = selectors.overdue_tasks(campaign, unit, today)
    if request.GET.get("format") == "xlsx":
        return download_response(exports.tasks_xlsx(tasks, today, overdue=True),
                                 f"nhiem-vu-qua-han-{campaign.code}-{unit.code}", "xlsx")
    page = Paginator(tasks, ROW_PAGE).get_page(request.GET.get("page"))
    for t in page:
        t.late_days = t.days_overdue(today)
    return render(request, "programs/overdue.html", {
        "campaign": campaign, "unit": unit, "page": page,
        "query": urlencode({"unit": unit.code}),
        "crumbs": visible_ancestors(request.user, campaign, unit)})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A member's programs: those of their unit and the units above it, open ones first."""
    member = getattr(request.user, "member", None)
    today = timezone.localdate()
    programs = []
    if member is not None:
        programs = list(access.programs_visible_to(request.user)
                        .filter(unit_id__in=member.unit.ancestor_ids())
                        .order_by("-campaign__roll_date", "unit__depth"))
        for p in programs:
            p.open_round = services.open_round(p, today)
    return render(request, "programs/mine.html", {"programs": programs})


# --- One program -----------------------------------------------------------------------


def _detail_context(request: HttpRequest, program: Program) -> dict:
    user, today = request.user, timezone.localdate()
    can_write = access.can_write_unit(user, program.unit)
    versions = list(program.versions.order_by("number"))
    version = versions[-1] if versions else None
    wanted = request.GET.get("version")
    if wanted and wanted.isdigit():
        version = next((v for v in versions if v.number == int(wanted)), version)
    current = services.open_round(program, today)
    sections = list(version.sections.all()) if version else []
    comments = list(access.program_comments_visible_to(user, program)
                    .select_related("section__version", "member", "on_behalf_of", "author",
                                    "answered_by"))
    counts = Counter(c.section_id for c in comments)
    for s in sections:
        s.n_comments = counts[s.pk]
    comment_form = None
    if current is not None and not program.is_adopted:
        units = access.comment_units_for(user, program)
        as_member = access.may_comment_as_member(user, program)
        if as_member or units.exists():
            comment_form = CommentForm(sections=current.version.sections.all(),
                                       units=units if units.exists() else None)
            if not as_member:
                comment_form.fields["on_behalf_of"].required = True
                comment_form.fields["on_behalf_of"].empty_label = None
    tasks = list(selectors.tasks_of(program))
    for t in tasks:
        t.status_text = t.status_label(today)
        t.overdue_now = t.is_overdue(today)
    editable = can_write and not program.is_adopted
    return {
        "program": program, "versions": versions, "version": version, "sections": sections,
        "comments": comments, "unanswered": sum(1 for c in comments if not c.is_answered),
        "rounds": list(program.rounds.select_related("version").order_by("opens_on")),
        "current_round": current, "comment_form": comment_form, "can_write": can_write,
        "editable": editable, "tasks": tasks, "answer_form": AnswerForm() if editable else None,
        "round_form": RoundForm(initial={"opens_on": today}) if editable and version else None,
        "adopt_form": AdoptForm(initial={"adopted_on": today}) if editable and version
        else None,
        "task_form": TaskForm(program=program) if editable else None,
        "children": list(program.children.select_related("unit").order_by("unit__code")),
        "today": today,
    }


@login_required
def program_detail(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk)
    return render(request, "programs/program_detail.html", _detail_context(request, program))


@login_required
def version_create(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk, write=True)
    if program.is_adopted and request.method != "POST":
        messages.error(request, _("The program is adopted; its text is now locked."))
        return redirect(_program_url(program))
    last = program.latest_version()
    initial = {"text": program_text.as_text(last.sections.all())} if last else {}
    form = VersionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload:
                drafts = program_text.sections_from_docx(upload, size=upload.size)
                source = VersionSource.DOCX
            else:
                drafts = program_text.sections_from_text(form.cleaned_data["text"])
                source = VersionSource.TYPED
        except program_text.TextError as e:
            form.add_error("file" if upload else "text", services.text_error_message(e))
        else:
            try:
                version = services.version_create(actor=request.user, program=program,
                                                  sections=drafts, source=source,
                                                  note=form.cleaned_data["note"])
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Version %(n)s saved with %(s)s sections.")
                                 % {"n": version.number, "s": len(drafts)})
                return redirect(_program_url(program))
    status = 400 if form.is_bound else 200
    return render(request, "programs/version_form.html",
                  {"program": program, "form": form}, status=status)


@login_required
def version_diff(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk)
    versions = {v.number: v for v in program.versions.all()}
    if len(versions) < 2:
        raise Http404
    numbers = sorted(versions)

    def pick(name: str, default: int) -> int:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and int(value) in versions else default

    new = pick("to", numbers[-1])
    old = pick("from", max((n for n in numbers if n < new), default=numbers[0]))
    rows = program_text.diff_sections(list(versions[old].sections.all()),
                                      list(versions[new].sections.all()))
    return render(request, "programs/version_diff.html", {
        "program": program, "old": versions[old], "new": versions[new], "rows": rows,
        "numbers": numbers, "changed": sum(1 for r in rows if r["change"] != "same")})


@login_required
@require_POST
def round_open(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk, write=True)
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            services.round_open(actor=request.user, program=program, **form.cleaned_data)
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, _("Comment round opened."))
    else:
        _form_errors(request, form)
    return redirect(_program_url(program, "rounds"))


@login_required
@require_POST
def round_close(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk, write=True)
    current = services.open_round(program)
    if current is None:
        messages.error(request, _("No comment round is open on this program."))
    else:
        try:
            services.round_close(actor=request.user, comment_round=current)
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, _("Comment round closed."))
    return redirect(_program_url(program, "rounds"))


@login_required
@require_POST
def comment_add(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk)
    current = services.open_round(program)
    if current is None:
        messages.error(request, _("No comment round is open on this program."))
        return redirect(_program_url(program))
    units = access.comment_units_for(request.user, program)
    form = CommentForm(request.POST, sections=current.version.sections.all(), units=units)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, program=program,
                                 section=form.cleaned_data["section"],
                                 text=form.cleaned_data["text"],
                                 on_behalf_of=form.cleaned_data.get("on_behalf_of"))
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, _("Thank you: your comment was recorded."))
    else:
        _form_errors(request, form)
    if is_htmx(request):
        return render(request, "programs/_comments.html", _detail_context(request, program))
    return redirect(_program_url(program, "comments"))


@login_required
def comment_export(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk)
    comments = (access.program_comments_visible_to(request.user, program)
                .select_related("section__version", "member", "on_behalf_of", "author")
                .order_by("section__version__number", "section__position", "created_at", "pk"))
    return download_response(exports.comments_xlsx(comments),
                             f"tiep-thu-gop-y-{program.unit.code}", "xlsx")


@login_required
def version_docx(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk)
    versions = program.versions.order_by("-number")
    wanted = request.GET.get("version", "")
    version = (versions.filter(number=int(wanted)).first() if wanted.isdigit()
               else versions.first())
    if version is None:
        raise Http404
    return download_response(exports.version_docx(program, version),
                             f"chuong-trinh-{program.unit.code}-v{version.number}", "docx")


@login_required
@require_POST
def comment_answer(request: HttpRequest, comment_pk: int) -> HttpResponse:
    comment = (Comment.objects.select_related("round__program", "section").filter(pk=comment_pk)
               .first())
    if comment is None:
        raise Http404
    program = access.access_program(request.user, comment.round.program_id, write=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.comment_answer(actor=request.user, comment=comment,
                                    **form.cleaned_data)
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, _("Answer recorded."))
    else:
        _form_errors(request, form)
    if is_htmx(request):
        return render(request, "programs/_comments.html", _detail_context(request, program))
    return redirect(_program_url(program, f"comment-{comment.pk}"))


@login_required
@require_POST
def program_adopt(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk, write=True)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.program_adopt(actor=request.user, program=program, **form.cleaned_data)
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, _("The program is adopted; its text is now locked."))
    else:
        _form_errors(request, form)
    return redirect(_program_url(program))


# --- Tasks -----------------------------------------------------------------------------


@login_required
@require_POST
def task_create(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk, write=True)
    form = TaskForm(request.POST, program=program)
    if form.is_valid():
        try:
            services.task_create(actor=request.user, program=program, **form.cleaned_data)
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, _("Task added."))
    else:
        _form_errors(request, form)
    return redirect(_program_url(program, "tasks"))


@login_required
def task_export(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = access.access_program(request.user, program_pk)
    today = timezone.localdate()
    return download_response(exports.tasks_xlsx(selectors.tasks_of(program), today),
                             f"nhiem-vu-{program.unit.code}", "xlsx")


@login_required
def task_detail(request: HttpRequest, task_pk: int) -> HttpResponse:
    """A phone-sized page: the task, its history, and the progress form."""
    task = access.access_task(request.user, task_pk)
    today = timezone.localdate()
    can_update = access.can_update_task(request.user, task) and task.program.is_adopted
    form = ProgressForm(request.POST or None, request.FILES or None,
                        initial={"percent": task.progress}) if can_update else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.progress_record(actor=request.user, task=task, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Progress recorded."))
                return redirect("programs:task_detail", task_pk=task.pk)
    editable = (access.can_write_unit(request.user, task.program.unit)
                and not task.program.is_adopted)
    edit_form = None
    if editable:
        edit_form = TaskForm(program=task.program, initial={
            "content": task.content, "lead_unit": task.lead_unit_id,
            "cooperating": [u.pk for u in task.cooperating.all()],
            "deadline": task.deadline, "weight": task.weight})
    return render(request, "programs/task_detail.html", {
        "task": task, "program": task.program, "form": form, "edit_form": edit_form,
        "status": task.status_label(today), "overdue_now": task.is_overdue(today),
        "updates": list(task.updates.select_related("recorded_by")),
        "cooperating": list(task.cooperating.all()),
        "implementations": list(task.implementations.select_related("program__unit")
                                .filter(Q(program__in=access.programs_visible_to(
                                    request.user)))),
    }, status=400 if form is not None and form.is_bound else 200)


@login_required
@require_POST
def task_edit(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = access.access_task(request.user, task_pk)
    if not access.can_write_unit(request.user, task.program.unit):
        raise Http404
    form = TaskForm(request.POST, program=task.program)
    if form.is_valid():
        try:
            services.task_update(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, _("Task saved."))
    else:
        _form_errors(request, form)
    return redirect("programs:task_detail", task_pk=task.pk)


@login_required
@require_POST
def task_delete(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = access.access_task(request.user, task_pk)
    if not access.can_write_unit(request.user, task.program.unit):
        raise Http404
    program = task.program
    try:
        services.task_delete(actor=request.user, task=task)
    except ValidationError as e:
        _error(request, e)
        return redirect("programs:task_detail", task_pk=task.pk)
    messages.success(request, _("Task deleted."))
    return redirect(_program_url(program, "tasks"))


@login_required
def evidence(request: HttpRequest, progress_pk: int) -> HttpResponse:
    update = ProgressUpdate.objects.filter(pk=progress_pk).first()
    if update is None or not update.evidence:
        raise Http404
    access.access_task(request.user, update.task_id)
    return FileResponse(update.evidence.open("rb"), as_attachment=True,
                        filename=update.evidence_name or "evidence")
