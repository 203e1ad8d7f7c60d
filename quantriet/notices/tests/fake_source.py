"""A reminder source for the tests: yields whatever REMINDERS holds."""

from __future__ import annotations

REMINDERS: list = []


def due(today):
    yield from REMINDERS
