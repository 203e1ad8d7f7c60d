"""Pages of the learning app; every read goes through quantriet.orgs.access.

A member's own pages (phone first): the report editor with autosave, upload, submit, and
the personal action plan. Office pages (desk): results by unit with Excel, the roll with
each member's report, paper submissions, excuses, imports, allocation to graders, the
campaign's rules; the grader's queue and the grading page.
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quantriet.campaigns.models import Campaign
from quantriet.campaigns.selectors import campaign_unit, visible_ancestors
from quantriet.http import download_response, is_htmx
from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.imports import ImportFailed
from quantriet.orgs.privacy import member_view_log
from quantriet.orgs.views import officer_required

from . import exports, selectors, services
from .forms import (
    AllocateForm,
    CellAssessForm,
    CommitmentFormSet,
    DraftForm,
    ExcuseForm,
    GradeForm,
    ImportForm,
    PaperForm,
    PlanForm,
    SelfAssessForm,
    SettingsForm,
    UploadForm,
)
from .imports import import_reports
from .models import ActionPlan, LearningReport, ReportSource, ReportStatus, ScaleKind
from .topics import match_topics

ROW_PAGE = 100



def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _url(name: str, campaign: Campaign, *args, **params) -> str:
    url = reverse(f"learning:{name}", args=[campaign.code, *args])
    return f"{url}?{urlencode(params)}" if params else url


# --- A member's own report and plan --------------------------------------------------------


def _own_entry(request: HttpRequest, code: str):
    campaign = access.access_campaign(request.user, code)
    member_id = request.user.member.member_id if request.user.member_id else None
    if member_id is None:
        raise Http404
    return campaign, access.access_roll_entry(request.user, campaign, member_id)


def _own_report(campaign: Campaign, entry) -> LearningReport | None:
    return LearningReport.objects.filter(campaign=campaign, member_id=entry.member_id).first()


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """The member's campaigns with their report's status; straight to it if only one."""
    if not request.user.member_id:
        raise Http404
    from quantriet.campaigns.models import RollEntry

    entries = list(RollEntry.objects.filter(member_id=request.user.member_id)
                   .select_related("campaign").order_by("-campaign__roll_date"))
    if len(entries) == 1:
        return redirect("learning:my_report", entries[0].campaign.code)
    reports = {r.campaign_id: r for r in LearningReport.objects.filter(
        member_id=request.user.member_id)}
    rows = [(e, reports.get(e.campaign_id)) for e in entries]
    return render(request, "learning/my_reports.html", {"rows": rows})


def _topic_rows(campaign: Campaign, text: str):
    return match_topics(text, services.campaign_topics(campaign))


@login_required
def my_report(request: HttpRequest, code: str) -> HttpResponse:
    campaign, entry = _own_entry(request, code)
    report = _own_report(campaign, entry)
    rules = services.settings_of(campaign)
    text = report.text if report else ""
    return render(request, "learning/my_report.html", {
        "campaign": campaign, "entry": entry, "report": report, "rules": rules,
        "editable": report is None or report.is_editable_by_member,
        "form": DraftForm(initial={"text": text}), "upload_form": UploadForm(),
        "topics": _topic_rows(campaign, text),
        "grade_label": rules.grade_label(report.grade) if report and report.grade else "",
        "late_now": rules.is_late(timezone.localdate())})


@login_required
@require_POST
def my_report_save(request: HttpRequest, code: str) -> HttpResponse:
    """Autosave (htmx, a few seconds after typing stops): the 'saved at' line and the
    topics the text covers so far."""
    campaign, entry = _own_entry(request, code)
    form = DraftForm(request.POST)
    error = ""
    report = None
    if form.is_valid():
        try:
            report = services.report_save_draft(actor=request.user, entry=entry,
                                                text=form.cleaned_data["text"])
        except ValidationError as e:
            error = " ".join(e.messages)
    else:
        error = " ".join(m for errs in form.errors.values() for m in errs)
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Draft saved."))
        return redirect("learning:my_report", campaign.code)
    text = report.text if report else form.data.get("text", "")
    # 200 even for a refusal: htmx swaps only successful responses, and the member must
    # see why the draft was not saved.
    return render(request, "learning/_autosave.html", {
        "report": report, "error": error, "topics": _topic_rows(campaign, text)})


@login_required
@require_POST
def my_report_submit(request: HttpRequest, code: str) -> HttpResponse:
    campaign, entry = _own_entry(request, code)
    form = DraftForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else None
    try:
        report = services.report_submit(actor=request.user, entry=entry, text=text,
                                        source=ReportSource.WEB)
    except ValidationError as e:
        if text is not None:
            try:
                services.report_save_draft(actor=request.user, entry=entry, text=text)
            except ValidationError:
                pass
        _errors(request, e)
    else:
        messages.success(request, _("Your learning report has been submitted.")
                         if not report.is_late else
                         _("Your learning report has been submitted (after the deadline)."))
    return redirect("learning:my_report", campaign.code)


@login_required
@require_POST
def my_report_upload(request: HttpRequest, code: str) -> HttpResponse:
    campaign, entry = _own_entry(request, code)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in (form.errors.get("file") if request.FILES.get("file") else None) or [
                _("Choose a .docx or .txt file.")]:
            messages.error(request, error)
        return redirect("learning:my_report", campaign.code)
    upload = form.cleaned_data["file"]
    try:
        services.report_submit(actor=request.user, entry=entry, source=ReportSource.UPLOAD,
                               file=upload, filename=upload.name)
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("Your learning report has been submitted from the file "
                                    "«%(file)s».") % {"file": upload.name})
    return redirect("learning:my_report", campaign.code)


def _commitment_initial(plan: ActionPlan | None) -> list[dict]:
    if plan is None:
        return []
    return [{"what": c.what, "due_on": c.due_on, "measure": c.measure}
            for c in plan.commitments.all()]


@login_required
def my_plan(request: HttpRequest, code: str) -> HttpResponse:
    campaign, entry = _own_entry(request, code)
    plan = (ActionPlan.objects.filter(campaign=campaign, member_id=entry.member_id)
            .prefetch_related("commitments").first())
    form = PlanForm(request.POST or None, initial={"duties": plan.duties if plan else ""})
    formset = CommitmentFormSet(request.POST or None, initial=_commitment_initial(plan),
                                prefix="c")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.plan_save(actor=request.user, entry=entry,
                               duties=form.cleaned_data["duties"],
                               commitments=[f.cleaned_data for f in formset.forms
                                            if f.cleaned_data])
        except ValidationError as e:
            _errors(request, e)
        else:
            messages.success(request, _("Your personal action plan has been saved."))
            return redirect("learning:my_plan", campaign.code)
    return render(request, "learning/my_plan.html", {
        "campaign": campaign, "plan": plan, "form": form, "formset": formset,
        "assess_form": SelfAssessForm(initial={
            "self_assessment": plan.self_assessment if plan else ""})},
        status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def my_plan_review(request: HttpRequest, code: str) -> HttpResponse:
    campaign, entry = _own_entry(request, code)
    plan = ActionPlan.objects.filter(campaign=campaign, member_id=entry.member_id).first()
    if plan is None:
        raise Http404
    form = SelfAssessForm(request.POST)
    achieved = {}
    for c in plan.commitments.all():
        value = request.POST.get(f"achieved_{c.pk}", "")
        achieved[c.pk] = {"yes": True, "no": False}.get(value)
    if form.is_valid():
        try:
            services.plan_self_assess(actor=request.user, plan=plan,
                                      text=form.cleaned_data["self_assessment"],
                                      achieved=achieved)
        except ValidationError as e:
            _errors(request, e)
        else:
            messages.success(request, _("Your self-assessment has been saved."))
    else:
        messages.error(request, _("Write your self-assessment."))
    return redirect("learning:my_plan", campaign.code)


# --- Office pages ------------------------------------------------------------------------


def _office(request: HttpRequest, code: str):
    campaign = access.access_campaign(request.user, code)
    unit = campaign_unit(request.user, campaign, request.GET.get("unit"))
    return campaign, unit


def _present(figures: dict, labels: list[str]) -> dict:
    shown = {f"{k}_text": vntext.format_int(v) for k, v in figures.items()
             if isinstance(v, int)}
    shown["grades"] = [vntext.format_int(figures["by_grade"].get(label, 0))
                       for label in labels]
    shown["submitted_percent"] = vntext.format_percent(
        vntext.percent(figures["submitted"], figures["expected"]) or 0)
    return {**figures, **shown}


@officer_required
def results(request: HttpRequest, code: str) -> HttpResponse:
    campaign, unit = _office(request, code)
    children = selectors.child_units(campaign, unit)
    figures = selectors.report_figures(campaign, [unit, *children])
    labels = selectors.grade_labels(campaign)
    rules = services.settings_of(campaign)
    return render(request, "learning/results.html", {
        "campaign": campaign, "unit": unit, "labels": labels, "rules": rules,
        "total": _present(figures[unit.pk], labels),
        "rows": [(c, _present(figures[c.pk], labels)) for c in children],
        "levels": [{**lv, **{f"{k}_text": vntext.format_int(lv[k])
                             for k in ("units", "all_submitted", "all_graded")}}
                   for lv in selectors.level_rows(campaign, unit)],
        "crumbs": visible_ancestors(request.user, campaign, unit),
        "can_write": access.can_write_unit(request.user, unit),
        "can_configure": access.can_write_unit(request.user, campaign.owner),
        "queue": selectors.grading_queue(request.user, campaign).count()})


@officer_required
def results_export(request: HttpRequest, code: str) -> HttpResponse:
    campaign, unit = _office(request, code)
    data = exports.results_xlsx(campaign, unit)
    return download_response(data, f"bai-thu-hoach-{campaign.code}-{unit.code}", "xlsx")


@officer_required
def member_list(request: HttpRequest, code: str) -> HttpResponse:
    campaign, unit = _office(request, code)
    status = request.GET.get("status", "")
    if status not in ("", "missing", *ReportStatus.values):
        status = ""
    rows = selectors.member_rows(campaign, unit, status=status)
    if request.GET.get("format") == "xlsx":
        return download_response(exports.members_xlsx(campaign, rows),
                                 f"bai-thu-hoach-dang-vien-{campaign.code}-{unit.code}", "xlsx")
    page = Paginator(rows, ROW_PAGE).get_page(request.GET.get("page"))
    rules = services.settings_of(campaign)
    for _entry, report in page:
        if report is not None:
            report.grade_text = rules.grade_label(report.grade) if report.grade else ""
    return render(request, "learning/member_list.html", {
        "campaign": campaign, "unit": unit, "page": page, "status": status,
        "statuses": ReportStatus.choices, "rules": rules,
        "crumbs": visible_ancestors(request.user, campaign, unit),
        "can_write": access.can_write_unit(request.user, unit)})


def _report_context(request: HttpRequest, report: LearningReport) -> dict:
    rules = services.settings_of(report.campaign)
    return {
        "campaign": report.campaign, "report": report, "rules": rules,
        "grade_label": rules.grade_label(report.grade) if report.grade else "",
        "topics": _topic_rows(report.campaign, report.text),
        "reviews": report.reviews.select_related("reviewer"),
        "can_grade": report.is_gradable and access.can_grade_report(request.user, report),
        "can_write": access.can_write_unit(request.user, report.unit),
        # Linked only when it exists and the reader may open it (no link to a 404).
        "plan_visible": access.action_plans_visible_to(request.user, report.campaign)
        .filter(member_id=report.member_id).exists(),
    }


@officer_required
def report_detail(request: HttpRequest, code: str, member_id: str) -> HttpResponse:
    report = access.access_learning_report(request.user, code, member_id)
    member_view_log(viewer=request.user, member=report.member, what="learning_report")
    context = _report_context(request, report)
    context["grade_form"] = GradeForm(grades=context["rules"].grade_choices())
    return render(request, "learning/report_detail.html", context)


@officer_required
@require_POST
def report_grade(request: HttpRequest, code: str, member_id: str) -> HttpResponse:
    report = access.access_learning_report(request.user, code, member_id)
    if not access.can_grade_report(request.user, report):
        raise Http404
    rules = services.settings_of(report.campaign)
    form = GradeForm(request.POST, grades=rules.grade_choices())
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "grade":
                services.report_grade(actor=request.user, report=report, grade=data["grade"],
                                      feedback=data["feedback"])
                messages.success(request, _("Report graded."))
            else:
                services.report_return(actor=request.user, report=report,
                                       feedback=data["feedback"])
                messages.success(request, _("Report returned to the member for rework."))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            nxt = selectors.grading_queue(request.user, report.campaign).first()
            if nxt is not None:
                return redirect("learning:report_detail", report.campaign.code,
                                nxt.member.member_id)
            return redirect("learning:report_detail", report.campaign.code, member_id)
    context = _report_context(request, report)
    context["grade_form"] = form
    return render(request, "learning/report_detail.html", context, status=400)


@officer_required
def report_file(request: HttpRequest, code: str, member_id: str) -> HttpResponse:
    report = access.access_learning_report(request.user, code, member_id)
    if not report.file:
        raise Http404
    member_view_log(viewer=request.user, member=report.member, what="learning_report.file")
    return FileResponse(report.file.open("rb"), as_attachment=True,
                        filename=os.path.basename(report.file.name))


@officer_required
def paper_submit(request: HttpRequest, code: str, member_id: str) -> HttpResponse:
    """The cell's office records a report handed in on paper (text and scan optional)."""
    campaign = access.access_campaign(request.user, code)
    entry = access.access_roll_entry(request.user, campaign, member_id, write=True)
    form = PaperForm(request.POST or None, request.FILES or None,
                     initial={"submitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_submit(actor=request.user, entry=entry, text=data["text"],
                                   source=ReportSource.PAPER, file=data["scan"],
                                   submitted_on=data["submitted_on"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Paper submission of %(name)s recorded.")
                             % {"name": entry.member.full_name})
            return redirect(_url("member_list", campaign, unit=entry.unit.code))
    return render(request, "learning/paper_form.html", {
        "campaign": campaign, "entry": entry, "form": form,
        "excuse_form": ExcuseForm(),
        "report": _own_report(campaign, entry)}, status=400 if form.is_bound else 200)


@officer_required
@require_POST
def excuse(request: HttpRequest, code: str, member_id: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    entry = access.access_roll_entry(request.user, campaign, member_id, write=True)
    try:
        if request.POST.get("undo"):
            report = _own_report(campaign, entry)
            if report is None:
                raise Http404
            services.report_unexcuse(actor=request.user, report=report)
            messages.success(request, _("The excuse has been withdrawn."))
        else:
            form = ExcuseForm(request.POST)
            services.report_excuse(actor=request.user, entry=entry,
                                   reason=form.data.get("reason", ""))
            messages.success(request, _("%(name)s is excused from the learning report.")
                             % {"name": entry.member.full_name})
    except ValidationError as e:
        _errors(request, e)
    return redirect(_url("member_list", campaign, unit=entry.unit.code))


@officer_required
def grading(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    queue = selectors.grading_queue(request.user, campaign)
    page = Paginator(queue, ROW_PAGE).get_page(request.GET.get("page"))
    return render(request, "learning/grading.html", {"campaign": campaign, "page": page})


@officer_required
def allocate(request: HttpRequest, code: str) -> HttpResponse:
    campaign, unit = _office(request, code)
    if not access.can_write_unit(request.user, unit):
        raise Http404
    graders = selectors.grader_candidates(campaign, unit)
    form = AllocateForm(request.POST or None, graders=graders)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.reports_allocate(actor=request.user, campaign=campaign, unit=unit,
                                          graders=list(form.cleaned_data["graders"]))
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("%(n)s reports allocated to graders.")
                             % {"n": vntext.format_int(n)})
            return redirect(_url("allocate", campaign, unit=unit.code))
    load = selectors.grade_counts(campaign, unit)
    return render(request, "learning/allocate.html", {
        "campaign": campaign, "unit": unit, "form": form,
        "unallocated": vntext.format_int(load.get(None, 0)),
        "load": [(g, load.get(g.pk, 0)) for g in graders]},
        status=400 if form.is_bound else 200)


@officer_required
def import_view(request: HttpRequest, code: str) -> HttpResponse:
    campaign, unit = _office(request, code)
    if not access.can_write_unit(request.user, unit):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_reports(actor=request.user, campaign=campaign, data=upload.read(),
                                    filename=upload.name, unit=unit)
        except ImportFailed as e:
            errors = [str(err) for err in e.errors]
        else:
            messages.success(request, result.summary_text())
            return redirect(_url("member_list", campaign, unit=unit.code))
    return render(request, "learning/import.html", {
        "campaign": campaign, "unit": unit, "form": form, "errors": errors[:200],
        "more_errors": max(0, len(errors) - 200)},
        status=400 if form.is_bound else 200)


@officer_required
def campaign_settings(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    if not access.can_write_unit(request.user, campaign.owner):
        raise Http404
    rules = services.settings_of(campaign)
    topics = services.campaign_topics(campaign)
    initial = {"deadline": rules.deadline, "scale_kind": rules.scale_kind,
               "grades": "\n".join(rules.grades or []),
               "topics": "\n".join(f"{name}: {', '.join(words)}" for name, words in topics)}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            from django.db import transaction

            with transaction.atomic():
                services.settings_update(actor=request.user, campaign=campaign,
                                         deadline=data["deadline"],
                                         scale_kind=data["scale_kind"],
                                         grades=data["grades"])
                services.topics_set(actor=request.user, campaign=campaign,
                                    topics=data["topics"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Learning report settings saved."))
            return redirect("learning:results", campaign.code)
    return render(request, "learning/settings.html", {
        "campaign": campaign, "form": form, "marks": ScaleKind.MARKS},
        status=400 if form.is_bound else 200)


@officer_required
def plan_detail(request: HttpRequest, code: str, member_id: str) -> HttpResponse:
    """A member's action plan as the cell sees it, with the cell's assessment."""
    campaign = access.access_campaign(request.user, code)
    plan = (access.action_plans_visible_to(request.user, campaign)
            .filter(member__member_id=member_id)
            .select_related("member", "unit", "cell_assessed_by")
            .prefetch_related("commitments").first())
    if plan is None:
        raise Http404
    if request.method == "GET":
        member_view_log(viewer=request.user, member=plan.member, what="action_plan")
    can_assess = access.can_write_unit(request.user, plan.unit)
    form = CellAssessForm(request.POST or None, initial={
        "cell_rating": plan.cell_rating, "cell_assessment": plan.cell_assessment})
    if request.method == "POST":
        if not can_assess:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.plan_cell_assess(actor=request.user, plan=plan,
                                          rating=form.cleaned_data["cell_rating"],
                                          comments=form.cleaned_data["cell_assessment"])
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("The cell's assessment has been saved."))
                return redirect("learning:plan_detail", campaign.code, member_id)
    return render(request, "learning/plan_detail.html", {
        "campaign": campaign, "plan": plan, "form": form, "can_assess": can_assess},
        status=400 if form.is_bound else 200)
