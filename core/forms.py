"""Form building blocks every app uses: clean text, money in Vietnamese notation, the Excel upload."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .money import Money, format_vnd, parse_money
from .text import clean_text, nfc


class CleanTextMixin:
    """NFC-normalise every text field and refuse markup, before the form's own cleaning."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                try:
                    cleaned[name] = clean_text(value)
                except forms.ValidationError as error:
                    cleaned[name] = nfc(value).strip()
                    self.add_error(name, error)
        return cleaned


class MoneyField(forms.CharField):
    """Accepts "22,3 tỷ", "800 triệu", "2.981.839.000 đồng", "gần 500 triệu"; cleans to `Money`."""

    default_error_messages = {"required": _("Chưa nhập số tiền.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Ví dụ: 2.981.839.000 đồng, 22,3 tỷ, 800 triệu, gần 500 triệu."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Money):
            return format_vnd(value.amount, value.qualifier)
        if isinstance(value, int):
            return format_vnd(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_money(value)


class XlsxUploadForm(forms.Form):
    """The upload of every Excel import: an .xlsx (judged by its content, a zip) within UPLOAD_MAX_BYTES."""

    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        error_messages={"required": _("Chưa chọn tệp Excel.")},
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                % {"size": round(upload.size / 2**20, 1), "limit": settings.UPLOAD_MAX_BYTES // 2**20}
            )
        upload.seek(0)
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":  # an .xlsx is a zip archive; judge by content, not by the name
            raise forms.ValidationError(_("Tệp không phải là tệp Excel .xlsx."))
        return upload


DATE_ERROR = _("Ngày không hợp lệ hoặc không tồn tại; nhập theo dạng dd/mm/yyyy, ví dụ 09/04/2024.")


def date_field(label, required=True):
    """A day as officials write it, dd/mm/yyyy, with the number keyboard on a phone."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": DATE_ERROR, "required": _("Chưa nhập ngày.")},
    )
