"""Excel downloads of the campaign tables an office pastes into its reports: coverage by
child unit and by meeting, the members not yet covered (to plan make-up classes), and the
cascade of deliverables. Numbers stay numbers, dates stay dates (shown DD/MM/YYYY), and text
a spreadsheet would run as a formula is written as plain text.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from quantriet.campaigns.models import DeliverableStatus
from quantriet.spreadsheets import write_xlsx

CHUNK = 2000


def coverage_xlsx(figures: dict, unit_name: str) -> bytes:
    """The coverage JSON of one unit (reports.selectors.coverage) as two sheets: by child
    unit, with the unit's own total last; by meeting."""
    headers = [_("Unit code"), _("Party unit"), _("Members on the roll"), _("Exempt"),
               _("Covered"), _("Coverage (%)"), _("Non-members")]
    children = [(c["unit"], c["name"], c["roll"], c["exempt"], c["covered"],
                 float(c["covered_percent"]), c["non_members"]) for c in figures["children"]]
    children.append((figures["unit"], unit_name, figures["roll"], figures["exempt"],
                     figures["covered"], float(figures["covered_percent"]),
                     figures["non_members"]))
    meeting_headers = [_("Meeting code"), _("Title"), _("Bridge points"), _("Attended"),
                       _("Attended (percentage of the roll)"), _("Non-members")]
    meetings = [(m["code"], m["title"], m["bridge_points"], m["attended"],
                 float(m["attended_percent"]), m["non_members"]) for m in figures["meetings"]]
    return write_xlsx([(_("By unit"), headers, children),
                       (_("By meeting"), meeting_headers, meetings)])


def not_covered_xlsx(entries) -> bytes:
    """Roll entries (with member and unit selected) of the members not yet covered."""
    headers = [_("Member id"), _("Full name"), _("Birth date"), _("Unit code"), _("Party unit"),
               _("Exempt")]

    def rows():
        for e in entries.iterator(chunk_size=CHUNK):
            yield (e.member.member_id, e.member.full_name, e.member.birth_date, e.unit.code,
                   e.unit.name, _("yes") if e.exempt else "")

    return write_xlsx([(_("Not yet covered"), headers, rows())])


def _status_label(d) -> str:
    return str(DeliverableStatus(d.status).label)


def deliverables_xlsx(deliverables, title: str) -> bytes:
    """One row per unit's deliverable: unit, kind, due date, status, received, number."""
    headers = [_("Unit code"), _("Party unit"), _("Deliverable"), _("Due date"), _("Status"),
               _("Received on"), _("Document number"), _("Last reminded")]

    def rows():
        for d in deliverables.iterator(chunk_size=CHUNK):
            reminded = d.reminded_at.date() if d.reminded_at else None
            yield (d.unit.code, d.unit.name, d.get_kind_display(), d.due_on, _status_label(d),
                   d.received_on, d.document_number, reminded)

    return write_xlsx([(title, headers, rows())])


def reporting_rates_xlsx(rates: list[dict], level_label) -> bytes:
    """The reporting-rate table (campaigns.selectors.reporting_rates)."""
    headers = [_("Level"), _("Deliverable"), _("Due date"), _("Expected"),
               _("Received on time"), _("Received late"), _("Not received"),
               _("Reporting rate (%)"), _("On-time rate (%)")]
    rows = [(str(level_label(r)), str(r["kind_label"]), r["due_on"], r["expected"], r["on_time"],
             r["late"], r["missing"], float(r["rate"] or 0), float(r["on_time_rate"] or 0))
            for r in rates]
    return write_xlsx([(_("Reporting rates"), headers, rows)])
