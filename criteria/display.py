"""How targets, measured values and verdicts read: one statement for pages, PDFs, DOCX and XLSX.

Templates reach these through the `criteria_tags` filters; the plan document and the dashboards call them.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import format_decimal, format_percent, group_thousands

from .models import Comparator, IndicatorUnit, Verdict

VERDICT_STYLE = {Verdict.MET: "text-bg-success", Verdict.NOT_MET: "text-bg-danger"}
NOT_ASSESSED_STYLE = "text-bg-light border"
UNITLESS = (IndicatorUnit.NUMBER, IndicatorUnit.BOOLEAN, IndicatorUnit.TEXT)


def unit_suffix(unit: str) -> str:
    """ "%" for a percentage, the unit's name for others ("triệu đồng/người/năm"); nothing for plain numbers."""
    if unit in UNITLESS:
        return ""
    return "%" if unit == IndicatorUnit.PERCENT else str(IndicatorUnit(unit).label)


def with_unit(number_text: str, unit: str) -> str:
    suffix = unit_suffix(unit)
    return f"{number_text} {suffix}" if suffix else number_text


def comparator_symbol(comparator: str) -> str:
    """ "≥", "≤", "=" for numbers; "Đạt" for a yes/no indicator."""
    return str(Comparator(comparator).label)


def threshold_text(comparator: str, value: Decimal, unit: str) -> str:
    """ "≥ 44 triệu đồng/người/năm", "≥ 55 %"."""
    return f"{comparator_symbol(comparator)} {with_unit(format_decimal(value, 2), unit)}"


def target_text(target, unit: str, *, with_unit: bool = True, wording_first: bool = False) -> str:
    """A `criteria.results.Target` as text: "Đạt", "≥ 55 %"; its wording, or "", when no figure is known.

    The plan document's tables print the set's own wording when it has one (`wording_first`) and give the
    unit in a column of its own (`with_unit=False`); pages print the figure with its unit.
    """
    if wording_first and target.text:
        return target.text
    if target.comparator == Comparator.YES:
        return comparator_symbol(Comparator.YES)
    if target.value is None:
        return target.text
    return threshold_text(target.comparator, target.value, unit if with_unit else IndicatorUnit.NUMBER)


def measured_text(item, *, unit: bool = True) -> str:
    """An `IndicatorResult`'s figure: "752/1.250 = 60,16 %", "Đạt", "58 triệu đồng/người/năm"; "" if none."""
    value = item.value
    if value is None or value.is_empty:
        return ""
    if value.has_ratio:
        return f"{counts_text(value)} = {format_percent(item.display_percent)}"
    if item.indicator.comparator == Comparator.YES or (value.value_bool is not None and value.value_number is None):
        return "" if value.value_bool is None else (_("Đạt") if value.value_bool else _("Chưa đạt"))
    if value.value_number is not None:
        number = format_decimal(value.value_number, 2)
        return with_unit(number, item.indicator.unit) if unit else number
    return ""


def value_text(item, *, unit: bool = True) -> str:
    """The figure, or the official's words when the value is only text."""
    return measured_text(item, unit=unit) or (item.value.value_text if item.value is not None else "")


def counts_text(value) -> str:
    """A ratio's counts: "752/1.250"."""
    return f"{group_thousands(value.numerator)}/{group_thousands(value.denominator)}"


def dated_value_text(item) -> str:
    """The figure as the plan document's tables print it: a ratio with its percent in brackets and the day it was
    counted ("752/1.250 (60,16 %), tính đến 31/03/2024"); any other value as `value_text`, without its unit."""
    value = item.value
    if value is not None and value.has_ratio:
        as_of = _(", tính đến %(day)s") % {"day": value.as_of.strftime("%d/%m/%Y")} if value.as_of else ""
        return f"{counts_text(value)} ({format_percent(item.display_percent)}){as_of}"
    return value_text(item, unit=False)


def shortfall_text(item) -> str:
    """How far a result falls short, in the indicator's unit: "7,5 %", "3 triệu đồng/người/năm"."""
    if item.shortfall is None:
        return ""
    return with_unit(format_decimal(item.shortfall, 2), item.indicator.unit)


def verdict_label(verdict: str, overridden: bool = False, *, concluded: bool = False) -> str:
    """ "Đạt", "Chưa đạt", "Chưa đánh giá"; "(điều chỉnh)" after a verdict the commune set by hand,
    "(kết luận thẩm định)" after the office's own verdict in its appraisal (`concluded`)."""
    label = str(Verdict(verdict).label)
    if concluded:
        return f"{label} ({_('kết luận thẩm định')})"
    return f"{label} ({_('điều chỉnh')})" if overridden else label


def verdict_style(verdict: str) -> str:
    """The badge colour of a verdict on screen (print is grey)."""
    return VERDICT_STYLE.get(verdict, NOT_ASSESSED_STYLE)
