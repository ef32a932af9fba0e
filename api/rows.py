"""The assessments' JSON written directly from `criteria.plain`, as `AssessmentSerializer` and
`IndicatorRowSerializer` state it for the schema: decimals and dates as strings, date-times in the current time zone
(REST framework's formats). No serializer per record: a page of 100 assessments holds some 3,300 indicator rows, and
REST framework's fields per value were most of the page's time (benchmarks/bench_api.py, docs/PERFORMANCE.md)."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from criteria.plain import PlainIndicator, PlainResult, evaluate_plain


def assessments_json(assessments) -> list[dict]:
    """The assessments (with `unit` and `criteria_set__period` selected), each with its values and verdicts."""
    moment = moments()
    return [assessment_json(result, moment) for result in evaluate_plain(assessments)]


def moments() -> Callable[[datetime.datetime | None], str | None]:
    """How REST framework's `DateTimeField` writes a date-time (ISO 8601 in the current time zone, UTC as "Z"), for
    a whole answer: the field called per value was half the time of writing a page's rows (tests/test_api.py holds
    the two equal)."""
    zone = timezone.get_current_timezone()

    def moment(value: datetime.datetime | None) -> str | None:
        if value is None:
            return None
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return moment


def assessment_json(result: PlainResult, moment: Callable) -> dict:
    assessment, unit, criteria_set = result.assessment, result.assessment.unit, result.assessment.criteria_set
    return {
        "id": assessment.pk,
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name, "level": unit.level},
        "year": assessment.year,
        "criteria_set": criteria_set.code,
        "level": criteria_set.level,
        "period": criteria_set.period.code if criteria_set.period else None,
        "status": assessment.status,
        "status_changed_at": moment(assessment.status_changed_at),
        "criteria_met_self_assessment": result.met_count,
        "criteria_met_appraisal": result.office_met_count,
        "criteria_total": result.total,
        "level_reached": result.level_reached,
        "values": [indicator_json(item, moment) for item in result.indicators],
    }


def indicator_json(item: PlainIndicator, moment: Callable) -> dict:
    """One indicator of an assessment: the commune's figure and verdict, the office's where it appraised."""
    indicator, target, value, measured = item.indicator, item.target, item.value, item.measured
    appraised = item.office_verdict is not None
    return {
        "criterion": item.criterion.number,
        "indicator_id": indicator.pk,
        "indicator": indicator.code,
        "content": indicator.content,
        "unit": indicator.unit,
        "value": _number(measured),
        "value_bool": measured if isinstance(measured, bool) else None,
        "value_text": value.value_text if value else "",
        "numerator": value.numerator if value else None,
        "denominator": value.denominator if value else None,
        "target_comparator": target.comparator,
        "target_value": None if target.value is None else str(target.value),
        "target_text": target.text,
        "target_verified": target.verified,
        "verdict_self_assessment": item.verdict,
        "overridden": item.overridden,
        "override_reason": item.override_reason,
        "verdict_appraisal": item.office_verdict,
        "value_appraisal": _number(item.office_measured) if appraised else None,
        "as_of": str(value.as_of) if value and value.as_of else None,
        "source": value.source if value else "",
        "updated_at": moment(value.updated_at) if value else None,
    }


def _number(measured) -> str | None:
    """A figure with four decimals, as the schema's decimal fields write it; a yes/no is not a number."""
    return None if measured is None or isinstance(measured, bool) else str(round(Decimal(measured), 4))
