"""Verdicts, computed never typed: the public read API other apps call.

- `judge(...)`: one indicator, pure (no database): comparator against the target of the year.
- `evaluate(assessment) -> AssessmentResult`: a whole assessment, in a constant number of queries.
- `results_for(units, year, level=None) -> dict[unit_id, list[AssessmentResult]]`: many units at
  once for dashboards, also in a constant number of queries whatever the number of units.
- `figures_for(units, years)`: each indicator code's recorded result per (unit, year), for texts that quote
  a figure (a quarterly task's "[chỉ tiêu 18.1, đơn vị hộ]").
- `latest_per_level(assessments)`: the assessment to show per (unit, level), by `newness`.
- `criteria.plain.evaluate_plain(assessments)`: the verdicts of `evaluate_many` over values read as rows, for
  readers of thousands of indicators (the API); built from the plain entry points here (`measured_value`,
  `verdict_of`, `appraised`).

The results these return (`Target`, `IndicatorResult`, `CriterionResult`, `Gap`, `AssessmentResult`) are
the dataclasses of `criteria.results`.

`COMPARATORS` states each comparison once; `judge()` applies it in Python and `criteria.aggregates`
writes the same table into SQL for the area dashboard (docs/adr/0060-area-dashboard-aggregates-in-sql.md).

Rules (docs/adr/0011-criteria-evaluation.md): an indicator is met when its value satisfies the
comparator against the target for the assessment's year; a year-dependent target without a value
for that year, or an unknown target, leaves the indicator "not assessed" (never guessed). A
criterion is met when all its indicators are met, not met when any is not met. The level is
reached when every criterion of the set is met. A manual override replaces the computed verdict,
always with its written reason, and is reported as an override.
"""

import datetime
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count

from .models import (
    Assessment,
    AssessmentStatus,
    Comparator,
    Criterion,
    Evidence,
    Indicator,
    IndicatorAppraisal,
    IndicatorUnit,
    IndicatorValue,
    IndicatorYearTarget,
    Verdict,
)
from .results import AssessmentResult, CriterionResult, IndicatorResult, Target

# --- pure rules -----------------------------------------------------------------------------------


class Comparison(NamedTuple):
    sql: str  # the SQL operator criteria.aggregates writes between measured value and target
    holds: Callable[[Decimal, Decimal], bool]  # measured, target -> met
    shortfall: Callable[[Decimal, Decimal], Decimal]  # measured, target -> how far from the target


# Every numeric comparator, once (yes/no is judged on its own). A comparator missing here is never met:
# judge() leaves it "not assessed", criteria.aggregates does not count it as met.
COMPARATORS: dict[str, Comparison] = {
    Comparator.GTE: Comparison(">=", operator.ge, lambda measured, target: target - measured),
    Comparator.LTE: Comparison("<=", operator.le, lambda measured, target: measured - target),
    Comparator.EQ: Comparison("=", operator.eq, lambda measured, target: abs(measured - target)),
}


class YearTarget(NamedTuple):
    year: int
    value: Decimal
    verified: bool


class LoadedCriterion(NamedTuple):
    """A criterion of a set with its indicators, each with its year targets and its own target: what the evaluation
    reads."""

    criterion: Criterion
    indicators: list[tuple[Indicator, list[YearTarget], Target]]  # indicator, its year targets, its own target


def target_for(indicator: Indicator, year: int) -> Target:
    """The target in force for `year`; reads `indicator.year_targets` from the prefetch cache."""
    targets = [YearTarget(target.year, target.value, target.verified) for target in indicator.year_targets.all()]
    return target_in(base_target(indicator), targets, year)


def target_in(base: Target, year_targets: list[YearTarget], year: int) -> Target:
    """The target in force for `year` among an indicator's `year_targets`, `base` (its own target) without any."""
    if year_targets:
        match = next((target for target in year_targets if target.year == year), None)
        return Target(
            value=match.value if match else None,
            comparator=base.comparator,
            text=base.text,
            verified=bool(match and match.verified and base.verified),
        )
    return base


