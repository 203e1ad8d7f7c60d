"""Helpers shared by the API routers."""

from __future__ import annotations

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination

from quantriet.orgs import access
from quantriet.orgs.models import Unit

# The largest value an integer column holds (PostgreSQL's integer): a count or page number
# past it was a 500 ("integer out of range"), found by test_fuzz.py; now a 422 naming it.
DB_INT_MAX = 2**31 - 1


@contextlib.contextmanager
def service_errors():
    """A service's ValidationError as 422 {"detail": its message(s)}."""
    try:
        yield
    except ValidationError as e:
        raise HttpError(422, " ".join(e.messages)) from None


def aware(value: datetime.datetime | None, field: str = "") -> datetime.datetime | None:
    """Devices may send local wall-clock times without an offset: read them as local. An
    offset PostgreSQL refuses (past ±15:59, which ISO 8601 allows) or one in seconds (the
    local mean time of years before 1906) is turned into UTC (both were found by
    test_fuzz.py: a 500, a response that is not RFC 3339); an instant outside years
    1-9999 in UTC is a 422."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    offset = value.utcoffset()
    if abs(offset) < datetime.timedelta(hours=16) and not offset.seconds % 60:
        return value
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:
        raise HttpError(422, _("The date and time %(field)s %(value)s is out of range.")
                        % {"field": f"«{field}»" if field else "", "value": value.isoformat()}
                        ) from None


def units_by_code(user, codes: list[str]) -> list[Unit]:
    """The units with these codes that the user can see, in the order given; an unknown
    or invisible code is a 422 naming it (the same words for both: nothing leaks)."""
    wanted = list(dict.fromkeys(c.strip() for c in codes))
    found = {u.code: u for u in access.units_visible_to(user).filter(code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise HttpError(422, _("No unit with code %(codes)s.") % {"codes": ", ".join(missing)})
    return [found[c] for c in wanted]


class BoundedPagination(LimitOffsetPagination):
    """limit/offset with upper bounds: a number past what the database's integers hold was
    a 500 (found by the fuzzing in quantriet/api/tests/test_fuzz.py); now a 422 naming it.
    A page holds at most 10,000 rows (a device pages through a province's roster)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=10_000)
        offset: int = Field(0, ge=0, le=DB_INT_MAX)
