"""Pages of the document registry, campaigns, live coverage and the cascade of deliverables.

Every page resolves the campaign and the unit through orgs.access (via
campaigns.selectors.campaign_unit): a unit the user may not see, or one outside the
campaign, is a 404 like a missing one.
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from quantriet.http import download_response, is_htmx
from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.models import Unit
from quantriet.orgs.views import officer_required
from quantriet.reports import charts, exports
from quantriet.reports.selectors import coverage, not_covered

from . import selectors, services
from .forms import (
    CampaignForm,
    DeliverableFilterForm,
    DeliverableReceiveForm,
    DeliverableRequireForm,
    DocumentFilterForm,
    DocumentForm,
)
from .models import Campaign, Document

DOCUMENT_PAGE = 50
ROW_PAGE = 100
POLL_SECONDS = 5



def _may_write_somewhere(user) -> bool:
    return access.units_writable_by(user).exists()


def _form_errors_to_messages(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _page_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def _campaign_url(campaign: Campaign, unit: Unit | None = None, name: str = "campaign_detail",
                  **params) -> str:
    url = reverse(f"campaigns:{name}", args=[campaign.code])
    if unit is not None:
        params = {"unit": unit.code, **params}
    return f"{url}?{urlencode(params)}" if params else url


def _is_live(campaign: Campaign) -> bool:
    return campaign.ends_on is None or campaign.ends_on >= timezone.localdate()


# --- Documents ---------------------------------------------------------------------------


@officer_required
def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET or None)
    documents = Document.objects.all()
    if form.is_valid() and form.cleaned_data["type"]:
        documents = documents.filter(type_code=form.cleaned_data["type"])
    page = Paginator(documents, DOCUMENT_PAGE).get_page(request.GET.get("page"))
    return render(request, "campaigns/document_list.html", {
        "form": form, "page": page, "query": _page_query(request),
        "can_register": _may_write_somewhere(request.user)})


@officer_required
def document_create(request: HttpRequest) -> HttpResponse:
    if not _may_write_somewhere(request.user):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.document_register(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error("number", e)
        else:
            messages.success(request, _("Document %(number)s registered.") % {
                "number": doc.code})
            return redirect("campaigns:document_list")
    status = 400 if form.is_bound else 200
    return render(request, "campaigns/document_form.html", {"form": form}, status=status)


@officer_required
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    doc = Document.objects.filter(pk=pk).first()
    if doc is None or not doc.file:
        raise Http404
    return FileResponse(doc.file.open("rb"), as_attachment=True,
                        filename=os.path.basename(doc.file.name))


# --- Campaigns ---------------------------------------------------------------------------


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = access.campaigns_visible_to(request.user).order_by("-roll_date", "code")
    return render(request, "campaigns/campaign_list.html", {
        "campaigns": campaigns,
        "can_create": access.is_officer_anywhere(request.user)
        and _may_write_somewhere(request.user)})


@officer_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    units = access.units_writable_by(request.user).active()
    if not units.exists():
        raise PermissionDenied
    form = CampaignForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                resolution = services.document_get_or_register(
                    actor=request.user, number=data["resolution_number"],
                    issued_on=data["resolution_date"], title=data["resolution_title"])
                campaign = services.campaign_create(
                    actor=request.user, code=data["code"], title=data["title"],
                    owner=data["owner"], roll_date=data["roll_date"], resolution=resolution,
                    guides=data["guides"], starts_on=data["starts_on"],
                    ends_on=data["ends_on"], audience=data["audience"])
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errors in e.error_dict.items():
                    field = "resolution_number" if field == "resolution" else field
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, e)
        else:
            messages.success(request, _("Campaign %(code)s created.") % {"code": campaign.code})
            return redirect("campaigns:campaign_detail", code=campaign.code)
    status = 400 if form.is_bound else 200
    return render(request, "campaigns/campaign_form.html", {"form": form}, status=status)


def _with_text(row: dict, *keys: str) -> dict:
    """The row with `<key>_text` in the vi format beside each count."""
    out = dict(row)
    for key in keys:
        out[f"{key}_text"] = vntext.format_int(row[key])
    return out


def _present(figures: dict) -> dict:
    """Coverage figures with their display strings (28.029; 65,2 %)."""
    counts = ("roll", "exempt", "covered", "non_members")
    shown = _with_text(figures, *counts)
    shown["percent_text"] = vntext.format_percent(figures["covered_percent"])
    shown["children"] = [
        {**_with_text(c, *counts), "percent_text": vntext.format_percent(c["covered_percent"])}
        for c in figures["children"]]
    shown["meetings"] = [
        {**_with_text(m, "bridge_points", "attended", "non_members"),
         "percent_text": vntext.format_percent(m["attended_percent"])}
        for m in figures["meetings"]]
    return shown


def _figures_context(campaign: Campaign, unit: Unit) -> dict:
    figures = _present(coverage(campaign, unit))
    child_chart = meeting_chart = ""
    if figures["children"]:
        child_chart = charts.bar_chart(
            [charts.Point(c["name"], c["covered_percent"]) for c in figures["children"]],
            title=_("Coverage by unit (percentage of the roll)"))
    if figures["meetings"]:
        meeting_chart = charts.line_chart(
            [charts.Point(m["code"], m["attended_percent"]) for m in figures["meetings"]],
            title=_("Attended at each meeting (percentage of the roll)"))
    # The charts escape every label they draw.
    return {"figures": figures, "child_chart": mark_safe(child_chart),
            "meeting_chart": mark_safe(meeting_chart),
            "live": _is_live(campaign), "poll_seconds": POLL_SECONDS,
            "updated_at": timezone.localtime()}


def _level_text(level_offsets: dict[int, str]):
    def label(rate: dict) -> str:
        kind = level_offsets.get(rate["depth"])
        if kind:
            return _("Level %(offset)s (%(kind)s)") % {"offset": rate["offset"], "kind": kind}
        return _("Level %(offset)s") % {"offset": rate["offset"]}
    return label


def _rates_context(campaign: Campaign, unit: Unit, levels: list[dict] | None) -> dict:
    rates = selectors.reporting_rates(campaign, unit)
    if rates and levels is None:
        levels = selectors.levels_below(campaign)
    label = _level_text({lv["depth"]: lv["kind_label"] for lv in levels or []})
    rows = []
    for r in rates:
        rows.append({**_with_text(r, "expected", "on_time", "late", "missing", "overdue"),
                     "level_label": label(r),
                     "rate_text": vntext.format_percent(r["rate"] or 0),
                     "on_time_rate_text": vntext.format_percent(r["on_time_rate"] or 0)})
    return {"rates": rows, "levels": levels or []}


@login_required
def campaign_detail(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    if not access.is_officer_anywhere(request.user):
        return _member_campaign(request, campaign)
    unit = selectors.campaign_unit(request.user, campaign, request.GET.get("unit"))
    context = {"campaign": campaign, "unit": unit,
               "poll_url": _campaign_url(campaign, unit),
               **_figures_context(campaign, unit)}
    if is_htmx(request):
        return render(request, "campaigns/_figures.html", context)
    owner_writer = access.can_write_unit(request.user, campaign.owner)
    levels = selectors.levels_below(campaign) if owner_writer else None
    context.update(_rates_context(campaign, unit, levels))
    own = selectors.own_deliverables(campaign, unit)
    for d in own:
        d.can_mark = access.can_write_unit(request.user, unit)
    context.update({
        "crumbs": selectors.visible_ancestors(request.user, campaign, unit),
        "guides": list(campaign.guides.all()),
        "own_deliverables": own,
        "require_form": DeliverableRequireForm(levels=levels) if owner_writer else None,
    })
    return render(request, "campaigns/campaign_detail.html", context)


def _member_campaign(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """A member without an officer's role sees the campaign and their own standing."""
    member = request.user.member if request.user.member_id else None
    if member is None:
        raise PermissionDenied
    from quantriet.meetings.models import Coverage

    on_roll = campaign.roll.filter(member=member).exists()
    covered = (Coverage.objects.filter(campaign=campaign, member=member)
               .select_related("meeting").first())
    return render(request, "campaigns/campaign_member.html", {
        "campaign": campaign, "guides": list(campaign.guides.all()), "on_roll": on_roll,
        "covered": covered})


