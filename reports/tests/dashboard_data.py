"""Small data builders for the dashboard tests (plain rows, no business logic)."""

import datetime
import random
from decimal import Decimal

from criteria.models import (
    Assessment,
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    IndicatorYearTarget,
    SetLevel,
)
from funding.models import FundingSource, MoneyLine, SourceKind, Stage
from ops.services import unit_create
from projects.models import ProgressUpdate, QuarterlyTask, Work, WorkStatus
from units.models import Level


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


def add_commune(parent, name, *, villages=0):
    commune = unit_create(level=Level.COMMUNE, name=name, parent=parent)
    for number in range(1, villages + 1):
        unit_create(level=Level.VILLAGE, name=f"Thôn {number}", parent=commune)
    return commune


def source(code="ns-xa", name="Ngân sách xã"):
    found, _created = FundingSource.objects.get_or_create(
        code=code, defaults={"name": name, "kind": SourceKind.BUDGET, "sort_order": 40}
    )
    return found


def fill_commune(commune, *, works=3, years=(2023, 2024), criteria_sets=(), rng=None):
    """Works with progress, tasks, money lines and assessments: `works` of each per year."""
    rng = rng or random.Random(commune.pk)
    budget, people = source(), source("nd-tien", "Nhân dân đóng góp bằng tiền")
    for year in years:
        for number in range(works):
            work = Work.objects.create(
                commune=commune,
                code=f"W{year}-{number}",
                name=f"Công trình {year}-{number}",
                planned_start_year=year,
                planned_end_year=year,
                planned_end_quarter=rng.randint(1, 4),
                status=rng.choice(WorkStatus.values),
                total_investment=rng.randint(1, 9) * 10**8,
            )
            for month in (3, 6, 9):
                ProgressUpdate.objects.create(
                    work=work, date=datetime.date(year, month, 1), physical_percent=Decimal(month * 10)
                )
            MoneyLine.objects.create(commune=commune, year=year, source=budget, amount=work.total_investment, work=work)
            QuarterlyTask.objects.create(
                commune=commune, year=year, quarter=number % 4 + 1, text=f"Nhiệm vụ {number}", work=work
            )
        MoneyLine.objects.create(commune=commune, year=year, source=people, amount=10**8, stage=Stage.PLANNED)
        MoneyLine.objects.create(commune=commune, year=year, source=people, amount=5 * 10**7)
        for criteria_set in criteria_sets:
            units = [commune] if criteria_set.scope == "commune" else list(commune.children.all())
            for unit in units:
                assessment = Assessment.objects.create(unit=unit, year=year, criteria_set=criteria_set)
                random_values(assessment, rng)
