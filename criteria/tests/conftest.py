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
    ProgrammePeriod,
    SetBasis,
    SetLevel,
    SetScope,
)
from criteria.services import indicator_value_save


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


@pytest.fixture
def complete(assessment_2023, indicators, official):
    """The small set's 2023 assessment with every indicator recorded: income 40 (target 44, not met)."""
    fields = {
        "1": {"value_number": Decimal(40)},
        "2.1": {"numerator": 60, "denominator": 100},
        "2.2": {"value_number": Decimal(3)},
        "3.1": {"value_bool": True},
    }
    for code, values in fields.items():
        indicator_value_save(user=official, assessment=assessment_2023, indicator=indicators[code], **values)
    return assessment_2023


def make_period(code="2021-2025", first_year=2021, last_year=2025, set_basis=SetBasis.REGION):
    return ProgrammePeriod.objects.create(
        code=code,
        name=f"Giai đoạn thử {code}",
        first_year=first_year,
        last_year=last_year,
        programme_name=f"Chương trình thử {code}",
        plan_name=f"chương trình thử {code}",
        set_basis=set_basis,
    )


@pytest.fixture
def period_2021(db):
    return make_period()


@pytest.fixture
def period_2026(db):
    return make_period("2026-2030", 2026, 2030, SetBasis.COMMUNE_GROUP)
