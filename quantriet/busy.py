"""A database too busy to take a write in time answers 503 "busy, try again", never 500.

SQLite has one writer at a time: the others wait (IMMEDIATE transactions, busy_timeout
20 s, settings.DATABASES). A write transaction longer than that (a roster import rewriting
44,000 members on a loaded machine, measured by bench/fault_kill.py --scenario writers)
makes a waiting request fail with OperationalError "database is locked"; the failed
request's transaction is rolled back. Without this the user saw "Server Error (500)".
With it: HTTP 503 with Retry-After and a Vietnamese message (JSON {"detail": ...} under
/api/, a short page elsewhere), and a warning in the log. docs/reliability.md.
"""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from quantriet.http import message_page

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" (busy timeout passed)."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc)


def busy_response(request) -> HttpResponse:
    message = _("The system is busy with other changes right now; please try again in a "
                "few seconds.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = message_page(message, 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if not is_busy(exc):
            return None
        logger.warning("database busy, answered 503: %s %s", request.method, request.path)
        return busy_response(request)
