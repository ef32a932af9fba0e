from django.contrib import admin

from .models import IssuedDocument, NarrativeSection, PlanDocument, Recipient


class ReadOnlyInline:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NarrativeInline(ReadOnlyInline, admin.StackedInline):
    model = NarrativeSection
    extra = 0


class RecipientInline(ReadOnlyInline, admin.TabularInline):
    model = Recipient
    extra = 0


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):
    """Read-only here: documents are edited on the portal's edit page, through the audited services."""

    list_display = ["commune", "year", "subject", "issued_on", "signer_name"]
    list_filter = ["year"]
    search_fields = ["commune__name", "subject"]
    inlines = [RecipientInline, NarrativeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
