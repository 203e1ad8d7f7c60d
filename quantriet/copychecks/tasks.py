"""Background work of the copychecks app: the full check of a campaign, and the check of
one newly submitted report against the campaign's index."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def run_full_check(run_id: int) -> dict:
    """Run the queued CheckRun `run_id` (progress on the row; the page polls it)."""
    from . import services
    from .models import CheckRun

    run = CheckRun.objects.select_related("campaign").get(pk=run_id)
    try:
        run = services.check_run_execute(run=run)
    except Exception:
        logger.exception("copy check run %s crashed", run_id)
        raise
    return {"status": run.status, "pairs": run.pairs, "references": run.reference_matches,
            "clusters": run.clusters}


@task()
def check_submitted_report(report_id: int) -> dict:
    from quantriet.learning.models import LearningReport

    from . import services

    report = (LearningReport.objects.select_related("campaign", "member", "unit")
              .filter(pk=report_id).first())
    if report is None:
        return {"matches": 0}
    matches = services.report_check(report=report)
    return {"matches": len(matches)}
