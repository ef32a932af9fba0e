"""Fixtures of the criteria app: a small set built in code (income by year, a ratio, a yes/no)."""

from decimal import Decimal

import pytest

from criteria.models import (
    Assessment,
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorUnit,
    IndicatorYearTarget,
    SetLevel,
    SetScope,
)


def make_set(code="TEST-NTM", *, level=SetLevel.XA_NTM, scope=SetScope.COMMUNE, criteria=3):
    """A set of `criteria` criteria; criterion 1 income by year, 2 clean water ratio ≥ 55, others yes/no."""
    criteria_set = CriteriaSet.objects.create(code=code, name=f"Bộ thử {code}", level=level, scope=scope)
    income = Criterion.objects.create(criteria_set=criteria_set, number=1, name="Thu nhập", group="Kinh tế")
    income_indicator = Indicator.objects.create(
        criterion=income,
        code="1",
        content="Thu nhập bình quân đầu người",
        unit=IndicatorUnit.MILLION_VND,
        comparator=Comparator.GTE,
        target_text="2023 ≥ 44; 2024 ≥ 47",
    )
    IndicatorYearTarget.objects.create(indicator=income_indicator, year=2023, value=Decimal(44))
    IndicatorYearTarget.objects.create(indicator=income_indicator, year=2024, value=Decimal(47), verified=True)
    if criteria >= 2:
        water = Criterion.objects.create(criteria_set=criteria_set, number=2, name="Môi trường", group="Môi trường")
        Indicator.objects.create(
            criterion=water,
            code="2.1",
            content="Tỷ lệ hộ dùng nước sạch tập trung",
            unit=IndicatorUnit.PERCENT,
            comparator=Comparator.GTE,
            target_value=Decimal(55),
            target_text="≥ 55%",
            verified=True,
        )
        Indicator.objects.create(
            criterion=water,
            code="2.2",
            content="Tỷ lệ nghèo đa chiều",
            unit=IndicatorUnit.PERCENT,
            comparator=Comparator.LTE,
            target_value=None,
            target_text="≤ ?%",
        )
    for number in range(3, criteria + 1):
        criterion = Criterion.objects.create(criteria_set=criteria_set, number=number, name=f"Tiêu chí {number}")
        Indicator.objects.create(
            criterion=criterion,
            code=f"{number}.1",
            content=f"Chỉ tiêu có/không {number}",
            unit=IndicatorUnit.BOOLEAN,
            comparator=Comparator.YES,
            target_text="Đạt",
        )
    return criteria_set


@pytest.fixture
def small_set(db):
    return make_set()


@pytest.fixture
def assessment_2023(quang_giao, small_set):
    return Assessment.objects.create(unit=quang_giao, year=2023, criteria_set=small_set)


@pytest.fixture
def indicators(small_set):
    """The small set's indicators by code."""
    return {indicator.code: indicator for indicator in Indicator.objects.filter(criterion__criteria_set=small_set)}
