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
from django.urls import re_path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from quantriet.accounts.models import ApiToken
from quantriet.api.errors import (
    api_not_found,
    document_errors,
    guarded,
    validation_errors,
)
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


class QuantrietAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        # The error statuses every operation may answer, each with its {"detail": ...}
        # body: documented once here rather than on each of the routers' operations.
        return document_errors(super().get_openapi_schema(**kwargs))

    def _get_urls(self):
        # ninja answers a wrong method with a text/plain 405 and Django an unknown address
        # with an HTML 404: under /api/ both are JSON like every other refusal. NUL
        # characters are refused before any view (see errors.guarded).
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = guarded(pattern.callback)
        return [*patterns, re_path(r"", api_not_found)]


api = QuantrietAPI(
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


# ninja's own refusals, which carry English text.
NINJA_MESSAGES = {
    "CSRF check Failed": gettext_noop("Refused: the page's security token (CSRF) is missing "
                                      "or stale; reload the page and try again."),
    "Forbidden": gettext_noop("You are not allowed to do this."),
    "Too many requests.": gettext_noop("Too many requests; wait a moment and try again."),
    "Cannot parse request body": gettext_noop("The body of the request is not valid JSON."),
}


@api.exception_handler(HttpError)
def http_error(request, exc):
    detail = str(exc)
    # ("Cannot parse request body (<the parser's words>)" under DEBUG)
    english = detail.split(" (", 1)[0]
    if english in NINJA_MESSAGES:
        detail = _(NINJA_MESSAGES[english])
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(DjangoValidationError)
def refused(request, exc):
    """A service refused the write: 422 with its (Vietnamese) reasons."""
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """A request that does not fit the schema: 422 naming each field and the reason."""
    return api.create_response(request, validation_errors(exc.errors), status=422)


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
