"""A small per-process cache with a time limit, for the check-in hot path.

A QR scan or a tick at a bridge point is one request; at a national conference they come
by the thousand a second. Resolving the caller's token, roles, meeting and bridge point
with the ORM on every one of them cost more than the attendance writes themselves, so
check-ins resolve them once per process and keep them for `ACCESS_CACHE_SECONDS`
(setting; default 10 s, 0 turns the cache off). The process that changes a token or a
role forgets at once (`forget_all`); other processes see the change within that time.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from django.conf import settings

_MISSING = object()
_caches: list[TTLCache] = []


class TTLCache:
    def __init__(self, maxsize: int = 10_000) -> None:
        self._data: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.maxsize = maxsize
        _caches.append(self)

    @staticmethod
    def seconds() -> float:
        return float(getattr(settings, "ACCESS_CACHE_SECONDS", 10))

    def get(self, key, default=None):
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
        with self._lock:
            self._data[key] = (time.monotonic() + seconds, value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def forget_all() -> None:
    """Drop every cached grant of this process (after a token or role changes)."""
    for cache in _caches:
        cache.clear()
