"""Pages of the result report: a unit's report (build, edit, check, submit), the level
above's decision (accept, return with a comment), the children's reporting rate, the
downloads (Word, Excel, PDF when LibreOffice is installed) and the dashboards.

Every page resolves the campaign, the unit and the report through orgs.access: another
branch's report or unit is a 404 like a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quantriet.campaigns.selectors import campaign_unit, visible_ancestors
from quantriet.http import download_response, is_htmx
from quantriet.orgs import access
from quantriet.orgs.views import officer_required

from . import appendix, charts, figures, narrative, selectors, services, word
from .forms import BuildForm, FigureForm, ReportForm, ReturnForm
from .models import FigureSource, ResultReport


def _home_url(campaign, unit) -> str:
    url = reverse("reports:report_home", args=[campaign.code])
    return f"{url}?{urlencode({'unit': unit.code})}"


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def tables(snap: dict, edits: dict | None = None) -> list[dict]:
    """The snapshot's sections as display tables: vi-formatted cells, edited ones marked."""
    edits = edits or {}
    out = []
    for sec in snap.get("sections", []):
        rows = [(r["key"], r["text"] if not sec["summed"] else r["text"][-1:], r["values"],
                 r.get("from_report")) for r in sec["rows"]]
        if sec.get("own"):
            rows.append(("own", [_("Directly under the unit")], sec["own"], None))
        if sec.get("total") is not None:
            rows.append(("total", [_("Total")], sec["total"], None))
        shown = []
        for key, text, values, from_report in rows:
            cells = []
            for c in sec["columns"]:
                edit = edits.get(f"{sec['key']}/{key}/{c['key']}")
                cells.append({"text": figures.fmt(values.get(c["key"]), c["kind"]),
                              "edited": edit is not None,
                              "was": figures.fmt(edit["from"], c["kind"]) if edit else ""})
            shown.append({"key": key, "text": text, "cells": cells, "total": key == "total",
                          "from_report": from_report})
        headers = sec["headers"][-1:] if sec["summed"] else sec["headers"]
        out.append({"key": sec["key"], "title": sec["title"], "note": sec.get("note", ""),
                    "headers": headers, "columns": sec["columns"], "rows": shown,
                    "editable_columns": [c for c in sec["columns"]
                                         if not (c["kind"] == "percent" and c["num"])]})
    return out


# --- A unit's report and its children's ---------------------------------------------------


