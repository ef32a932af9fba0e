"""Vietnamese widgets for django-import-export: text (NFC, no markup), money, whole numbers, dates, choices."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.money import Money, group_thousands, parse_money
from core.text import clean_text

from .workbook import cell_text


def error_text(error) -> str:
    """An import error as the user should read it (a ValidationError's messages, not its repr)."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class TextWidget(widgets.CharWidget):
    """NFC text, trimmed, markup refused; `required` is the message for an empty cell (else it is allowed)."""

    def __init__(self, *, required=None, **kwargs):
        super().__init__(**kwargs)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "" and self.required:
            raise ValueError(self.required)
        try:
            return clean_text(text)  # the same rule as the forms' CleanTextMixin
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error


class MoneyWidget(widgets.Widget):
    """ "2.981.839.000", "22,3 tỷ", "gần 500 triệu", or a number cell; cleans to `Money` (or None)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or cell_text(value) == "":
            return None
        if isinstance(value, bool):
            raise ValueError(_("Số tiền không hợp lệ."))
        if isinstance(value, (int, float, Decimal)):
            if value < 0:
                raise ValueError(_("Số tiền không được âm."))
            if value != int(value):
                raise ValueError(_("Số tiền phải là số đồng nguyên."))
            return parse_money(str(int(value)))
        try:
            return parse_money(cell_text(value))
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from error

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, Money):
            text = group_thousands(value.amount)
            return f"{value.qualifier} {text}" if value.qualifier else text
        return group_thousands(value)


class IntegerWidget(widgets.Widget):
    def __init__(self, *, label, minimum, maximum, required=None):
        super().__init__()
        self.label, self.minimum, self.maximum, self.required = label, minimum, maximum, required

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            if self.required:
                raise ValueError(self.required)
            return None
        try:
            number = int(text)
        except ValueError as error:
            raise ValueError(
                _("%(label)s “%(value)s” không phải là số nguyên.") % {"label": self.label, "value": text}
            ) from error
        if not self.minimum <= number <= self.maximum:
            raise ValueError(
                _("%(label)s phải từ %(min)s đến %(max)s.")
                % {"label": self.label, "min": self.minimum, "max": self.maximum}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if text == "":
            raise ValueError(_("Chưa nhập ngày."))
        try:
            return datetime.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError as error:
            raise ValueError(
                _("Ngày “%(value)s” không hợp lệ hoặc không tồn tại; nhập theo dạng dd/mm/yyyy.") % {"value": text}
            ) from error

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class ChoiceLabelWidget(widgets.Widget):
    """Choices by their Vietnamese label ("Giao thông"), the stored value accepted too."""

    def __init__(self, choices, *, label):
        super().__init__()
        self.choices, self.label = choices, label

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return None
        for stored, shown in self.choices:
            if text.lower() in (str(shown).lower(), stored):
                return stored
        allowed = ", ".join(str(shown) for _stored, shown in self.choices)
        raise ValueError(
            _("%(label)s “%(value)s” không có trong danh mục (%(allowed)s).")
            % {"label": self.label, "value": text, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class MoneyField(fields.Field):
    """Sets the amount and its qualifier ("gần") together."""

    def __init__(self, *, qualifier_attribute, **kwargs):
        super().__init__(widget=MoneyWidget(), **kwargs)
        self.qualifier_attribute = qualifier_attribute

    def save(self, instance, row, is_m2m=False, **kwargs):
        money = self.clean(row, **kwargs)
        setattr(instance, self.attribute, money.amount if money else None)
        setattr(instance, self.qualifier_attribute, money.qualifier if money else "")

    def get_value(self, instance):
        amount = getattr(instance, self.attribute)
        return None if amount is None else Money(amount, getattr(instance, self.qualifier_attribute))


def integer_field(attribute: str, label, *, minimum: int, maximum: int, required=None) -> fields.Field:
    """A whole-number column whose header is also the name used in its error messages."""
    widget = IntegerWidget(label=label, minimum=minimum, maximum=maximum, required=required)
    return fields.Field(attribute=attribute, column_name=label, widget=widget)
