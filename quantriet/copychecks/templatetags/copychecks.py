"""`{% copycheck_link campaign unit %}`: the campaign page's link to the copy checks, shown
only to those who may see copy flags (officers, graders, administrators)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from quantriet.orgs import access

register = template.Library()


@register.simple_tag(takes_context=True)
def copycheck_link(context, campaign, unit=None):
    user = context["request"].user
    if not access.may_see_copy_flags(user):
        return ""
    if unit is not None and not access.can_see_copy_unit(user, unit):
        return ""
    url = reverse("copychecks:flag_list", args=[campaign.code])
    if unit is not None:
        url += f"?unit={unit.code}"
    return format_html('<a class="button secondary" href="{}">{}</a>', url,
                       _("Copy checks of learning reports"))
