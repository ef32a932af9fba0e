"""The dashboards and the plan read income, clean water and OCOP by `Indicator.key`, whatever the numbering.

A set numbered like the 2026–2030 one (income is not criterion 10, the OCOP indicator does not say "OCOP")
must still feed the trends and the plan; an indicator that merely looks like income must not.
"""

import datetime
from decimal import Decimal

import pytest

from criteria.evaluation import evaluate
from criteria.models import (
    Assessment,
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKey,
    IndicatorUnit,
    IndicatorValue,
    SetLevel,
)
from reports.dashboards import build_commune_dashboard
from reports.sections import income_sentence, ocop_lines

pytestmark = pytest.mark.django_db


def indicator(criteria_set, number, code, unit, comparator=Comparator.GTE, key=""):
    criterion, _new = Criterion.objects.get_or_create(
        criteria_set=criteria_set, number=number, defaults={"name": f"Tiêu chí {number}"}
    )
    return Indicator.objects.create(
        criterion=criterion, code=code, content=f"Chỉ tiêu {code}", unit=unit, comparator=comparator, key=key
    )


@pytest.fixture
def renumbered(quang_giao):
    """A 2026-style set: criterion 10 is a million-đồng figure that is not income; income is criterion 3."""
    criteria_set = CriteriaSet.objects.create(code="MOI-2026", name="Bộ mới", level=SetLevel.XA_NTM)
    decoy = indicator(criteria_set, 1, "1.1", IndicatorUnit.MILLION_VND)
    income = indicator(criteria_set, 3, "3.1", IndicatorUnit.MILLION_VND, key=IndicatorKey.INCOME)
    decoy_10 = indicator(criteria_set, 10, "10.1", IndicatorUnit.MILLION_VND)
    water = indicator(criteria_set, 7, "7.2", IndicatorUnit.PERCENT, key=IndicatorKey.CLEAN_WATER)
    ocop = indicator(criteria_set, 8, "8.4", IndicatorUnit.BOOLEAN, Comparator.YES, key=IndicatorKey.OCOP)
    assessment = Assessment.objects.create(unit=quang_giao, year=2026, criteria_set=criteria_set)
    for item, number in ((decoy, 5), (income, 71), (decoy_10, 9)):
        IndicatorValue.objects.create(assessment=assessment, indicator=item, value_number=Decimal(number))
    IndicatorValue.objects.create(assessment=assessment, indicator=water, numerator=3, denominator=4)
    IndicatorValue.objects.create(assessment=assessment, indicator=ocop, value_bool=False)
    return assessment


def test_the_trends_follow_the_keyed_indicators_not_criterion_10(quang_giao, renumbered):
    trends = {t.key: t for t in build_commune_dashboard(quang_giao, 2026, datetime.date(2026, 6, 1)).trends}
    assert [(point.year, point.value) for point in trends["income"].points] == [(2026, Decimal(71))]
    assert [(point.year, point.value) for point in trends["water"].points] == [(2026, Decimal("75.00"))]


def test_the_plan_names_the_keyed_income_not_the_first_million_dong_figure(renumbered):
    sentence = income_sentence([evaluate(renumbered)], "Quảng Giao", 2026)
    assert "71 triệu đồng/người/năm" in sentence


def test_the_plan_knows_there_is_no_ocop_product_from_the_keyed_indicator(quang_giao, renumbered):
    assert ocop_lines(quang_giao, 2026, [evaluate(renumbered)]) == []


def test_an_indicator_mentioning_ocop_without_the_key_says_nothing_about_products(quang_giao, renumbered):
    Indicator.objects.filter(key=IndicatorKey.OCOP).update(key="", content="Có sản phẩm OCOP 3 sao")
    assert ocop_lines(quang_giao, 2026, [evaluate(renumbered)]) is None
