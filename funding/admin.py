from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin

from .models import FundingSource, MoneyLine
from .services import funding_source_save


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "contribution", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["kind", "contribution", "is_active"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change):
        funding_source_save(user=request.user, source=obj)

    def has_delete_permission(self, request, obj=None):
        return False  # sources with lines are protected; retire a source by unticking "đang dùng"


@admin.register(MoneyLine)
class MoneyLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only here: communes' lines change through the portal's forms and import, which audit them."""

    list_display = ["commune", "year", "source", "stage", "amount", "amount_qualifier", "work"]
    list_filter = ["year", "stage", "source"]
    list_select_related = ["commune", "source", "work"]
    search_fields = ["note", "work__name", "commune__name"]
