"""The administrator keeps the checklist of each period and the period's required satisfaction share here (audited,
like the criteria sets); the dossiers themselves are filled on the portal's pages, only read here."""

from django.contrib import admin

from criteria.admin import AuditedAdmin, ReadOnlyAdmin

from .models import ChecklistItem, Dossier, DossierSetting


@admin.register(ChecklistItem)
class ChecklistItemAdmin(AuditedAdmin):
    list_display = ["title", "period", "level", "position", "source", "verified"]
    list_filter = ["period", "level", "source", "verified"]
    ordering = ["period", "level", "position"]


@admin.register(DossierSetting)
class DossierSettingAdmin(AuditedAdmin):
    list_display = ["period", "required_satisfaction", "basis"]


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "level", "households_asked", "households_answered", "households_satisfied"]
    list_filter = ["year", "level"]
