"""Personal tokens in the Authorization header (`Bearer ntm_…`); never in the address, where logs keep it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication

from .errors import bad_request, unauthorized
from .tokens import TOKEN_PREFIX, token_for

KEYWORDS = ("bearer", "token")
# Parameter names a client may put a token under; any value that looks like a token is refused as well.
TOKEN_PARAMETERS = {"token", "access_token", "api_key", "apikey", "key", "auth"}


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        refuse_token_in_address(request)
        header = str(request.META.get("HTTP_AUTHORIZATION", "")).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise unauthorized(_("Tiêu đề Authorization phải có dạng: Bearer <mã truy cập>."), "malformed_header")
        token = token_for(header[1]) if header[1].isascii() else None
        if token is None:
            raise unauthorized(_("Mã truy cập không đúng."), "invalid_token")
        if token.is_revoked:
            raise unauthorized(_("Mã truy cập đã bị thu hồi."), "revoked_token")
        if token.has_expired:
            raise unauthorized(_("Mã truy cập đã hết hạn; hãy tạo mã mới trên trang Mã truy cập API."), "expired_token")
        if not token.user.is_active:
            raise unauthorized(_("Tài khoản của mã truy cập này đã bị khóa."), "inactive_user")
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def refuse_token_in_address(request):
    params = request.query_params
    if TOKEN_PARAMETERS & {name.lower() for name in params} or any(
        value.startswith(TOKEN_PREFIX) for value in params.values()
    ):
        raise bad_request(
            _(
                "Không gửi mã truy cập trong địa chỉ (nhật ký máy chủ lưu địa chỉ); gửi trong tiêu đề "
                "Authorization: Bearer <mã>. Hãy thu hồi mã này và tạo mã mới."
            ),
            "token_in_query_string",
        )
