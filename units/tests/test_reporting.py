"""Which units a report for a year lists, named how, and whose records count for whom across merges (ADR 0095)."""

import datetime

import pytest

from ops.services import unit_change, unit_create
from ops.unit_changes import NewUnit, unit_change_apply
from units.models import AdministrativeUnit, ChangeKind, Level
from units.reporting import (
    Succession,
    counting_for,
    full_name_in,
    label_in,
    load_names,
    name_in,
    parent_name_in,
    year_scope,
)

pytestmark = pytest.mark.django_db


def names(units):
    return [unit.name for unit in units]


def test_2024_lists_quang_giao_under_its_district_and_2026_nam_sam_son_under_the_province(reform):
    communes = AdministrativeUnit.objects.within(reform.thanh_hoa).communes()
    in_2024 = set(names(communes.in_year(2024)))
    in_2026 = set(names(communes.in_year(2026)))
    assert {"Quảng Giao", "Quảng Vinh", "Quảng Minh", "Quảng Hùng", "Quảng Đại", "Quảng Hải"} <= in_2024
    assert "Nam Sầm Sơn" not in in_2024 and "Đại Hùng" not in in_2024
    assert in_2026 == {"Nam Sầm Sơn", "Quảng Ninh"}
    assert parent_name_in(reform.quang_giao, 2024) == "huyện Quảng Xương"
    assert parent_name_in(reform.nam_sam_son, 2026) == "tỉnh Thanh Hóa"
    assert full_name_in(reform.nam_sam_son, 2026) == "phường Nam Sầm Sơn"


def test_the_predecessors_records_count_for_the_successor_from_the_year_they_ended(reform):
    nss = reform.nam_sam_son
    assert names(counting_for(nss, 2026)) == [
        "Nam Sầm Sơn",
        "Quảng Đại",  # through Đại Hùng: they ended on 01/01/2025
        "Quảng Hùng",
        "Đại Hùng",
        "Quảng Giao",
        "Quảng Minh",
        "Quảng Vinh",
    ]
    assert names(counting_for(nss, 2025)) == names(counting_for(nss, 2026))
    assert names(counting_for(reform.quang_giao, 2024)) == ["Quảng Giao"]
    assert names(counting_for(reform.dai_hung, 2024)) == ["Đại Hùng"]  # before the first merge: its own only
    assert names(counting_for(reform.quang_ninh, 2026)) == ["Quảng Ninh", "Quảng Hải", "Quảng Nhân", "Quảng Ninh"]


def test_for_a_year_before_it_began_a_successor_shows_the_units_listed_then_each_with_its_own(reform):
    scope = year_scope(reform.nam_sam_son, 2024)
    assert scope.before_start
    assert [(part.unit.name, names(part.units)) for part in scope.parts] == [
        ("Quảng Đại", ["Quảng Đại"]),
        ("Quảng Hùng", ["Quảng Hùng"]),
        ("Quảng Giao", ["Quảng Giao"]),
        ("Quảng Minh", ["Quảng Minh"]),
        ("Quảng Vinh", ["Quảng Vinh"]),
    ]
    assert scope.parts[2].label == "xã Quảng Giao (đến 30/06/2025)"
    assert scope.parts[4].label == "phường Quảng Vinh (đến 30/06/2025)"
    assert scope.parts[1].label == "xã Quảng Hùng (đến 31/12/2024)"
    after = year_scope(reform.nam_sam_son, 2026)
    assert not after.before_start and len(after.parts) == 1
    assert "xã Quảng Giao (đến 30/06/2025)" in after.merged_labels


def test_a_commune_on_its_own_reads_no_merge_at_all(quang_giao, django_assert_num_queries):
    with django_assert_num_queries(0):
        scope = year_scope(quang_giao, 2024)
    assert scope.units == [quang_giao] and scope.merged_labels == []


def test_the_merges_behind_a_page_of_communes_cost_two_queries(reform, django_assert_num_queries):
    communes = list(AdministrativeUnit.objects.filter(pk__in=[reform.nam_sam_son.pk, reform.quang_ninh.pk]))
    load_names(communes)
    with django_assert_num_queries(2):
        succession = Succession(communes)
        labels = [label_in(unit, 2026) for commune in communes for unit in succession.counting_for(commune, 2026)]
    assert "xã Quảng Hải (đến 30/06/2025)" in labels


def test_a_unit_divided_among_two_successors_counts_for_neither(quang_xuong, quang_hai):
    split = unit_change_apply(
        kind=ChangeKind.SPLIT,
        effective_on=datetime.date(2025, 7, 1),
        predecessors=[quang_hai],
        successors=[
            NewUnit(level=Level.COMMUNE, name="Hải Bắc", parent=quang_xuong),
            NewUnit(level=Level.COMMUNE, name="Hải Nam", parent=quang_xuong),
        ],
    )
    north, south = split.successors.order_by("name")
    assert names(counting_for(north, 2026)) == ["Hải Bắc"]
    assert names(counting_for(south, 2026)) == ["Hải Nam"]


def test_a_renamed_unit_is_named_as_in_each_year(quang_giao):
    unit_change(unit=quang_giao, effective=datetime.date(2025, 1, 1), name="Quảng Giao Mới")
    quang_giao = AdministrativeUnit.objects.get(pk=quang_giao.pk)
    assert name_in(quang_giao, 2024) == "Quảng Giao"
    assert name_in(quang_giao, 2025) == "Quảng Giao Mới"
    assert names(counting_for(quang_giao, 2025)) == ["Quảng Giao Mới"]  # a rename merges nothing


def test_a_commune_moved_under_the_province_has_its_district_as_parent_for_earlier_years(thanh_hoa, quang_xuong):
    commune = unit_create(level=Level.COMMUNE, name="Xã giữ nguyên", parent=quang_xuong)
    unit_change(unit=commune, effective=datetime.date(2025, 7, 1), parent=thanh_hoa)
    commune = AdministrativeUnit.objects.get(pk=commune.pk)
    assert parent_name_in(commune, 2024) == "huyện Quảng Xương"
    assert parent_name_in(commune, 2025) == "tỉnh Thanh Hóa"
