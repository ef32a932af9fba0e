"""Works and tasks in the admin: for looking up and for the administrator's reference, not for editing.

Officials change works, progress and tasks through the portal's pages, which apply the rules (reasons,
optimistic locking) and audit every change; the admin would bypass both, so it is read-only here.
"""

from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin

from .models import ProgressPhoto, ProgressUpdate, QuarterlyTask, Work


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class ProgressUpdateInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["date", "physical_percent", "disbursed_cumulative", "note", "reason", "recorded_by"]


@admin.register(Work)
class WorkAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "commune", "village", "category", "total_investment", "status", "version"]
    list_filter = ["status", "category", "planned_start_year", "commune"]
    search_fields = ["code", "name", "place"]
    list_select_related = ["commune", "village"]
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["work", "date", "physical_percent", "disbursed_cumulative", "recorded_by"]
    list_select_related = ["work", "recorded_by"]
    search_fields = ["work__code", "work__name"]
    date_hierarchy = "date"


@admin.register(ProgressPhoto)
class ProgressPhotoAdmin(ReadOnlyAdmin):
    list_display = ["update", "stage", "image"]
    list_select_related = ["update__work"]


@admin.register(QuarterlyTask)
class QuarterlyTaskAdmin(ReadOnlyAdmin):
    list_display = ["commune", "year", "quarter", "position", "text", "amount", "amount_qualifier", "work", "status"]
    list_filter = ["year", "quarter", "status", "commune"]
    search_fields = ["text", "responsible"]
    list_select_related = ["commune", "work"]
