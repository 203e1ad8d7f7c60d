"""Signal receivers: a submitted learning report is checked at once, in the background."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def on_report_submitted(sender, report, **kwargs) -> None:
    from .tasks import check_submitted_report

    # The submission has committed already: a failing check must never undo or break it.
    try:
        check_submitted_report.enqueue(report.pk)
    except Exception:
        logger.exception("copy check of learning report %s failed", report.pk)
