"""Excel downloads of learning-report results (counts per unit, and member by member)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from quantriet.campaigns.models import Campaign
from quantriet.orgs.models import Unit
from quantriet.spreadsheets import write_xlsx

from . import selectors
from .services import settings_of


def _figure_row(name: str, code: str, f: dict, labels: list[str]) -> tuple:
    pct = round(100 * f["submitted"] / f["expected"], 1) if f["expected"] else 0.0
    return (code, name, f["expected"], f["submitted"], pct, f["late"], f["not_submitted"],
            f["not_graded"], f["returned"], f["graded"],
            *[f["by_grade"].get(label, 0) for label in labels],
            f["plans"], f["plans_reviewed"])


def results_xlsx(campaign: Campaign, unit: Unit) -> bytes:
    children = selectors.child_units(campaign, unit)
    figures = selectors.report_figures(campaign, [unit, *children])
    labels = selectors.grade_labels(campaign)
    headers = [_("Code"), _("Party unit"), _("Must submit"), _("Submitted"),
               _("Submitted (%)"), _("Late"), _("Not yet submitted"), _("Not yet graded"),
               _("Returned for rework"), _("Graded"), *labels, _("Action plans"),
               _("Action plans reviewed")]
    rows = [_figure_row(c.name, c.code, figures[c.pk], labels) for c in children]
    rows.append(_figure_row(_("Total: %(name)s") % {"name": unit.name}, unit.code,
                            figures[unit.pk], labels))
    levels = selectors.level_rows(campaign, unit)
    level_headers = [_("Level"), _("Kind of unit"), _("Units"),
                     _("Units where every member submitted"),
                     _("Units where every report is graded")]
    level_lines = [(lv["offset"], lv["kind"], lv["units"], lv["all_submitted"],
                    lv["all_graded"]) for lv in levels]
    return write_xlsx([(_("Learning reports"), headers, rows),
                       (_("By level"), level_headers, level_lines)])


def members_xlsx(campaign: Campaign, rows) -> bytes:
    rules = settings_of(campaign)
    headers = [_("Member id"), _("Full name"), _("Party unit"), _("Status"), _("Source"),
               _("Submitted on"), _("Late"), _("Grade"), _("Grader"), _("Note")]

    def line(entry, report):
        if entry.exempt and report is None:
            status = _("Exempt")
        elif report is None:
            status = _("Not yet started")
        else:
            status = report.get_status_display()
        return (entry.member.member_id, entry.member.full_name, entry.unit.name, status,
                report.get_source_display() if report and report.submitted_at else "",
                report.submitted_at.date() if report and report.submitted_at else None,
                _("yes") if report and report.is_late else "",
                rules.grade_label(report.grade) if report and report.grade else "",
                (report.grader.get_full_name() or report.grader.username)
                if report and report.grader else "",
                report.excuse_reason if report else "")

    return write_xlsx([(_("Learning reports"), headers, (line(e, r) for e, r in rows))])
