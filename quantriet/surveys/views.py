"""Pages of the surveys app; every read goes through quantriet.orgs.access.

Members answer ballots on a phone page; operators enter paper counts per bridge point;
officers see results merged (online + paper) for the units they can see, per unit and per
level, with charts, tables and an Excel download.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quantriet.http import download_response, is_htmx
from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.models import Unit
from quantriet.orgs.views import officer_required
from quantriet.reports import charts

from . import selectors, services
from .forms import CUSTOM, BallotCreateForm, PaperCountForm, questionnaire_form
from .models import CHOICE_KINDS, Participation, Purpose, Questionnaire, TallyCorrection

MAX_LEVEL = 4



def _result_unit(user, questionnaire: Questionnaire, code: str | None) -> Unit:
    """The unit whose results are shown: `code` if visible and inside the owner's subtree,
    else where the user's view starts. Http404 alike for missing and forbidden."""
    owner = questionnaire.owner
    if code:
        unit = access.access_unit(user, code=vntext.clean(code)[:50])
        if not unit.is_within(owner):
            raise Http404
        return unit
    if access.can_see_unit(user, owner):
        return owner
    unit = (access.root_units_of(user).filter(path__startswith=owner.path)
            .order_by("depth", "path").first())
    if unit is None:
        raise Http404
    return unit


def _level(request: HttpRequest) -> int:
    try:
        return min(MAX_LEVEL, max(1, int(request.GET.get("level", 1))))
    except ValueError:
        return 1


def _crumbs(user, questionnaire: Questionnaire, unit: Unit) -> list[Unit]:
    if unit.pk == questionnaire.owner_id:
        return []
    return list(access.units_visible_to(user)
                .filter(pk__in=unit.ancestor_ids()[:-1],
                        path__startswith=questionnaire.owner.path).order_by("depth"))


# --- Officers: list, create, results --------------------------------------------------------


