"""Personal data held by the campaigns app (see quantriet/orgs/privacy.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from quantriet.orgs.privacy import Section

from .models import RollEntry

MODELS = {
    "campaigns.RollEntry": "exported; kept on erasure (the base of every percentage), it "
                           "points at the pseudonymised member",
    "campaigns.Campaign": "created_by is an officer (a user): kept, the user is pseudonymised",
    "campaigns.Deliverable": "received_by is an officer (a user): kept, the user is "
                             "pseudonymised",
}


def member_data(member, user) -> list[Section]:
    section = Section("roll", _("Campaign rolls"), [
        ("campaign", _("Campaign")), ("title", _("Title")), ("unit", _("Party unit")),
        ("exempt", _("Exempt from activities"))])
    for e in (RollEntry.objects.filter(member=member).select_related("campaign", "unit")
              .order_by("campaign__roll_date", "pk")):
        section.rows.append({"campaign": e.campaign.code, "title": e.campaign.title,
                             "unit": f"{e.unit.code} · {e.unit.name}", "exempt": e.exempt})
    return [section]


def member_data_erase(member, user) -> dict[str, int]:
    return {}
