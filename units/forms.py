from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    # Django's Vietnamese catalogue leaves these untranslated; an official must read why login failed.
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng nhập chính xác (phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Liên hệ quản trị hệ thống."),
    }
