"""Read-only admin screens, scoped through the access module: assignments and evaluations
change only through their pages (services check overlaps and session ends)."""

from django.contrib import admin

from quantriet.admin_site import ReadOnlyAdminMixin
from quantriet.orgs.admin import ScopedAdmin

from .models import Assignment, Evaluation


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ("meeting", "bridge_point", "unit", "inspector", "starts_at", "ends_at")
    list_select_related = ("meeting", "bridge_point", "unit", "inspector")
    search_fields = ("meeting__code", "bridge_point__code", "inspector__username")


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    unit_path_field = "assignment__unit__path"
    list_display = ("assignment", "rating", "submitted_at")
    list_select_related = ("assignment",)
    list_filter = ("rating",)
