from django.contrib import admin

from .models import IssuedDocument, NarrativeSection, PlanDocument, Recipient


class NarrativeInline(admin.StackedInline):
    model = NarrativeSection
    extra = 0


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):
    list_display = ["commune", "year", "subject", "issued_on", "signer_name"]
    list_filter = ["year"]
    search_fields = ["commune__name", "subject"]
    inlines = [RecipientInline, NarrativeInline]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """Issued versions are frozen: readable here, never edited or deleted."""

    list_display = ["document", "version", "issued_at", "issued_by", "sha256"]
    readonly_fields = ["document", "version", "issued_at", "issued_by", "pdf", "sha256", "size_bytes", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
