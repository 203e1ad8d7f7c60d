"""District H01's result report, for the global outsider walk."""

from __future__ import annotations


def h01_objects(campaign) -> dict:
    from quantriet.reports.services import report_build

    p = campaign.province
    report = report_build(actor=None, campaign=campaign.campaign, unit=p.h01)
    return {"params": {"<int:report_pk>": str(report.pk), "<report_pk>": str(report.pk)},
            "secrets": []}