@officer_required
def ballot_list(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    ballots = list(access.questionnaires_visible_to(request.user)
                   .filter(campaign=campaign, purpose=Purpose.BALLOT)
                   .order_by("-created_at", "code"))
    may_create = access.units_writable_by(request.user).filter(
        path__startswith=campaign.owner.path).exists()
    return render(request, "surveys/ballot_list.html", {
        "campaign": campaign, "ballots": ballots, "may_create": may_create})


@officer_required
@require_http_methods(["GET", "POST"])
def ballot_create(request: HttpRequest, code: str) -> HttpResponse:
    campaign = access.access_campaign(request.user, code)
    units = list(access.units_writable_by(request.user).active()
                 .filter(path__startswith=campaign.owner.path).order_by("depth", "path")[:300])
    if not units:
        raise PermissionDenied
    form = BallotCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = next(u for u in units if str(u.pk) == data["owner"])
        common = {"actor": request.user, "campaign": campaign, "owner": owner,
                  "anonymous": data["anonymous"], "opens_at": data["opens_at"],
                  "closes_at": data["closes_at"]}
        try:
            if data["template_key"] == CUSTOM:
                ballot = services.questionnaire_create(
                    title=data["title"], questions=data["question_specs"],
                    purpose=Purpose.BALLOT, **common)
            else:
                ballot = services.questionnaire_create_from_template(
                    template_key=data["template_key"], title=data["title"], **common)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Ballot %(code)s created.") % {"code": ballot.code})
            return redirect("surveys:ballot_detail", questionnaire_pk=ballot.pk)
    status = 400 if form.is_bound else 200
    return render(request, "surveys/ballot_form.html", {"campaign": campaign, "form": form},
                  status=status)


@officer_required
@require_POST
def ballot_close(request: HttpRequest, questionnaire_pk: int) -> HttpResponse:
    questionnaire = access.access_questionnaire(request.user, questionnaire_pk, write=True)
    try:
        services.questionnaire_close(actor=request.user, questionnaire=questionnaire)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The ballot is closed: no more answers are accepted."))
    return redirect("surveys:ballot_detail", questionnaire_pk=questionnaire.pk)


def _results_context(request: HttpRequest, questionnaire: Questionnaire) -> dict:
    unit = _result_unit(request.user, questionnaire, request.GET.get("unit"))
    level = _level(request)
    below = selectors.result_units(unit, level=level)
    figures = selectors.results(questionnaire, [unit, *below])
    selectors.with_participation(
        figures, selectors.roll_counts(questionnaire.campaign_id, [unit, *below]))
    total = figures[unit.pk]
    for q in total["questions"]:
        if q["is_choice"] and q["answered"]:
            # The chart escapes every label itself (reports.charts).
            q["chart"] = mark_safe(charts.bar_chart(
                [charts.Point(o["label"], float(o["percent"] or 0)) for o in q["options"]],
                title=q["text"]))
    scale_questions = [q for q in total["questions"] if q["kind"] == "scale5"]
    rows = []
    for u in below:
        f = figures[u.pk]
        rows.append({"unit": u, **f, "agree": [
            vntext.format_percent(q["agree_percent"]) if q.get("agree_percent") is not None
            else "–" for q in f["questions"] if q["kind"] == "scale5"]})
    return {"questionnaire": questionnaire, "unit": unit, "level": level,
            "levels": range(1, MAX_LEVEL + 1), "total": total, "rows": rows,
            "scale_questions": scale_questions,
            "crumbs": _crumbs(request.user, questionnaire, unit),
            "comments": selectors.comments(questionnaire, unit, limit=100)}


@officer_required
def ballot_detail(request: HttpRequest, questionnaire_pk: int) -> HttpResponse:
    questionnaire = access.access_questionnaire(request.user, questionnaire_pk)
    context = _results_context(request, questionnaire)
    if is_htmx(request):
        return render(request, "surveys/_results.html", context)
    context["may_write"] = access.can_write_unit(request.user, questionnaire.owner)
    context["paper_points"] = access.paper_bridge_points(request.user, questionnaire).exists()
    return render(request, "surveys/ballot_detail.html", context)


@officer_required
def ballot_export(request: HttpRequest, questionnaire_pk: int) -> HttpResponse:
    questionnaire = access.access_questionnaire(request.user, questionnaire_pk)
    context = _results_context(request, questionnaire)
    data = _results_workbook(questionnaire, context)
    return download_response(data, f"{questionnaire.code}-{context['unit'].code}", "xlsx")


def _results_workbook(questionnaire: Questionnaire, context: dict) -> bytes:
    """The results as a workbook: totals per option, the level table, the comments."""
    from quantriet.spreadsheets import write_xlsx

    total, unit = context["total"], context["unit"]

    def pct(value):
        return float(value) if value is not None else None

    result_rows = []
    for q in total["questions"]:
        for o in q["options"]:
            result_rows.append((q["order"], q["text"], o["label"], o["online"], o["paper"],
                                o["count"], q["answered"], pct(o["percent"])))
        if not q["options"]:
            result_rows.append((q["order"], q["text"], "", None, None, q["answered"],
                                q["answered"], None))
    headers = [_("Question no."), _("Question"), _("Option"), _("Online"), _("Paper"),
               _("Total"), _("Answers to the question"), _("Share (%)")]
    choice = [q for q in total["questions"] if q["kind"] in CHOICE_KINDS]
    unit_headers = [_("Code"), _("Party unit"), _("Members on the roll"), _("Online answers"),
                    _("Online participation (%)"), _("Paper ballots"), _("Total answers")]
    for q in choice:
        for o in q["options"]:
            unit_headers.append(f"{_('Q%(n)s') % {'n': q['order']}}: {o['label']}")
    unit_rows = []
    for r in [{"unit": unit, **total}, *context["rows"]]:
        row = [r["unit"].code, r["unit"].name, r["roll"], r["online"],
               pct(r["online_percent"]), r["paper"], r["answers"]]
        for q in r["questions"]:
            if q["kind"] in CHOICE_KINDS:
                row.extend(o["count"] for o in q["options"])
        unit_rows.append(tuple(row))
    comments = selectors.comments(questionnaire, unit, limit=None)
    comment_rows = [(c["question__order"], c["question__text"],
                     "" if questionnaire.anonymous else c["response__unit__name"],
                     c["response__submitted_on"], c["text"]) for c in comments]
    return write_xlsx([
        (_("Results"), headers, result_rows),
        (_("By unit"), unit_headers, unit_rows),
        (_("Comments"), [_("Question no."), _("Question"), _("Party unit"), _("Date"),
                         _("Comment")], comment_rows),
    ])


@officer_required
def ballot_not_answered(request: HttpRequest, questionnaire_pk: int) -> HttpResponse:
    questionnaire = access.access_questionnaire(request.user, questionnaire_pk)
    unit = _result_unit(request.user, questionnaire, request.GET.get("unit"))
    rows = selectors.not_answered(questionnaire, unit)
    if request.GET.get("format") == "xlsx":
        from quantriet.spreadsheets import write_xlsx

        data = write_xlsx([(_("Not yet answered"), [
            _("Member id"), _("Full name"), _("Party unit")],
            ((r.member.member_id, r.member.full_name, r.unit.name) for r in rows.iterator()))])
        return download_response(data, f"{questionnaire.code}-{unit.code}-chua-tra-loi",
                                 "xlsx")
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "surveys/not_answered.html", {
        "questionnaire": questionnaire, "unit": unit, "page": page,
        "total_text": vntext.format_int(page.paginator.count),
        "crumbs": _crumbs(request.user, questionnaire, unit)})


