"""The seed across the 2025 reform it now holds (issue 12 §4 and §6, docs/adr/0095): Quảng Giao's 2024 plan
names it alone (its text is checked word for word by reports/tests/test_seed_document.py), the area dashboard
lists Quảng Giao under huyện Quảng Xương for 2024 and phường Nam Sầm Sơn under tỉnh Thanh Hóa for 2026, and the
ward's official finds Quảng Giao's unfinished works among its 2026 works."""

import datetime

import pytest
from django.urls import reverse

from reports.dashboards import build_area_dashboard, build_commune_dashboard
from reports.models import PlanDocument
from reports.plan_builder import build_printed_plan
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

DECEMBER_2026 = datetime.date(2026, 12, 3)


def rows(world, year):
    dashboard = build_area_dashboard(AdministrativeUnit.objects.within(world.thanh_hoa), year, DECEMBER_2026)
    return {row.name: row for row in dashboard.rows}


def test_the_seed_holds_quang_giao_as_merged_into_nam_sam_son(world):
    assert AdministrativeUnit.objects.get(pk=world.quang_giao.pk).dissolved_on == datetime.date(2025, 7, 1)
    assert world.nam_sam_son.name == "Nam Sầm Sơn"


def test_the_2024_plan_of_quang_giao_counts_quang_giao_alone(world):
    plan = build_printed_plan(PlanDocument.objects.with_parts().get(commune=world.quang_giao, year=2024))
    assert plan.commune_name == "Quảng Giao" and plan.money_by_unit == []
    assert "Tổng nguồn vốn thực hiện chương trình xây dựng NTM năm 2023 là: 22,3 tỷ đồng. Trong đó:" in [
        block.text for block in plan.outline
    ]


def test_2024_lists_quang_giao_under_its_district_and_2026_nam_sam_son_under_the_province(world):
    in_2024, in_2026 = rows(world, 2024), rows(world, 2026)
    assert in_2024["Quảng Giao"].parent_name == "huyện Quảng Xương" and "Nam Sầm Sơn" not in in_2024
    assert in_2026["Nam Sầm Sơn"].parent_name == "tỉnh Thanh Hóa" and "Quảng Giao" not in in_2026
    assert "xã Quảng Giao (đến 30/06/2025)" in in_2026["Nam Sầm Sơn"].merged


def test_the_wards_official_finds_the_kindergarten_repair_among_2026_works(world, official, client_for):
    response = client_for(official).get(reverse("projects:work_list"), {"year": 2026})
    assert "Sửa chữa trường Mầm non" in {work.name for work in response.context["page"]}
    dashboard = build_commune_dashboard(world.nam_sam_son, 2026, DECEMBER_2026)
    repair = next(work for work in dashboard.works if work.name == "Sửa chữa trường Mầm non")
    assert repair.owner == "xã Quảng Giao (đến 30/06/2025)"


def test_the_wards_2024_page_shows_quang_giao_under_its_name_with_its_own_verdicts(world, official, client_for):
    response = client_for(official).get(
        reverse("reports:dashboard_commune", args=[world.nam_sam_son.pk]), {"year": 2023}
    )
    parts = {part.label: part for part in response.context["dashboard"].parts}
    giao = parts["xã Quảng Giao (đến 30/06/2025)"]
    assert giao.money.total == 22_300_000_000
    assert [(status.met_count, status.total) for status in giao.levels] == [(1, 19), (1, 19)]
