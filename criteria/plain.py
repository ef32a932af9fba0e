"""Verdicts over plain values, for readers of thousands of indicators at once (the read API's pages and its national
export): the values and the office's figures are read as rows (`values_list(..., named=True)`) and judged by the
rules of `criteria.evaluation` (`target_in`, `measured_value`, `verdict_of`, `criterion_verdict`, `appraised`),
`records_a_figure` and `reaches_level`, without a model instance or a result dataclass per indicator.

`evaluate_plain(assessments)` gives the verdicts and counts `evaluate_many` gives (held equal by
criteria/tests/test_plain.py); the pages, which show evidence, gaps and shortfalls, keep `evaluate_many`.
"""

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from .evaluation import appraised, criterion_verdict, load_criteria, measured_value, target_in, verdict_of
from .models import Assessment, Criterion, Indicator, IndicatorAppraisal, IndicatorValue, Verdict, records_a_figure
from .results import Target, reaches_level

VALUE_FIELDS = (
    "indicator_id",
    "value_number",
    "value_bool",
    "value_text",
    "numerator",
    "denominator",
    "as_of",
    "source",
    "override_verdict",
    "override_reason",
    "updated_at",
)
APPRAISAL_FIELDS = ("indicator_id", "verdict", *IndicatorAppraisal.VALUE_FIELDS)


class PlainIndicator(NamedTuple):
    """One indicator of an assessment: the commune's value (a row of VALUE_FIELDS, None when none is recorded), the
    figure compared and the verdict; the office's figure and verdict where the assessment has an appraisal."""

    criterion: Criterion
    indicator: Indicator
    target: Target
    value: tuple | None
    measured: Decimal | bool | None
    verdict: str
    overridden: bool
    override_reason: str
    office_measured: Decimal | bool | None
    office_verdict: str | None  # None: the assessment has no appraisal


class PlainResult(NamedTuple):
    assessment: Assessment
    indicators: list[PlainIndicator]
    met_count: int
    total: int
    office_met_count: int | None  # None: no appraisal
    level_reached: bool  # by the appraisal wherever one exists, as `AssessmentResult.counted`


def evaluate_plain(assessments) -> list[PlainResult]:
    """Several assessments (any sets, units, years) in five queries plus the assessments' own."""
    assessments = list(assessments)
    keys = [assessment.pk for assessment in assessments]
    criteria_by_set = load_criteria({assessment.criteria_set_id for assessment in assessments})
    values: dict[int, dict] = defaultdict(dict)
    rows = IndicatorValue.objects.filter(assessment__in=keys).values_list("assessment_id", *VALUE_FIELDS, named=True)
    for row in rows:
        values[row.assessment_id][row.indicator_id] = row
    records: dict[int, dict] = defaultdict(dict)
    appraisals = IndicatorAppraisal.objects.filter(assessment__in=keys)
    for row in appraisals.values_list("assessment_id", *APPRAISAL_FIELDS, named=True):
        records[row.assessment_id][row.indicator_id] = row
    targets: dict[tuple[int, int], Target] = {}  # each indicator's target per year, shared by the assessments
    return [
        _evaluate(assessment, criteria_by_set[assessment.criteria_set_id], values[assessment.pk], records, targets)
        for assessment in assessments
    ]


def _evaluate(assessment, criteria, values: dict, records: dict, targets: dict) -> PlainResult:
    """As `evaluate_loaded`: the office's result judges its own figure where it recorded one and otherwise keeps the
    commune's verdict (the same figure against the same target), so an indicator is judged twice only there."""
    year, own = assessment.year, records.get(assessment.pk, {})
    office = appraised(bool(own), assessment.status)
    indicators, met, office_met = [], 0, 0
    for criterion, loaded in criteria:
        verdicts, office_verdicts = [], []
        for indicator, year_targets, base in loaded:
            key = indicator.pk
            target = targets.get((key, year))
            if target is None:
                target = targets[key, year] = target_in(base, year_targets, year)
            value = values.get(key)
            measured = measured_value(indicator, value)
            override = value.override_verdict if value else ""
            verdict = verdict_of(indicator, target.value, measured, override)[1]
            verdicts.append(verdict)
            office_measured, office_verdict = measured, verdict
            record = own.get(key) if own else None
            if record is not None and records_a_figure(record):
                office_measured = measured_value(indicator, record)
                office_verdict = verdict_of(indicator, target.value, office_measured, record.verdict)[1]
            if office:
                office_verdicts.append(office_verdict)
            reason = value.override_reason if override else ""
            indicators.append(
                PlainIndicator(
                    criterion,
                    indicator,
                    target,
                    value,
                    measured,
                    verdict,
                    bool(override),
                    reason,
                    office_measured,
                    office_verdict if office else None,
                )
            )
        met += criterion_verdict(verdicts) == Verdict.MET
        if office:
            office_met += criterion_verdict(office_verdicts) == Verdict.MET
    total = len(criteria)
    return PlainResult(
        assessment,
        indicators,
        met,
        total,
        office_met if office else None,
        reaches_level(office_met if office else met, total),
    )
