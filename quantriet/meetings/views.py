"""Meeting pages: the list and a meeting's figures (officers), the operator's tick-list
and rotating QR code at a bridge point (phones on poor connections: small pages, htmx
partials), the member's QR check-in, and the member's own attendance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from quantriet import ratelimit
from quantriet.campaigns.models import RollEntry
from quantriet.http import is_htmx
from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.models import Member, Unit
from quantriet.orgs.views import officer_required
from quantriet.reports.selectors import bridge_point_figures

from . import qr, services
from .forms import AddMemberForm, BridgePointCreateForm, MeetingCreateForm, NonMemberForm
from .models import (
    Attendance,
    AttendanceStatus,
    BridgePoint,
    CheckInMethod,
    Coverage,
    Meeting,
    MeetingKind,
    NonMemberCount,
)
from .selectors import bridge_points_today, expected_roll

PAGE_SIZE = 50
# A bridge point may expect 2,000 members: the phone gets at most this many rows; the
# search box finds the others.
ROW_LIMIT = 200
# A member who scanned a valid code and then had to sign in keeps it this long.
PENDING_CHECKIN_SECONDS = 300
_PENDING_KEY = "meetings_pending_checkin"



# --- Meetings ---------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = access.meetings_visible_to(request.user).order_by("-starts_at", "code")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/meeting_list.html", {
        "page": page,
        "today_points": list(bridge_points_today(request.user)),
        "can_create": access.units_writable_by(request.user).exists(),
    })


def _visible_figures(user, meeting: Meeting) -> list[dict]:
    """bridge_point_figures for the points the user may see (hosted in their subtrees,
    or operated by them), each with its tick-list link if the user may operate it."""
    if access.is_superuser(user):
        figures = bridge_point_figures(meeting)
    else:
        figures = []
        for root in access.root_units_of(user):
            figures += bridge_point_figures(meeting, root)
    seen = {f["code"] for f in figures}
    operated = set(meeting.bridge_points.filter(operators=user).values_list("code", flat=True)
                   if user.is_authenticated else [])
    for code in sorted(operated - seen):
        point = BridgePoint.objects.select_related("host").get(meeting=meeting, code=code)
        figures += [f for f in bridge_point_figures(meeting, point.host) if f["code"] == code]
    figures.sort(key=lambda f: f["code"])
    hosts = {u.code: u for u in Unit.objects.filter(code__in={f["host"] for f in figures})}
    writes_all = access.can_write_unit(user, meeting.organiser)
    for f in figures:
        f["can_operate"] = (writes_all or f["code"] in operated
                            or access.can_write_unit(user, hosts[f["host"]]))
        f["host_name"] = hosts[f["host"]].name
    return figures


@login_required
def meeting_detail(request: HttpRequest, code: str) -> HttpResponse:
    meeting = access.access_meeting(request.user, code)
    figures = _visible_figures(request.user, meeting)
    expected = None
    if meeting.kind == MeetingKind.MAKEUP:
        expected = expected_roll(meeting).count()
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "figures": figures,
        "totals": {key: sum(f[key] for f in figures)
                   for key in ("present", "excused", "non_members")},
        "expected": expected,
        "offered": list(meeting.offered_units.all()) if meeting.kind == MeetingKind.MAKEUP
        else [],
        "can_write": access.can_write_unit(request.user, meeting.organiser),
        "operates_any": any(f["can_operate"] for f in figures),
    })


@officer_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not access.units_writable_by(request.user).exists():
        raise PermissionDenied
    form = MeetingCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The campaign must concern the organising unit (the service checks it).
        try:
            meeting = services.meeting_create(
                actor=request.user, campaign=data["campaign"], code=data["code"],
                kind=data["kind"], title=data["title"], organiser=data["organiser"],
                starts_at=data["starts_at"], ends_at=data["ends_at"],
                location=data["location"], offered_units=data["offered_units"])
        except ValidationError as e:
            _add_errors(form, e)
        else:
            if meeting.kind == MeetingKind.MAKEUP:
                n = expected_roll(meeting).count()
                messages.success(request, _("Make-up class created: %(n)s members not yet "
                                            "covered are expected.")
                                 % {"n": vntext.format_int(n)})
            else:
                messages.success(request, _("Meeting created."))
            return redirect("meetings:meeting_detail", code=meeting.code)
    return render(request, "meetings/meeting_form.html", {"form": form},
                  status=400 if form.errors else 200)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@officer_required
def bridge_point_create(request: HttpRequest, code: str) -> HttpResponse:
    meeting = access.access_meeting(request.user, code, write=True)
    form = BridgePointCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bp = services.bridge_point_create(
                actor=request.user, meeting=meeting, code=data["code"], name=data["name"],
                host=data["host"], address=data["address"],
                expected_units=data["expected_units"], operators=data["operators"])
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("Bridge point %(name)s created.") % {"name": bp.name})
            return redirect("meetings:meeting_detail", code=meeting.code)
    return render(request, "meetings/bridge_point_form.html", {"form": form,
                                                               "meeting": meeting},
                  status=400 if form.errors else 200)


# --- The operator's tick-list -----------------------------------------------------------


@dataclass
class Row:
    """One member on the tick-list, with their mark at this meeting (if any)."""

    member: Member
    unit: Unit | None  # roll unit; None: not on the campaign roll
    status: str = ""
    at: datetime.datetime | None = None
    elsewhere: bool = False  # marked at another bridge point of the meeting


def _marks(meeting: Meeting, member_ids: list[int]) -> dict[int, tuple]:
    if not member_ids:
        return {}
    rows = (Attendance.objects.filter(meeting=meeting, member_id__in=member_ids)
            .values_list("member_id", "status", "recorded_at", "bridge_point_id"))
    return {m: (status, at, bp) for m, status, at, bp in rows}


def _with_marks(bp: BridgePoint, rows: list[Row]) -> list[Row]:
    marks = _marks(bp.meeting, [r.member.pk for r in rows])
    for row in rows:
        mark = marks.get(row.member.pk)
        if mark:
            row.status, row.at = mark[0], mark[1]
            row.elsewhere = mark[2] != bp.pk
    return rows


def _counters(bp: BridgePoint, expected: int | None = None) -> dict:
    marks = Attendance.objects.filter(bridge_point=bp).aggregate(
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)))
    if expected is None:
        expected = expected_roll(bp.meeting, bp).count()
    return {"expected": expected, **marks}


def _tick_rows(bp: BridgePoint, expected, q: str) -> tuple[list[Row], bool]:
    if q:
        expected = expected.filter(member_id__in=Member.objects.search(q).values("pk"))
    entries = list(expected[:ROW_LIMIT + 1])
    rows = [Row(member=e.member, unit=e.unit) for e in entries[:ROW_LIMIT]]
    return _with_marks(bp, rows), len(entries) > ROW_LIMIT


def _non_member_current(bp: BridgePoint) -> dict[str, int]:
    return dict(NonMemberCount.objects.filter(bridge_point=bp)
                .values_list("category", "count"))


def _tick_context(request: HttpRequest, bp: BridgePoint, **extra) -> dict:
    q = vntext.clean(request.GET.get("q", ""))[:100]
    expected = expected_roll(bp.meeting, bp)
    rows, more = _tick_rows(bp, expected, q)
    context = {
        "bp": bp, "meeting": bp.meeting, "rows": rows, "more": more, "q": q,
        "limit": ROW_LIMIT, "counters": _counters(bp, expected.count()),
        "add_form": AddMemberForm(),
        "non_member_form": NonMemberForm(current=_non_member_current(bp)),
    }
    context.update(extra)
    return context


@login_required
@gzip_page  # 200 rows are ~80 kB of HTML, ~8 kB compressed: it matters on a poor line.
def tick_list(request: HttpRequest, code: str, bp: str) -> HttpResponse:
    point = access.access_bridge_point(request.user, code, bp, operate=True)
    if is_htmx(request):
        q = vntext.clean(request.GET.get("q", ""))[:100]
        rows, more = _tick_rows(point, expected_roll(point.meeting, point), q)
        return render(request, "meetings/_tick_rows.html", {
            "bp": point, "meeting": point.meeting, "rows": rows, "more": more, "q": q,
            "limit": ROW_LIMIT})
    return render(request, "meetings/tick_list.html", _tick_context(request, point))


def _row_for(bp: BridgePoint, member: Member) -> Row:
    unit = (RollEntry.objects.filter(campaign_id=bp.meeting.campaign_id, member=member)
            .select_related("unit").first())
    return _with_marks(bp, [Row(member=member, unit=unit.unit if unit else None)])[0]


def _back_to_list(bp: BridgePoint) -> HttpResponse:
    return redirect("meetings:tick_list", code=bp.meeting.code, bp=bp.code)


@login_required
@require_POST
def tick_mark(request: HttpRequest, code: str, bp: str) -> HttpResponse:
    """One tap: present=<member pk>, excused=<member pk> or undo=<member pk>. Returns the
    member's new row and, out of band, the counters."""
    grant = access.checkin_grant(request.user, code, bp)  # one tap of many: cached
    point, meeting = grant.bridge_point, grant.meeting
    action = next((a for a in ("present", "excused", "undo") if a in request.POST), None)
    try:
        member_pk = int(request.POST.get(action or "", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Choose a member."))
    member = grant.markable_member(pk=member_pk)
    if member is None:
        return HttpResponse(_("No member with this id that you may mark at this bridge "
                              "point."), status=404)
    if action == "undo":
        mark = Attendance.objects.filter(meeting=meeting, member=member).first()
        # An operator undoes the marks of their own bridge point; the organiser's
        # officers any mark of the meeting.
        if mark is not None and (mark.bridge_point_id == point.pk
                                 or access.can_write_unit(request.user, meeting.organiser)):
            services.attendance_remove(actor=request.user, meeting=meeting,
                                       member_pk=member.pk)
    else:
        services.attendance_record(actor=request.user, meeting=meeting,
                                   records=[(member.pk, action)], method=CheckInMethod.TICK,
                                   bridge_point=point)
    if not is_htmx(request):
        return _back_to_list(point)
    return render(request, "meetings/_tick_mark.html", {
        "bp": point, "meeting": meeting, "row": _row_for(point, member),
        "counters": _counters(point)})


@login_required
@require_POST
def tick_add(request: HttpRequest, code: str, bp: str) -> HttpResponse:
    """A member not on the list, by member id: marked present if the user may mark them;
    otherwise the same "not found" as for an id that does not exist."""
    grant = access.checkin_grant(request.user, code, bp)
    point, meeting = grant.bridge_point, grant.meeting
    form = AddMemberForm(request.POST)
    row = None
    if not form.is_valid():
        level, text = "error", _("Type a member id.")
    else:
        member_id = vntext.clean(form.cleaned_data["member_id"])
        member = grant.markable_member(member_id=member_id)
        if member is None:  # the same words as for an id that does not exist
            level, text = "error", _("No member with id %(id)s that you may mark at this "
                                     "bridge point.") % {"id": member_id}
        else:
            result = services.attendance_record(
                actor=request.user, meeting=meeting, records=[(member.pk, "present")],
                method=CheckInMethod.TICK, bridge_point=point)
            row = _row_for(point, member)
            level = "success"
            if not result.accepted:
                text = _("%(name)s was already marked.") % {"name": member.full_name}
            elif result.not_on_roll or row.unit is None:
                text = _("Marked present: %(name)s. Not on this campaign's roll: the mark is "
                         "kept but does not count towards its figures.") % {
                             "name": member.full_name}
            else:
                text = _("Marked present: %(name)s.") % {"name": member.full_name}
    if not is_htmx(request):
        getattr(messages, level)(request, text)
        return _back_to_list(point)
    return render(request, "meetings/_tick_add_result.html", {
        "bp": point, "meeting": meeting, "level": level, "text": text, "row": row,
        "counters": _counters(point)})


@login_required
@require_POST
def tick_non_members(request: HttpRequest, code: str, bp: str) -> HttpResponse:
    point = access.access_bridge_point(request.user, code, bp, operate=True)
    form = NonMemberForm(request.POST, current=_non_member_current(point))
    saved = False
    if form.is_valid():
        for category, count in form.changed_counts().items():
            services.non_member_set(actor=request.user, bridge_point=point,
                                    category=category, count=count)
        saved = True
        form = NonMemberForm(current=_non_member_current(point))
    if not is_htmx(request):
        if saved:
            messages.success(request, _("Non-member head counts saved."))
        else:
            messages.error(request, _("Head counts are whole numbers, 0 or more."))
        return _back_to_list(point)
    return render(request, "meetings/_non_members.html", {
        "bp": point, "meeting": point.meeting, "non_member_form": form, "saved": saved})


# --- Rotating QR code -------------------------------------------------------------------


def _checkin_url(request: HttpRequest, bp: BridgePoint, token: str) -> str:
    return request.build_absolute_uri(
        reverse("meetings:checkin", kwargs={"code": bp.meeting.code, "bp": bp.code,
                                            "token": token}))


@login_required
def qr_display(request: HttpRequest, code: str, bp: str) -> HttpResponse:
    """The code to show on the bridge point's screen. The code partial re-fetches itself
    one second after its window ends (and every 30 s should a fetch fail), so the code on
    the screen is always the current one and a scan has 30 s or more to arrive."""
    point = access.access_bridge_point(request.user, code, bp, operate=True)
    token = qr.token_for(point)
    url = _checkin_url(request, point, token)
    svg = segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True)
    context = {"bp": point, "meeting": point.meeting, "svg": mark_safe(svg),
               "url": url, "wait": qr.seconds_left(), "counters": _counters(point)}
    template = "meetings/_qr_code.html" if is_htmx(request) else "meetings/qr_display.html"
    return render(request, template, context)


def _refuse(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "meetings/checkin_result.html", {"refused": message},
                  status=status)


def _rate_limited(request: HttpRequest) -> HttpResponse | None:
    """HTTP 429 past the QR check-in limits per client address and per signed-in user
    (quantriet.ratelimit); the operators' token API is not limited."""
    over = not ratelimit.hit("qr_ip", ratelimit.client_ip(request))
    scope = "qr_ip"
    if not over and request.user.is_authenticated:
        over = not ratelimit.hit("qr_member", str(request.user.pk))
        scope = "qr_member"
    if not over:
        return None
    return ratelimit.too_many(request, scope, _(
        "Too many check-in attempts. Wait a minute, then scan the code shown at the bridge "
        "point again."))


def checkin(request: HttpRequest, code: str, bp: str, token: str) -> HttpResponse:
    """A member's own check-in by scanning the bridge point's code. Signed-in users only;
    one who must sign in first keeps the scan for PENDING_CHECKIN_SECONDS."""
    expired = _("This code has expired or is not valid. Scan the code shown at the bridge "
                "point now.")
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    point = (BridgePoint.objects.select_related("meeting__campaign", "host")
             .filter(meeting__code=code, code=bp).first())
    valid = point is not None and qr.verify(point, token)
    if not request.user.is_authenticated:
        if valid:
            request.session[_PENDING_KEY] = {"bp": point.pk, "token": token,
                                             "at": timezone.now().timestamp()}
        return redirect_to_login(request.get_full_path())
    pending = request.session.get(_PENDING_KEY)
    if not valid and point is not None and pending and pending.get("bp") == point.pk \
            and pending.get("token") == token \
            and timezone.now().timestamp() - pending.get("at", 0) <= PENDING_CHECKIN_SECONDS:
        valid = True  # scanned in time, then signed in
    if not valid:
        return _refuse(request, expired)
    request.session.pop(_PENDING_KEY, None)
    member = request.user.member if request.user.member_id else None
    if member is None:
        return _refuse(request, _("Your account is not linked to a Party member record, so it "
                                  "cannot check in. Ask the bridge point's operator to mark "
                                  "you on the list."))
    result = services.attendance_record(actor=request.user, meeting=point.meeting,
                                        records=[(member.pk, AttendanceStatus.PRESENT)],
                                        method=CheckInMethod.QR, bridge_point=point)
    mark = (Attendance.objects.filter(meeting=point.meeting, member=member)
            .select_related("bridge_point").first())
    on_roll = RollEntry.objects.filter(campaign_id=point.meeting.campaign_id,
                                       member=member).exists()
    return render(request, "meetings/checkin_result.html", {
        "member": member, "meeting": point.meeting, "mark": mark,
        "already": not result.accepted, "on_roll": on_roll,
        "at": timezone.localtime(mark.recorded_at)})


# --- The member's own attendance --------------------------------------------------------


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    member = request.user.member if request.user.member_id else None
    campaigns: list[dict] = []
    if member is not None:
        marks = (Attendance.objects.filter(member=member)
                 .select_related("meeting__campaign", "bridge_point")
                 .order_by("meeting__campaign__roll_date", "meeting__campaign_id",
                           "recorded_at"))
        covered = set(Coverage.objects.filter(member=member)
                      .values_list("campaign_id", flat=True))
        on_roll = set(RollEntry.objects.filter(member=member)
                      .values_list("campaign_id", flat=True))
        by_campaign: dict[int, dict] = {}
        for mark in marks:
            campaign = mark.meeting.campaign
            entry = by_campaign.setdefault(campaign.pk, {
                "campaign": campaign, "marks": [], "covered": campaign.pk in covered,
                "on_roll": campaign.pk in on_roll})
            entry["marks"].append(mark)
        campaigns = list(by_campaign.values())
    return render(request, "meetings/my_meetings.html", {"member": member,
                                                         "campaigns": campaigns})
