"""Read-only admin screens, scoped through the access module. Attendance changes only
through the tick-list, QR check-in, sign-in sheets and the API (the services keep the
de-duplication and the counters)."""

from django.contrib import admin

from quantriet.campaigns.admin import ReadOnlyScopedAdmin
from quantriet.orgs import access

from .models import Attendance, BridgePoint, Meeting, NonMemberCount


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyScopedAdmin):
    list_display = ("code", "title", "kind", "campaign", "organiser", "starts_at")
    list_filter = ("kind",)
    list_select_related = ("campaign", "organiser")
    search_fields = ("code", "title")

    def get_queryset(self, request):
        return access.meetings_visible_to(request.user)


@admin.register(BridgePoint)
class BridgePointAdmin(ReadOnlyScopedAdmin):
    unit_path_field = "host__path"
    list_display = ("code", "name", "meeting", "host")
    list_select_related = ("meeting", "host")
    search_fields = ("code", "name")


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyScopedAdmin):
    unit_path_field = "member__unit__path"
    list_display = ("meeting", "member", "status", "method", "bridge_point", "recorded_at")
    list_filter = ("status", "method")
    list_select_related = ("meeting", "member", "bridge_point")


@admin.register(NonMemberCount)
class NonMemberCountAdmin(ReadOnlyScopedAdmin):
    unit_path_field = "bridge_point__host__path"
    list_display = ("bridge_point", "category", "count", "updated_at")
    list_select_related = ("bridge_point",)
