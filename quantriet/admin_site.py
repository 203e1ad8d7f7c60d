"""The admin site: open to every officer (scoped per model), not only to is_staff users."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class QuantrietAdminSite(admin.AdminSite):
    site_header = _("quantriet administration")
    site_title = _("quantriet administration")
    index_title = _("Data administration")

    def has_permission(self, request):
        from quantriet.orgs.access import is_officer_anywhere

        return request.user.is_active and is_officer_anywhere(request.user)

    def login(self, request, extra_context=None):
        # One login page for the whole site (with its lockout), not the admin's own.
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(reverse("login") + "?" + urlencode({"next": target}))


class ReadOnlyAdminMixin:
    """For records written only by the system (audit entries, import jobs)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuantrietAdminConfig(AdminConfig):
    default_site = "quantriet.admin_site.QuantrietAdminSite"
