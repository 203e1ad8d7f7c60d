"""JSON API of the reports app (django-ninja router, mounted at /api/): the live figures
snapshot of a unit (the same JSON a result report stores) with its consistency checks,
and a unit's saved result report."""

from django.http import Http404
from ninja import Router

from quantriet.campaigns.selectors import campaign_unit
from quantriet.orgs import access

from . import checks, figures
from .services import report_problems

router = Router(tags=["reports"])


def _problems(problems) -> list[dict]:
    return [{"kind": p.kind, "message": p.message, "section": p.section, "row": p.row,
             "column": p.column} for p in problems]


@router.get("/campaigns/{code}/report-figures")
def get_report_figures(request, code: str, unit: str | None = None):
    """The figures of a unit and of each child unit, section by section (coverage,
    meetings, deliverables, learning reports, copy checks, programs, ballots,
    inspections), with the consistency problems found (none, from live records)."""
    user = request.user
    if not access.is_officer_anywhere(user):
        raise Http404
    campaign = access.access_campaign(user, code)
    snap = figures.build(campaign, campaign_unit(user, campaign, unit))
    return {"figures": snap, "problems": _problems(checks.run(snap))}


@router.get("/reports/{report_pk}")
def get_report(request, report_pk: int):
    """A unit's result report: status, header, narrative, figures, edits, problems."""
    report = access.access_report(request.user, report_pk)
    return {
        "id": report.pk, "campaign": report.campaign.code, "unit": report.unit.code,
        "status": report.status, "source": report.source, "number": report.number_line,
        "place": report.place, "dated_on": report.dated_on, "narrative": report.narrative,
        "figures": report.figures, "edits": report.edits,
        "problems": _problems(report_problems(report)),
    }
