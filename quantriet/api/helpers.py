"""Helpers shared by the API routers."""

from __future__ import annotations

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from quantriet.orgs import access
from quantriet.orgs.models import Unit


@contextlib.contextmanager
def service_errors():
    """A service's ValidationError as 422 {"detail": its message(s)}."""
    try:
        yield
    except ValidationError as e:
        raise HttpError(422, " ".join(e.messages)) from None


def aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """Devices may send local wall-clock times without an offset: read them as local."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def units_by_code(user, codes: list[str]) -> list[Unit]:
    """The units with these codes that the user can see, in the order given; an unknown
    or invisible code is a 422 naming it (the same words for both: nothing leaks)."""
    wanted = list(dict.fromkeys(c.strip() for c in codes))
    found = {u.code: u for u in access.units_visible_to(user).filter(code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise HttpError(422, _("No unit with code %(codes)s.") % {"codes": ", ".join(missing)})
    return [found[c] for c in wanted]
