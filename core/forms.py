"""Form building blocks every app uses: clean text, money in Vietnamese notation."""

from django import forms
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
