"""Vietnamese formats for templates; loaded as a builtin, so every template has them."""

from django import template

from core import money, periods, text

register = template.Library()


@register.filter
def vnd(amount, qualifier=""):
    """{{ 2981839000|vnd }} → 2.981.839.000 đồng"""
    return money.format_vnd(amount, qualifier or "")


@register.filter
def vnd_short(amount, qualifier=""):
    """{{ 22300000000|vnd_short }} → 22,3 tỷ đồng"""
    return money.format_vnd_short(amount, qualifier or "")


@register.filter
def percent(value, places=2):
    """{{ 60.16|percent }} → 60,16 %"""
    return money.format_percent(value, int(places))


@register.filter
def number(value, places=0):
    """{{ 1250|number }} → 1.250; {{ 6.5|number:1 }} → 6,5"""
    if value in (None, ""):
        return ""
    return money.format_decimal(value, int(places))


@register.filter
def long_date(value):
    """{{ date|long_date }} → ngày 09 tháng 4 năm 2024"""
    return text.long_date(value) if value else ""


@register.simple_tag
def quarter_label(quarter, year):
    """{% quarter_label task.quarter task.year %} → Quý 2/2024 (Quarter 2/2024 in English)"""
    return periods.quarter_label(quarter, year)
