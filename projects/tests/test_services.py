import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from ops.services import unit_create
from projects.locking import StaleEditError
from projects.models import ProgressUpdate, QuarterlyTask, Work, late_from, planned_end_key, runs_in
from projects.progress import progress_record
from projects.services import (
    task_create,
    task_delete,
    task_update,
    work_create,
    work_update,
)
from units.models import Level

TODAY = datetime.date(2024, 5, 15)


def test_creating_a_work_records_who_created_it(official, road):
    entry = AuditEntry.objects.for_object(road).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.user == official
    assert entry.changes["total_investment"] == [None, 7_600_000_000]


def test_a_work_cannot_end_before_it_starts(official, quang_giao):
    with pytest.raises(ValidationError) as error:
        work_create(
            user=official,
            commune=quang_giao,
            code="X1",
            name="Sai thời gian",
            planned_start_year=2024,
            planned_start_quarter=3,
            planned_end_year=2024,
            planned_end_quarter=1,
        )
    assert "không được trước thời gian khởi công" in str(error.value.message_dict["planned_end_year"])
    assert not Work.objects.exists()


def test_a_work_refuses_negative_or_overflowing_money(official, quang_giao):
    for amount in (-1, 10**16):
        with pytest.raises(ValidationError) as error:
            work_create(
                user=official,
                commune=quang_giao,
                code="X",
                name="Tiền sai",
                total_investment=amount,
                planned_start_year=2024,
            )
        assert "total_investment" in error.value.message_dict
    assert not Work.objects.exists()


def test_a_work_refuses_a_village_of_another_commune(official, quang_giao, quang_hai):
    foreign_village = unit_create(level=Level.VILLAGE, name="Thôn 1", parent=quang_hai)
    with pytest.raises(ValidationError) as error:
        work_create(
            user=official,
            commune=quang_giao,
            code="X",
            name="Thôn sai",
            village=foreign_village,
            planned_start_year=2024,
        )
    assert "không thuộc xã" in str(error.value.message_dict["village"])


def test_updating_a_work_bumps_its_version_and_audits_old_and_new_values(official, road):
    updated = work_update(user=official, work=road, expected_version=1, name="Đường trục (đổi tên)")
    assert updated.version == 2
    entry = AuditEntry.objects.for_object(road).filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.changes["name"] == [road.name, "Đường trục (đổi tên)"]


def test_a_save_based_on_an_old_version_is_refused_and_says_what_changed(official, other_official, road):
    work_update(user=official, work=road, expected_version=1, total_investment=8_000_000_000)
    with pytest.raises(StaleEditError) as error:
        work_update(user=official, work=road, expected_version=1, name="Tên của người thứ hai")
    message = error.value.messages[0]
    assert "7.600.000.000 đồng" in message and "8.000.000.000 đồng" in message
    assert "canbo.quanggiao" in message
    assert "CHƯA được lưu" in message
    road.refresh_from_db()
    assert road.name.startswith("Đường trục") and road.total_investment == 8_000_000_000


def test_saving_without_a_change_keeps_the_version(official, road):
    same = work_update(user=official, work=road, expected_version=1, name=road.name)
    assert same.version == 1
    assert not AuditEntry.objects.for_object(road).filter(action=AuditEntry.Action.UPDATE).exists()


def test_progress_is_recorded_with_who_recorded_it_and_audited(official, road, record):
    update = record(road, datetime.date(2024, 4, 1), "45.5", 3_000_000_000)
    assert update.recorded_by == official
    assert AuditEntry.objects.for_object(update).get().action == AuditEntry.Action.CREATE


@pytest.mark.parametrize("percent", ["-1", "100.01", "150"])
def test_progress_outside_0_to_100_is_refused(road, record, percent):
    with pytest.raises(ValidationError) as error:
        record(road, datetime.date(2024, 4, 1), percent)
    assert "physical_percent" in error.value.message_dict
    assert not ProgressUpdate.objects.exists()


def test_progress_going_down_needs_a_written_reason(road, record):
    record(road, datetime.date(2024, 4, 1), "60")
    with pytest.raises(ValidationError) as error:
        record(road, datetime.date(2024, 4, 20), "55")
    assert "khối lượng giảm từ 60 % xuống 55 %" in error.value.message_dict["reason"][0]
    assert ProgressUpdate.objects.count() == 1
    record(road, datetime.date(2024, 4, 20), "55", reason="Đo lại khối lượng sau nghiệm thu.")
    assert ProgressUpdate.objects.count() == 2


