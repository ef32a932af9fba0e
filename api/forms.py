from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin

DAYS = [(30, _("30 ngày")), (90, _("90 ngày")), (365, _("1 năm"))]


class ApiTokenForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label=_("Tên mã truy cập"),
        max_length=80,
        help_text=_("Để nhận ra mã sau này, ví dụ: bản đồ của tỉnh, đồng bộ cơ sở dữ liệu quốc gia."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    days = forms.TypedChoiceField(
        label=_("Thời hạn"), choices=DAYS, coerce=int, initial=365, widget=forms.Select(attrs={"class": "form-select"})
    )
