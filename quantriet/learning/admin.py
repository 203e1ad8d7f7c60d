"""Admin pages: read-only views of records written through the learning services."""

from django.contrib import admin

from quantriet.admin_site import ReadOnlyAdminMixin
from quantriet.orgs import access

from .models import ActionPlan, LearningReport, LearningSettings, ReportReview, Topic


class ScopedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rows limited to the officer's subtrees (by `scope_field`)."""

    scope_field = "unit__path"

    def get_queryset(self, request):
        return access.scope(super().get_queryset(request), request.user, self.scope_field)

    def has_module_permission(self, request):
        return access.is_officer_anywhere(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return access.is_officer_anywhere(request.user)
        return self.get_queryset(request).filter(pk=obj.pk).exists()


@admin.register(LearningReport)
class LearningReportAdmin(ScopedAdmin):
    list_display = ("member", "campaign", "unit", "status", "source", "submitted_at",
                    "is_late", "grade")
    list_filter = ("status", "source", "is_late")
    search_fields = ("member__member_id", "member__name_fold")
    list_select_related = ("member", "campaign", "unit")
    raw_id_fields = ("member", "unit", "grader")


@admin.register(ReportReview)
class ReportReviewAdmin(ScopedAdmin):
    scope_field = "report__unit__path"
    list_display = ("report", "decision", "grade", "reviewer", "at")
    list_select_related = ("report", "reviewer")


@admin.register(ActionPlan)
class ActionPlanAdmin(ScopedAdmin):
    list_display = ("member", "campaign", "unit", "self_assessed_at", "cell_rating")
    list_select_related = ("member", "campaign", "unit")
    raw_id_fields = ("member", "unit")


@admin.register(LearningSettings)
class LearningSettingsAdmin(ScopedAdmin):
    scope_field = "campaign__owner__path"
    list_display = ("campaign", "deadline", "scale_kind")


@admin.register(Topic)
class TopicAdmin(ScopedAdmin):
    scope_field = "campaign__owner__path"
    list_display = ("name", "campaign", "position")
