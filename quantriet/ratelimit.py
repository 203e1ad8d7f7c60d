"""A small fixed-window rate limiter on Django's cache framework.

A limit is "count/seconds" (settings.RATE_LIMITS, env-configurable). Each (scope, key) has
one counter per window of `seconds`, kept in the default cache: one process uses the memory
cache; several app processes must share a cache (CACHE_URL=redis://… or CACHE_URL=db, see
settings) or each counts apart, letting through up to count × processes.

Used by the login page (failed sign-ins per client address, on top of the per-username
lockout in accounts/backends.py) and the QR check-in (per client address and per member).
The operators' token API check-ins are deliberately not limited.

If the cache is down the limiter lets requests through (and logs it): a broken cache must
not stop a province from signing in.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def limit_for(scope: str) -> Limit:
    count, _slash, seconds = str(settings.RATE_LIMITS[scope]).partition("/")
    return Limit(int(count), int(seconds or 60))


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR; behind TRUSTED_PROXY_COUNT proxies, the address the outermost trusted
    proxy saw (the n-th entry from the right of X-Forwarded-For). Entries further left are
    written by the client and never trusted."""
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if p.strip()]
    if len(forwarded) < proxies:
        return forwarded[0] if forwarded else remote
    return forwarded[-proxies]


def _key(scope: str, key: str, limit: Limit, now: float) -> str:
    # The key may come from a header the client wrote (X-Forwarded-For): hashed, so that
    # any text makes a short key every cache backend accepts.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{int(now // limit.seconds)}"


def retry_after(scope: str, now: float | None = None) -> int:
    """Seconds until the current window of `scope` ends."""
    limit = limit_for(scope)
    now = time.time() if now is None else now
    return max(1, int(limit.seconds - now % limit.seconds))


def count(scope: str, key: str) -> int:
    """Requests counted in the current window (0 if the cache cannot say)."""
    limit = limit_for(scope)
    try:
        return int(cache.get(_key(scope, key, limit, time.time())) or 0)
    except Exception:  # a broken cache must not block users
        log.warning("rate limit cache unavailable", exc_info=True)
        return 0


def exceeded(scope: str, key: str) -> bool:
    """Whether the current window of (scope, key) is already full; counts nothing."""
    return count(scope, key) >= limit_for(scope).count


def hit(scope: str, key: str) -> bool:
    """Count one request of (scope, key); True if it is within the limit."""
    limit = limit_for(scope)
    name = _key(scope, key, limit, time.time())
    try:
        cache.add(name, 0, timeout=limit.seconds + 1)
        try:
            value = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, timeout=limit.seconds + 1)
            value = 1
    except Exception:  # likewise
        log.warning("rate limit cache unavailable", exc_info=True)
        return True
    return value <= limit.count


def too_many(request: HttpRequest, scope: str, message: str) -> HttpResponse:
    """HTTP 429 with `message`: a page, or JSON for a client that asks for it."""
    wait = retry_after(scope)
    if "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"detail": message, "retry_after": wait},
                                              status=429)
    else:
        response = render(request, "ratelimited.html",
                          {"message": message, "minutes": max(1, -(-wait // 60)),
                           "seconds": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response
