"""Read-only admin screens for system administrators; officers use the app's pages, which
scope flags to both members' units (a rule the generic admin cannot express)."""

from django.contrib import admin

from quantriet.admin_site import ReadOnlyAdminMixin
from quantriet.orgs import access

from .models import CheckRun, CopyMatch, ReferenceText


class SuperuserReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def has_module_permission(self, request):
        return access.is_superuser(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_superuser(request.user)


@admin.register(ReferenceText)
class ReferenceTextAdmin(SuperuserReadOnlyAdmin):
    list_display = ("name", "kind", "campaign", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(CopyMatch)
class CopyMatchAdmin(SuperuserReadOnlyAdmin):
    list_display = ("pk", "campaign", "kind", "a", "b", "reference", "score", "status")
    list_filter = ("status", "kind")
    list_select_related = ("campaign", "a", "b", "reference")
    raw_id_fields = ("a", "b", "reference", "decided_by")


@admin.register(CheckRun)
class CheckRunAdmin(SuperuserReadOnlyAdmin):
    list_display = ("pk", "campaign", "status", "created_at", "finished_at", "reports",
                    "pairs", "reference_matches", "clusters")
