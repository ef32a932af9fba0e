"""Every refusal of the API as JSON, in Vietnamese and English, with its status (docs/api.md, "Lỗi / Errors").

`{"error": "unknown_filter", "detail": "<tiếng Việt>", "detail_en": "<English>", "fields": {...}}`. A refusal is
the client's mistake (400, 401, 404, 429), never a server error: nothing here is logged above a warning.
"""

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response


class ApiError(exceptions.APIException):
    """A refusal with a message written in Vietnamese (translated to English in the answer) and a stable code."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, message, code: str, status_code: int = status.HTTP_400_BAD_REQUEST, params=None, field=None):
        super().__init__(message, code)
        self.message = message
        self.params = params
        self.error_code = code
        self.status_code = status_code
        self.field = field


def bad_request(message, code: str, *, params: dict | None = None, field: str | None = None) -> ApiError:
    """`message` is formatted with `params` in each language; `field` names the parameter it is about."""
    return ApiError(message, code, params=params, field=field)


def unauthorized(message, code: str) -> ApiError:
    return ApiError(message, code, status.HTTP_401_UNAUTHORIZED)


# The framework's own refusals, with our wording.
FRAMEWORK = {
    exceptions.NotAuthenticated: (
        "not_authenticated",
        _("Cần đăng nhập hoặc gửi mã truy cập trong tiêu đề Authorization: Bearer <mã>."),
    ),
    exceptions.AuthenticationFailed: ("authentication_failed", _("Mã truy cập không hợp lệ.")),
    exceptions.NotFound: ("not_found", _("Không tìm thấy bản ghi (hoặc bạn không có quyền xem bản ghi này).")),
    exceptions.PermissionDenied: ("permission_denied", _("Bạn không có quyền thực hiện thao tác này.")),
    exceptions.MethodNotAllowed: ("method_not_allowed", _("API chỉ cho phép đọc (GET).")),
    exceptions.NotAcceptable: ("not_acceptable", _("Định dạng yêu cầu không được hỗ trợ; dùng JSON hoặc CSV.")),
    exceptions.Throttled: ("throttled", _("Quá nhiều yêu cầu; hãy thử lại sau ít phút.")),
}


def in_both(message, params: dict | None = None) -> tuple[str, str]:
    texts = []
    for language in ("vi", "en"):
        with translation.override(language):
            texts.append(str(message) % params if params else str(message))
    return texts[0], texts[1]


def exception_handler(exc, context):
    """REST framework's handler, answering in the shape above; anything else is a real error and propagates."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if not isinstance(exc, exceptions.APIException):
        return None
    if isinstance(exc, ApiError):
        code, message, params, field = exc.error_code, exc.message, exc.params, exc.field
    else:
        code, message = next(
            (answer for kind, answer in FRAMEWORK.items() if isinstance(exc, kind)),
            ("invalid", _("Yêu cầu không hợp lệ.")),
        )
        params = field = None
    vietnamese, english = in_both(message, params)
    body = {"error": code, "detail": vietnamese, "detail_en": english}
    if field:
        body["fields"] = {field: vietnamese}
    headers = {}
    if exc.status_code == status.HTTP_401_UNAUTHORIZED:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'

    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    return Response(body, status=exc.status_code, headers=headers)
