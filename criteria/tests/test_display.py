"""criteria/display.py: one wording of targets, values and verdicts for every page and document."""

from decimal import Decimal

from criteria import display
from criteria.models import Comparator, Indicator, IndicatorUnit, IndicatorValue, Verdict
from criteria.results import IndicatorResult, Target


def result(indicator, value=None, verdict=Verdict.NOT_ASSESSED, shortfall=None):
    target = Target(value=Decimal(55), comparator=indicator.comparator, text="", verified=True)
    return IndicatorResult(indicator, value, None, target, "", verdict, shortfall=shortfall)


WATER = Indicator(code="18.1", unit=IndicatorUnit.PERCENT, comparator=Comparator.GTE)
INCOME = Indicator(code="10", unit=IndicatorUnit.MILLION_VND, comparator=Comparator.GTE)
PLANNING = Indicator(code="1.1", unit=IndicatorUnit.BOOLEAN, comparator=Comparator.YES)


def test_targets_read_with_their_symbol_and_unit():
    assert display.target_text(Target(Decimal(55), ">=", "", True), IndicatorUnit.PERCENT) == "≥ 55 %"
    assert display.target_text(Target(Decimal(44), ">=", "", False), INCOME.unit) == "≥ 44 triệu đồng/người/năm"
    assert display.target_text(Target(None, "yes", "", True), IndicatorUnit.BOOLEAN) == "Đạt"
    assert display.target_text(Target(None, ">=", "theo quy hoạch", False), IndicatorUnit.NUMBER) == "theo quy hoạch"
    assert display.threshold_text("<=", Decimal("2.5"), IndicatorUnit.NUMBER) == "≤ 2,5"


def test_measured_values_read_as_officials_write_them():
    ratio = result(WATER, IndicatorValue(numerator=752, denominator=1250))
    assert display.measured_text(ratio) == "752/1.250 = 60,16 %"
    assert display.measured_text(result(INCOME, IndicatorValue(value_number=Decimal(58)))) == (
        "58 triệu đồng/người/năm"
    )
    assert display.measured_text(result(INCOME, IndicatorValue(value_number=Decimal(58))), unit=False) == "58"
    assert display.measured_text(result(PLANNING, IndicatorValue(value_bool=False))) == "Chưa đạt"
    assert display.measured_text(result(PLANNING)) == ""
    words = result(PLANNING, IndicatorValue(value_text="Đang lập quy hoạch"))
    assert (display.measured_text(words), display.value_text(words)) == ("", "Đang lập quy hoạch")


def test_verdicts_and_shortfalls():
    assert display.verdict_label(Verdict.MET) == "Đạt"
    assert display.verdict_label(Verdict.NOT_MET, overridden=True) == "Chưa đạt (điều chỉnh)"
    assert display.verdict_style(Verdict.MET) == "text-bg-success"
    assert display.verdict_style(Verdict.NOT_ASSESSED) == display.NOT_ASSESSED_STYLE
    assert display.shortfall_text(result(WATER, shortfall=Decimal("7.5"))) == "7,5 %"
    assert display.shortfall_text(result(WATER)) == ""


def test_the_plan_tables_print_the_sets_wording_first_and_the_unit_apart():
    worded = Target(Decimal(44), ">=", "≥ 44 triệu đồng (năm 2023)", True)
    assert display.target_text(worded, INCOME.unit, with_unit=False, wording_first=True) == worded.text
    plain = Target(Decimal(44), ">=", "", True)
    assert display.target_text(plain, INCOME.unit, with_unit=False, wording_first=True) == "≥ 44"
    assert display.target_text(plain, INCOME.unit) == "≥ 44 triệu đồng/người/năm"
