"""The funding seed: the catalogue and Quảng Giao's 2023 figures, exactly as the seed document states them."""

from decimal import Decimal

import pytest

from funding import seed
from funding.models import FundingSource, MoneyLine
from funding.summary import build_summary
from ops import seed as units_seed
from projects import seed as projects_seed
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

TRIEU = 10**6


@pytest.fixture
def seeded(db):
    units_seed.load(demo_accounts=False)
    projects_seed.load(demo_accounts=False)
    seed.load(demo_accounts=False)
    return AdministrativeUnit.objects.get(name="Quảng Giao")


def test_catalogue_lists_every_kind_of_source(seeded):
    codes = set(FundingSource.objects.values_list("code", flat=True))
    assert {"ns-trung-uong", "ns-tinh", "ns-huyen", "ns-xa", "long-ghep", "tin-dung", "doanh-nghiep"} <= codes
    assert {"nd-tien", "nd-ngay-cong", "nd-hien-dat", "nd-nha-o", "khac"} <= codes


def test_2023_mobilisation_is_the_seeds(seeded):
    summary = build_summary(seeded, 2023)
    assert summary.total == 22_300 * TRIEU
    assert summary.source("ns-xa").mobilised == 19_700 * TRIEU
    assert summary.source("ns-xa").share == Decimal("88.3")
    assert summary.source("nd-nha-o").mobilised == 2_600 * TRIEU
    assert summary.source("nd-nha-o").share == Decimal("11.7")


def test_the_nine_works_are_linked_and_disagree_with_the_stated_19_7_ty(seeded):
    summary = build_summary(seeded, 2023)
    assert len(summary.works) == 9
    assert sum(work.allocated_year for work in summary.works) == 20_102 * TRIEU
    messages = [warning.message for warning in summary.warnings if warning.code == "works_differ_from_source"]
    assert len(messages) == 1
    assert "9 công trình" in messages[0]
    assert "20,102 tỷ đồng" in messages[0] and "19,7 tỷ đồng" in messages[0] and "402 triệu đồng" in messages[0]


def test_household_homes_are_not_tied_to_a_work(seeded):
    line = MoneyLine.objects.get(source__code="nd-nha-o", year=2023)
    assert line.work is None


def test_seed_runs_twice_to_the_same_data(seeded):
    before = list(MoneyLine.objects.order_by("id").values("id", "amount", "work_id", "source_id"))
    seed.load(demo_accounts=False)
    assert list(MoneyLine.objects.order_by("id").values("id", "amount", "work_id", "source_id")) == before
    assert FundingSource.objects.count() == 12


def test_the_seeded_summary_page_shows_the_seeds_figures_and_the_warning(seeded, client_for, db):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from ops.services import membership_assign
    from units.models import Role

    user = get_user_model().objects.create_user(username="bcd.thu", password="x-test-password-1")
    membership_assign(user=user, unit=seeded, role=Role.STEERING)
    page = client_for(user).get(reverse("funding:summary", args=[seeded.pk, 2023])).content.decode()
    assert "22,3 tỷ đồng" in page and "88,3 %" in page and "11,7 %" in page
    assert "9 công trình" in page and "20,102 tỷ đồng" in page and "nhiều hơn 402 triệu đồng" in page
