from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from quantriet.admin_site import ReadOnlyAdminMixin
from quantriet.orgs import access

from .models import ApiToken, AuditEntry, Role, User


class SuperuserOnlyMixin:
    """Accounts and roles are managed by system administrators only."""

    def has_module_permission(self, request):
        return access.is_superuser(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_superuser(request.user)

    has_change_permission = has_view_permission
    has_add_permission = has_module_permission
    has_delete_permission = has_view_permission


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ("unit",)


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, BaseUserAdmin):
    inlines = [RoleInline]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Party member"), {"fields": ("member",)}),)
    raw_id_fields = ("member",)


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "user", "created_at", "last_used_at", "revoked")
    readonly_fields = ("key_hash", "created_at", "last_used_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "summary")
    list_filter = ("action",)
    search_fields = ("object_id", "summary")
    list_select_related = ("actor",)

    def get_queryset(self, request):
        return access.audit_visible_to(request.user).select_related("actor")

    def has_module_permission(self, request):
        return access.audit_visible_to(request.user).exists() or access.is_superuser(
            request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return self.get_queryset(request).filter(pk=obj.pk).exists()
