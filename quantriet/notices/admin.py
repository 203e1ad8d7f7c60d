"""Notices are private mail: the admin shows counts to superusers only, read-only."""

from django.contrib import admin

from quantriet.admin_site import ReadOnlyAdminMixin

from .models import Mute, Notice


class SuperuserOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(Notice)
class NoticeAdmin(SuperuserOnly):
    list_display = ("user", "kind", "key", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("user",)


@admin.register(Mute)
class MuteAdmin(SuperuserOnly):
    list_display = ("user", "kind")
    list_filter = ("kind",)
