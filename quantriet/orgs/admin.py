"""The Django admin for operators, scoped through the access module like every other view.

Officers (is_staff with an officer/admin role) see and change only their subtrees; the
unit field offers only units they may write. Writes go through the services, so they
keep the tree consistent and leave audit entries.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quantriet.admin_site import ReadOnlyAdminMixin

from . import access, services
from .models import ImportJob, Member, Membership, Unit


class ScopedAdmin(admin.ModelAdmin):
    """Base admin: queryset and permissions from orgs.access, never from Django perms."""

    # Lookup from this model to a unit path, e.g. "path" or "unit__path".
    unit_path_field = "unit__path"

    def get_queryset(self, request):
        return access.scope(super().get_queryset(request), request.user, self.unit_path_field)

    def has_module_permission(self, request):
        return access.is_officer_anywhere(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return access.is_officer_anywhere(request.user)
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.units_writable_by(request.user).exists()
        return access.scope(self.model.objects.filter(pk=obj.pk), request.user,
                            self.unit_path_field, write=True).exists()

    def has_add_permission(self, request):
        return access.units_writable_by(request.user).exists()

    def has_delete_permission(self, request, obj=None):
        # Nothing with history is deleted: deactivate instead.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Unit:
            kwargs["queryset"] = access.units_writable_by(request.user).active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("unit", "start_date", "end_date", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    unit_path_field = "path"
    list_display = ("code", "name", "kind", "parent", "depth", "active")
    list_filter = ("kind", "active", "depth")
    search_fields = ("code", "name", "name_fold")
    list_select_related = ("parent",)
    readonly_fields = ("path", "depth", "deactivated_on")
    fields = ("code", "name", "kind", "parent", "active", "deactivated_on", "path", "depth")

    def get_readonly_fields(self, request, obj=None):
        ro = list(self.readonly_fields)
        if obj is not None:
            # The code is stable once created; moves and activation go through services.
            ro += ["code", "parent", "active"]
        return ro

    def save_model(self, request, obj, form, change):
        if change:
            services.unit_update(actor=request.user, unit=obj, name=obj.name, kind=obj.kind)
            return
        parent = form.cleaned_data.get("parent")
        if parent is None and not access.is_superuser(request.user):
            raise ValidationError(_("Only a system administrator can create a top-level unit."))
        created = services.unit_create(actor=request.user, code=obj.code, name=obj.name,
                                       parent=parent, kind=obj.kind)
        obj.pk = created.pk
        obj.path = created.path

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "parent" in form.base_fields and not access.is_superuser(request.user):
            form.base_fields["parent"].required = True
        return form


@admin.register(Member)
class MemberAdmin(ScopedAdmin):
    list_display = ("full_name", "member_id", "unit", "status", "exempt", "active")
    list_filter = ("status", "exempt", "active", "gender")
    search_fields = ("member_id", "card_no", "name_fold")
    list_select_related = ("unit",)
    ordering = ("name_key",)
    inlines = [MembershipInline]
    fields = ("member_id", "card_no", "full_name", "birth_date", "gender", "unit", "status",
              "exempt", "exempt_reason", "active")

    def get_readonly_fields(self, request, obj=None):
        # The unit changes by transfer (dated history), the roll status by deactivation.
        return ("member_id", "unit", "active") if obj is not None else ()

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in form.cleaned_data if f not in (
            "member_id", "unit", "active")}
        if change:
            current = Member.objects.get(pk=obj.pk)
            services.member_update(actor=request.user, member=current, **data)
            return
        created = services.member_create(actor=request.user, unit=form.cleaned_data["unit"],
                                         member_id=form.cleaned_data["member_id"], **data)
        obj.pk = created.pk


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("original_name", "kind", "status", "created_by", "created_at")
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if access.is_superuser(request.user) else qs.filter(created_by=request.user)

    def has_module_permission(self, request):
        return access.is_officer_anywhere(request.user)

    def has_view_permission(self, request, obj=None):
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

