"""Excel downloads of the copychecks app."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.spreadsheets import write_xlsx

from .models import MatchKind, MatchStatus


def _pct(x: float) -> float:
    return round(100 * float(x), 1)


def flags_xlsx(flags, clusters) -> bytes:
    kinds, statuses = dict(MatchKind.choices), dict(MatchStatus.choices)
    flag_headers = [_("Kind of flag"), _("Member id"), _("Full name"), _("Party unit"),
                    _("Copied from (member id or reference text)"), _("Full name"),
                    _("Party unit"), _("Score (%)"), _("Share of the first text (%)"),
                    _("Share of the second text (%)"), _("Status"), _("Note"),
                    _("Decided by"), _("Decided on")]

    def flag_rows():
        for m in flags:
            if m.b_id:
                other = (m.b.member.member_id, m.b.member.full_name, m.b.unit.code)
            else:
                other = (m.reference.name, "", "")
            decided = timezone.localtime(m.decided_at).date() if m.decided_at else None
            yield (str(kinds[m.kind]), m.a.member.member_id, m.a.member.full_name,
                   m.a.unit.code, *other, _pct(m.score), _pct(m.containment_a),
                   _pct(m.containment_b), str(statuses[m.status]), m.note,
                   m.decided_by.username if m.decided_by else "", decided)

    cluster_headers = [_("Cluster"), _("Shared source"), _("Member id"), _("Full name"),
                       _("Party unit")]

    def cluster_rows():
        for n, view in enumerate(clusters, 1):
            for r in view.members:
                yield (n, view.source_name, r.member.member_id, r.member.full_name,
                       r.unit.code)

    return write_xlsx([(_("Copy flags"), flag_headers, flag_rows()),
                       (_("Clusters"), cluster_headers, cluster_rows())])
