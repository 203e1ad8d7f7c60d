"""The JSON API (django-ninja), OpenAPI document at /api/openapi.json, docs at /api/docs.

Authentication: the browser session, or `Authorization: Bearer <token>` for devices
(tokens are issued by administrators; only their hash is stored). Every endpoint reads
through quantriet.orgs.access, so a token sees exactly what its user sees.
"""

from __future__ import annotations

import datetime
import importlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from quantriet.accounts.models import ApiToken
from quantriet.hotcache import TTLCache

TOKEN_TOUCH_INTERVAL = datetime.timedelta(minutes=1)


_tokens = TTLCache()


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        # A check-in device sends thousands of calls: its token and user are kept for
        # ACCESS_CACHE_SECONDS in this process (see quantriet.hotcache). Unknown tokens are
        # not cached, so a wrong guess always costs a query.
        found = _tokens.get(token)
        if found is None:
            found = ApiToken.lookup(token)
            if found is None:
                return None
            _tokens.set(token, found)
        now = timezone.now()
        # At most one write a minute per token: a check-in device makes thousands of calls,
        # and a second commit on one shared row per call would halve their throughput.
        if found.last_used_at is None or now - found.last_used_at > TOKEN_TOUCH_INTERVAL:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="quantriet API",
    version="1",
    description="Đợt học tập, quán triệt Nghị quyết — API (units, members, …)",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"detail": _("Sign in or send a valid API token.")},
                               status=401)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(DjangoValidationError)
def refused(request, exc):
    """A service refused the write: 422 with its (Vietnamese) reasons."""
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(
        request, {"detail": _("Invalid request."), "errors": exc.errors}, status=422)


def _register_routers() -> None:
    from quantriet.campaigns.api import router as campaigns_router
    from quantriet.meetings.api import router as meetings_router
    from quantriet.orgs.api import router as orgs_router

    api.add_router("/", orgs_router)
    api.add_router("/", campaigns_router)
    api.add_router("/", meetings_router)
    for app in ("learning", "copychecks", "programs", "surveys", "inspections", "notices",
                "reports"):
        api.add_router("/", importlib.import_module(f"quantriet.{app}.api").router)


_register_routers()
