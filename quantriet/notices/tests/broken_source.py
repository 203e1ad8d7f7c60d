"""A source whose own import fails: that is a bug, not a source "not there yet"."""

import quantriet.notices.tests.no_such_dependency  # noqa: F401


def due(today):
    return []
