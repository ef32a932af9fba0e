"""The area summary kept on write (docs/adr/0066): in the writer's transaction, once per import, the last update by
one UPDATE, lateness refreshed when its day comes, the sorts and the drift commands."""

import datetime
import io
import random
import threading

import pytest
import tablib
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from criteria.models import Assessment, Comparator, Indicator, SetLevel
from criteria.services import assessment_create, criterion_upsert, indicator_value_save
from criteria.tests.builders import small_set
from funding import resources as funding_resources
from funding.models import FundingSource, SourceKind, Stage
from funding.services import money_line_create
from ops.services import unit_change
from projects.progress import progress_record
from projects.services import work_create, work_update
from reports import receivers
from reports.dashboards import build_area_dashboard
from reports.models import AreaSummary
from reports.summary import settle, summary_refresh
from units.models import AdministrativeUnit

from .dashboard_data import add_commune, fill_commune

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def source(db):
    return FundingSource.objects.create(code="ns-xa", name="Ngân sách xã", kind=SourceKind.BUDGET, sort_order=40)


def row_of(unit, year) -> AreaSummary:
    return AreaSummary.objects.get(unit=unit, year=year)


def test_a_write_updates_the_row_inside_its_own_transaction(quang_giao, source):
    with transaction.atomic():
        money_line_create(user=None, commune=quang_giao, year=2024, source=source, amount=10**9, stage=Stage.MOBILISED)
        assert row_of(quang_giao, 2024).mobilised == 10**9  # before any commit: the writer's transaction
        transaction.set_rollback(True)
    assert not AreaSummary.objects.exists()  # rolled back with the line


def test_values_appraisal_state_and_set_edits_change_the_criteria_counts(quang_giao, quang_hai):
    criteria_set = small_set("S-NTM", SetLevel.XA_NTM, 2)
    first = criteria_set.criteria.get(number=1).indicators.order_by("code").first()  # percent ≥ 60
    for commune in (quang_giao, quang_hai):
        assessment = assessment_create(user=None, unit=commune, year=2024, criteria_set=criteria_set)
        assert row_of(commune, 2024).levels[SetLevel.XA_NTM] == {"met": 0, "own": 0, "total": 2, "appraised": False}
    indicator_value_save(user=None, assessment=assessment, indicator=first, value_number=70)
    assert row_of(quang_hai, 2024).levels[SetLevel.XA_NTM]["own"] == 0  # one indicator of two: the criterion waits
    criterion_upsert(user=None, criteria_set=criteria_set, number=3, name="Tiêu chí mới")
    for commune in (quang_giao, quang_hai):  # every commune assessed with the set is recounted
        assert row_of(commune, 2024).levels[SetLevel.XA_NTM]["total"] == 3


def test_the_last_update_moves_with_one_update_and_reaches_the_commune_a_merge_carries_it_to(
    reform, reform_records, nss_official
):
    nss, giao = reform.nam_sam_son, reform.quang_giao
    summary_refresh([nss.pk, giao.pk], [2024, 2026])
    kindergarten = reform_records.kindergarten  # Quảng Giao's, carried on by Nam Sầm Sơn since 1 July 2025
    with CaptureQueriesContext(connection) as queries:
        progress_record(user=nss_official, work=kindergarten, date=TODAY, physical_percent=40, reason="Thử")
    touching = [query["sql"] for query in queries.captured_queries if "reports_areasummary" in query["sql"]]
    assert len(touching) == 1 and touching[0].startswith("UPDATE")
    logged = row_of(giao, 2024).last_update
    assert logged is not None and row_of(nss, 2026).last_update == logged  # 2026 counts Quảng Giao's records
    assert row_of(nss, 2026).carries.split() and str(giao.pk) in row_of(nss, 2026).carries.split()


def test_a_row_whose_late_count_expired_is_refreshed_before_the_dashboard_reads_it(quang_xuong, quang_giao):
    work = work_create(
        user=None,
        commune=quang_giao,
        code="CT-1",
        name="Nhà văn hóa",
        planned_start_year=2024,
        planned_end_year=2024,
        planned_end_quarter=3,
        status="under_construction",
    )
    summary_refresh([quang_giao.pk], [2024], today=datetime.date(2024, 8, 1))
    row = row_of(quang_giao, 2024)
    assert (row.works_late, row.late_until) == (0, datetime.date(2024, 10, 1))
    communes = AdministrativeUnit.objects.within(quang_xuong)
    with CaptureQueriesContext(connection) as before:
        build_area_dashboard(communes, 2024, datetime.date(2024, 9, 30), page=1)
    with CaptureQueriesContext(connection) as after:
        late = build_area_dashboard(communes, 2024, datetime.date(2024, 10, 1), page=1).rows[0]
    assert late.works_late == 1 and len(after) > len(before)  # the row was counted again, for the new day
    assert (row_of(quang_giao, 2024).late_from, row_of(quang_giao, 2024).late_until) == (
        datetime.date(2024, 10, 1),
        None,
    )
    work_update(user=None, work=work, expected_version=work.version, status="completed")
    assert row_of(quang_giao, 2024).works_late == 0  # the write itself recounts