def test_disbursement_above_the_total_investment_needs_a_written_reason(road, record):
    with pytest.raises(ValidationError) as error:
        record(road, datetime.date(2024, 4, 1), "90", 7_700_000_000)
    assert "vượt tổng mức đầu tư 7.600.000.000 đồng" in error.value.message_dict["reason"][0]
    record(road, datetime.date(2024, 4, 1), "90", 7_700_000_000, reason="Phát sinh khối lượng được duyệt bổ sung.")
    assert ProgressUpdate.objects.get().disbursed_cumulative == 7_700_000_000


def test_cumulative_disbursement_going_down_needs_a_reason(road, record):
    record(road, datetime.date(2024, 4, 1), "50", 3_000_000_000)
    with pytest.raises(ValidationError) as error:
        record(road, datetime.date(2024, 5, 1), "60", 2_000_000_000)
    assert "giải ngân lũy kế giảm" in error.value.message_dict["reason"][0]


def test_progress_dated_in_the_future_is_refused(official, road):
    with pytest.raises(ValidationError) as error:
        progress_record(
            user=official, work=road, date=TODAY + datetime.timedelta(days=1), physical_percent=Decimal(10), today=TODAY
        )
    assert "sau hôm nay" in error.value.message_dict["date"][0]


def test_latest_progress_is_annotated_in_sql(road, record, make_work, quang_giao):
    record(road, datetime.date(2024, 3, 1), "20", 1_000_000_000)
    record(road, datetime.date(2024, 4, 1), "45", 2_000_000_000)
    untouched = make_work(quang_giao)
    works = {w.pk: w for w in Work.objects.with_latest_progress()}
    assert works[road.pk].latest_percent == Decimal("45.00")
    assert works[road.pk].latest_disbursed == 2_000_000_000
    assert works[road.pk].latest_date == datetime.date(2024, 4, 1)
    assert works[untouched.pk].latest_percent is None


def test_works_of_a_year_include_works_spanning_it(road, make_work, quang_giao):
    later = make_work(quang_giao, planned_start_year=2025, planned_end_year=2025)
    open_ended = make_work(quang_giao, planned_start_year=2022, planned_end_year=None)
    assert set(Work.objects.for_year(2024)) == {road, open_ended}
    assert set(Work.objects.for_year(2025)) == {later, open_ended}


def test_runs_in_is_the_python_twin_of_for_year(road, make_work, quang_giao):
    make_work(quang_giao, planned_start_year=2025, planned_end_year=2025)
    make_work(quang_giao, planned_start_year=2022, planned_end_year=None)
    make_work(quang_giao, planned_start_year=2020, planned_end_year=2023)
    works = list(Work.objects.all())
    assert len(works) == 4
    for year in range(2019, 2028):
        in_python = {w for w in works if runs_in(w.planned_start_year, w.planned_end_year, year)}
        assert set(Work.objects.for_year(year)) == in_python, year


def test_a_work_still_open_after_its_planned_end_quarter_is_late(road, make_work, quang_giao):
    done = make_work(quang_giao, planned_end_year=2023, planned_start_year=2023, status="completed")
    assert list(Work.objects.late(datetime.date(2024, 5, 1))) == []
    assert list(Work.objects.late(datetime.date(2024, 7, 1))) == [road]
    assert done not in Work.objects.late(datetime.date(2025, 1, 1))


def test_an_open_work_not_yet_late_becomes_late_on_the_day_after_its_planned_end_quarter(make_work, quang_giao):
    """`becoming_late` and `late_from` say when `late` changes for an unchanged work: the day the area summary's
    late count must be made again (docs/adr/0066)."""
    for year, quarter, status in [(2024, 1, "planned"), (2024, None, "under_construction"), (2024, 4, "planned")]:
        make_work(quang_giao, planned_end_year=year, planned_end_quarter=quarter, status=status)
    make_work(quang_giao, planned_end_year=None, planned_start_year=2024)  # no planned end: never late
    make_work(quang_giao, planned_end_year=2024, planned_end_quarter=1, status="completed")
    today = datetime.date(2024, 2, 10)
    keys = Work.objects.becoming_late(today).annotate(end=planned_end_key()).values_list("pk", "end")
    assert len(keys) == 3
    for pk, key in keys:
        day = late_from(key)
        assert not Work.objects.late(day - datetime.timedelta(days=1)).filter(pk=pk).exists()
        assert Work.objects.late(day).filter(pk=pk).exists()
    assert sorted(late_from(key) for _pk, key in keys) == [
        datetime.date(2024, 4, 1),
        datetime.date(2025, 1, 1),  # no planned quarter: the end of the year
        datetime.date(2025, 1, 1),
    ]
    assert not Work.objects.becoming_late(datetime.date(2025, 1, 1)).exists()


