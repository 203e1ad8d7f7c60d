"""Personal data held by the inspections app: the sessions a member's login was sent to
inspect (see quantriet/orgs/privacy.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from quantriet.orgs.privacy import Section

from .models import Assignment

MODELS = {
    "inspections.Assignment": "sessions the login inspects: exported; kept on erasure (the "
                              "inspection figures count them), the user is pseudonymised",
    "inspections.Evaluation": "submitted_by (a user) and its surveys Response: kept on "
                              "erasure (counted), the user is pseudonymised",
}


def member_data(member, user) -> list[Section]:
    if user is None:
        return []
    section = Section("inspections", _("Inspection assignments"), [
        ("campaign", _("Campaign")), ("meeting", _("Meeting")), ("place", _("Place")),
        ("starts_at", _("Starts at")), ("ends_at", _("Ends at")),
        ("rating", _("Overall rating"))])
    rows = (Assignment.objects.filter(inspector=user)
            .select_related("campaign", "meeting", "bridge_point", "evaluation")
            .order_by("starts_at", "pk"))
    for a in rows:
        evaluation = getattr(a, "evaluation", None)
        section.rows.append({"campaign": a.campaign.code, "meeting": a.meeting.code,
                             "place": a.place, "starts_at": a.starts_at,
                             "ends_at": a.ends_at,
                             "rating": evaluation.rating if evaluation else ""})
    return [section]


def member_data_erase(member, user) -> dict[str, int]:
    return {}
