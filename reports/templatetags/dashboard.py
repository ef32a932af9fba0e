"""`{% gap_value value unit_suffix none_text %}`: a figure of the commune dashboard's gap table, page and print.

A tag rather than an included template: the table says it once or twice a row, and an include cost each of them
a template's context and nodes (the commune dashboard's target is 60 ms, issue 14).
"""

from django import template
from django.utils.translation import gettext as _

from core.money import format_decimal

register = template.Library()


@register.simple_tag
def gap_value(value, unit_suffix="", none_text="") -> str:
    """ "Đạt", "Chưa đạt" (yes/no), "99,8 %" (a figure, two decimals at most, with its unit), or `none_text` where
    nothing was given ("—" without one)."""
    if value is True:
        return _("Đạt")
    if value is False:
        return _("Chưa đạt")
    if value is None:
        return none_text or "—"
    return f"{format_decimal(value, 2)} {unit_suffix}"