def test_a_task_is_due_at_the_end_of_its_quarter_and_added_at_the_end(quang_giao, make_task):
    first = make_task(quang_giao, quarter=3)
    second = make_task(quang_giao, quarter=3, text="Nhiệm vụ thứ hai")
    assert first.due_date == datetime.date(2024, 9, 30)
    assert (first.position, second.position) == (1, 2)


def test_a_task_keeps_an_approximate_amount(official, quang_giao):
    task = task_create(
        user=official,
        commune=quang_giao,
        year=2024,
        quarter=1,
        text="NVH thôn 5",
        amount=500_000_000,
        amount_qualifier="gần",
    )
    assert (task.amount, task.amount_qualifier) == (500_000_000, "gần")


def test_overdue_tasks_are_open_tasks_past_their_due_date(quang_giao, make_task):
    late = make_task(quang_giao, quarter=1)
    make_task(quang_giao, quarter=1, status="done")
    make_task(quang_giao, quarter=3)
    assert list(QuarterlyTask.objects.overdue(datetime.date(2024, 5, 1))) == [late]
    flags = dict(QuarterlyTask.objects.with_overdue(datetime.date(2024, 5, 1)).values_list("pk", "is_overdue"))
    assert flags[late.pk] is True and sum(flags.values()) == 1


def test_a_task_cannot_point_at_another_communes_work(official, quang_giao, hai_work):
    with pytest.raises(ValidationError) as error:
        task_create(user=official, commune=quang_giao, year=2024, quarter=1, text="x", work=hai_work)
    assert "work" in error.value.message_dict


def test_marking_a_task_done_records_the_day_and_refuses_a_stale_edit(official, quang_giao, make_task):
    task = make_task(quang_giao)
    done = task_update(user=official, task=task, expected_version=1, status="done")
    assert done.done_date is not None and done.version == 2
    with pytest.raises(StaleEditError) as error:
        task_update(user=official, task=task, expected_version=1, text="Sửa muộn")
    assert "Tình trạng" in error.value.messages[0]


def test_deleting_a_task_keeps_its_old_values_in_the_audit_log(official, quang_giao, make_task):
    task = make_task(quang_giao, text="Sẽ xóa")
    task_id = task.pk
    task_delete(user=official, task=task)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_id=str(task_id))
    assert entry.changes["text"] == ["Sẽ xóa", None]
    assert not QuarterlyTask.objects.exists()


def test_text_is_stored_in_nfc(official, quang_giao):
    decomposed = "Đường thôn 5".replace("ờ", "ơ\u0300")
    work = work_create(user=official, commune=quang_giao, code="N1", name=decomposed, planned_start_year=2024)
    assert work.name == "Đường thôn 5"


def test_a_batch_of_progress_follows_the_same_rules_as_one_by_one(official, road, record):
    from projects.progress import ProgressBatchError, ProgressEntry, progress_record_many

    record(road, datetime.date(2024, 3, 1), "30")
    entries = [
        ProgressEntry(work=road, date=datetime.date(2024, 4, 1), physical_percent=Decimal(50)),
        ProgressEntry(work=road, date=datetime.date(2024, 4, 2), physical_percent=Decimal(40)),
        ProgressEntry(work=road, date=datetime.date(2024, 2, 1), physical_percent=Decimal(10)),
        ProgressEntry(work=road, date=datetime.date(2024, 4, 3), physical_percent=Decimal(101)),
    ]
    with pytest.raises(ProgressBatchError) as error:
        progress_record_many(user=official, entries=entries)
    assert set(error.value.errors) == {1, 3}
    assert "giảm từ 50 % xuống 40 %" in error.value.errors[1]["reason"][0]
    assert ProgressUpdate.objects.count() == 1


