"""Who sees what across a merge (docs/adr/0092): successors read and continue their predecessors' records,
people of an ended unit only read, outsiders still get 404.

The records are real ones of three apps, created through their services: a work, a quarterly task and a
money line of Quảng Giao, an assessment of Quảng Giao, a work of Quảng Hùng (ended on 01/01/2025 into Đại
Hùng, itself merged into phường Nam Sầm Sơn on 01/7/2025) and a work of Quảng Hải (merged into xã Quảng Ninh).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from criteria.models import Assessment, CriteriaSet, SetLevel
from criteria.services import assessment_create
from funding.models import FundingSource, MoneyLine
from funding.services import funding_source_save, money_line_create
from projects.models import ProgressUpdate, QuarterlyTask, Work
from projects.progress import progress_record
from projects.services import task_create, work_create
from units.models import AdministrativeUnit
from units.scoping import can_edit, get_editable_or_403, get_visible_or_404

pytestmark = pytest.mark.django_db


@dataclass
class Records:
    work: Work
    task: QuarterlyTask
    line: MoneyLine
    assessment: Assessment
    hung_work: Work
    hai_work: Work

    def of_quang_giao(self):
        return [
            (Work.objects.all(), self.work),
            (QuarterlyTask.objects.all(), self.task),
            (MoneyLine.objects.all(), self.line),
            (Assessment.objects.all(), self.assessment),
        ]


def a_work(user, commune, code, name):
    return work_create(
        user=user,
        commune=commune,
        code=code,
        name=name,
        category="road",
        total_investment=1_778_326_000,
        planned_start_year=2024,
        status="under_construction",
    )


@pytest.fixture
def records(reform, administrator, quang_giao, quang_hai):
    source = funding_source_save(
        user=administrator, source=FundingSource(code="ns-xa", name="Ngân sách xã", kind="other")
    )
    criteria_set = CriteriaSet.objects.create(code="TEST-NTM", name="Bộ thử TEST-NTM", level=SetLevel.XA_NTM)
    return Records(
        work=a_work(administrator, quang_giao, "QG-04", "Sửa chữa trường Mầm non"),
        task=task_create(user=administrator, commune=quang_giao, year=2024, quarter=4, text="Sửa chữa trường Mầm non"),
        line=money_line_create(
            user=administrator, commune=quang_giao, year=2024, source=source, amount=1_778_326_000, stage="planned"
        ),
        assessment=assessment_create(user=administrator, unit=quang_giao, year=2024, criteria_set=criteria_set),
        hung_work=a_work(administrator, reform.quang_hung, "QH-01", "Đường trục xã Quảng Hùng (kiểm thử)"),
        hai_work=a_work(administrator, quang_hai, "QHA-01", "Đường trục xã Quảng Hải (kiểm thử)"),
    )


def test_the_successors_official_sees_and_may_edit_his_predecessors_records(nss_official, records, quang_giao):
    assert can_edit(nss_official, quang_giao)
    for queryset, record in records.of_quang_giao():
        assert queryset.visible_to(nss_official).filter(pk=record.pk).exists()
        assert get_editable_or_403(queryset, nss_official, pk=record.pk) == record


def test_lineage_is_transitive_quang_hung_through_dai_hung(nss_official, records, reform):
    assert get_editable_or_403(Work.objects.all(), nss_official, pk=records.hung_work.pk) == records.hung_work
    assert can_edit(nss_official, reform.quang_hung) and can_edit(nss_official, reform.dai_hung)


def test_the_successors_official_continues_a_predecessors_unfinished_work(nss_official, records, quang_giao):
    update = progress_record(
        user=nss_official, work=records.work, date=datetime.date(2026, 3, 31), physical_percent=Decimal("80")
    )
    records.work.refresh_from_db()
    assert update.work.commune == quang_giao  # the record stays attached to the work, the work to its commune
    assert update.recorded_by == nss_official
    assert ProgressUpdate.objects.visible_to(nss_official).filter(pk=update.pk).exists()


def test_the_successors_steering_member_reads_but_does_not_edit(nss_steering, records, quang_giao):
    assert get_visible_or_404(Work.objects.all(), nss_steering, pk=records.work.pk) == records.work
    with pytest.raises(PermissionDenied):
        get_editable_or_403(Work.objects.all(), nss_steering, pk=records.work.pk)


def test_an_official_of_an_ended_unit_reads_his_history_but_may_not_write(official, records, reform, quang_giao):
    for queryset, record in records.of_quang_giao():
        assert get_visible_or_404(queryset, official, pk=record.pk) == record
        with pytest.raises(PermissionDenied):
            get_editable_or_403(queryset, official, pk=record.pk)
    assert not can_edit(official, quang_giao)
    with pytest.raises(Http404):  # his own unit ended; the successor's is not his
        get_visible_or_404(AdministrativeUnit.objects.all(), official, pk=reform.nam_sam_son.pk)
    with pytest.raises(Http404):
        get_visible_or_404(Work.objects.all(), official, pk=records.hung_work.pk)


def test_quang_ninhs_official_sees_nothing_of_nam_sam_son_or_its_predecessors(quang_ninh_official, records, reform):
    for queryset, record in [*records.of_quang_giao(), (Work.objects.all(), records.hung_work)]:
        assert not queryset.visible_to(quang_ninh_official).filter(pk=record.pk).exists()
        with pytest.raises(Http404):
            get_editable_or_403(queryset, quang_ninh_official, pk=record.pk)
    hidden = [reform.nam_sam_son, reform.dai_hung, reform.quang_hung, reform.quang_vinh, records.work.commune]
    assert not AdministrativeUnit.objects.visible_to(quang_ninh_official).filter(pk__in=[u.pk for u in hidden]).exists()
    # ...but his own predecessor's work is his to continue.
    assert get_editable_or_403(Work.objects.all(), quang_ninh_official, pk=records.hai_work.pk) == records.hai_work


def test_the_province_coordinator_sees_both_successors_and_all_their_predecessors(
    province_coordinator, records, reform
):
    visible = Work.objects.visible_to(province_coordinator)
    assert set(visible) == {records.work, records.hung_work, records.hai_work}
    units = AdministrativeUnit.objects.visible_to(province_coordinator)
    assert {reform.nam_sam_son, reform.quang_ninh, reform.dai_hung, reform.quang_hung} <= set(units)
    assert not can_edit(province_coordinator, reform.nam_sam_son)


def test_the_successors_official_does_not_see_the_other_merges_records(nss_official, records):
    assert set(Work.objects.visible_to(nss_official)) == {records.work, records.hung_work}


def test_an_ended_units_official_is_still_refused_after_being_merged_twice(quang_hung_official, records, reform):
    assert get_visible_or_404(Work.objects.all(), quang_hung_official, pk=records.hung_work.pk) == records.hung_work
    with pytest.raises(PermissionDenied):
        get_editable_or_403(Work.objects.all(), quang_hung_official, pk=records.hung_work.pk)
    assert not Work.objects.visible_to(quang_hung_official).filter(pk=records.work.pk).exists()


def test_visible_to_adds_no_query_for_a_successor(nss_official, official, records, django_assert_num_queries):
    for user in (nss_official, official):
        fresh = type(user).objects.get(pk=user.pk)
        with django_assert_num_queries(2):  # the membership (once per request), then the list itself
            list(Work.objects.visible_to(fresh))
        with django_assert_num_queries(1):
            list(Work.objects.visible_to(fresh))
        with django_assert_num_queries(0):
            can_edit(fresh, records.work.commune)


# The pages


def test_the_successors_official_records_progress_on_quang_giaos_work_through_the_page(
    client_for, nss_official, records
):
    client = client_for(nss_official)
    response = client.post(
        reverse("projects:progress_create", args=[records.work.pk]),
        {"date": "31/03/2026", "physical_percent": "80", "disbursed_cumulative": "", "note": "", "reason": ""},
    )
    assert response.status_code == 302
    assert records.work.updates.get().recorded_by == nss_official


def test_the_ended_units_official_reads_the_page_and_is_refused_the_write(client_for, official, records):
    client = client_for(official)
    assert client.get(reverse("projects:work_detail", args=[records.work.pk])).status_code == 200
    response = client.post(
        reverse("projects:progress_create", args=[records.work.pk]), {"date": "31/03/2026", "physical_percent": "80"}
    )
    assert response.status_code == 403
    assert not records.work.updates.exists()


def test_an_outsider_to_the_merge_gets_404_on_the_page(client_for, quang_ninh_official, records):
    client = client_for(quang_ninh_official)
    assert client.get(reverse("projects:work_detail", args=[records.work.pk])).status_code == 404
    assert client.get(reverse("units:detail", args=[records.work.commune_id])).status_code == 404
