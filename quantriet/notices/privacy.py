"""Personal data held by the notices app (see quantriet/orgs/privacy.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from quantriet.orgs.privacy import Section

from .models import Mute, Notice

MODELS = {
    "notices.Notice": "the login's inbox: exported; deleted on erasure",
    "notices.Mute": "muted reminder kinds: exported; deleted on erasure",
}


def member_data(member, user) -> list[Section]:
    if user is None:
        return []
    inbox = Section("notices", _("Inbox"), [
        ("created_at", _("Sent at")), ("kind", _("Kind")), ("subject", _("Subject")),
        ("read_at", _("Read at"))])
    for n in Notice.objects.filter(user=user).order_by("created_at", "pk"):
        inbox.rows.append({"created_at": n.created_at, "kind": n.kind_label,
                           "subject": n.subject, "read_at": n.read_at})
    muted = Section("muted", _("Muted reminders"), [("kind", _("Kind"))])
    for m in Mute.objects.filter(user=user).order_by("pk"):
        muted.rows.append({"kind": m.get_kind_display()})
    return [inbox, muted]


def member_data_erase(member, user) -> dict[str, int]:
    if user is None:
        return {}
    return {"notices": Notice.objects.filter(user=user).delete()[0],
            "muted": Mute.objects.filter(user=user).delete()[0]}
