"""Read-only admin screens, scoped through the access module. Questionnaires change through
their pages, the API and the services. Responses and answers have no admin screen: an
anonymous ballot's answers are only ever shown aggregated."""

from django.contrib import admin

from quantriet.admin_site import ReadOnlyAdminMixin
from quantriet.orgs import access
from quantriet.orgs.admin import ScopedAdmin

from .models import PaperCount, Questionnaire


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ("code", "title", "purpose", "owner", "anonymous", "opens_at", "closes_at")
    list_filter = ("purpose", "anonymous")
    list_select_related = ("owner",)
    search_fields = ("code", "title")

    def get_queryset(self, request):
        return access.questionnaires_visible_to(request.user)


@admin.register(PaperCount)
class PaperCountAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ("questionnaire", "bridge_point", "unit", "ballots", "updated_at")
    list_select_related = ("questionnaire", "bridge_point", "unit")
