"""Personal data held by the meetings app (see quantriet/orgs/privacy.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from quantriet.orgs.privacy import Section

from .models import Attendance, BridgePoint, Coverage

MODELS = {
    "meetings.Attendance": "exported (meeting, bridge point, status, method, time); kept on "
                           "erasure: coverage and attendance figures count these rows",
    "meetings.Coverage": "exported; kept on erasure (a member counts once per campaign)",
    "meetings.Meeting": "created_by is an officer (a user): kept, the user is pseudonymised",
    "meetings.BridgePoint": "operators (users): exported for the member's login; erasure "
                            "removes the login from the operators",
    "meetings.NonMemberCount": "updated_by is an operator (a user): kept, pseudonymised",
}


def member_data(member, user) -> list[Section]:
    attendance = Section("attendance", _("Attendance"), [
        ("meeting", _("Meeting")), ("title", _("Title")), ("kind", _("Kind")),
        ("bridge_point", _("Bridge point")), ("status", _("Status")),
        ("method", _("Check-in method")), ("recorded_at", _("Recorded at"))])
    rows = (Attendance.objects.filter(member=member)
            .select_related("meeting", "bridge_point").order_by("recorded_at", "pk"))
    for a in rows:
        attendance.rows.append({
            "meeting": a.meeting.code, "title": a.meeting.title,
            "kind": a.meeting.get_kind_display(),
            "bridge_point": a.bridge_point.name if a.bridge_point else "",
            "status": a.get_status_display(), "method": a.get_method_display(),
            "recorded_at": a.recorded_at})
    coverage = Section("coverage", _("Campaigns studied"), [
        ("campaign", _("Campaign")), ("meeting", _("Meeting")), ("covered_at", _("Time"))])
    for c in (Coverage.objects.filter(member=member).select_related("campaign", "meeting")
              .order_by("covered_at", "pk")):
        coverage.rows.append({"campaign": c.campaign.code, "meeting": c.meeting.code,
                              "covered_at": c.covered_at})
    sections = [attendance, coverage]
    if user is not None:
        operated = Section("operated", _("Bridge points operated"), [
            ("meeting", _("Meeting")), ("bridge_point", _("Bridge point"))])
        for bp in BridgePoint.objects.filter(operators=user).select_related("meeting"):
            operated.rows.append({"meeting": bp.meeting.code, "bridge_point": bp.name})
        sections.append(operated)
    return sections


def member_data_erase(member, user) -> dict[str, int]:
    if user is None:
        return {}
    links = BridgePoint.operators.through.objects.filter(user=user).delete()[0]
    return {"bridge_point_operators": links}


def audit_refs(member, user) -> list[tuple[str, list[str]]]:
    codes = (Attendance.objects.filter(member=member)
             .values_list("meeting__code", flat=True).distinct())
    return [("meetings.attendance", [f"{code}:{member.pk}" for code in codes])]
