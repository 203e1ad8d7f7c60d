import ipaddress

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from quantriet import hotcache
from quantriet.ratelimit import client_ip

from .models import ApiToken, LoginFailure, Role, User


def _client_ip(request) -> str | None:
    """The client's address as the rate limiter sees it (behind TRUSTED_PROXY_COUNT proxies,
    the real client, not nginx); None when it is not an IP address the column can hold."""
    if request is None:
        return None
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username") or ""
    if username:
        LoginFailure.objects.create(username=username[:150], ip=_client_ip(request))


@receiver(user_logged_in)
def clear_login_failures(sender, request, user, **kwargs):
    LoginFailure.objects.filter(username__iexact=user.get_username()).delete()


@receiver([post_save, post_delete], sender=ApiToken)
@receiver([post_save, post_delete], sender=Role)
@receiver([post_save, post_delete], sender=User)
def forget_cached_grants(sender, update_fields=None, **kwargs):
    """A token revoked, a role changed, a user deactivated: cached check-in grants are
    forgotten, here at once and in other processes within ACCESS_EPOCH_CHECK_SECONDS. A
    sign-in (which saves only last_login) changes nothing they depend on: at a conference
    thousands of members sign in, and each would otherwise wipe every process's grants."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    hotcache.changed()
