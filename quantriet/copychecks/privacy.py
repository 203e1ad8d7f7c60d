"""Personal data held by the copy checks: flags and clusters of a member's learning report
(see quantriet/orgs/privacy.py). The other member of a pair is never named in an export."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from quantriet.orgs.privacy import Section

from .models import CopyMatch, ReportSketch

MODELS = {
    "copychecks.CopyMatch": "flags on the member's report: exported (kind, score, status, "
                            "note); erasure blanks the note, keeps the flag (the copying "
                            "figures count it). decided_by (a user): kept, pseudonymised",
    "copychecks.CopyCluster": "kept on erasure (counted); holds no text",
    "copychecks.ClusterMember": "kept on erasure (counted); holds no text",
    "copychecks.ReportSketch": "the MinHash sketch of the report's text: deleted on erasure",
    "copychecks.ReferenceText": "created_by is an officer (a user): kept, pseudonymised",
    "copychecks.CheckRun": "created_by is an officer (a user): kept, pseudonymised",
}


def _matches(member):
    return CopyMatch.objects.filter(Q(a__member=member) | Q(b__member=member))


def member_data(member, user) -> list[Section]:
    section = Section("copy_flags", _("Copying flags"), [
        ("campaign", _("Campaign")), ("kind", _("Kind")), ("score", _("Score")),
        ("status", _("Status")), ("note", _("Note")), ("found_at", _("Found at"))])
    for m in _matches(member).select_related("campaign").order_by("found_at", "pk"):
        section.rows.append({"campaign": m.campaign.code, "kind": m.get_kind_display(),
                             "score": round(m.score, 3), "status": m.get_status_display(),
                             "note": m.note, "found_at": m.found_at})
    return [section]


def member_data_erase(member, user) -> dict[str, int]:
    notes = _matches(member).exclude(note="").update(note="")
    sketches = ReportSketch.objects.filter(report__member=member).delete()[0]
    return {"copy_notes": notes, "copy_sketches": sketches}
