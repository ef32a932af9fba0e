"""Plain data builders for the criteria tests and the dashboards' (no business logic)."""

import random
from decimal import Decimal

from criteria.models import (
    AssessmentStatus,
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAppraisal,
    IndicatorUnit,
    IndicatorValue,
    IndicatorYearTarget,
    SetLevel,
)

__all__ = ["random_appraisals", "random_values", "small_set"]


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


def random_appraisals(assessment, rng: random.Random):
    """The office's random appraisal of an assessment: none at all, an approval alone, or figures, verdicts and
    notes on some indicators (a note alone leaves the commune's figure), written straight as rows."""
    roll = rng.random()
    if roll < 0.3:
        return
    if roll < 0.45:
        assessment.status = AssessmentStatus.APPROVED
        assessment.save(update_fields=["status"])
        return
    rows = []
    for indicator in Indicator.objects.filter(criterion__criteria_set=assessment.criteria_set):
        if rng.random() < 0.5:
            continue
        note = rng.choice(["", "Đã đối chiếu"])
        appraisal = IndicatorAppraisal(assessment=assessment, indicator=indicator, note=note)
        kind = rng.random()
        if kind < 0.2:
            appraisal.verdict = rng.choice(["met", "not_met"])
        elif kind < 0.35:
            appraisal.note = "Giữ số liệu của xã"
        elif indicator.comparator == Comparator.YES:
            appraisal.value_bool = rng.choice([True, False])
        elif indicator.unit == IndicatorUnit.PERCENT and rng.random() < 0.5:
            appraisal.denominator = rng.randint(1, 2000)
            appraisal.numerator = rng.randint(0, appraisal.denominator)
        else:
            appraisal.value_number = Decimal(rng.choice([2, 3, 5, 6, 44, 47, 48, 59.99, 60, 61]))
        rows.append(appraisal)
    IndicatorAppraisal.objects.bulk_create(rows)
