"""A small per-process cache with a time limit, for the check-in hot path.

A QR scan or a tick at a bridge point is one request; at a national conference they come
by the thousand a second. Resolving the caller's token, roles, meeting and bridge point
with the ORM on every one of them cost more than the attendance writes themselves, so
check-ins resolve them once per process and keep them for `ACCESS_CACHE_SECONDS`
(setting; default 300 s, 0 turns the cache off).

A change they depend on calls `changed()`: the process that makes it forgets at once, and
raises the shared number in `accounts.AccessEpoch`; every other process reads that number
at most every `ACCESS_EPOCH_CHECK_SECONDS` (default 1 s; one small query) and forgets its
grants when it moved. So a revoked token or role stops working everywhere within about a
second, while a device's grant is rebuilt only after a change, not every few seconds
(200 devices rebuilding every 10 s cost a quarter of the server's time: docs/performance.md).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from django.conf import settings

_MISSING = object()
_caches: list[TTLCache] = []
_epoch = {"seen": None, "checked": float("-inf")}


def _check_epoch() -> None:
    """At most once per ACCESS_EPOCH_CHECK_SECONDS: forget everything if another process
    has changed what grants are decided from."""
    interval = float(getattr(settings, "ACCESS_EPOCH_CHECK_SECONDS", 1.0))
    now = time.monotonic()
    if interval < 0 or now - _epoch["checked"] < interval:
        return
    _epoch["checked"] = now
    from quantriet.accounts.models import AccessEpoch

    value = AccessEpoch.current()
    if value != _epoch["seen"]:
        if _epoch["seen"] is not None:
            forget_all()
        _epoch["seen"] = value


class TTLCache:
    def __init__(self, maxsize: int = 10_000) -> None:
        self._data: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.maxsize = maxsize
        _caches.append(self)

    @staticmethod
    def seconds() -> float:
        return float(getattr(settings, "ACCESS_CACHE_SECONDS", 300))

    def get(self, key, default=None):
        if not self._data:
            return default
        _check_epoch()
        entry = self._data.get(key, _MISSING)
        if entry is _MISSING:
            return default
        expires, value = entry
        if expires < time.monotonic():
            with self._lock:
                self._data.pop(key, None)
            return default
        return value

    def set(self, key, value) -> None:
        seconds = self.seconds()
        if seconds <= 0:
            return
        if _epoch["seen"] is None:
            _check_epoch()  # know the number the cached value was decided under
        with self._lock:
            self._data[key] = (time.monotonic() + seconds, value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def forget_all() -> None:
    """Drop every cached grant of this process."""
    for cache in _caches:
        cache.clear()


def changed() -> None:
    """Something grants are decided from changed: forget them here at once, and tell the
    other processes (they forget within ACCESS_EPOCH_CHECK_SECONDS). Call it inside the
    transaction that makes the change."""
    from quantriet.accounts.models import AccessEpoch

    forget_all()
    AccessEpoch.bump()