def test_a_valid_batch_is_saved_and_audited(official, road):
    from projects.progress import ProgressEntry, progress_record_many

    entries = [
        ProgressEntry(
            work=road, date=datetime.date(2024, 4, day), physical_percent=Decimal(day), disbursed_cumulative=day
        )
        for day in (1, 2, 3)
    ]
    saved = progress_record_many(user=official, entries=entries)
    assert [u.recorded_by for u in saved] == [official] * 3
    assert AuditEntry.objects.filter(content_type__model="progressupdate", user=official).count() == 3
    assert Work.objects.with_latest_progress().get(pk=road.pk).latest_percent == Decimal(3)


def test_searching_works_ignores_case_and_diacritics(official, road, make_work, quang_giao):
    make_work(quang_giao, code="QG-2023-01", name="Đường Thôn 9")
    assert [w.code for w in Work.objects.search("duong thon 9")] == ["QG-2023-01"]
    assert [w.code for w in Work.objects.search("LỰC HẢI")] == [road.code]
    work_update(user=official, work=road, expected_version=1, name="Mương Nắc Cửa")
    assert [w.code for w in Work.objects.search("nac cua")] == [road.code]


@pytest.fixture
def standard_criteria(db):
    from criteria.loader import load_periods
    from criteria.models import CriteriaSet, Criterion

    periods = {period.code: period for period, _new in load_periods()}
    old = {"level": "xa_ntm", "scope": "commune", "period": periods["2021-2025"]}
    national = CriteriaSet.objects.create(code="T-NTM", name="Bộ thử", **old)
    provincial = CriteriaSet.objects.create(code="T-NTM-TH", name="Bộ thử tỉnh", **old)
    advanced = CriteriaSet.objects.create(
        code="T-NC", name="Bộ nâng cao thử", level="xa_ntm_nang_cao", scope="commune", period=periods["2021-2025"]
    )
    later = CriteriaSet.objects.create(
        code="T-2026", name="Bộ thử 2026", level="xa_ntm", scope="commune", period=periods["2026-2030"]
    )
    for criteria_set in (national, provincial):
        Criterion.objects.create(criteria_set=criteria_set, number=2, name="Giao thông")
        Criterion.objects.create(criteria_set=criteria_set, number=6, name="Cơ sở vật chất văn hóa")
    Criterion.objects.create(criteria_set=advanced, number=6, name="Văn hóa")
    Criterion.objects.create(criteria_set=later, number=2, name="Hạ tầng kinh tế - xã hội")


def test_linking_criteria_is_audited_by_number_and_found_across_set_versions(official, road, standard_criteria):
    from projects.forms import criteria_for_numbers, criterion_choices

    work_update(user=official, work=road, expected_version=1, criteria=criteria_for_numbers([2, 6]))
    # criteria 2 and 6 of both standard sets, none of the "nâng cao" set nor of the 2026–2030 numbering
    assert road.criteria.count() == 4
    assert criterion_choices() == [(2, "2. Giao thông"), (6, "6. Cơ sở vật chất văn hóa")]
    entry = AuditEntry.objects.for_object(road).filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.changes["criteria"] == ["", "2, 6"]
    assert list(Work.objects.for_criterion(6)) == [road]
    assert list(Work.objects.for_criterion(3)) == []


def test_a_batch_is_audited_exactly_as_one_update_at_a_time(official, road, record):
    from projects.progress import ProgressEntry, progress_record_many

    one = record(road, datetime.date(2024, 4, 1), "10", disbursed=5, note="Một")
    [batched] = progress_record_many(
        user=official,
        entries=[ProgressEntry(road, datetime.date(2024, 4, 2), Decimal(10), disbursed_cumulative=5, note="Một")],
    )
    alone, together = (AuditEntry.objects.for_object(update).get() for update in (one, batched))
    ignored = {"id", "date", "created_at"}
    assert {k: v for k, v in alone.changes.items() if k not in ignored} == {
        k: v for k, v in together.changes.items() if k not in ignored
    }
    assert (together.user, together.commune_id, together.action) == (official, road.commune_id, "create")
    assert together.object_repr == str(batched)


def test_the_services_refuse_markup_like_every_form(official, quang_giao):
    with pytest.raises(ValidationError, match="mã HTML"):
        work_create(user=official, commune=quang_giao, code="X2", name="<script>x</script>", planned_start_year=2024)
    assert not Work.objects.exists()
