"""Rotating check-in codes shown as a QR code at a bridge point.

A token is a short HMAC-SHA256 of (meeting code, bridge point code, 30-second window),
keyed by the site's SECRET_KEY and the bridge point's own qr_secret: it cannot be forged
without both, and a code photographed and sent away dies within a minute. verify() accepts
the current and the previous window only, so a code shown at the end of its window still
works for a scan that takes a few seconds: a code lives 30 to 60 seconds.

Not here (later issue): rate limiting of check-in attempts per user and per address.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

WINDOW_SECONDS = 30
# 12 bytes of HMAC = 96 bits: 16 urlsafe characters, unguessable within a minute.
TOKEN_BYTES = 12


def window_of(at: datetime.datetime | None = None) -> int:
    moment = at or timezone.now()
    return int(moment.timestamp() // WINDOW_SECONDS)


def seconds_left(at: datetime.datetime | None = None) -> int:
    """Seconds until the current window ends (at least 1)."""
    moment = at or timezone.now()
    return max(1, int(WINDOW_SECONDS - moment.timestamp() % WINDOW_SECONDS) + 1)


def _sign(bp, window: int) -> bytes:
    key = (settings.SECRET_KEY + bp.qr_secret).encode()
    message = f"{bp.meeting.code}\x1f{bp.code}\x1f{window}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:TOKEN_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=")


def token_for(bp, at: datetime.datetime | None = None) -> str:
    return _sign(bp, window_of(at)).decode("ascii")


def verify(bp, token: str, at: datetime.datetime | None = None) -> bool:
    """True if `token` is the bridge point's code of the current or the previous window.
    Constant-time comparisons, both windows always checked."""
    given = (token or "").encode("utf-8", "replace")
    now = window_of(at)
    ok = False
    for window in (now, now - 1):
        ok |= hmac.compare_digest(_sign(bp, window), given)
    return ok
