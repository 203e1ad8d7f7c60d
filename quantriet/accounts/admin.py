from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quantriet.admin_site import ReadOnlyAdminMixin
from quantriet.orgs import access

from .models import ApiToken, AuditEntry, Role, User
from .services import audit_record, role_grant, role_revoke


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


USER_AUDIT_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff",
                     "is_superuser", "member_id")


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, BaseUserAdmin):
    inlines = [RoleInline]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Party member"), {"fields": ("member",)}),)
    raw_id_fields = ("member",)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = User.objects.get(pk=obj.pk)
            before = {f: getattr(old, f) for f in USER_AUDIT_FIELDS}
            password_changed = old.password != obj.password
        else:
            password_changed = True
        super().save_model(request, obj, form, change)
        after = {f: getattr(obj, f) for f in USER_AUDIT_FIELDS}
        b = {k: v for k, v in before.items() if after.get(k) != v}
        a = {k: v for k, v in after.items() if before.get(k) != v}
        if password_changed:
            a["password"] = "changed"  # never the hash
        if a:
            audit_record(actor=request.user, action="user.update" if change else "user.create",
                         obj=obj, object_id=obj.username, before=b or None, after=a)

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        roles = formset.save(commit=False)
        for role in formset.deleted_objects:
            role_revoke(actor=request.user, role=role)
        for role in roles:
            if role.pk:
                # Changing a role in place is a revoke plus a grant, audited as such.
                old = Role.objects.get(pk=role.pk)
                role_revoke(actor=request.user, role=old)
            role_grant(actor=request.user, user=form.instance, unit=role.unit, kind=role.kind)


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """Tokens are issued with `quantriet issue-token` (the raw key is shown once there);
    here they are listed and revoked."""

    list_display = ("name", "user", "created_at", "last_used_at", "revoked")
    fields = ("name", "user", "created_at", "last_used_at", "revoked")
    readonly_fields = ("name", "user", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