# --- Members: answering on a phone ---------------------------------------------------------


@login_required
def my_ballots(request: HttpRequest) -> HttpResponse:
    member = getattr(request.user, "member", None)
    rows = selectors.member_ballots(member) if member is not None else []
    from quantriet.meetings.models import BridgePoint

    operated = (BridgePoint.objects.filter(operators=request.user)
                .values_list("meeting__campaign_id", flat=True))
    paper = list(Questionnaire.objects.filter(campaign_id__in=operated,
                                              purpose=Purpose.BALLOT)
                 .order_by("-created_at")[:50])
    return render(request, "surveys/my_ballots.html", {
        "member": member, "rows": rows, "paper": paper})


@login_required
@require_http_methods(["GET", "POST"])
def ballot_answer(request: HttpRequest, questionnaire_pk: int) -> HttpResponse:
    questionnaire, member = access.access_questionnaire_to_answer(request.user,
                                                                  questionnaire_pk)
    answered = Participation.objects.filter(questionnaire=questionnaire,
                                            member=member).exists()
    form = None
    status = 200
    if not answered and questionnaire.is_open():
        form = questionnaire_form(questionnaire, request.POST or None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.response_submit(actor=request.user, questionnaire=questionnaire,
                                             member=member, cleaned_data=form.cleaned_data)
                except ValidationError as e:
                    messages.error(request, " ".join(e.messages))
                else:
                    messages.success(request, _("Thank you: your answers have been recorded."))
                return redirect("surveys:ballot_answer", questionnaire_pk=questionnaire.pk)
            status = 400
    elif request.method == "POST":
        messages.error(request, _("You have already answered this questionnaire.")
                       if answered else _("This questionnaire is not open for answers."))
        return redirect("surveys:ballot_answer", questionnaire_pk=questionnaire.pk)
    return render(request, "surveys/ballot_answer.html", {
        "questionnaire": questionnaire, "form": form, "answered": answered,
        "member": member}, status=status)


# --- Operators: paper ballots per bridge point -------------------------------------------


@login_required
def paper_list(request: HttpRequest, questionnaire_pk: int) -> HttpResponse:
    questionnaire = Questionnaire.objects.select_related("owner", "campaign").filter(
        pk=questionnaire_pk).first()
    if questionnaire is None:
        raise Http404
    bps = access.paper_bridge_points(request.user, questionnaire)
    rows = selectors.paper_rows(questionnaire, bps)
    if not rows:
        raise Http404
    return render(request, "surveys/paper_list.html", {
        "questionnaire": questionnaire, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, questionnaire_pk: int, tally_bp_pk: int) -> HttpResponse:
    questionnaire, bp = access.access_paper_bridge_point(request.user, questionnaire_pk,
                                                         tally_bp_pk)
    questions = list(questionnaire.questions.filter(kind__in=CHOICE_KINDS)
                     .prefetch_related("options").order_by("order"))
    paper = questionnaire.paper_counts.filter(bridge_point=bp).first()
    initial = {}
    if paper is not None:
        initial = {"ballots": paper.ballots, **{
            f"o{t.option_id}": t.count for t in paper.tallies.all()}}
    form = PaperCountForm(request.POST or None, initial=initial, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            counts = {o.pk: data.get(f"o{o.pk}") or 0 for q in questions
                      for o in q.options.all()}
            try:
                services.paper_count_set(actor=request.user, questionnaire=questionnaire,
                                         bridge_point=bp, ballots=data["ballots"],
                                         counts=counts)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Paper ballot counts saved."))
                return redirect("surveys:paper_entry", questionnaire_pk=questionnaire.pk,
                                tally_bp_pk=bp.pk)
        status = 400
    log = []
    if paper is not None:
        log = list(TallyCorrection.objects.filter(paper_count=paper)
                   .select_related("option__question", "changed_by")[:100])
    return render(request, "surveys/paper_entry.html", {
        "questionnaire": questionnaire, "bp": bp, "form": form, "paper": paper, "log": log,
        "back": reverse("surveys:paper_list", args=[questionnaire.pk])}, status=status)
