"""Demo result reports: the first district-level unit's report, written from records,
submitted and accepted by the province, and the province's own report drafted from its
children's accepted reports. Fast: a few GROUP BY queries per report."""

from __future__ import annotations

from quantriet.lib import vntext
from quantriet.orgs.models import Unit

from .models import FigureSource
from .services import report_accept, report_build, report_submit


def load(campaign, *, seed: int) -> None:
    children = sorted(Unit.objects.filter(parent=campaign.owner, active=True),
                      key=lambda u: vntext.sort_key(u.name))
    if children:
        report = report_build(actor=None, campaign=campaign, unit=children[0])
        report.number = str(10 + seed % 10)
        report.save(update_fields=["number"])
        report_submit(actor=None, report=report)
        report_accept(actor=None, report=report)
    report_build(actor=None, campaign=campaign, unit=campaign.owner,
                 source=FigureSource.CHILDREN)