def base_target(indicator: Indicator) -> Target:
    """The indicator's own target, for any year it has no year target for."""
    return Target(
        value=indicator.target_value,
        comparator=indicator.comparator,
        text=indicator.target_text,
        verified=indicator.verified,
    )


def measured_value(indicator: Indicator, value) -> Decimal | bool | None:
    """The figure the verdict compares: a ratio is computed exactly from its two counts. `value` is an
    `IndicatorValue`, an appraisal's `as_value()` or a row of their fields (`values_list(..., named=True)`)."""
    if value is None:
        return None
    if indicator.comparator == Comparator.YES:
        return value.value_bool
    if value.numerator is not None and value.denominator is not None:
        return Decimal(value.numerator) * 100 / Decimal(value.denominator)
    return value.value_number


def judge(comparator: str, target: Decimal | None, measured: Decimal | bool | None) -> tuple[str, Decimal | None]:
    """(verdict, shortfall) for one measured value; pure, no database.

    The SQL twin (`criteria.aggregates`) writes the same COMPARATORS; change both together."""
    if measured is None:
        return Verdict.NOT_ASSESSED, None
    if comparator == Comparator.YES:
        return (Verdict.MET if measured is True else Verdict.NOT_MET), None
    comparison = COMPARATORS.get(comparator)
    if target is None or isinstance(measured, bool) or comparison is None:
        return Verdict.NOT_ASSESSED, None
    if comparison.holds(measured, target):
        return Verdict.MET, None
    return Verdict.NOT_MET, comparison.shortfall(measured, target)


def verdict_of(
    indicator: Indicator, target: Decimal | None, measured: Decimal | bool | None, override: str = ""
) -> tuple[str, str, Decimal | None]:
    """(computed, verdict, shortfall) of one indicator from plain values: a text indicator is never judged; an
    override (`IndicatorValue.override_verdict`, the office's verdict) replaces the computed verdict."""
    if indicator.unit == IndicatorUnit.TEXT:
        computed, shortfall = Verdict.NOT_ASSESSED, None
    else:
        computed, shortfall = judge(indicator.comparator, target, measured)
    if override:
        return computed, override, None
    return computed, computed, shortfall


def judge_indicator(
    indicator: Indicator,
    year_targets: list[YearTarget],
    base: Target,
    value: IndicatorValue | None,
    year: int,
    evidence_counts: dict[int, int],
) -> IndicatorResult:
    target = target_in(base, year_targets, year)
    measured = measured_value(indicator, value)
    override = value.override_verdict if value else ""
    computed, verdict, shortfall = verdict_of(indicator, target.value, measured, override)
    return IndicatorResult(
        indicator=indicator,
        value=value,
        measured=measured,
        target=target,
        computed=computed,
        verdict=verdict,
        overridden=bool(override),
        override_reason=value.override_reason if override else "",
        shortfall=shortfall,
        evidence_count=evidence_counts.get(value.pk, 0) if value is not None and value.pk else 0,
    )


def criterion_verdict(verdicts: list[str]) -> str:
    if verdicts and all(verdict == Verdict.MET for verdict in verdicts):
        return Verdict.MET
    if any(verdict == Verdict.NOT_MET for verdict in verdicts):
        return Verdict.NOT_MET
    return Verdict.NOT_ASSESSED


def appraised(has_records: bool, status: str) -> bool:
    """Whether an assessment has the office's result: once it recorded anything, or approved (docs/adr/0018)."""
    return has_records or status == AssessmentStatus.APPROVED


