"""The seed's records stay as they were across the 2025 merge (issue 12 §6, docs/adr/0095): once Quảng Giao is
merged into phường Nam Sầm Sơn, its 2024 plan regenerates exactly as before, the 2024 dashboards still show it,
and its successor's official finds its unfinished works among the successor's 2026 works."""

import datetime

import pytest
from django.urls import reverse

from ops.unit_changes import LegalAct, NewUnit, unit_change_apply
from reports.dashboards import build_area_dashboard, build_commune_dashboard
from reports.models import PlanDocument
from reports.plan_builder import build_printed_plan
from tests.merged_world import member
from units.models import AdministrativeUnit, ChangeKind, Kind, Level

pytestmark = pytest.mark.django_db

MERGE_DAY = datetime.date(2025, 7, 1)


def _merge(world):
    """Quảng Giao into phường Nam Sầm Sơn, unless the seed already holds the reform."""
    quang_giao = AdministrativeUnit.objects.get(pk=world.quang_giao.pk)
    if quang_giao.dissolved_on is not None:
        return AdministrativeUnit.objects.successors_of(quang_giao).get()
    change = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=MERGE_DAY,
        predecessors=[quang_giao],
        successors=[NewUnit(level=Level.COMMUNE, name="Nam Sầm Sơn", parent=world.thanh_hoa, kind=Kind.WARD)],
        act=LegalAct(number="1686/NQ-UBTVQH15", clause="khoản 135"),
    )
    return change.successors.get()


def _plan(world):
    return build_printed_plan(PlanDocument.objects.with_parts().get(commune=world.quang_giao, year=2024))


def test_the_2024_plan_of_quang_giao_regenerates_exactly_as_before_the_merge(world):
    before = _plan(world)
    _merge(world)
    after = _plan(world)
    assert [(block.kind, block.text) for block in after.outline] == [
        (block.kind, block.text) for block in before.outline
    ]
    assert after.appendices == before.appendices and after.warnings == before.warnings
    assert after.commune_name == "Quảng Giao" and after.money_by_unit == []


def test_the_2024_dashboards_show_quang_giao_as_before_the_merge(world):
    today = datetime.date(2026, 12, 3)
    area_before = build_area_dashboard(AdministrativeUnit.objects.within(world.thanh_hoa), 2024, today)
    commune_before = build_commune_dashboard(world.quang_giao, 2024, today)
    _merge(world)
    quang_giao = AdministrativeUnit.objects.get(pk=world.quang_giao.pk)
    area_after = build_area_dashboard(AdministrativeUnit.objects.within(world.thanh_hoa), 2024, today)
    commune_after = build_commune_dashboard(quang_giao, 2024, today)

    def figures(dashboard):
        return {
            row.name: (row.parent_name, row.works_total, row.planned, row.mobilised, row.counts)
            for row in dashboard.rows
        }

    assert figures(area_after) == figures(area_before)
    assert figures(area_after)["Quảng Giao"][0] == "huyện Quảng Xương"
    assert [work.code for work in commune_after.works] == [work.code for work in commune_before.works]
    assert commune_after.money.total == commune_before.money.total


def test_the_successors_official_finds_the_kindergarten_repair_among_2026_works(world, client_for):
    successor = _merge(world)
    official = member("canbo.namsamson.kiemthu", successor)
    response = client_for(official).get(reverse("projects:work_list"), {"year": 2026})
    names = {work.name for work in response.context["page"]}
    assert "Sửa chữa trường Mầm non" in names
    dashboard = build_commune_dashboard(successor, 2026, datetime.date(2026, 12, 3))
    assert "Sửa chữa trường Mầm non" in {work.name for work in dashboard.works}
