"""Pages of the inspections app; every read goes through quantriet.orgs.access.

Officers: a campaign's assignments and figures per unit, assigning inspectors, the list of
evaluations still missing (Excel), the campaign's evaluation form. Inspectors (phone
first): today's sessions with the expected and present counts, and the evaluation form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quantriet.campaigns import selectors as campaign_selectors
from quantriet.http import download_response
from quantriet.meetings.models import BridgePoint, Meeting
from quantriet.orgs import access
from quantriet.orgs.models import Unit
from quantriet.orgs.views import officer_required
from quantriet.spreadsheets import write_xlsx
from quantriet.surveys.forms import questionnaire_form
from quantriet.surveys.models import Answer, Purpose, Questionnaire

from . import selectors, services
from .forms import AssignForm, FormChoiceForm
from .models import EvaluationSetup

PAGE_SIZE = 50


def _errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _list_url(campaign, unit: Unit, name: str = "campaign_inspections") -> str:
    return (reverse(f"inspections:{name}", args=[campaign.code]) + "?"
            + urlencode({"unit": unit.code}))


def _campaign_and_unit(request: HttpRequest, code: str):
    campaign = access.access_campaign(request.user, code)
    unit = campaign_selectors.campaign_unit(request.user, campaign, request.GET.get("unit"))
    return campaign, unit


# --- Officers ---------------------------------------------------------------------------


@officer_required
def campaign_inspections(request: HttpRequest, code: str) -> HttpResponse:
    campaign, unit = _campaign_and_unit(request, code)
    children = list(Unit.objects.filter(parent=unit, active=True).order_by("code"))
    figures = selectors.report_figures(campaign, [unit, *children])
    page = Paginator(selectors.assignments_in(campaign, unit), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "inspections/campaign_inspections.html", {
        "campaign": campaign, "unit": unit, "page": page, "query": urlencode(
            {"unit": unit.code}),
        "figures": figures[unit.pk], "now": timezone.now(),
        "parent": unit.parent if unit.pk != campaign.owner_id and unit.parent_id
        and access.can_see_unit(request.user, unit.parent) else None,
        "children": [(c, figures[c.pk]) for c in children],
        "can_assign": access.units_writable_by(request.user)
        .filter(path__startswith=unit.path).exists()
        or access.can_write_unit(request.user, unit),
        "can_configure": access.can_write_unit(request.user, campaign.owner)})


def _sessions(user, campaign, unit: Unit) -> list[tuple]:
    """(meeting, bridge point or None) the user may send inspectors to, in `unit`'s subtree:
    bridge points whose host or organiser the user writes; meetings without bridge points
    whose organiser the user writes."""
    points = (BridgePoint.objects.filter(meeting__campaign=campaign,
                                         host__path__startswith=unit.path)
              .select_related("meeting", "host"))
    host_q = access.unit_path_q(user, "host__path", write=True)
    if host_q is not None:
        points = points.filter(host_q | access.unit_path_q(user, "meeting__organiser__path",
                                                           write=True))
    meetings = Meeting.objects.filter(campaign=campaign, organiser__path__startswith=unit.path,
                                      bridge_points__isnull=True)
    organiser_q = access.unit_path_q(user, "organiser__path", write=True)
    if organiser_q is not None:
        meetings = meetings.filter(organiser_q)
    sessions = [(p.meeting, p) for p in points] + [(m, None) for m in meetings]
    sessions.sort(key=lambda s: (s[0].starts_at, s[0].code, s[1].code if s[1] else ""))
    return sessions


@officer_required
def assign(request: HttpRequest, code: str) -> HttpResponse:
    campaign, unit = _campaign_and_unit(request, code)
    sessions = _sessions(request.user, campaign, unit)
    if not sessions:
        # The link shows for officers of any unit; a cell may have no session of its own.
        messages.info(request, _("There is no session in this unit to send an inspector to."))
        return redirect(f"{reverse('inspections:campaign_inspections', args=[campaign.code])}"
                        f"?{urlencode({'unit': unit.code})}")
    inspectors = access.inspector_candidates(request.user).order_by("first_name", "username")
    form = AssignForm(request.POST if request.method == "POST" else None, sessions=sessions,
                      inspectors=inspectors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not access.can_assign_inspector(request.user, data["meeting"], data["bridge_point"]):
            raise Http404
        try:
            assignment = services.assignment_create(
                actor=request.user, meeting=data["meeting"], bridge_point=data["bridge_point"],
                inspector=data["inspector_user"])
        except ValidationError as e:
            for message in e.messages:
                form.add_error("inspector", message)
        else:
            messages.success(request, _("%(name)s is assigned to %(place)s.") % {
                "name": assignment.inspector.get_full_name() or assignment.inspector.username,
                "place": assignment.place or assignment.meeting.title})
            return redirect(_list_url(campaign, unit))
    return render(request, "inspections/assign.html", {"campaign": campaign, "unit": unit,
                                                       "form": form})


def _missing_rows(assignments) -> list[tuple]:
    rows = []
    for a in assignments:
        rows.append((a.meeting.code, a.meeting.title, a.bridge_point.code if a.bridge_point
                     else "", a.place, a.unit.name,
                     timezone.localtime(a.starts_at).strftime("%d/%m/%Y %H:%M"),
                     timezone.localtime(a.ends_at).strftime("%d/%m/%Y %H:%M"),
                     a.inspector.get_full_name() or a.inspector.username, a.inspector.username))
    return rows


@officer_required
def missing(request: HttpRequest, code: str) -> HttpResponse:
    """Sessions that have ended and that their inspector has not evaluated yet."""
    campaign, unit = _campaign_and_unit(request, code)
    assignments = selectors.missing_evaluations(campaign, unit)
    if request.GET.get("format") == "xlsx":
        headers = [_("Meeting code"), _("Meeting"), _("Bridge point code"), _("Place"),
                   _("Party unit"), _("Starts at"), _("Ends at"), _("Inspector"),
                   _("Username")]
        data = write_xlsx([(_("Missing evaluations"), headers,
                            _missing_rows(assignments.iterator(2000)))])
        return download_response(data, f"{_('missing-evaluations')}-{unit.code}", "xlsx")
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/missing.html", {
        "campaign": campaign, "unit": unit, "page": page,
        "query": urlencode({"unit": unit.code})})


@officer_required
def evaluation_form_setup(request: HttpRequest, code: str) -> HttpResponse:
    """The campaign's evaluation form: made from the ready template, or another evaluation
    form of the campaign (officers of the owning unit choose)."""
    campaign = access.access_campaign(request.user, code)
    can_configure = access.can_write_unit(request.user, campaign.owner)
    candidates = Questionnaire.objects.filter(campaign=campaign, purpose=Purpose.EVALUATION)
    choice = FormChoiceForm(request.POST or None, questionnaires=candidates)
    if request.method == "POST":
        if not can_configure:
            raise Http404
        try:
            if request.POST.get("questionnaire"):
                if not choice.is_valid():
                    raise ValidationError(_("Choose an evaluation form of this campaign."))
                services.evaluation_setup(
                    actor=request.user, campaign=campaign,
                    questionnaire=choice.questionnaires[choice.cleaned_data["questionnaire"]])
            else:
                services.evaluation_setup(actor=request.user, campaign=campaign)
        except ValidationError as e:
            _errors_to_messages(request, e)
        else:
            messages.success(request, _("The evaluation form was saved."))
        return redirect("inspections:form_setup", code=campaign.code)
    setup = (EvaluationSetup.objects.filter(campaign=campaign).select_related("questionnaire")
             .first())
    questions = (list(setup.questionnaire.questions.prefetch_related("options")
                      .order_by("order")) if setup else [])
    return render(request, "inspections/form_setup.html", {
        "campaign": campaign, "setup": setup, "questions": questions, "choice": choice,
        "can_configure": can_configure, "candidates": list(candidates)})


# --- Inspectors -------------------------------------------------------------------------


@login_required
def today(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [(a, selectors.session_counts(a)) for a in selectors.today_for(request.user, now)]
    return render(request, "inspections/today.html", {
        "rows": rows, "now": now,
        "upcoming": list(selectors.upcoming_for(request.user, now)[:20])})


def _answers(evaluation) -> list[tuple[str, str]]:
    rows: dict[int, tuple[str, list[str]]] = {}
    answers = (Answer.objects.filter(response_id=evaluation.response_id)
               .select_related("question", "option").order_by("question__order",
                                                              "option__order"))
    for a in answers:
        value = a.option.label if a.option_id else (str(a.number) if a.number is not None
                                                     else a.text)
        rows.setdefault(a.question.order, (a.question.text, []))[1].append(value)
    return [(text, ", ".join(values)) for _order, (text, values) in sorted(rows.items())]


@login_required
def assignment(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    """A session as its inspector sees it on a phone: the counts, then the evaluation form
    once it has ended; officers see the same page with the evaluation read-only."""
    item = access.access_assignment(request.user, assignment_pk)
    now = timezone.now()
    live = item.starts_at <= now < item.ends_at
    if request.headers.get("HX-Request") == "true" and request.method == "GET":
        # The counts, polled every 30 s while the session is on.
        return render(request, "inspections/_counts.html", {
            "a": item, "counts": selectors.session_counts(item), "live": live})
    evaluation = getattr(item, "evaluation", None)
    is_inspector = item.inspector_id == request.user.pk
    form = None
    if is_inspector and evaluation is None and item.has_ended(now):
        setup = services.evaluation_setup(actor=request.user, campaign=item.campaign)
        form = questionnaire_form(setup.questionnaire,
                                  request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.evaluation_record(actor=request.user, assignment=item,
                                           cleaned_data=form.cleaned_data, now=now)
            except ValidationError as e:
                _errors_to_messages(request, e)
            else:
                messages.success(request, _("Your evaluation was recorded. Thank you."))
            return redirect("inspections:assignment", assignment_pk=item.pk)
    elif request.method == "POST":
        raise Http404
    return render(request, "inspections/assignment.html", {
        "a": item, "counts": selectors.session_counts(item), "form": form,
        "evaluation": evaluation, "answers": _answers(evaluation) if evaluation else [],
        "is_inspector": is_inspector, "ended": item.has_ended(now), "live": live,
        "can_cancel": evaluation is None and access.can_assign_inspector(
            request.user, item.meeting, item.bridge_point)})


@login_required
@require_POST
def cancel(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    item = access.access_assignment(request.user, assignment_pk, manage=True)
    try:
        services.assignment_cancel(actor=request.user, assignment=item)
    except ValidationError as e:
        _errors_to_messages(request, e)
        return redirect("inspections:assignment", assignment_pk=item.pk)
    messages.success(request, _("The assignment was cancelled."))
    return redirect(_list_url(item.campaign, item.unit))


