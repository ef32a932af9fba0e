from decimal import Decimal

from criteria.evaluation import evaluate, history_for, judge, results_for
from criteria.models import Assessment, Comparator, Verdict
from criteria.services import indicator_value_save
from ops.services import unit_create
from units.models import Level

from .conftest import make_set


def record(assessment, indicator, **fields):
    return indicator_value_save(user=None, assessment=assessment, indicator=indicator, **fields)


def result_of(result, code):
    return next(item for item in result.indicators if item.indicator.code == code)


# --- the pure rule ----------------------------------------------------------------------------------


def test_at_least_comparator_is_met_at_the_target_and_reports_the_shortfall_below_it():
    assert judge(Comparator.GTE, Decimal(55), Decimal(55)) == (Verdict.MET, None)
    assert judge(Comparator.GTE, Decimal(55), Decimal("54.5")) == (Verdict.NOT_MET, Decimal("0.5"))


def test_at_most_comparator_is_met_below_the_ceiling_and_reports_the_excess_above_it():
    assert judge(Comparator.LTE, Decimal(13), Decimal(12)) == (Verdict.MET, None)
    assert judge(Comparator.LTE, Decimal(13), Decimal(15)) == (Verdict.NOT_MET, Decimal(2))


def test_yes_no_indicator_is_met_only_by_yes():
    assert judge(Comparator.YES, None, True)[0] == Verdict.MET
    assert judge(Comparator.YES, None, False)[0] == Verdict.NOT_MET
    assert judge(Comparator.YES, None, None)[0] == Verdict.NOT_ASSESSED


def test_an_unknown_target_leaves_the_indicator_not_assessed_instead_of_guessing():
    assert judge(Comparator.GTE, None, Decimal(99)) == (Verdict.NOT_ASSESSED, None)


def test_a_missing_value_is_not_assessed():
    assert judge(Comparator.GTE, Decimal(55), None) == (Verdict.NOT_ASSESSED, None)


# --- year-dependent targets -------------------------------------------------------------------------


def test_income_is_judged_against_the_target_of_the_assessment_year(assessment_2023, indicators, quang_giao):
    record(assessment_2023, indicators["1"], value_number=Decimal(45))
    assessment_2024 = Assessment.objects.create(unit=quang_giao, year=2024, criteria_set=assessment_2023.criteria_set)
    record(assessment_2024, indicators["1"], value_number=Decimal(45))

    in_2023 = result_of(evaluate(assessment_2023), "1")
    in_2024 = result_of(evaluate(assessment_2024), "1")

    assert (in_2023.target.value, in_2023.verdict) == (Decimal(44), Verdict.MET)
    assert (in_2024.target.value, in_2024.verdict, in_2024.shortfall) == (Decimal(47), Verdict.NOT_MET, Decimal(2))


def test_a_year_without_a_target_of_its_own_is_not_assessed_rather_than_borrowing_another_year(
    quang_giao, small_set, indicators
):
    assessment = Assessment.objects.create(unit=quang_giao, year=2025, criteria_set=small_set)
    record(assessment, indicators["1"], value_number=Decimal(90))

    income = result_of(evaluate(assessment), "1")

    assert income.target.value is None
    assert income.verdict == Verdict.NOT_ASSESSED


def test_a_year_target_is_verified_only_when_marked_verified(assessment_2023, indicators, quang_giao):
    assert result_of(evaluate(assessment_2023), "1").target.verified is False
    indicators["1"].verified = True
    indicators["1"].save()
    assessment_2024 = Assessment.objects.create(unit=quang_giao, year=2024, criteria_set=assessment_2023.criteria_set)
    assert result_of(evaluate(assessment_2024), "1").target.verified is True
    assert result_of(evaluate(assessment_2023), "1").target.verified is False


# --- ratios -------------------------------------------------------------------------------------------


def test_752_of_1250_households_is_60_16_percent_and_meets_55_percent(assessment_2023, indicators):
    record(assessment_2023, indicators["2.1"], numerator=752, denominator=1250)

    water = result_of(evaluate(assessment_2023), "2.1")

    assert water.measured == Decimal("60.16")
    assert water.display_percent == Decimal("60.16")
    assert water.verdict == Verdict.MET


def test_a_ratio_is_judged_exactly_not_after_rounding_for_display(assessment_2023, indicators):
    # 54.996 % shows as 55,00 % but is still below 55 %.
    record(assessment_2023, indicators["2.1"], numerator=54996, denominator=100000)

    water = result_of(evaluate(assessment_2023), "2.1")

    assert water.display_percent == Decimal("55.00")
    assert water.verdict == Verdict.NOT_MET
    assert water.shortfall == Decimal("0.004")


# --- criteria, level, overrides, gaps --------------------------------------------------------------------


