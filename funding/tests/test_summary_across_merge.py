"""The mobilisation summary of a commune formed by a merge (docs/adr/0095): its predecessors' money lines count
for it from the merge on, and show, each on its own or added up, for the years before."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from funding.models import FundingSource, MoneyLine
from funding.summary import build_summary, build_year_summaries
from units.reporting import year_scope

# The reform and its records, people included, come from ops/tests/reform.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reform_records")]

QG_LABEL = "xã Quảng Giao (đến 30/06/2025)"


def summary_url(unit, year):
    return reverse("funding:summary", args=[unit.pk, year])


def test_after_the_merge_the_successors_summary_adds_its_predecessors_lines_of_the_year(reform):
    shown, parts = build_year_summaries(year_scope(reform.nam_sam_son, 2026))
    own = build_summary(reform.nam_sam_son, 2026)
    giao = build_summary(reform.quang_giao, 2026)
    assert shown.total == own.total + giao.total == 2_500_000_000
    assert [(work.name, work.owner) for work in shown.works] == [("Sửa chữa trường Mầm non", QG_LABEL)]
    assert len(parts) == 1


def test_before_the_merge_each_predecessor_keeps_its_summary_and_the_combined_one_adds_them(reform):
    shown, parts = build_year_summaries(year_scope(reform.nam_sam_son, 2024))
    totals = [summary.total for summary in parts]
    assert totals == [0, 100_000_000, 1_200_000_000, 0, 400_000_000]  # Quảng Đại, Hùng, Giao, Minh, Vinh
    assert shown.total == sum(totals) and shown.planned == 2_000_000_000
    assert {work.owner for work in shown.works} == {QG_LABEL, "phường Quảng Vinh (đến 30/06/2025)"}


def test_the_page_shows_each_predecessor_on_its_own_by_default(client_for, nss_official, reform):
    response = client_for(nss_official).get(summary_url(reform.nam_sam_son, 2024))
    page = response.content.decode()
    assert [part.label for part, _summary in response.context["parts"]] == [
        "xã Quảng Đại (đến 31/12/2024)",
        "xã Quảng Hùng (đến 31/12/2024)",
        QG_LABEL,
        "xã Quảng Minh (đến 30/06/2025)",
        "phường Quảng Vinh (đến 30/06/2025)",
    ]
    assert "Xã Quảng Giao (đến 30/06/2025)" in page and "1,2 tỷ đồng" in page and "400 triệu đồng" in page


def test_the_page_adds_them_up_when_asked(client_for, nss_official, reform):
    response = client_for(nss_official).get(summary_url(reform.nam_sam_son, 2024), {"combined": "1"})
    assert response.context["parts"] == []
    assert response.context["summary"].total == 1_700_000_000
    assert "1,7 tỷ đồng" in response.content.decode()


def test_the_2026_page_lists_the_predecessors_work_under_its_name(client_for, nss_official, reform):
    response = client_for(nss_official).get(summary_url(reform.nam_sam_son, 2026))
    page = response.content.decode()
    assert "2,5 tỷ đồng" in page and QG_LABEL in page and "Sửa chữa trường Mầm non" in page
    assert response.context["years"] == [2026, 2025, 2024]


def test_the_export_holds_what_the_page_shows(client_for, nss_official, reform):
    response = client_for(nss_official).get(reverse("funding:export_summary", args=[reform.nam_sam_son.pk, 2026]))
    cells = [
        cell
        for row in load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
        for cell in row
    ]
    assert 2_500_000_000 in cells and "Sửa chữa trường Mầm non" in cells


def test_the_province_office_reads_the_units_of_the_year_side_by_side(client_for, province_coordinator, reform):
    office = client_for(province_coordinator)
    response = office.get(reverse("funding:home"), {"year": 2026})
    rows = {name: summary for _commune, summary, name, _parent in response.context["rows"]}
    assert set(rows) == {"Nam Sầm Sơn", "Quảng Ninh"}
    assert rows["Nam Sầm Sơn"].total == 2_500_000_000
    response = office.get(reverse("funding:home"), {"year": 2024})
    assert "Quảng Giao" in {name for _commune, _summary, name, _parent in response.context["rows"]}


def test_the_official_of_quang_ninh_gets_404_on_the_successors_summary(client_for, quang_ninh_official, reform):
    client = client_for(quang_ninh_official)
    for year, params in ((2024, {}), (2024, {"combined": "1"}), (2026, {})):
        assert client.get(summary_url(reform.nam_sam_son, year), params).status_code == 404
    assert client.get(summary_url(reform.quang_giao, 2024), {"combined": "1"}).status_code == 404


def add_links(response) -> list[str]:
    """Where the page's "Thêm dòng vốn" buttons lead."""
    return re.findall(r'href="([^"]*)"[^>]*>Thêm dòng vốn<', response.content.decode())


def test_before_the_ward_began_each_predecessor_offers_its_own_line_and_the_ward_none(client_for, nss_official, reform):
    response = client_for(nss_official).get(summary_url(reform.nam_sam_son, 2024))
    expected = [
        reverse("funding:line_create", args=[unit.pk]) + "?year=2024"
        for unit in (reform.quang_dai, reform.quang_hung, reform.quang_giao, reform.quang_minh, reform.quang_vinh)
    ]
    assert add_links(response) == expected
    assert reverse("funding:lines", args=[reform.nam_sam_son.pk, 2024]) not in response.content.decode()
    assert add_links(client_for(nss_official).get(summary_url(reform.nam_sam_son, 2024), {"combined": "1"})) == []


def test_after_the_merge_the_ward_adds_lines_of_its_own(client_for, nss_official, reform):
    response = client_for(nss_official).get(summary_url(reform.nam_sam_son, 2026))
    assert add_links(response) == [reverse("funding:line_create", args=[reform.nam_sam_son.pk]) + "?year=2026"]


def test_the_wards_steering_member_is_offered_no_line(client_for, nss_steering, reform):
    for year in (2024, 2026):
        assert add_links(client_for(nss_steering).get(summary_url(reform.nam_sam_son, year))) == []


def test_quang_giaos_former_official_reads_his_communes_money_but_adds_none(client_for, official, reform):
    client = client_for(official)
    response = client.get(summary_url(reform.quang_giao, 2024))
    assert response.status_code == 200 and "1,2 tỷ đồng" in response.content.decode()
    assert add_links(response) == []
    address = reverse("funding:line_create", args=[reform.quang_giao.pk])
    assert client.get(address).status_code == 403
    before = MoneyLine.objects.count()
    source = FundingSource.objects.get(code="ns-xa")
    response = client.post(address, {"year": "2024", "source": source.pk, "amount": "1 triệu", "stage": "mobilised"})
    assert response.status_code == 403 and MoneyLine.objects.count() == before


def test_the_ward_in_force_lists_this_year_to_add_its_own_lines_and_an_ended_commune_does_not(
    client_for, nss_official, reform, monkeypatch
):
    monkeypatch.setattr("funding.views.timezone.localdate", lambda: datetime.date(2027, 3, 1))
    client = client_for(nss_official)
    assert client.get(summary_url(reform.nam_sam_son, 2024)).context["years"] == [2027, 2026, 2025, 2024]
    assert client.get(summary_url(reform.quang_giao, 2024)).context["years"] == [2026, 2025, 2024]