def test_an_import_refreshes_each_commune_once_and_a_rehearsal_not_at_all(quang_giao, source, monkeypatch):
    calls = []
    monkeypatch.setattr(receivers, "summary_update", lambda changes: calls.append(changes))
    headers = ["Mã dòng", "Xã", "Năm", "Nguồn vốn", "Giai đoạn", "Quý", "Mã công trình", "Số tiền"]
    headers += ["Số ngày công", "Diện tích hiến đất (m²)", "Ghi chú"]
    dataset = tablib.Dataset(headers=headers)
    for year in (2023, 2024, 2024):
        dataset.append([None, "Quảng Giao", year, "Ngân sách xã", "Kế hoạch", None, None, "1 tỷ", None, None, None])
    outcome = funding_resources.run_import(dataset=dataset, commune=quang_giao, user=None, dry_run=True)
    assert outcome.ok and calls == []
    funding_resources.run_import(dataset=dataset, commune=quang_giao, user=None, dry_run=False)
    assert calls == [{quang_giao.pk: frozenset([2023, 2024])}]


def test_a_rename_gives_each_year_its_name(quang_giao):
    fill_commune(quang_giao, works=1, years=(2024, 2025))
    unit_change(unit=quang_giao, effective=datetime.date(2025, 1, 1), name="Quảng Giao Mới")
    assert (row_of(quang_giao, 2024).name, row_of(quang_giao, 2025).name) == ("Quảng Giao", "Quảng Giao Mới")


# ------------------------------------------------------------------------------------------------ sorts

# The area dashboard's sorts before the summary (in Python, over every row): the order SQL must give.
PYTHON_SORTS = {
    "name": lambda row: (row.name.lower(),),
    "criteria": lambda row: ({None: -1, "xa_ntm": 0, "xa_ntm_nang_cao": 1}[row.level_reached], row.best_met),
    "late": lambda row: (row.works_late, row.works_total),
    "on_track": lambda row: (row.works_on_track,),
    "mobilised": lambda row: (row.mobilised,),
    "share": lambda row: (row.mobilised_share if row.mobilised_share is not None else -1,),
    "updated": lambda row: (row.last_update or datetime.datetime.min.replace(tzinfo=datetime.UTC),),
}


@pytest.mark.parametrize("sort", [*PYTHON_SORTS, *(f"-{sort}" for sort in PYTHON_SORTS)])
def test_every_sort_orders_in_sql_as_the_rows_compared_in_python(quang_xuong, sort):
    """Rows with ties, empty shares and no last update, written straight into the summary (the figures do not
    matter here, only their order)."""
    rng = random.Random(5)
    moments = [None, timezone.now() - datetime.timedelta(days=3), timezone.now()]
    for number in range(12):
        commune = add_commune(quang_xuong, f"{rng.choice(['Đ', 'Q', 'B', 'a'])}ã {number}")
        levels = {}
        for level in rng.sample(["xa_ntm", "xa_ntm_nang_cao"], rng.randint(0, 2)):
            met = rng.randint(0, 3)
            levels[level] = {"met": met, "own": met, "total": 3, "appraised": False}
        total = rng.randint(0, 3)
        row = AreaSummary(
            unit=commune,
            year=2024,
            name=commune.name,
            name_key=commune.name.lower(),
            levels=levels,
            works_total=total,
            works_late=rng.randint(0, total),
            planned=rng.choice([0, 10**9, 2 * 10**9]),
            mobilised=rng.choice([0, 10**9, 3 * 10**9]),
            last_update=rng.choice(moments),
            late_from=TODAY,
            refreshed_at=timezone.now(),
        )
        settle(row)
        row.save()
    rows = build_area_dashboard(AdministrativeUnit.objects.within(quang_xuong), 2024, sort=sort).rows
    key, descending = PYTHON_SORTS[sort.lstrip("-")], sort.startswith("-")
    expected = sorted(sorted(rows, key=PYTHON_SORTS["name"], reverse=descending), key=key, reverse=descending)
    assert [row.name for row in rows] == [row.name for row in expected]
    assert len({key(row) for row in rows}) > 2  # the sort has something to order


