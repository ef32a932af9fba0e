"""The SQL twin of the verdict rules (`criteria.aggregates.criteria_counts`) against `criteria.evaluation`."""

import io
import random
from decimal import Decimal

import pytest
from django.core.management import call_command

from criteria.aggregates import _compare, criteria_counts
from criteria.evaluation import COMPARATORS, evaluate_many, judge, latest_per_level
from criteria.models import Assessment, Comparator, CriteriaSet, IndicatorValue, SetLevel, Verdict
from ops.services import unit_create
from units.models import AdministrativeUnit, Level

from .builders import random_appraisals, random_values, small_set

pytestmark = pytest.mark.django_db


def counts(unit_ids, year) -> set:
    return {(count.unit_id, count.level, count.met, count.total) for count in criteria_counts(unit_ids, year)}


def evaluated(assessments) -> set:
    return {(r.unit.pk, r.criteria_set.level, r.met_count, r.total) for r in evaluate_many(assessments)}


def appraised_counts(unit_ids, year) -> set:
    """(unit, level, appraised met or None, counted met, total): the appraisal's count beside the counted one."""
    return {
        (count.unit_id, count.level, count.appraised_met, count.counted_met, count.total)
        for count in criteria_counts(unit_ids, year)
    }


def appraised_evaluated(assessments) -> set:
    return {
        (r.unit.pk, r.criteria_set.level, r.appraisal.met_count if r.appraisal else None, r.counted.met_count, r.total)
        for r in evaluate_many(assessments)
    }


def test_criteria_counts_agree_with_the_evaluation_on_the_seed(quang_giao, quang_hai, thon_5):
    call_command("seed_portal", stdout=io.StringIO())
    ids = AdministrativeUnit.objects.filter(pk=quang_giao.pk).values("pk")
    for year in (2023, 2024):
        assessments = Assessment.objects.filter(unit=quang_giao, year=year).select_related("unit", "criteria_set")
        expected = evaluated(assessments)
        assert expected  # the seed has an assessment of Quảng Giao in each of these years
        assert counts(ids, year) == expected
    # Income 58 ≥ 44 (QĐ 32) and ≥ 48 (QĐ 33): the comparison is not only zeros.
    assert any(met > 0 for _unit, _level, met, _total in counts(ids, 2023))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_criteria_counts_agree_with_the_evaluation_on_random_values(quang_xuong, seed):
    rng = random.Random(seed)
    sets = (small_set("R-NTM", SetLevel.XA_NTM, 7), small_set("R-NC", SetLevel.XA_NTM_NANG_CAO, 7))
    for number in range(12):
        commune = unit_create(level=Level.COMMUNE, name=f"Xã thử {number}", parent=quang_xuong)
        for year in (2023, 2024):
            for criteria_set in sets:
                random_values(Assessment.objects.create(unit=commune, year=year, criteria_set=criteria_set), rng)
    ids = AdministrativeUnit.objects.within(quang_xuong).values("pk")
    for year in (2023, 2024):
        expected = evaluated(Assessment.objects.filter(year=year).select_related("unit", "criteria_set"))
        assert len(expected) == 24  # 12 communes × 2 levels
        assert counts(ids, year) == expected
        assert any(met > 0 for _unit, _level, met, _total in expected)  # the comparison is not all zeros


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_appraised_counts_agree_with_the_evaluation_on_random_appraisals(quang_xuong, seed):
    """The office's figures replace the commune's indicator by indicator, its verdict overrides, a note alone or an
    approval alone keeps the commune's figures: the SQL count and `AssessmentResult.appraisal` agree."""
    rng = random.Random(seed)
    sets = (small_set("A-NTM", SetLevel.XA_NTM, 7), small_set("A-NC", SetLevel.XA_NTM_NANG_CAO, 7))
    for number in range(12):
        commune = unit_create(level=Level.COMMUNE, name=f"Xã thẩm định {number}", parent=quang_xuong)
        for criteria_set in sets:
            assessment = Assessment.objects.create(unit=commune, year=2024, criteria_set=criteria_set)
            random_values(assessment, rng)
            random_appraisals(assessment, rng)
    ids = AdministrativeUnit.objects.within(quang_xuong).values("pk")
    assessments = Assessment.objects.filter(year=2024).select_related("unit", "criteria_set")
    expected = appraised_evaluated(assessments)
    assert len(expected) == 24
    assert appraised_counts(ids, 2024) == expected
    assert counts(ids, 2024) == evaluated(assessments)
    own = {(unit, level): met for unit, level, met, _total in evaluated(assessments)}
    appraised = [row for row in expected if row[2] is not None]
    assert appraised and len(appraised) < len(expected)  # some appraised, some not
    assert any(met != own[unit, level] for unit, level, met, _counted, _total in appraised)  # the office changed some


def test_every_numeric_comparator_is_written_once_for_python_and_sql():
    assert set(COMPARATORS) == set(Comparator.values) - {Comparator.YES}
    sql = _compare("m", "t")
    for comparator, comparison in COMPARATORS.items():
        assert f"WHEN '{comparator}' THEN m {comparison.sql} t" in sql
    assert judge(Comparator.EQ, Decimal(3), Decimal(5)) == (Verdict.NOT_MET, Decimal(2))


# --- which assessment is shown when a unit has two of one level -------------------------------------------


def two_versions_of_one_level(unit):
    """Two sets of one level, neither dated; the assessment of the second set is recorded first."""
    first = small_set("V-1", SetLevel.XA_NTM, 2)
    second = small_set("V-2", SetLevel.XA_NTM, 2)
    recorded_first = Assessment.objects.create(unit=unit, year=2024, criteria_set=second)
    recorded_last = Assessment.objects.create(unit=unit, year=2024, criteria_set=first)
    for indicator in first.criteria.get(number=1).indicators.all():  # criterion 1 of the last one is met
        IndicatorValue.objects.create(
            assessment=recorded_last, indicator=indicator, override_verdict=Verdict.MET, override_reason="Thử"
        )
    return recorded_first, recorded_last


def test_the_newest_assessment_is_the_later_year_then_the_newer_set_then_the_last_recorded(quang_giao):
    recorded_first, recorded_last = two_versions_of_one_level(quang_giao)
    assessments = Assessment.objects.select_related("criteria_set")
    assert latest_per_level(assessments) == [recorded_last]
    CriteriaSet.objects.filter(pk=recorded_first.criteria_set_id).update(valid_from="2024-01-01")
    assert latest_per_level(Assessment.objects.select_related("criteria_set")) == [recorded_first]
    older_year = Assessment.objects.create(unit=quang_giao, year=2025, criteria_set=recorded_last.criteria_set)
    assert latest_per_level(Assessment.objects.select_related("criteria_set")) == [older_year]


def test_the_sql_path_keeps_the_same_assessment_as_latest_per_level(quang_giao):
    _recorded_first, recorded_last = two_versions_of_one_level(quang_giao)
    ids = AdministrativeUnit.objects.filter(pk=quang_giao.pk).values("pk")
    shown = latest_per_level(Assessment.objects.select_related("unit", "criteria_set"))
    assert shown == [recorded_last]
    assert counts(ids, 2024) == evaluated(shown) == {(quang_giao.pk, SetLevel.XA_NTM, 1, 2)}