@officer_required
def report_home(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = campaign_unit(request.user, campaign, request.GET.get("unit"))
    report = ResultReport.objects.filter(campaign=campaign, unit=unit).first()
    reporting = selectors.children_reporting(campaign, unit)
    reporting["rate_text"] = figures.fmt(reporting["rate"], "percent")
    if request.GET.get("format") == "xlsx":
        return download_response(appendix.children_reporting_xlsx(reporting),
                                 f"ty-le-bao-cao-ket-qua-{campaign.code}-{unit.code}", "xlsx")
    return render(request, "reports/report_home.html", {
        "campaign": campaign, "unit": unit, "report": report, "reporting": reporting,
        "crumbs": visible_ancestors(request.user, campaign, unit),
        "can_build": access.can_write_unit(request.user, unit)
        and (report is None or report.editable),
        "build_form": BuildForm()})


@officer_required
@require_POST
def report_build(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = campaign_unit(request.user, campaign, request.POST.get("unit"))
    if not access.can_write_unit(request.user, unit):
        raise Http404
    form = BuildForm(request.POST)
    source = form.cleaned_data["source"] if form.is_valid() else FigureSource.LIVE
    try:
        report = services.report_build(actor=request.user, campaign=campaign, unit=unit,
                                       source=source)
    except ValidationError as e:
        _errors(request, e)
        return redirect(_home_url(campaign, unit))
    messages.success(request, _("The report was written from the figures."))
    return redirect("reports:report_detail", report_pk=report.pk)


def _detail_context(request: HttpRequest, report: ResultReport) -> dict:
    user = request.user
    problems = services.report_problems(report)
    return {
        "report": report, "campaign": report.campaign, "unit": report.unit,
        "problems": problems, "tables": tables(report.figures, report.edits),
        "paragraphs": narrative.paragraphs(report.narrative),
        "narrative_edited": report.narrative != report.narrative_built,
        "edits": report.edits,
        "can_edit": report.editable and access.can_write_unit(user, report.unit),
        "can_decide": report.status == "submitted" and access.can_decide_report(user, report),
        "pdf": word.pdf_available(), "return_form": ReturnForm(),
        "differences": report.figures.get("differences", []),
        "unavailable": report.figures.get("unavailable", []),
    }


@officer_required
def report_detail(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk)
    context = _detail_context(request, report)
    if is_htmx(request):
        return render(request, "reports/_checks.html", context)
    return render(request, "reports/report_detail.html", context)


@officer_required
def report_edit(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk, write=True)
    if not report.editable:
        messages.error(request, _("This report can no longer be changed."))
        return redirect("reports:report_detail", report_pk=report.pk)
    initial = {f: getattr(report, f) for f in services.HEADER_FIELDS}
    initial["narrative_text"] = report.narrative
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        text = data.pop("narrative_text")
        try:
            services.report_update(actor=request.user, report=report, narrative_text=text,
                                   **data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Report saved."))
            return redirect("reports:report_detail", report_pk=report.pk)
    status = 400 if form.is_bound else 200
    return render(request, "reports/report_edit.html", {
        "report": report, "campaign": report.campaign, "unit": report.unit, "form": form},
        status=status)


@officer_required
@require_POST
def report_figure(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk, write=True)
    form = FigureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a figure and type its new value."))
    else:
        try:
            services.report_figure_edit(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as e:
            _errors(request, e)
        else:
            messages.success(request, _("Figure changed: it is shown as edited."))
    return redirect(reverse("reports:report_detail", args=[report.pk]) + "#figures")


@officer_required
@require_POST
def report_rebuild(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk, write=True)
    form = BuildForm(request.POST)
    source = form.cleaned_data["source"] if form.is_valid() else report.source
    try:
        services.report_build(actor=request.user, campaign=report.campaign, unit=report.unit,
                              source=source)
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("The report was written again from the figures."))
    return redirect("reports:report_detail", report_pk=report.pk)


@officer_required
@require_POST
def report_submit(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk, write=True)
    try:
        services.report_submit(actor=request.user, report=report)
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("Report submitted to the level above."))
    return redirect("reports:report_detail", report_pk=report.pk)


@officer_required
@require_POST
def report_accept(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk, decide=True)
    try:
        services.report_accept(actor=request.user, report=report)
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("Report accepted: it is now locked."))
    return redirect("reports:report_detail", report_pk=report.pk)


@officer_required
@require_POST
def report_return(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk, decide=True)
    form = ReturnForm(request.POST)
    try:
        services.report_return(actor=request.user, report=report,
                               comment=form.data.get("comment", ""))
    except ValidationError as e:
        _errors(request, e)
    else:
        messages.success(request, _("Report returned with your comment."))
    return redirect("reports:report_detail", report_pk=report.pk)


def _filename(report: ResultReport) -> str:
    return f"bao-cao-ket-qua-{report.campaign.code}-{report.unit.code}"


@officer_required
def report_docx(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk)
    return download_response(word.report_docx(report), _filename(report), "docx")


@officer_required
def report_xlsx(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk)
    data = appendix.appendix_xlsx(report.figures, title=report.campaign.title,
                                  edits=report.edits)
    return download_response(data, "phu-luc-" + _filename(report), "xlsx")


@officer_required
def report_pdf(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = access.access_report(request.user, report_pk)
    if not word.pdf_available():
        raise Http404
    try:
        data = word.docx_to_pdf(word.report_docx(report))
    except RuntimeError:
        messages.error(request, _("The PDF could not be made; download the Word file."))
        return redirect("reports:report_detail", report_pk=report.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report)}.pdf"'
    return response


# --- Dashboards ----------------------------------------------------------------------------


def _bars(rows, key: str, title: str) -> str:
    points = [charts.Point(r["text"][-1], float(r["values"].get(key, 0))) for r in rows]
    return charts.bar_chart(points, title=title) if points else ""


def dashboard_charts(snap: dict, over_time: list[dict]) -> list[dict]:
    """[{"title", "svg"}]: every chart's figures are also in the tables of the page."""
    out = []
    if over_time:
        out.append({"title": _("Coverage over time (percentage of the roll)"),
                    "svg": charts.line_chart(
                        # Dates label the axis: meeting codes are long and alike.
                        [charts.Point(timezone.localtime(m["date"]).strftime("%d/%m")
                                      if m.get("date") else m["code"], float(m["percent"]))
                         for m in over_time],
                        title=_("Coverage over time (percentage of the roll)"))})
    cov = figures.section(snap, "coverage")
    if cov and cov["rows"]:
        out.append({"title": _("Coverage by unit (percentage of the roll)"),
                    "svg": _bars(cov["rows"], "covered_percent",
                                 _("Coverage by unit (percentage of the roll)"))})
    dl = figures.section(snap, "deliverables")
    if dl:
        points = [charts.Point(c["label"], float(dl["total"].get(c["key"], 0)))
                  for c in dl["columns"] if c["kind"] == "percent"]
        if points:
            out.append({"title": _("Deliverables received (reporting rate)"),
                        "svg": charts.bar_chart(points, title=_(
                            "Deliverables received (reporting rate)"))})
    pr = figures.section(snap, "programs")
    if pr and pr["rows"]:
        out.append({"title": _("Task progress by unit"),
                    "svg": _bars(pr["rows"], "progress", _("Task progress by unit"))})
    le = figures.section(snap, "learning")
    if le:
        t = le["total"]
        points = [charts.Point(_("Submitted (percentage of those who must)"),
                               float(t.get("submitted_percent", 0))),
                  charts.Point(_("Graded (percentage of those submitted)"),
                               float(t.get("graded_percent", 0)))]
        graded = int(t.get("graded", 0))
        for c in le["columns"]:
            if c["key"].startswith("by_grade:"):
                points.append(charts.Point(c["label"], float(figures.percent(
                    int(t.get(c["key"], 0)), graded))))
        out.append({"title": _("Learning reports by status and grade"),
                    "svg": charts.bar_chart(points, title=_(
                        "Learning reports by status and grade"))})
    cc = figures.section(snap, "copychecks")
    if cc:
        t = cc["total"]
        flagged = int(t.get("flagged", 0))
        points = [charts.Point(c["label"], float(figures.percent(int(t.get(c["key"], 0)),
                                                                 flagged)))
                  for c in cc["columns"] if c["key"] in ("pending", "confirmed", "dismissed")]
        out.append({"title": _("Copy flags by decision (percentage of members flagged)"),
                    "svg": charts.bar_chart(points, title=_(
                        "Copy flags by decision (percentage of members flagged)"))})
    for chart in out:
        chart["svg"] = mark_safe(chart["svg"])  # the charts escape every label they draw
    return out


@officer_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = campaign_unit(request.user, campaign, request.GET.get("unit"))
    snap = figures.build(campaign, unit)
    if request.GET.get("format") == "xlsx":
        return download_response(appendix.appendix_xlsx(snap, title=campaign.title),
                                 f"so-lieu-{campaign.code}-{unit.code}", "xlsx")
    over_time = selectors.coverage_over_time(campaign, unit)
    return render(request, "reports/dashboard.html", {
        "campaign": campaign, "unit": unit, "charts": dashboard_charts(snap, over_time),
        "over_time": [{**m, "covered_text": figures.fmt(m["covered"]),
                       "percent_text": figures.fmt(m["percent"], "percent")}
                      for m in over_time],
        "tables": tables(snap), "unavailable": snap["unavailable"],
        "crumbs": visible_ancestors(request.user, campaign, unit)})