def test_a_criterion_is_met_only_when_all_its_indicators_are(assessment_2023, indicators):
    record(assessment_2023, indicators["2.1"], numerator=752, denominator=1250)
    criterion = evaluate(assessment_2023).criteria[1]
    assert criterion.verdict == Verdict.NOT_ASSESSED  # 2.2 has no known ceiling yet

    record(
        assessment_2023,
        indicators["2.2"],
        value_number=Decimal(3),
        override_verdict=Verdict.MET,
        override_reason="Hội đồng thẩm định kết luận đạt",
    )
    assert evaluate(assessment_2023).criteria[1].verdict == Verdict.MET


def test_one_unmet_indicator_makes_the_criterion_unmet(assessment_2023, indicators):
    record(assessment_2023, indicators["2.1"], numerator=500, denominator=1250)
    assert evaluate(assessment_2023).criteria[1].verdict == Verdict.NOT_MET


def test_level_is_reached_when_every_criterion_is_met_and_the_summary_counts_them(assessment_2023, indicators):
    record(assessment_2023, indicators["1"], value_number=Decimal(58))
    record(assessment_2023, indicators["3.1"], value_bool=True)
    partial = evaluate(assessment_2023)
    assert (partial.met_count, partial.total, partial.summary, partial.level_reached) == (2, 3, "đạt 2/3", False)

    record(assessment_2023, indicators["2.1"], numerator=752, denominator=1250)
    record(assessment_2023, indicators["2.2"], override_verdict=Verdict.MET, override_reason="Đã có văn bản xác nhận")

    assert evaluate(assessment_2023).level_reached is True


def test_an_override_replaces_the_computed_verdict_and_is_reported_with_its_reason(assessment_2023, indicators):
    record(
        assessment_2023,
        indicators["2.1"],
        numerator=600,
        denominator=1250,
        override_verdict=Verdict.MET,
        override_reason="Đoàn thẩm định huyện công nhận theo biên bản ngày 15/11/2023",
    )

    result = evaluate(assessment_2023)
    water = result_of(result, "2.1")

    assert (water.computed, water.verdict, water.overridden) == (Verdict.NOT_MET, Verdict.MET, True)
    assert water.override_reason.startswith("Đoàn thẩm định")
    assert result.overrides == [water]
    assert result.gaps == []


def test_gaps_list_each_unmet_indicator_with_target_value_and_shortfall(assessment_2023, indicators):
    record(assessment_2023, indicators["1"], value_number=Decimal(40))
    record(assessment_2023, indicators["3.1"], value_bool=False)

    gaps = {gap.indicator.code: gap for gap in evaluate(assessment_2023).gaps}

    assert set(gaps) == {"1", "3.1"}
    assert (gaps["1"].target.value, gaps["1"].value, gaps["1"].shortfall) == (Decimal(44), Decimal(40), Decimal(4))
    assert gaps["3.1"].shortfall is None


def test_unverified_targets_in_use_are_counted(assessment_2023):
    # income 2023 (unverified year target), 2.1 (verified), 2.2 unknown, 3.1 yes/no unverified
    assert evaluate(assessment_2023).unverified_targets_used == 2


# --- many units, constant queries ------------------------------------------------------------------------


def make_communes(parent, count, criteria_set, start=0):
    communes = []
    for index in range(start, start + count):
        commune = unit_create(level=Level.COMMUNE, name=f"Xã thử {index}", parent=parent)
        assessment = Assessment.objects.create(unit=commune, year=2023, criteria_set=criteria_set)
        for indicator in criteria_set.criteria.first().indicators.all():
            record(assessment, indicator, value_number=Decimal(50 + index))
        communes.append(commune)
    return communes


def test_results_for_many_communes_runs_a_constant_number_of_queries(quang_xuong, django_assert_num_queries):
    criteria_set = make_set(criteria=5)
    other_set = make_set("TEST-NC", level="xa_ntm_nang_cao", criteria=4)
    communes = make_communes(quang_xuong, 2, criteria_set)
    with django_assert_num_queries(7):
        few = results_for(communes, 2023)
    communes += make_communes(quang_xuong, 4, criteria_set, start=2)
    for commune in communes:
        Assessment.objects.create(unit=commune, year=2023, criteria_set=other_set)
    with django_assert_num_queries(7):
        many = results_for(communes, 2023)

    assert len(few) == 2 and len(many) == 6
    assert [result.criteria_set.code for result in many[communes[0].pk]] == ["TEST-NTM", "TEST-NC"]
    assert many[communes[0].pk][0].summary == "đạt 1/5"


def test_results_for_can_keep_one_level_only(quang_giao, small_set, assessment_2023):
    make_set("TEST-NC", level="xa_ntm_nang_cao")
    results = results_for([quang_giao], 2023, level="xa_ntm")
    assert [result.assessment for result in results[quang_giao.pk]] == [assessment_2023]


def test_history_lists_a_units_assessments_oldest_first(quang_giao, small_set, assessment_2023):
    later = Assessment.objects.create(unit=quang_giao, year=2024, criteria_set=small_set)
    assert [result.assessment for result in history_for(quang_giao)] == [assessment_2023, later]
