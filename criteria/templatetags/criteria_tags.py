"""Template filters over criteria/display.py: `{% load criteria_tags %}`."""

from django import template

from criteria import display
from criteria.evaluation import base_target as indicator_base_target

register = template.Library()


@register.filter
def target_text(target, indicator):
    """{{ item.target|target_text:item.indicator }} → "≥ 44 triệu đồng/người/năm" ("" when unknown)"""
    return display.target_text(target, indicator.unit)


@register.filter
def base_target(indicator):
    """{% with target=indicator|base_target %}: the indicator's own target (no year targets)."""
    return indicator_base_target(indicator)


@register.filter
def threshold_text(value, indicator):
    """{{ year_target.value|threshold_text:indicator }} → "≥ 44 triệu đồng/người/năm" """
    return display.threshold_text(indicator.comparator, value, indicator.unit)


@register.filter
def measured_text(item):
    """{{ item|measured_text }} → "752/1.250 = 60,16 %" ("" when nothing is recorded)"""
    return display.measured_text(item)


@register.filter
def shortfall_text(item):
    """{{ item|shortfall_text }} → "7,5 %" ("" when nothing is missing)"""
    return display.shortfall_text(item)


@register.filter
def verdict_label(verdict):
    return display.verdict_label(verdict)


@register.filter
def verdict_style(verdict):
    return display.verdict_style(verdict)
