from decimal import Decimal

import pytest

from criteria import seed
from criteria.evaluation import evaluate
from criteria.models import (
    Assessment,
    CriteriaSet,
    Indicator,
    IndicatorValue,
    IndicatorYearTarget,
    OcopProduct,
    Verdict,
)
from ops import seed as units_seed


@pytest.fixture
def seeded(db):
    units_seed.load(demo_accounts=False)
    seed.load(demo_accounts=False)


def test_the_seed_ships_the_two_thanh_hoa_sets_the_national_sets_and_a_village_set(seeded):
    codes = set(CriteriaSet.objects.values_list("code", flat=True))
    assert {"QD32-2022-TH", "QD33-2022-TH", "QD318-NTM", "QD318-NTM-NC", "TH-THON-KM"} <= codes
    for code in ("QD32-2022-TH", "QD33-2022-TH", "QD318-NTM"):
        assert CriteriaSet.objects.get(code=code).criteria.count() == 19
    assert CriteriaSet.objects.get(code="TH-THON-KM").scope == "village"
    model_commune = CriteriaSet.objects.get(code="QD319-XA-KM")
    assert (model_commune.level, model_commune.legal_number, model_commune.legal_verified) == (
        "xa_ntm_kieu_mau",
        "319/QĐ-TTg",
        False,
    )
    assert not Indicator.objects.filter(criterion__criteria_set=model_commune, target_value__isnull=False).exists()


def test_the_seed_keeps_unverified_thresholds_unverified_and_unknown_ones_empty(seeded):
    decision_32 = CriteriaSet.objects.get(code="QD32-2022-TH")
    assert decision_32.legal_number == "32/2022/QĐ-UBND" and decision_32.legal_verified is False
    road = Indicator.objects.get(criterion__criteria_set=decision_32, code="2.2")
    assert road.target_value is None and road.verified is False
    water_nc = Indicator.objects.get(criterion__criteria_set__code="QD33-2022-TH", code="18.1")
    assert (water_nc.target_value, water_nc.verified) == (Decimal(55), True)
    assert not Indicator.objects.filter(criterion__criteria_set__code="TH-THON-KM", verified=True).exists()
    income_2023 = IndicatorYearTarget.objects.get(indicator__criterion__criteria_set=decision_32, year=2023)
    assert (income_2023.value, income_2023.verified) == (Decimal(44), False)


def test_quang_giao_2023_holds_income_58_million_and_no_ocop_product(seeded):
    assessment = Assessment.objects.get(unit__name="Quảng Giao", year=2023, criteria_set__code="QD33-2022-TH")
    result = evaluate(assessment)
    income = next(item for item in result.indicators if item.indicator.code == "10")
    ocop = next(item for item in result.indicators if item.indicator.code == "13.1")
    assert (income.measured, income.verdict) == (Decimal(58), Verdict.MET)
    assert ocop.verdict == Verdict.NOT_MET
    assert not OcopProduct.objects.exists()
    # everything the seed does not state stays not yet assessed
    assert IndicatorValue.objects.filter(assessment=assessment).count() == 2


def test_quang_giao_water_752_of_1250_is_reported_for_2024_as_of_the_end_of_q1(seeded):
    value = IndicatorValue.objects.get(assessment__year=2024, indicator__code="18.1")
    assert (value.numerator, value.denominator, value.as_of.isoformat()) == (752, 1250, "2024-03-31")
    water = next(item for item in evaluate(value.assessment).indicators if item.indicator.code == "18.1")
    assert water.display_percent == Decimal("60.16") and water.verdict == Verdict.MET


def test_seeding_twice_gives_the_same_data(seeded):
    counts = [model.objects.count() for model in (CriteriaSet, Indicator, Assessment, IndicatorValue)]
    seed.load(demo_accounts=False)
    assert [model.objects.count() for model in (CriteriaSet, Indicator, Assessment, IndicatorValue)] == counts


def test_seeding_again_keeps_an_administrators_correction(seeded):
    indicator = Indicator.objects.get(criterion__criteria_set__code="QD32-2022-TH", code="2.2")
    indicator.target_value = Decimal(80)
    indicator.verified = True
    indicator.save()
    seed.load(demo_accounts=False)
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.verified) == (Decimal(80), True)
