"""Works across a merge (docs/adr/0095): the successor's people find their predecessors' unfinished works among the
year's works and record progress on them; the work stays its commune's."""

import datetime

import pytest
from django.urls import reverse

from projects.models import ProgressUpdate, Work

# The reform and its records, people included, come from ops/tests/reform.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reform_records")]


def listed(client, **params):
    response = client.get(reverse("projects:work_list"), params)
    assert response.status_code == 200
    return response, {work.code for work in response.context["page"]}


def test_reported_in_carries_an_ended_communes_unfinished_works_on_after_it_ended(reform):
    def codes(year):
        return set(Work.objects.filter(commune=reform.quang_giao).reported_in(year).values_list("code", flat=True))

    assert codes(2024) == {"QG-2023-02", "QG-2024-03"}
    assert codes(2025) == {"QG-2023-02"}  # ended on 01/07/2025: its open work goes on, the finished road does not
    assert codes(2026) == {"QG-2023-02"}
    assert set(Work.objects.filter(commune=reform.quang_hai).reported_in(2026)) == set()  # all finished


def test_the_successors_official_finds_the_kindergarten_repair_among_2026_works(client_for, nss_official, reform):
    response, codes = listed(client_for(nss_official), year=2026)
    assert codes == {"NSS-2026-01", "QG-2023-02", "QH-2024-01"}
    assert "xã Quảng Giao" in response.content.decode()  # whose each work is
    _response, codes = listed(client_for(nss_official), year=2024)
    assert codes == {"QG-2023-02", "QG-2024-03", "QV-2024-01", "QH-2024-01"}


def test_the_province_office_filters_the_successor_with_or_without_a_year(client_for, province_coordinator, reform):
    _response, codes = listed(client_for(province_coordinator), commune=reform.nam_sam_son.pk, year=2026)
    assert codes == {"NSS-2026-01", "QG-2023-02", "QH-2024-01"}
    _response, codes = listed(client_for(province_coordinator), commune=reform.nam_sam_son.pk)
    assert codes == {"NSS-2026-01", "QG-2023-02", "QG-2024-03", "QV-2024-01", "QH-2024-01"}


def test_the_successors_official_records_progress_on_the_predecessors_work(
    client_for, nss_official, reform, reform_records
):
    work = reform_records.kindergarten
    response = client_for(nss_official).post(
        reverse("projects:progress_create", args=[work.pk]),
        {"date": "15/11/2026", "physical_percent": "35", "note": "Tiếp tục sửa chữa sau sáp nhập"},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(work=work)
    assert (update.date, update.physical_percent) == (datetime.date(2026, 11, 15), 35)
    assert Work.objects.get(pk=work.pk).commune_id == reform.quang_giao.pk


def test_the_official_of_quang_ninh_sees_and_touches_nothing_of_nam_sam_son(
    client_for, quang_ninh_official, reform, reform_records
):
    client = client_for(quang_ninh_official)
    work = reform_records.kindergarten
    assert client.get(reverse("projects:work_detail", args=[work.pk])).status_code == 404
    assert client.get(reverse("projects:progress_create", args=[work.pk])).status_code == 404
    response = client.post(reverse("projects:progress_create", args=[work.pk]), {"date": "15/11/2026"})
    assert response.status_code == 404 and not ProgressUpdate.objects.filter(work=work).exists()
    _response, codes = listed(client, year=2026)
    assert codes == {"QN-2026-01"}
    response = client.get(reverse("projects:work_list"), {"year": 2026, "commune": reform.nam_sam_son.pk})
    assert {work.code for work in response.context["page"]} == {"QN-2026-01"}  # the unknown choice is dropped
