"""The verdicts over plain values (`criteria.plain`, the API's) against `criteria.evaluation`'s, indicator by
indicator: the commune's figure and verdict, the office's, and the counts."""

import random

import pytest

from criteria.evaluation import evaluate_many
from criteria.models import Assessment, SetLevel
from criteria.plain import evaluate_plain
from ops.services import unit_create
from units.models import Level

from .builders import random_appraisals, random_values, small_set

pytestmark = pytest.mark.django_db


def by_evaluation(result) -> tuple:
    office = {item.indicator.pk: item for item in result.appraisal.indicators} if result.appraisal else {}
    indicators = [
        (
            item.indicator.pk,
            item.target,
            item.measured,
            item.verdict,
            item.overridden,
            item.override_reason,
            office[item.indicator.pk].measured if office else None,
            office[item.indicator.pk].verdict if office else None,
        )
        for item in result.indicators
    ]
    counts = (result.met_count, result.total, result.appraisal.met_count if result.appraisal else None)
    return result.assessment.pk, indicators, counts, result.counted.level_reached


def by_plain(result) -> tuple:
    indicators = [
        (
            item.indicator.pk,
            item.target,
            item.measured,
            item.verdict,
            item.overridden,
            item.override_reason,
            item.office_measured if item.office_verdict is not None else None,
            item.office_verdict,
        )
        for item in result.indicators
    ]
    counts = (result.met_count, result.total, result.office_met_count)
    return result.assessment.pk, indicators, counts, result.level_reached


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_plain_verdicts_are_the_evaluations_on_random_values_and_appraisals(quang_xuong, seed):
    rng = random.Random(seed)
    sets = (small_set("P-NTM", SetLevel.XA_NTM, 7), small_set("P-NC", SetLevel.XA_NTM_NANG_CAO, 7))
    for number in range(8):
        commune = unit_create(level=Level.COMMUNE, name=f"Xã thử {number}", parent=quang_xuong)
        for year in (2023, 2024):
            for criteria_set in sets:
                assessment = Assessment.objects.create(unit=commune, year=year, criteria_set=criteria_set)
                random_values(assessment, rng)
                random_appraisals(assessment, rng)
    assessments = Assessment.objects.select_related("unit", "criteria_set").order_by("pk")
    expected = [by_evaluation(result) for result in evaluate_many(assessments)]
    assert [by_plain(result) for result in evaluate_plain(assessments)] == expected
    # Not a comparison of empty results: overrides, appraisals and criteria met on both sides are there.
    assert any(any(row[4] for row in indicators) for _pk, indicators, _counts, _reached in expected)
    assert any(counts[2] is not None for _pk, _indicators, counts, _reached in expected)
    assert any(counts[0] > 0 for _pk, _indicators, counts, _reached in expected)