def evaluate_loaded(
    assessment: Assessment,
    criteria: list[LoadedCriterion],
    values: list[IndicatorValue],
    appraisals: Iterable[IndicatorAppraisal] = (),
    evidence_counts: dict[int, int] | None = None,
) -> AssessmentResult:
    """Evaluate from already loaded rows (`load_criteria`; `evidence_counts`: files per value id).

    The appraisal exists once the office recorded anything or approved: its figures replace the commune's
    indicator by indicator, and an approval without a figure of its own accepts the commune's.
    """
    counts = evidence_counts or {}
    result = _judge_all(assessment, criteria, values, counts)
    records = {appraisal.indicator_id: appraisal for appraisal in appraisals}
    if appraised(bool(records), assessment.status):
        office = {value.indicator_id: value for value in values}
        office |= {key: record.as_value() for key, record in records.items() if record.records_a_figure}
        result.appraisal = _judge_all(assessment, criteria, list(office.values()), counts)
        result.appraisal_records = records
    return result


def _judge_all(
    assessment: Assessment,
    criteria: list[LoadedCriterion],
    values: list[IndicatorValue],
    evidence_counts: dict[int, int],
) -> AssessmentResult:
    by_indicator = {value.indicator_id: value for value in values}
    result = AssessmentResult(assessment=assessment)
    for criterion, indicators in criteria:
        indicator_results = [
            judge_indicator(indicator, targets, base, by_indicator.get(indicator.pk), assessment.year, evidence_counts)
            for indicator, targets, base in indicators
        ]
        verdict = criterion_verdict([item.verdict for item in indicator_results])
        result.criteria.append(CriterionResult(criterion=criterion, indicators=indicator_results, verdict=verdict))
    return result


# --- loading ----------------------------------------------------------------------------------------


def load_criteria(set_ids: Iterable[int]) -> dict[int, list[LoadedCriterion]]:
    """The criteria of each set, in order, with their indicators and year targets; three queries, no prefetch
    machinery (year targets as plain tuples). Each indicator's `criterion` is its loaded criterion."""
    set_ids = list(set_ids)
    targets: dict[int, list[YearTarget]] = defaultdict(list)
    rows = IndicatorYearTarget.objects.filter(indicator__criterion__criteria_set_id__in=set_ids).order_by("year")
    for indicator_id, *target in rows.values_list("indicator_id", "year", "value", "verified"):
        targets[indicator_id].append(YearTarget(*target))
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(criterion__criteria_set_id__in=set_ids):
        indicators[indicator.criterion_id].append(indicator)
    by_set: dict[int, list[LoadedCriterion]] = defaultdict(list)
    criterion_field = Indicator._meta.get_field("criterion")
    for criterion in Criterion.objects.filter(criteria_set_id__in=set_ids):
        for indicator in indicators[criterion.pk]:
            criterion_field.set_cached_value(indicator, criterion)
        loaded = [(indicator, targets[indicator.pk], base_target(indicator)) for indicator in indicators[criterion.pk]]
        by_set[criterion.criteria_set_id].append(LoadedCriterion(criterion, loaded))
    return by_set


def _evidence_counts(assessments) -> dict[int, int]:
    """Evidence files per value id of the assessments' values: one grouped query."""
    rows = Evidence.objects.filter(value__assessment__in=assessments).values_list("value_id").annotate(Count("pk"))
    return dict(rows.order_by())


def evaluate(assessment: Assessment) -> AssessmentResult:
    """One assessment: 6 queries whatever the number of criteria, indicators and values; each value's evidence
    files are loaded with it (the entry pages list them)."""
    criteria = load_criteria([assessment.criteria_set_id])[assessment.criteria_set_id]
    values = list(IndicatorValue.objects.filter(assessment=assessment).prefetch_related("evidence"))
    counts = {value.pk: len(value.evidence.all()) for value in values}
    appraisals = IndicatorAppraisal.objects.filter(assessment=assessment)
    return evaluate_loaded(assessment, criteria, values, appraisals, counts)


