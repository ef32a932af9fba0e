from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin

from .models import IssuedDocument, NarrativeSection, PlanDocument, Recipient


class NarrativeInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = NarrativeSection
    extra = 0


class RecipientInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Recipient
    extra = 0


@admin.register(PlanDocument)
class PlanDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only here: documents are edited on the portal's edit page, through the audited services."""

    list_display = ["commune", "year", "subject", "issued_on", "signer_name"]
    list_filter = ["year"]
    search_fields = ["commune__name", "subject"]
    inlines = [RecipientInline, NarrativeInline]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Issued versions are frozen: readable here, never edited or deleted."""

    list_display = ["document", "version", "issued_at", "issued_by", "sha256"]
    readonly_fields = ["document", "version", "issued_at", "issued_by", "pdf", "sha256", "size_bytes", "note"]