# ------------------------------------------------------------------------------------------------ commands


def test_the_check_reports_each_drifted_field_and_the_rebuild_mends_it(quang_giao, source):
    money_line_create(user=None, commune=quang_giao, year=2024, source=source, amount=10**9, stage=Stage.PLANNED)
    out = io.StringIO()
    call_command("check_area_summary", stdout=out)
    assert "khớp" in out.getvalue()
    AreaSummary.objects.filter(unit=quang_giao).update(planned=5, name="Sai tên")  # a write that bypassed the rules
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("check_area_summary", stdout=out)
    assert refused.value.returncode == 1 and "lệch 2 chỗ" in str(refused.value)
    assert (
        f"xã Quảng Giao (mã {quang_giao.pk}), năm 2024, planned: đang lưu 5, tính lại được 1000000000" in out.getvalue()
    )
    assert "name: đang lưu 'Sai tên', tính lại được 'Quảng Giao'" in out.getvalue()
    call_command("rebuild_area_summary", "--unit", str(quang_giao.pk), "--year", "2024", stdout=io.StringIO())
    call_command("check_area_summary", stdout=io.StringIO())  # no drift left: no error
    assert row_of(quang_giao, 2024).planned == 10**9


def test_the_rebuild_covers_every_year_with_records_and_refuses_bad_input(quang_giao, quang_hai, source):
    fill_commune(quang_giao, works=1, years=(2023, 2024))
    AreaSummary.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_area_summary", stdout=out)
    assert set(AreaSummary.objects.values_list("unit__name", "year")) == {
        (name, year) for name in ("Quảng Giao", "Quảng Hải") for year in (2023, 2024)
    }
    assert "Đã tính lại 4 dòng" in out.getvalue()
    with pytest.raises(CommandError, match="Không có xã nào mã"):
        call_command("rebuild_area_summary", "--unit", "999999")
    with pytest.raises(CommandError, match="Năm phải từ 2000 đến 2100"):
        call_command("rebuild_area_summary", "--year", "20244")


def test_a_row_of_a_year_that_no_longer_lists_the_commune_is_drift(quang_giao):
    fill_commune(quang_giao, works=1, years=(2024,))
    AdministrativeUnit.objects.filter(pk=quang_giao.pk).update(dissolved_on=datetime.date(2024, 7, 1))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_area_summary", stdout=out)
    assert "không có trong danh sách các xã của năm này" in out.getvalue()
    assert Assessment.objects.count() == 0  # the check only reads


@pytest.mark.django_db(transaction=True)
def test_two_writes_on_one_commune_at_once_both_reach_its_row(quang_giao, source):
    """The second writer's refresh waits for the first to commit and counts its line too; without the lock it
    would compute from what it saw before and its upsert, run after the first's commit, would drop that line."""
    first_written, first_may_commit = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                money_line_create(
                    user=None, commune=quang_giao, year=2024, source=source, amount=10**9, stage="mobilised"
                )
                first_written.set()
                first_may_commit.wait(10)
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_written.wait(10)
    timer = threading.Timer(0.5, first_may_commit.set)  # the second writer blocks on the lock meanwhile
    timer.start()
    money_line_create(user=None, commune=quang_giao, year=2024, source=source, amount=2 * 10**9, stage="mobilised")
    thread.join(10)
    assert not errors
    assert row_of(quang_giao, 2024).mobilised == 3 * 10**9


def test_an_administrators_correction_in_the_admin_recounts_the_assessments_of_the_set(quang_giao, administrator, rf):
    criteria_set = small_set("A-NTM", SetLevel.XA_NTM, 1)  # one criterion: ≥ 60 %, ≤ 5, yes
    assessment = assessment_create(user=None, unit=quang_giao, year=2024, criteria_set=criteria_set)
    at_most = None
    for indicator, value in zip(
        Indicator.objects.filter(criterion__criteria_set=criteria_set).order_by("code"),
        [{"value_number": 70}, {"value_number": 4}, {"value_bool": True}],
        strict=True,
    ):
        indicator_value_save(user=None, assessment=assessment, indicator=indicator, **value)
        at_most = at_most or (indicator if indicator.comparator == Comparator.LTE else None)
    assert row_of(quang_giao, 2024).levels[SetLevel.XA_NTM]["own"] == 1
    request = rf.post("/")
    request.user = administrator
    at_most.target_value = 3  # 4 is no longer ≤ the target
    admin.site._registry[Indicator].save_model(request, at_most, None, True)
    assert row_of(quang_giao, 2024).levels[SetLevel.XA_NTM]["own"] == 0
