"""Read-only admin screens, scoped through the access module. Programs change through their
pages (services enforce comment answers, adoption and the lock)."""

from django.contrib import admin

from quantriet.admin_site import ReadOnlyAdminMixin
from quantriet.orgs.admin import ScopedAdmin

from .models import Program, Task


class ReadOnlyScopedAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    pass


@admin.register(Program)
class ProgramAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "unit", "campaign", "adopted_on", "document_number")
    list_filter = ("campaign",)
    search_fields = ("title", "unit__code", "document_number")
    list_select_related = ("unit", "campaign")


@admin.register(Task)
class TaskAdmin(ReadOnlyScopedAdmin):
    unit_path_field = "program__unit__path"
    list_display = ("content", "lead_unit", "deadline", "weight", "progress")
    search_fields = ("content",)
    list_select_related = ("lead_unit",)
