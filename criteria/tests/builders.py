"""Plain data builders for the criteria tests and the dashboards' (no business logic)."""

import random
from decimal import Decimal

from criteria.models import (
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    IndicatorYearTarget,
    SetLevel,
)

__all__ = ["random_values", "small_set"]


def small_set(code="TEST-NTM", level=SetLevel.XA_NTM, criteria=4, scope="commune"):
    """A set whose criteria hold every kind of indicator the evaluation rules know."""
    criteria_set = CriteriaSet.objects.create(code=code, name=f"Bộ thử {code}", level=level, scope=scope)
    kinds = [
        (IndicatorUnit.PERCENT, Comparator.GTE, Decimal("60")),
        (IndicatorUnit.NUMBER, Comparator.LTE, Decimal("5")),
        (IndicatorUnit.BOOLEAN, Comparator.YES, None),
        (IndicatorUnit.NUMBER, Comparator.EQ, Decimal("3")),
        (IndicatorUnit.MILLION_VND, Comparator.GTE, None),  # year targets below
        (IndicatorUnit.TEXT, Comparator.YES, None),
        (IndicatorUnit.PERCENT, Comparator.GTE, None),  # unknown target: never met
    ]
    for number in range(1, criteria + 1):
        criterion = Criterion.objects.create(criteria_set=criteria_set, number=number, name=f"Tiêu chí {number}")
        for index, (unit, comparator, target) in enumerate(kinds[: 2 + number % len(kinds)]):
            indicator = Indicator.objects.create(
                criterion=criterion,
                code=f"{number}.{index + 1}",
                content=f"Chỉ tiêu {number}.{index + 1}",
                unit=unit,
                comparator=comparator,
                target_value=target,
            )
            if unit == IndicatorUnit.MILLION_VND:
                IndicatorYearTarget.objects.create(indicator=indicator, year=2023, value=Decimal("44"))
                IndicatorYearTarget.objects.create(indicator=indicator, year=2024, value=Decimal("48"))
    return criteria_set


def random_values(assessment, rng: random.Random):
    """Random values (some missing, some ratios, some overridden) for every indicator of the assessment."""
    indicators = Indicator.objects.filter(criterion__criteria_set=assessment.criteria_set)
    rows = []
    for indicator in indicators:
        roll = rng.random()
        if roll < 0.15:
            continue
        value = IndicatorValue(assessment=assessment, indicator=indicator)
        if indicator.comparator == Comparator.YES:
            value.value_bool = rng.choice([True, False, None])
        elif indicator.unit == IndicatorUnit.PERCENT and rng.random() < 0.5:
            value.denominator = rng.randint(1, 2000)
            value.numerator = rng.randint(0, value.denominator)
        else:
            value.value_number = Decimal(rng.choice([2, 3, 5, 6, 44, 47, 48, 59.99, 60, 61]))
        if rng.random() < 0.1:
            value.override_verdict = rng.choice(["met", "not_met"])
            value.override_reason = "Điều chỉnh thử"
        rows.append(value)
    IndicatorValue.objects.bulk_create(rows)
