"""Read-only admin screens, scoped through the access module. Campaigns and deliverables
change through their pages and the API (services build the roll and the counters)."""

from django.contrib import admin

from quantriet.admin_site import ReadOnlyAdminMixin
from quantriet.orgs import access
from quantriet.orgs.admin import ScopedAdmin

from .models import Campaign, Deliverable, Document


class ReadOnlyScopedAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    pass


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Directives from above are public to every officer."""

    list_display = ("number", "type_code", "issuer_code", "issued_on", "title")
    list_filter = ("type_code", "year")
    search_fields = ("title", "number", "issuer_code")

    def has_module_permission(self, request):
        return access.is_officer_anywhere(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_officer_anywhere(request.user)


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyScopedAdmin):
    list_display = ("code", "title", "owner", "roll_date")
    list_select_related = ("owner",)
    search_fields = ("code", "title")

    def get_queryset(self, request):
        return access.campaigns_visible_to(request.user)


@admin.register(Deliverable)
class DeliverableAdmin(ReadOnlyScopedAdmin):
    list_display = ("campaign", "unit", "kind", "due_on", "received_on", "document_number")
    list_filter = ("kind",)
    list_select_related = ("campaign", "unit")
