"""Pages of the copychecks app; every read goes through quantriet.orgs.access.

Desk pages for the officers, graders and administrators of a unit: the flags and clusters
of a campaign, the two texts side by side, the human decision, the full check with its
progress, and the reference texts. Members and inspectors never see copy flags.
"""

from __future__ import annotations

import datetime
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from quantriet.campaigns.selectors import campaign_unit, visible_ancestors
from quantriet.http import download_response, is_htmx
from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.models import Unit
from quantriet.orgs.privacy import member_view_log
from quantriet.orgs.views import officer_required

from . import exports, selectors, services
from .forms import DecisionForm, FlagFilterForm, ReferenceUploadForm
from .models import CheckRun, ReferenceText
from .tasks import run_full_check

ROW_PAGE = 100



def copy_reader_required(view):
    """Signed in as an officer, grader or administrator of some unit; others get 403."""

    @officer_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not access.may_see_copy_flags(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _unit(request: HttpRequest, campaign) -> Unit:
    unit = campaign_unit(request.user, campaign, request.GET.get("unit"))
    if not access.can_see_copy_unit(request.user, unit):
        raise Http404
    return unit


def _list_url(campaign, unit: Unit | None = None) -> str:
    url = reverse("copychecks:flag_list", args=[campaign.code])
    return f"{url}?unit={unit.code}" if unit is not None else url


def _percent(x: float) -> str:
    return vntext.format_percent(round(100 * float(x), 1))


def _decorate(match) -> None:
    match.score_text = _percent(match.score)
    match.containment_a_text = _percent(match.containment_a)
    match.containment_b_text = _percent(match.containment_b)


def _page_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


@copy_reader_required
def flag_list(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = _unit(request, campaign)
    form = FlagFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    flags = selectors.matches_for(request.user, campaign, unit,
                                  status=filters.get("status", ""),
                                  kind=filters.get("kind", ""))
    page = Paginator(flags, ROW_PAGE).get_page(request.GET.get("page"))
    for m in page:
        _decorate(m)
    counts = selectors.status_counts(request.user, campaign, unit)
    return render(request, "copychecks/flag_list.html", {
        "campaign": campaign, "unit": unit, "form": form, "page": page,
        "query": _page_query(request), "counts": counts,
        "counts_text": {k: vntext.format_int(v) for k, v in counts.items()},
        "clusters": selectors.clusters_for(request.user, campaign, unit),
        "children": [{**row, **{f"{k}_text": vntext.format_int(row[k]) for k in
                                ("flagged", "pending", "confirmed", "dismissed")}}
                     for row in selectors.children_breakdown(request.user, campaign, unit)],
        "run": selectors.latest_run(campaign, unit),
        "can_run": access.can_run_copy_check(request.user, campaign, unit),
        "references": selectors.references_of(campaign).count(),
        "crumbs": visible_ancestors(request.user, campaign, unit)})


@copy_reader_required
def flag_export(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    unit = _unit(request, campaign)
    form = FlagFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    flags = selectors.matches_for(request.user, campaign, unit,
                                  status=filters.get("status", ""),
                                  kind=filters.get("kind", ""))
    clusters = selectors.clusters_for(request.user, campaign, unit)
    return download_response(exports.flags_xlsx(flags, clusters),
                             f"sao-chep-{campaign.code}-{unit.code}", "xlsx")


@copy_reader_required
def flag_detail(request: HttpRequest, code: str, match_pk: int) -> HttpResponse:
    """The two texts side by side, shared passages highlighted; the decision form."""
    campaign = access.access_campaign(request.user, code)
    match = access.access_copy_match(request.user, campaign, match_pk)
    if request.method == "GET":  # both texts are shown: a look at each member's report
        for report in (match.a, match.b) if match.b_id else (match.a,):
            member_view_log(viewer=request.user, member=report.member, what="copy_flag")
    form = DecisionForm(request.POST or None,
                        initial={"status": match.status, "note": match.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.match_decide(actor=request.user, match=match,
                                  status=form.cleaned_data["status"],
                                  note=form.cleaned_data["note"])
        except ValidationError as e:
            for field_name, errors in e.message_dict.items():
                form.add_error(field_name if field_name in form.fields else None, errors)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("copychecks:flag_detail", code=campaign.code, match_pk=match.pk)
    _decorate(match)
    status = 400 if form.is_bound else 200
    return render(request, "copychecks/flag_detail.html", {
        "campaign": campaign, "match": match, "form": form,
        "unit": match.a.unit, **_side_by_side(match)}, status=status)


def _side_by_side(match) -> dict:
    shown = selectors.side_by_side(match)
    return {**shown, "share_a_text": _percent(shown["share_a"]),
            "share_b_text": _percent(shown["share_b"])}


@copy_reader_required
def cluster_detail(request: HttpRequest, code: str, cluster_pk: int) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    cluster = access.access_copy_cluster(request.user, campaign, cluster_pk)
    view = selectors.cluster_view(request.user, cluster)
    report_ids = [r.pk for r in view.members]
    flags = list(selectors.matches_for(request.user, campaign, campaign.owner)
                 .filter(a_id__in=report_ids)) if report_ids else []
    for m in flags:
        _decorate(m)
    return render(request, "copychecks/cluster_detail.html", {
        "campaign": campaign, "view": view, "flags": flags})


# --- The full check ----------------------------------------------------------------------


@copy_reader_required
@require_POST
def run_start(request: HttpRequest, code: str) -> HttpResponse:
    """A full check of the unit's subtree (?unit=, default: where the user starts); of
    the whole campaign when the unit is the campaign's owner."""
    campaign = access.access_campaign(request.user, code)
    unit = _unit(request, campaign)
    if not access.can_run_copy_check(request.user, campaign, unit):
        raise Http404
    scope = None if unit.pk == campaign.owner_id else unit
    # One run at a time per scope; a run stuck for an hour (a worker died) is ignored.
    running = CheckRun.objects.filter(
        campaign=campaign, unit=scope, status__in=("queued", "running"),
        created_at__gte=timezone.now() - datetime.timedelta(hours=1)).first()
    if running is None:
        running = services.check_run_request(actor=request.user, campaign=campaign,
                                             unit=scope)
        run_full_check.enqueue(running.pk)
        messages.success(request, _("The copy check has started."))
    return redirect("copychecks:run_status", code=campaign.code, run_pk=running.pk)


@copy_reader_required
def run_status(request: HttpRequest, code: str, run_pk: int) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    run = CheckRun.objects.filter(campaign=campaign, pk=run_pk).select_related("unit").first()
    # The counts cover the run's whole scope: for those who may run it.
    if run is None or not access.can_run_copy_check(request.user, campaign,
                                                    run.unit or campaign.owner):
        raise Http404
    template = "copychecks/_run_status.html" if is_htmx(request) else \
        "copychecks/run_status.html"
    return render(request, template, {"campaign": campaign, "run": run,
                                      "run_text": _run_text(run)})


def _run_text(run: CheckRun) -> dict:
    n = vntext.format_int
    return {"done": n(run.done), "total": n(run.total), "reports": n(run.reports),
            "pairs": n(run.pairs), "references": n(run.reference_matches),
            "clusters": n(run.clusters)}


# --- Reference texts ---------------------------------------------------------------------


@copy_reader_required
def reference_list(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    can_manage = access.can_manage_copy_checks(request.user, campaign)
    form = ReferenceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
            try:
                created, updated = services.references_import(
                    actor=request.user, campaign=campaign, files=files,
                    kind=form.cleaned_data["kind"])
            except ValidationError as e:
                for message in e.messages:
                    form.add_error("files", message)
            else:
                messages.success(request, ngettext(
                    "%(n)s reference text loaded (%(created)s new, %(updated)s replaced).",
                    "%(n)s reference texts loaded (%(created)s new, %(updated)s replaced).",
                    created + updated) % {"n": vntext.format_int(created + updated),
                                          "created": vntext.format_int(created),
                                          "updated": vntext.format_int(updated)})
                return redirect("copychecks:reference_list", code=campaign.code)
    references = list(selectors.references_of(campaign))
    for r in references:
        r.words_text = vntext.format_int(len(r.text.split()))
    status = 400 if form.is_bound else 200
    return render(request, "copychecks/reference_list.html", {
        "campaign": campaign, "references": references, "form": form,
        "can_manage": can_manage}, status=status)


def _reference(request: HttpRequest, campaign, reference_pk: int) -> ReferenceText:
    reference = ReferenceText.objects.filter(campaign=campaign, pk=reference_pk).first()
    if reference is None:
        raise Http404
    return reference


@copy_reader_required
def reference_detail(request: HttpRequest, code: str, reference_pk: int) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    reference = _reference(request, campaign, reference_pk)
    return render(request, "copychecks/reference_detail.html", {
        "campaign": campaign, "reference": reference,
        "can_manage": access.can_manage_copy_checks(request.user, campaign)})


@copy_reader_required
@require_POST
def reference_delete(request: HttpRequest, code: str, reference_pk: int) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    if not access.can_manage_copy_checks(request.user, campaign):
        raise Http404
    reference = _reference(request, campaign, reference_pk)
    services.reference_delete(actor=request.user, reference=reference)
    messages.success(request, _("Reference text deleted."))
    return redirect("copychecks:reference_list", code=campaign.code)


