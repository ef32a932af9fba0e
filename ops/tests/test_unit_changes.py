"""`unit_change_apply`: merges, splits, renames and moves as data, each in one transaction (docs/adr/0090)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from ops.services import unit_change, unit_create, unit_update
from ops.unit_changes import LegalAct, NewUnit, unit_change_apply
from projects.services import work_create
from tests.conftest import row_counts
from units.models import AdministrativeUnit, ChangeKind, Kind, Level, UnitChange, UnitHistory, year_end

from .reform import JAN_2025, JULY_2025, commune, merge_into_dai_hung, merge_into_nam_sam_son

pytestmark = pytest.mark.django_db


def code_holder(code, day):
    """The commune that held `code` on `day`: a code identifies a unit only together with a date."""
    return AdministrativeUnit.objects.communes().in_force_on(day).filter(code=code).get()


def messages_of(raised) -> list[str]:
    return raised.value.messages


def refused(message, **arguments):
    """Apply a change that must be refused with `message`; nothing may be written, no caller object changed."""
    units = [
        unit for unit in arguments["predecessors"] + arguments["successors"] if isinstance(unit, AdministrativeUnit)
    ]
    states = [(unit.dissolved_on, unit.absorbed_paths, unit.name, unit.parent_id) for unit in units]
    before = row_counts()
    with pytest.raises(ValidationError) as raised:
        unit_change_apply(**arguments)
    assert message in " ".join(messages_of(raised))
    assert row_counts() == before
    assert [(unit.dissolved_on, unit.absorbed_paths, unit.name, unit.parent_id) for unit in units] == states
    return raised


# The real changes


def test_the_2025_merge_ends_four_units_and_creates_phuong_nam_sam_son(reform, thanh_hoa, quang_giao):
    nam_sam_son = reform.nam_sam_son
    assert (nam_sam_son.full_name, nam_sam_son.code, nam_sam_son.parent) == ("phường Nam Sầm Sơn", "16516", thanh_hoa)
    assert (nam_sam_son.valid_from, nam_sam_son.dissolved_on) == (JULY_2025, None)
    predecessors = [reform.quang_vinh, reform.quang_minh, reform.dai_hung, quang_giao]
    assert all(unit.dissolved_on == JULY_2025 for unit in predecessors)
    assert set(AdministrativeUnit.objects.predecessors_of(nam_sam_son)) == set(predecessors)
    assert list(AdministrativeUnit.objects.successors_of(quang_giao)) == [nam_sam_son]
    change = reform.merge_nam_sam_son
    assert (change.kind, change.effective_on, change.legal_verified) == (ChangeKind.MERGE, JULY_2025, True)
    assert change.legal_act == "1686/NQ-UBTVQH15, Điều 1, khoản 135"
    assert change.legal_date == datetime.date(2025, 6, 16)


def test_the_earlier_merge_formed_dai_hung_for_half_a_year(reform):
    dai_hung = reform.dai_hung
    assert (dai_hung.full_name, dai_hung.code, dai_hung.parent) == ("xã Đại Hùng", "16516", reform.sam_son)
    assert (dai_hung.valid_from, dai_hung.dissolved_on) == (JAN_2025, JULY_2025)
    assert reform.quang_hung.dissolved_on == reform.quang_dai.dissolved_on == JAN_2025
    # The number of NQ 1238 is from one secondary source: recorded, not marked as checked.
    assert reform.merge_2025_01.legal_act == "1238/NQ-UBTVQH15"
    assert reform.merge_2025_01.legal_verified is False


def test_quang_hai_merged_into_the_new_xa_quang_ninh(reform, quang_hai):
    quang_ninh = reform.quang_ninh
    assert (quang_ninh.full_name, quang_ninh.code, quang_ninh.valid_from) == ("xã Quảng Ninh", "16540", JULY_2025)
    assert set(AdministrativeUnit.objects.predecessors_of(quang_ninh)) == {
        reform.quang_nhan,
        quang_hai,
        reform.old_quang_ninh,
    }
    assert reform.old_quang_ninh.dissolved_on == JULY_2025  # the old xã Quảng Ninh, code 16465, ended too


def test_a_successor_answers_for_every_subtree_merged_into_it_however_long_ago(reform, quang_giao, thon_5):
    scope = reform.nam_sam_son.scope_paths
    for unit in (
        reform.quang_vinh,
        reform.quang_minh,
        reform.dai_hung,
        quang_giao,
        reform.quang_hung,
        reform.quang_dai,
    ):
        assert unit.path in scope
    assert thon_5.is_within(reform.nam_sam_son)
    assert not reform.quang_nhan.is_within(reform.nam_sam_son)
    assert reform.quang_hung.is_within(reform.dai_hung)


def test_predecessors_keep_their_records_their_names_and_their_villages(administrator, quang_giao, thon_5, thanh_hoa):
    work = work_create(
        user=administrator, commune=quang_giao, code="GT-01", name="Sửa chữa trường Mầm non", planned_start_year=2024
    )
    merged = merge_into_nam_sam_son([quang_giao], thanh_hoa)
    work.refresh_from_db()
    thon_5.refresh_from_db()
    assert work.commune == quang_giao
    assert thon_5.parent == quang_giao
    assert (quang_giao.name, quang_giao.full_name, quang_giao.dissolved_on) == (
        "Quảng Giao",
        "xã Quảng Giao",
        JULY_2025,
    )
    assert merged.successors.get().full_name == "phường Nam Sầm Sơn"


# Codes and names over time


def test_code_16516_names_three_units_at_three_dates(reform):
    assert code_holder("16516", datetime.date(2024, 6, 1)) == reform.quang_hung
    assert code_holder("16516", datetime.date(2025, 3, 1)) == reform.dai_hung
    assert code_holder("16516", datetime.date(2026, 12, 1)) == reform.nam_sam_son
    assert AdministrativeUnit.objects.communes().filter(code="16516").count() == 3


def test_code_16540_was_quang_hai_then_xa_quang_ninh(reform, quang_hai):
    assert code_holder("16540", datetime.date(2025, 6, 30)) == quang_hai
    assert code_holder("16540", JULY_2025) == reform.quang_ninh
    periods = AdministrativeUnit.objects.with_code_during(
        level=Level.COMMUNE, code="16540", start=datetime.date(2025, 6, 1), end=datetime.date(2025, 8, 1)
    )
    assert set(periods) == {quang_hai, reform.quang_ninh}


def test_each_year_lists_the_units_in_force_on_31_december_with_their_names_of_then(reform, thanh_hoa):
    def names(year):
        units = AdministrativeUnit.objects.within(thanh_hoa).communes().in_year(year).prefetch_related("history")
        return sorted(unit.full_name_on(year_end(year)) for unit in units)

    assert names(2024) == sorted(
        [
            "phường Quảng Vinh",
            "xã Quảng Giao",
            "xã Quảng Hải",
            "xã Quảng Hùng",
            "xã Quảng Minh",
            "xã Quảng Nhân",
            "xã Quảng Ninh",
            "xã Quảng Đại",
        ]
    )
    assert names(2025) == names(2026) == ["phường Nam Sầm Sơn", "xã Quảng Ninh"]
    # Đại Hùng lived from 01/01 to 30/06/2025: it is in no year's list; its records are read through its successor.
    assert not any(reform.dai_hung.existed_in(year) for year in (2024, 2025, 2026))
    assert reform.dai_hung.in_force_on(datetime.date(2025, 3, 1))


def test_a_renamed_unit_keeps_its_earlier_name_for_earlier_dates(quang_xuong):
    unit = commune("Kiểm Thử Cũ", quang_xuong, "")
    unit.name = "Kiểm Thử Mới"
    change = unit_change_apply(
        kind=ChangeKind.RENAME,
        effective_on=datetime.date(2026, 1, 1),
        predecessors=[unit],
        successors=[unit],
        note="Dữ liệu kiểm thử",
    )
    unit = AdministrativeUnit.objects.prefetch_related("history").get(pk=unit.pk)
    assert unit.full_name_on(datetime.date(2025, 12, 31)) == "xã Kiểm Thử Cũ"
    assert unit.full_name_on(datetime.date(2026, 1, 1)) == unit.full_name == "xã Kiểm Thử Mới"
    assert list(change.predecessors.all()) == list(change.successors.all()) == [unit]
    assert unit.dissolved_on is None
    assert unit.history.get().note == "Dữ liệu kiểm thử"


def test_a_commune_moved_from_its_district_to_the_province_keeps_its_history_and_its_villages(
    thanh_hoa, quang_xuong, quang_giao, thon_5, official
):
    unit_update(unit=quang_giao, code="16519")
    quang_giao.parent = thanh_hoa
    change = unit_change_apply(
        kind=ChangeKind.MOVE, effective_on=JULY_2025, predecessors=[quang_giao], successors=[quang_giao]
    )
    thon_5.refresh_from_db()
    assert quang_giao.path == f"{thanh_hoa.path}{quang_giao.pk}/"
    assert thon_5.path == f"{quang_giao.path}{thon_5.pk}/"
    earlier = quang_giao.history.get()
    assert (earlier.name, earlier.parent, earlier.valid_until) == ("Quảng Giao", quang_xuong, JULY_2025)
    assert quang_giao.name_on(datetime.date(2024, 12, 31)) == "Quảng Giao"
    assert (quang_giao.code, quang_giao.dissolved_on) == ("16519", None)  # the same unit carries on
    assert change.kind == ChangeKind.MOVE and list(change.successors.all()) == [quang_giao]
    assert AdministrativeUnit.objects.visible_to(official).filter(pk=thon_5.pk).exists()


def test_absorbed_subtrees_follow_a_move_of_the_unit_above_them(quang_xuong, thanh_hoa, quang_giao, thon_5):
    thon_4 = unit_create(level=Level.VILLAGE, name="Thôn 4", parent=quang_giao)
    merged = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[thon_4, thon_5],
        successors=[NewUnit(level=Level.VILLAGE, name="Thôn Việt Trung (kiểm thử)", parent=quang_giao)],
    )
    village = merged.successors.get()
    quang_giao.parent = thanh_hoa
    unit_change_apply(
        kind=ChangeKind.MOVE,
        effective_on=datetime.date(2025, 7, 2),
        predecessors=[quang_giao],
        successors=[quang_giao],
    )
    village.refresh_from_db()
    thon_5.refresh_from_db()
    assert village.absorbed_paths.split() == [thon_4.path.replace(quang_xuong.path, thanh_hoa.path), thon_5.path]
    assert thon_5.is_within(village)


# Other shapes


def test_an_existing_unit_may_absorb_another(quang_giao, quang_hai, thon_5):
    change = unit_change_apply(
        kind=ChangeKind.MERGE, effective_on=JULY_2025, predecessors=[quang_hai], successors=[quang_giao]
    )
    assert quang_giao.dissolved_on is None and quang_hai.dissolved_on == JULY_2025
    assert quang_giao.absorbed_paths == quang_hai.path
    assert list(change.successors.all()) == [quang_giao]


def test_a_split_gives_each_part_the_whole_history(quang_xuong, quang_hai):
    change = unit_change_apply(
        kind=ChangeKind.SPLIT,
        effective_on=JULY_2025,
        predecessors=[quang_hai],
        successors=[
            NewUnit(level=Level.COMMUNE, name="Phần Bắc (kiểm thử)", parent=quang_xuong),
            NewUnit(level=Level.COMMUNE, name="Phần Nam (kiểm thử)", parent=quang_xuong),
        ],
    )
    parts = list(change.successors.order_by("name"))
    assert [part.name for part in parts] == ["Phần Bắc (kiểm thử)", "Phần Nam (kiểm thử)"]
    assert all(quang_hai.is_within(part) for part in parts)


def test_a_district_without_communes_may_become_a_commune_level_special_zone(thanh_hoa):
    # As huyện Hoàng Sa became đặc khu Hoàng Sa on 1/7/2025 in the statistics office's list (test names here).
    island = unit_create(level=Level.DISTRICT, name="Huyện đảo (kiểm thử)", parent=thanh_hoa)
    change = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[island],
        successors=[NewUnit(level=Level.COMMUNE, name="Đảo (kiểm thử)", parent=thanh_hoa, kind=Kind.SPECIAL_ZONE)],
    )
    zone = change.successors.get()
    assert (zone.full_name, zone.level) == ("đặc khu Đảo (kiểm thử)", Level.COMMUNE)
    assert island.is_within(zone)


def test_a_unit_divided_between_two_merges_of_one_day_ends_once(quang_xuong, quang_giao, quang_hai):
    other = commune("Quảng Nhân", quang_xuong, "16462")
    first = merge_into_nam_sam_son([quang_giao, other], quang_xuong.parent)
    second = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[quang_hai, other],
        successors=[NewUnit(level=Level.COMMUNE, name="Quảng Ninh", parent=quang_xuong.parent, code="16540")],
    )
    assert other.dissolved_on == JULY_2025
    assert other.is_within(first.successors.get()) and other.is_within(second.successors.get())


def test_changes_recorded_out_of_order_still_give_the_whole_lineage(thanh_hoa, quang_giao):
    sam_son = unit_create(level=Level.DISTRICT, name="Sầm Sơn", parent=thanh_hoa, kind=Kind.PROVINCIAL_CITY)
    # Quảng Hùng's code 16516 is left out: Đại Hùng holds it from 01/01/2025 and Quảng Hùng has not ended yet.
    quang_hung, quang_dai = commune("Quảng Hùng", sam_son, ""), commune("Quảng Đại", sam_son, "16537")
    dai_hung = unit_create(level=Level.COMMUNE, name="Đại Hùng", parent=sam_son, code="16516", valid_from=JAN_2025)
    nam_sam_son = merge_into_nam_sam_son([dai_hung, quang_giao], thanh_hoa).successors.get()
    unit_change_apply(
        kind=ChangeKind.MERGE, effective_on=JAN_2025, predecessors=[quang_hung, quang_dai], successors=[dai_hung]
    )
    nam_sam_son.refresh_from_db()
    assert quang_hung.is_within(nam_sam_son) and quang_dai.is_within(nam_sam_son)


def test_applying_a_change_is_audited(reform, quang_giao):
    change_entry = AuditEntry.objects.for_object(reform.merge_nam_sam_son).get()
    assert change_entry.action == "create"
    ended = AuditEntry.objects.for_object(quang_giao).filter(action="update").latest("pk")
    assert ended.changes["dissolved_on"] == [None, "2025-07-01"]
    assert ended.commune == quang_giao  # the commune's own log says it ended
    assert AuditEntry.objects.for_object(reform.nam_sam_son).filter(action="create").exists()


# Bad input: a clear Vietnamese message, nothing written


def test_a_failure_half_way_leaves_nothing_behind(thanh_hoa, quang_xuong, quang_giao, quang_hai):
    commune("Quảng Nhân", quang_xuong, "16462")
    # The predecessors end and the change is recorded before the successor is created with a taken code.
    refused(
        "Mã 16462 đã thuộc một đơn vị khác trong cùng thời gian",
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[quang_giao, quang_hai],
        successors=[NewUnit(level=Level.COMMUNE, name="Tên thử", parent=thanh_hoa, code="16462")],
    )
    assert not UnitChange.objects.exists()
    assert AdministrativeUnit.objects.filter(dissolved_on__isnull=False).count() == 0


def test_a_predecessor_that_does_not_exist_is_refused(thanh_hoa, quang_giao):
    missing = AdministrativeUnit(level=Level.COMMUNE, name="Quảng Không Có")
    refused(
        "Đơn vị trước sắp xếp “Quảng Không Có” không có trong danh mục đơn vị hành chính.",
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[quang_giao, missing],
        successors=[NewUnit(level=Level.COMMUNE, name="Nam Sầm Sơn", parent=thanh_hoa)],
    )
    deleted = unit_create(level=Level.COMMUNE, name="Quảng Đã Xóa", parent=thanh_hoa)
    AdministrativeUnit.objects.filter(pk=deleted.pk).delete()
    refused(
        "“Quảng Đã Xóa” không có trong danh mục",
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[deleted],
        successors=[quang_giao],
    )


def test_a_predecessor_that_already_ended_is_refused(reform, thanh_hoa):
    refused(
        "Xã Quảng Hùng đã ngừng hoạt động từ 01/01/2025; không sắp xếp được từ ngày 01/07/2025.",
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[reform.quang_hung],
        successors=[reform.quang_ninh],
    )
    # A stale object that still believes Quảng Giao is in force does not fool the check.
    stale = AdministrativeUnit.objects.get(pk=reform.nam_sam_son.pk)
    stale.pk = reform.merge_nam_sam_son.predecessors.get(name="Quảng Giao").pk
    stale.dissolved_on = None
    refused(
        "đã ngừng hoạt động từ 01/07/2025; không sắp xếp được từ ngày 01/01/2026",
        kind=ChangeKind.MERGE,
        effective_on=datetime.date(2026, 1, 1),
        predecessors=[stale],
        successors=[reform.nam_sam_son],
    )


def test_a_predecessor_in_another_province_is_refused(thanh_hoa, quang_giao, other_province):
    stranger = unit_create(level=Level.COMMUNE, name="Xã tỉnh khác (kiểm thử)", parent=other_province)
    refused(
        "Xã Xã tỉnh khác (kiểm thử) thuộc tỉnh khác với tỉnh Thanh Hóa; không sắp xếp được giữa hai tỉnh.",
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[quang_giao, stranger],
        successors=[NewUnit(level=Level.COMMUNE, name="Nam Sầm Sơn", parent=thanh_hoa)],
    )
    refused(
        "thuộc tỉnh khác với tỉnh Thanh Hóa",
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[stranger],
        successors=[quang_giao],
    )


def test_a_successor_dated_before_its_predecessors_began_is_refused(thanh_hoa, quang_giao):
    sam_son = unit_create(level=Level.DISTRICT, name="Sầm Sơn", parent=thanh_hoa)
    dai_hung = merge_into_dai_hung(commune("Quảng Hùng", sam_son, "16516"), commune("Quảng Đại", sam_son, ""), sam_son)
    dai_hung = dai_hung.successors.get()
    for day in (datetime.date(2024, 12, 31), JAN_2025):
        refused(
            f"Ngày sắp xếp {day:%d/%m/%Y} phải sau ngày xã Đại Hùng bắt đầu hoạt động (01/01/2025)",
            kind=ChangeKind.MERGE,
            effective_on=day,
            predecessors=[dai_hung, quang_giao],
            successors=[NewUnit(level=Level.COMMUNE, name="Nam Sầm Sơn", parent=thanh_hoa)],
        )


def test_overlapping_code_periods_are_refused(reform, quang_hai):
    message = "Mã 16516 đã thuộc một đơn vị khác trong cùng thời gian"
    with pytest.raises(ValidationError) as raised:  # Nam Sầm Sơn cannot begin while Đại Hùng still holds 16516
        unit_update(unit=reform.nam_sam_son, valid_from=datetime.date(2025, 6, 1))
    assert message in messages_of(raised)[0]
    with pytest.raises(ValidationError) as raised:  # nor can Quảng Hải be reopened while xã Quảng Ninh holds 16540
        unit_update(unit=quang_hai, dissolved_on=None)
    assert "Mã 16540 đã thuộc một đơn vị khác" in messages_of(raised)[0]
    reform.nam_sam_son.refresh_from_db()
    assert reform.nam_sam_son.valid_from == JULY_2025


@pytest.mark.parametrize(
    ("kind", "shape", "message"),
    [
        ("gop", "merge", "Loại sắp xếp không hợp lệ."),
        (ChangeKind.MERGE, "two successors", "Sáp nhập tạo ra đúng một đơn vị."),
        (ChangeKind.SPLIT, "merge", "Chia tách bắt đầu từ đúng một đơn vị."),
        (ChangeKind.RENAME, "merge", "Đổi tên hoặc chuyển đơn vị cấp trên giữ nguyên một đơn vị."),
        (ChangeKind.MERGE, "nothing", "Một lần sắp xếp phải có ít nhất một đơn vị trước và một đơn vị sau."),
    ],
)
def test_a_change_of_the_wrong_shape_is_refused(kind, shape, message, thanh_hoa, quang_giao, quang_hai):
    new = NewUnit(level=Level.COMMUNE, name="Nam Sầm Sơn", parent=thanh_hoa)
    predecessors, successors = {
        "merge": ([quang_giao, quang_hai], [new]),
        "two successors": ([quang_giao, quang_hai], [new, quang_giao]),
        "nothing": ([], [new]),
    }[shape]
    refused(message, kind=kind, effective_on=JULY_2025, predecessors=predecessors, successors=successors)


def test_a_successor_must_be_in_force_and_distinct_from_its_predecessors(reform, quang_xuong, thanh_hoa):
    quang_nhan = commune("Quảng Nhân Mới (kiểm thử)", thanh_hoa, "")
    cases = [
        ([quang_nhan], [reform.dai_hung], "Xã Đại Hùng không hoạt động vào ngày 01/01/2026"),
        ([quang_nhan, reform.quang_ninh], [reform.quang_ninh], "không thể vừa là đơn vị trước vừa là đơn vị sau"),
        ([quang_nhan], [NewUnit(level=Level.COMMUNE, name="Xã thử", parent=quang_xuong)], "không hoạt động"),
    ]
    AdministrativeUnit.objects.filter(pk=quang_xuong.pk).update(dissolved_on=JULY_2025)
    for predecessors, successors, message in cases:
        refused(
            message,
            kind=ChangeKind.MERGE,
            effective_on=datetime.date(2026, 1, 1),
            predecessors=predecessors,
            successors=successors,
        )


def test_renames_and_moves_are_refused_when_they_change_nothing_or_come_out_of_order(quang_giao, quang_hai, thon_5):
    def change(kind, unit, day=JULY_2025):
        return {"kind": kind, "effective_on": day, "predecessors": [unit], "successors": [unit]}

    refused("Tên mới trùng với tên hiện tại.", **change(ChangeKind.RENAME, quang_giao))
    refused("Đơn vị cấp trên mới trùng với đơn vị cấp trên hiện tại.", **change(ChangeKind.MOVE, quang_giao))
    quang_giao.parent = thon_5
    refused("Không chuyển được một đơn vị vào chính nó", **change(ChangeKind.MOVE, quang_giao))
    quang_giao.refresh_from_db()
    quang_giao.parent = quang_hai
    refused("Đơn vị cấp trên phải thuộc cấp cao hơn", **change(ChangeKind.MOVE, quang_giao))
    quang_giao.refresh_from_db()
    unit_change(unit=quang_giao, effective=datetime.date(2026, 1, 1), name="Tên năm 2026 (kiểm thử)")
    quang_giao.name = "Tên năm 2025 (kiểm thử)"
    refused("hãy ghi các thay đổi theo thứ tự thời gian", **change(ChangeKind.RENAME, quang_giao))
    assert UnitHistory.objects.filter(unit=quang_giao).count() == 1


def test_an_ended_unit_is_neither_renamed_nor_moved(reform, quang_giao, thanh_hoa):
    quang_giao.parent = thanh_hoa
    refused(
        "Xã Quảng Giao đã ngừng hoạt động từ 01/07/2025; không đổi tên hay chuyển được từ ngày 01/01/2026.",
        kind=ChangeKind.MOVE,
        effective_on=datetime.date(2026, 1, 1),
        predecessors=[quang_giao],
        successors=[quang_giao],
    )


def test_the_callers_units_are_refreshed_after_a_change(thanh_hoa, quang_giao, quang_hai):
    change = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[quang_giao, quang_hai],
        successors=[NewUnit(level=Level.COMMUNE, name="Hai xã (kiểm thử)", parent=thanh_hoa)],
        act=LegalAct(number="", clause=""),
    )
    assert quang_giao.dissolved_on == quang_hai.dissolved_on == JULY_2025
    assert change.legal_act == ""


def test_a_unit_is_not_moved_under_a_parent_that_ended_and_the_form_hears_it_on_the_parent(quang_giao, quang_xuong):
    other_district = unit_create(level=Level.DISTRICT, name="Huyện đã ngừng (kiểm thử)", parent=quang_xuong.parent)
    AdministrativeUnit.objects.filter(pk=other_district.pk).update(dissolved_on=JULY_2025)
    quang_giao.parent = other_district
    message = "Đơn vị cấp trên huyện Huyện đã ngừng (kiểm thử) không hoạt động vào ngày 01/01/2026."
    arguments = {"effective_on": datetime.date(2026, 1, 1), "predecessors": [quang_giao], "successors": [quang_giao]}
    refused(message, kind=ChangeKind.MOVE, **arguments)
    with pytest.raises(ValidationError) as raised:
        unit_change_apply(kind=ChangeKind.MOVE, **arguments)
    assert raised.value.message_dict == {"parent": [message]}
