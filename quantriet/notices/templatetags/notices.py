from django import template

register = template.Library()


@register.simple_tag
def unread_notices(user) -> int:
    """The user's unread notices: one indexed COUNT (user, read_at)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    from quantriet.notices.models import Notice

    return Notice.objects.filter(user=user, read_at__isnull=True).count()
