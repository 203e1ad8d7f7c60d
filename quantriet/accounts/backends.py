"""Password login with lockout after repeated failures."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import LoginFailure


def is_locked_out(username: str) -> bool:
    if not username:
        return False
    since = timezone.now() - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    failures = LoginFailure.objects.filter(username__iexact=username, at__gte=since).count()
    return failures >= settings.LOGIN_FAILURE_LIMIT


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses a locked-out username before checking its password.

    Failures are counted by the user_login_failed signal (accounts/signals.py), so the admin
    login and the API are covered as well as the login page.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.get_user_model().USERNAME_FIELD)
        if username and is_locked_out(username):
            if request is not None:
                request.quantriet_locked_out = True
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
