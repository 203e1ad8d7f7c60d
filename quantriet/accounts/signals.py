from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .models import LoginFailure


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username") or ""
    if username:
        LoginFailure.objects.create(username=username[:150], ip=_client_ip(request))


@receiver(user_logged_in)
def clear_login_failures(sender, request, user, **kwargs):
    LoginFailure.objects.filter(username__iexact=user.get_username()).delete()
