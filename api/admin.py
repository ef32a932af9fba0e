"""Administrators see every token (never the token itself: only its first characters) and the log of their uses."""

from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin

from .models import ApiToken, TokenUse


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    search_fields = ["user__username", "name", "prefix"]
    exclude = ["key_hash"]


@admin.register(TokenUse)
class TokenUseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "user", "token", "method", "path", "query", "status"]
    list_filter = ["status"]
    search_fields = ["user__username", "path"]
    date_hierarchy = "at"
