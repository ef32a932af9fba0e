"""Which indicator is income, clean water, OCOP: a key carried by the criteria data, not a guess."""

import importlib

import pytest
from django.apps import apps

from criteria import seed
from criteria.loader import indicator_keys
from criteria.models import CriteriaSet, Criterion, Indicator, IndicatorKey, IndicatorUnit
from ops import seed as units_seed

pytestmark = pytest.mark.django_db

keys_migration = importlib.import_module("criteria.migrations.0004_indicator_keys_of_the_known_sets")

EXPECTED = {
    ("QD318-NTM", "10"): IndicatorKey.INCOME,
    ("QD318-NTM", "17.1"): IndicatorKey.CLEAN_WATER,
    ("QD318-NTM-NC", "10"): IndicatorKey.INCOME,
    ("QD318-NTM-NC", "13.1"): IndicatorKey.OCOP,
    ("QD318-NTM-NC", "18.1"): IndicatorKey.CLEAN_WATER,
    ("QD32-2022-TH", "10"): IndicatorKey.INCOME,
    ("QD32-2022-TH", "17.1"): IndicatorKey.CLEAN_WATER,
    ("QD33-2022-TH", "10"): IndicatorKey.INCOME,
    ("QD33-2022-TH", "13.1"): IndicatorKey.OCOP,
    ("QD33-2022-TH", "18.1"): IndicatorKey.CLEAN_WATER,
    ("QD26-2024-TH", "10"): IndicatorKey.INCOME,
    ("QD26-2024-TH", "13.1"): IndicatorKey.OCOP,
    ("QD26-2024-TH", "18.1"): IndicatorKey.CLEAN_WATER,
}


def keyed() -> dict:
    rows = Indicator.objects.exclude(key="").values_list("criterion__criteria_set__code", "code", "key")
    return {(set_code, code): key for set_code, code, key in rows}


def test_the_seed_keys_income_clean_water_and_ocop_in_every_known_set(db):
    units_seed.load(demo_accounts=False)
    seed.load(demo_accounts=False)
    assert keyed() == EXPECTED
    income = Indicator.objects.get(criterion__criteria_set__code="QD33-2022-TH", key=IndicatorKey.INCOME)
    assert (income.criterion.number, income.unit) == (10, IndicatorUnit.MILLION_VND)


def test_the_data_migration_holds_the_keys_of_the_fixture():
    assert indicator_keys() == keys_migration.KEYS


def key_less_copy_of(code: str, numbers: dict) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.create(code=code, name=code, level="xa_ntm_nang_cao")
    for number, codes in numbers.items():
        criterion = Criterion.objects.create(criteria_set=criteria_set, number=number, name=f"Tiêu chí {number}")
        for indicator_code in codes:
            Indicator.objects.create(
                criterion=criterion, code=indicator_code, content="…", unit="number", comparator=">="
            )
    return criteria_set


def test_the_data_migration_keys_a_database_loaded_before_the_field_and_keeps_a_key_already_set():
    key_less_copy_of("QD33-2022-TH", {10: ["10"], 13: ["13.1", "13.2"], 18: ["18.1"]})
    key_less_copy_of("OTHER", {10: ["10"]})
    Indicator.objects.filter(code="18.1").update(key=IndicatorKey.OCOP)  # an administrator's choice stays
    keys_migration.set_keys(apps, None)
    assert keyed() == {
        ("QD33-2022-TH", "10"): IndicatorKey.INCOME,
        ("QD33-2022-TH", "13.1"): IndicatorKey.OCOP,
        ("QD33-2022-TH", "18.1"): IndicatorKey.OCOP,
    }