@officer_required
def coverage_export(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = selectors.campaign_unit(request.user, campaign, request.GET.get("unit"))
    data = exports.coverage_xlsx(coverage(campaign, unit), unit.name)
    return download_response(data, f"ket-qua-hoc-tap-{campaign.code}-{unit.code}", "xlsx")


@officer_required
def not_covered_list(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = selectors.campaign_unit(request.user, campaign, request.GET.get("unit"))
    entries = not_covered(campaign, unit)
    if request.GET.get("format") == "xlsx":
        return download_response(exports.not_covered_xlsx(entries),
                                 f"chua-hoc-tap-{campaign.code}-{unit.code}", "xlsx")
    page = Paginator(entries, ROW_PAGE).get_page(request.GET.get("page"))
    return render(request, "campaigns/not_covered.html", {
        "campaign": campaign, "unit": unit, "page": page, "query": _page_query(request),
        "crumbs": selectors.visible_ancestors(request.user, campaign, unit)})


# --- The cascade of deliverables ---------------------------------------------------------


@officer_required
@require_POST
def deliverable_require(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    if not access.can_write_unit(request.user, campaign.owner):
        raise Http404
    form = DeliverableRequireForm(request.POST, levels=selectors.levels_below(campaign))
    if form.is_valid():
        try:
            services.deliverable_require(actor=request.user, campaign=campaign,
                                         **form.cleaned_data)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Deliverable required."))
    else:
        _form_errors_to_messages(request, form)
    return redirect(_campaign_url(campaign) + "#deliverables")


@officer_required
def deliverable_list(request: HttpRequest, code: str) -> HttpResponse:
    """Reporting rates, and each unit's status for one kind / level / status."""
    campaign = access.access_campaign(request.user, code)
    unit = selectors.campaign_unit(request.user, campaign, request.GET.get("unit"))
    levels = selectors.levels_below(campaign)
    form = DeliverableFilterForm(request.GET or None, levels=levels)
    filters = {}
    if form.is_valid():
        filters = {"kind": form.cleaned_data["kind"], "depth": form.cleaned_data["level"],
                   "status": form.cleaned_data["status"]}
    rows = selectors.deliverable_rows(campaign, unit, **filters)
    if request.GET.get("format") == "xlsx":
        return download_response(exports.deliverables_xlsx(rows, _("Deliverables")),
                                 f"san-pham-{campaign.code}-{unit.code}", "xlsx")
    page = Paginator(rows, ROW_PAGE).get_page(request.GET.get("page"))
    for d in page:
        d.can_mark = access.can_write_unit(request.user, d.unit)
    return render(request, "campaigns/deliverable_list.html", {
        "campaign": campaign, "unit": unit, "form": form, "page": page,
        "query": _page_query(request), "today": timezone.localdate(),
        "crumbs": selectors.visible_ancestors(request.user, campaign, unit),
        **_rates_context(campaign, unit, levels)})


@officer_required
def rates_export(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = selectors.campaign_unit(request.user, campaign, request.GET.get("unit"))
    levels = selectors.levels_below(campaign)
    rates = selectors.reporting_rates(campaign, unit)
    label = _level_text({lv["depth"]: lv["kind_label"] for lv in levels})
    return download_response(exports.reporting_rates_xlsx(rates, label),
                             f"ty-le-bao-cao-{campaign.code}-{unit.code}", "xlsx")


@officer_required
def deliverable_overdue(request: HttpRequest, code: str) -> HttpResponse:
    """The units to remind: deliverables not received past their due date."""
    campaign = access.access_campaign(request.user, code)
    unit = selectors.campaign_unit(request.user, campaign, request.GET.get("unit"))
    today = timezone.localdate()
    rows = selectors.overdue(campaign, unit, today)
    if request.method == "POST":
        # Reminding is the superior's act: only for units the user writes.
        if not access.can_write_unit(request.user, unit):
            raise Http404
        count = services.deliverable_remind(actor=request.user, deliverables=list(rows))
        messages.success(request, ngettext("Reminder recorded for %(n)s deliverable.",
                                           "Reminder recorded for %(n)s deliverables.", count)
                         % {"n": vntext.format_int(count)})
        return redirect(request.get_full_path())
    if request.GET.get("format") == "xlsx":
        return download_response(exports.deliverables_xlsx(rows, _("Overdue")),
                                 f"qua-han-{campaign.code}-{unit.code}", "xlsx")
    page = Paginator(rows, ROW_PAGE).get_page(request.GET.get("page"))
    for d in page:
        d.days_late = (today - d.due_on).days
    return render(request, "campaigns/deliverable_overdue.html", {
        "campaign": campaign, "unit": unit, "page": page, "query": _page_query(request),
        "can_remind": access.can_write_unit(request.user, unit),
        "crumbs": selectors.visible_ancestors(request.user, campaign, unit)})


@officer_required
def deliverable_receive(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    deliverable = selectors.access_deliverable(request.user, campaign, pk, write=True)
    form = DeliverableReceiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deliverable_receive(actor=request.user, deliverable=deliverable,
                                         **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Marked as received."))
            return redirect(_campaign_url(campaign, deliverable.unit) + "#deliverables")
    status = 400 if form.is_bound else 200
    return render(request, "campaigns/deliverable_receive.html", {
        "campaign": campaign, "deliverable": deliverable, "form": form}, status=status)


@officer_required
def deliverable_file(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    deliverable = selectors.access_deliverable(request.user, campaign, pk)
    if not deliverable.file:
        raise Http404
    return FileResponse(deliverable.file.open("rb"), as_attachment=True,
                        filename=os.path.basename(deliverable.file.name))
