"""The export's rows read from plain values (`area_sheet.sheet_rows`) are the dashboard's `AreaRow`s, in the same
order, for every year, sort and recognition filter, across renames, moves, merges and recognitions."""

import datetime

import pytest

from criteria.models import SetLevel
from criteria.recognitions import recognition_record, recognition_revoke
from ops.unit_changes import unit_change_apply
from reports.dashboards import SORTS, build_area_dashboard
from reports.dashboards.area_sheet import SheetRow, sheet_rows
from units.models import AdministrativeUnit, ChangeKind

from .dashboard_data import add_commune, fill_commune

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reform_records")]

DECEMBER_2026 = datetime.date(2026, 12, 3)
YEARS = (2023, 2024, 2025, 2026)
FILTERS = ("", "yes", "no", SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO)


def as_sheet_row(row) -> SheetRow:
    """What the workbook wrote of an `AreaRow` before the export read plain values."""
    return SheetRow(
        name=row.name,
        parent_name=row.parent_name,
        merged=row.merged,
        counts=row.counts,
        level_reached_label=str(row.level_reached_label),
        recognitions=[recognition.status_label for recognition in row.recognitions],
        works_on_track=row.works_on_track,
        works_late=row.works_late,
        planned=row.planned,
        mobilised=row.mobilised,
        mobilised_share=row.mobilised_share,
        last_update=row.last_update,
        is_demo=row.commune.is_demo,
    )


@pytest.fixture
def world(reform):
    """The reform (merges, communes moved under the province), plus a commune renamed then moved to another
    district, a district renamed, and recognitions held, revoked and held at two levels."""
    moved = add_commune(reform.quang_xuong, "Đồng Cũ")
    fill_commune(moved, works=2, years=(2023, 2024, 2025))
    moved.name = "Đồng Mới"
    unit_change_apply(
        kind=ChangeKind.RENAME, effective_on=datetime.date(2024, 3, 1), predecessors=[moved], successors=[moved]
    )
    moved.parent = reform.sam_son
    unit_change_apply(
        kind=ChangeKind.MOVE, effective_on=datetime.date(2024, 9, 1), predecessors=[moved], successors=[moved]
    )
    district = AdministrativeUnit.objects.get(pk=reform.quang_xuong.pk)
    district.name = "Quảng Xương Mới"
    unit_change_apply(
        kind=ChangeKind.RENAME, effective_on=datetime.date(2024, 6, 1), predecessors=[district], successors=[district]
    )
    recognition_record(user=None, unit=reform.quang_giao, level=SetLevel.XA_NTM, recognised_year=2020)
    recognition_record(
        user=None,
        unit=moved,
        level=SetLevel.XA_NTM_NANG_CAO,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2024, 10, 2),
    )
    recognition_record(user=None, unit=moved, level=SetLevel.XA_NTM, recognised_year=2019, before_year=True)
    revoked = recognition_record(user=None, unit=reform.quang_vinh, level=SetLevel.XA_NTM, recognised_year=2021)
    recognition_revoke(user=None, recognition=revoked, revoked_on=datetime.date(2024, 5, 1), reason="Kiểm thử")
    return reform


def test_the_sheet_rows_are_the_dashboards_rows_for_every_year_sort_and_filter(world):
    communes = AdministrativeUnit.objects.within(world.thanh_hoa)
    seen = []
    for year in YEARS:
        cases = [(sort, "") for key in SORTS for sort in (key, f"-{key}")] + [("-mobilised", kept) for kept in FILTERS]
        for sort, recognised in cases:
            dashboard = build_area_dashboard(communes, year, DECEMBER_2026, sort=sort, recognised=recognised)
            expected = [as_sheet_row(row) for row in dashboard.rows]
            assert list(sheet_rows(dashboard)) == expected, (year, sort, recognised)
            seen += expected
    # The world holds what the rule is about: names and parents of another year, merges, recognitions.
    assert {"Đồng Cũ", "Đồng Mới"} <= {row.name for row in seen}
    parents = {row.parent_name for row in seen}
    assert {"huyện Quảng Xương", "huyện Quảng Xương Mới", "thành phố Sầm Sơn", "tỉnh Thanh Hóa"} <= parents
    assert any("xã Quảng Giao (đến 30/06/2025)" in row.merged for row in seen)
    assert any(len(row.recognitions) == 2 for row in seen)


def test_the_sheet_rows_take_the_same_queries_whatever_the_number_of_communes(world, django_assert_num_queries):
    communes = AdministrativeUnit.objects.within(world.thanh_hoa)
    # the summary's rows, the units with their parents, their names' history, the former parent of the commune
    # that moved and its names' history, the recognitions
    dashboard = build_area_dashboard(communes, 2024, DECEMBER_2026)
    with django_assert_num_queries(6):
        assert len(list(sheet_rows(dashboard))) == dashboard.count
    for number in range(3):
        add_commune(world.quang_xuong, f"Xã thêm {number}")
    dashboard = build_area_dashboard(communes, 2024, DECEMBER_2026)
    with django_assert_num_queries(6):
        assert len(list(sheet_rows(dashboard))) == dashboard.count
