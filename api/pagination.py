"""Cursor pagination on an integer key: stable while rows are added, and a tampered cursor is a 400."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from .errors import bad_request

INVALID_CURSOR = _("Con trỏ trang (cursor) không hợp lệ; dùng nguyên giá trị của liên kết next hoặc previous.")


class KeyCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise bad_request(INVALID_CURSOR, "invalid_cursor") from None
        if cursor is not None and cursor.position is not None and not cursor.position.lstrip("-").isdigit():
            raise bad_request(INVALID_CURSOR, "invalid_cursor")
        return cursor