def evaluate_many(assessments) -> list[AssessmentResult]:
    """Several assessments (any sets, units, years) in 6 queries plus the assessments' own; evidence is counted
    per value (one grouped query), its files are not loaded."""
    assessments = list(assessments)
    criteria_by_set = load_criteria({assessment.criteria_set_id for assessment in assessments})
    keys = [assessment.pk for assessment in assessments]
    values_by_assessment = defaultdict(list)
    for value in IndicatorValue.objects.filter(assessment__in=keys):
        values_by_assessment[value.assessment_id].append(value)
    appraisals_by_assessment = defaultdict(list)
    for appraisal in IndicatorAppraisal.objects.filter(assessment__in=keys):
        appraisals_by_assessment[appraisal.assessment_id].append(appraisal)
    evidence_counts = _evidence_counts(keys)
    return [
        evaluate_loaded(
            assessment,
            criteria_by_set[assessment.criteria_set_id],
            values_by_assessment[assessment.pk],
            appraisals_by_assessment[assessment.pk],
            evidence_counts,
        )
        for assessment in assessments
    ]


def results_for(units, year: int, *, level: str | None = None) -> dict[int, list[AssessmentResult]]:
    """Every assessment of `units` for `year` (optionally of one set level), keyed by unit id.

    Seven queries whatever the number of units: for dashboards comparing communes side by side.
    Each list is ordered by set level then code; a unit without an assessment has no key.
    """
    assessments = Assessment.objects.filter(unit__in=units, year=year).select_related("unit", "criteria_set")
    if level:
        assessments = assessments.filter(criteria_set__level=level)
    results: dict[int, list[AssessmentResult]] = defaultdict(list)
    for result in evaluate_many(assessments.order_by("unit_id", "criteria_set__level", "criteria_set__code")):
        results[result.assessment.unit_id].append(result)
    return dict(results)


def history_for(unit, *, level: str | None = None) -> list[AssessmentResult]:
    """Every year's assessments of one unit, oldest first (criteria met per year, values across years)."""
    assessments = Assessment.objects.filter(unit=unit).select_related("unit", "criteria_set")
    if level:
        assessments = assessments.filter(criteria_set__level=level)
    return evaluate_many(assessments.order_by("year", "criteria_set__level", "criteria_set__code"))


def figures_of(results: list[AssessmentResult]) -> dict[str, IndicatorResult]:
    """Each indicator code's recorded result: the first set (in level then code order) with a value for it."""
    figures: dict[str, IndicatorResult] = {}
    for result in results:
        for item in result.indicators:
            if item.value is not None:
                figures.setdefault(item.indicator.code, item)
    return figures


def figures_for(units, years) -> dict[tuple[int, int], dict[str, IndicatorResult]]:
    """`figures_of` for each (unit id, year) among `units` and `years` that has an assessment; seven queries."""
    assessments = Assessment.objects.filter(unit__in=units, year__in=years).select_related("unit", "criteria_set")
    by_unit_year: dict[tuple[int, int], list[AssessmentResult]] = defaultdict(list)
    for result in evaluate_many(assessments.order_by("unit_id", "year", "criteria_set__level", "criteria_set__code")):
        by_unit_year[(result.assessment.unit_id, result.year)].append(result)
    return {key: figures_of(results) for key, results in by_unit_year.items()}


# --- which assessment to show ------------------------------------------------------------------------


def newness(year: int, valid_from: datetime.date | None, pk: int) -> tuple:
    """How recent an assessment is among those of one unit and level: the later year first, then the newer
    set version (a set without a start date counts as the oldest), then the one recorded last (higher pk).
    """
    return (year, valid_from or datetime.date.min, pk)


def _assessment_facts(assessment: Assessment) -> tuple:
    level = assessment.criteria_set.level
    return (assessment.unit_id, level), newness(assessment.year, assessment.criteria_set.valid_from, assessment.pk)


def latest_per_level(assessments: Iterable, *, facts: Callable = _assessment_facts) -> list:
    """The newest assessment per (unit, set level), ranked by `newness`; first seen order of the keys.

    The one statement of "which assessment to show": the commune dashboard passes Assessment objects (with
    `criteria_set` selected); the SQL path (`criteria.aggregates.criteria_counts`) passes its result rows
    with `facts` returning the same ((unit id, level), newness(...)) pair.
    """
    chosen: dict = {}
    for item in assessments:
        key, rank = facts(item)
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, item)
    return [item for _rank, item in chosen.values()]
