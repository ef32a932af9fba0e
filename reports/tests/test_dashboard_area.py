"""The area dashboard: one row per commune, scope, export.

Its SQL aggregates are held equal to the apps' rules in criteria/tests/ and funding/tests/test_aggregates.py.
"""

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from criteria.models import Assessment, SetLevel
from criteria.tests.builders import random_appraisals, small_set
from reports.dashboards import build_area_dashboard
from reports.models import AreaSummary
from reports.summary import summary_refresh
from units.models import AdministrativeUnit

from .dashboard_data import add_commune, fill_commune

pytestmark = pytest.mark.django_db

MAY_2024 = datetime.date(2024, 5, 15)


@pytest.fixture
def seeded(quang_giao, quang_hai, thon_5):
    call_command("seed_portal", stdout=io.StringIO())
    return quang_giao


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def rows_by_name(dashboard):
    return {row.commune.name: row for row in dashboard.rows}


def test_2023_row_of_quang_giao_matches_the_seed(seeded, quang_xuong):
    dashboard = build_area_dashboard(AdministrativeUnit.objects.within(quang_xuong), 2023, MAY_2024)
    row = rows_by_name(dashboard)["Quảng Giao"]
    assert {level: (count.met, count.total) for level, count in row.levels.items()} == {
        SetLevel.XA_NTM: (1, 19),
        SetLevel.XA_NTM_NANG_CAO: (1, 19),
    }
    assert row.level_reached is None
    assert (row.works_total, row.works_late) == (9, 0)
    assert (row.planned, row.mobilised) == (0, 22_300_000_000)
    assert row.last_update is not None
    assert dashboard.levels == [SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO]


def test_a_commune_without_data_still_has_its_row(seeded, quang_xuong):
    row = rows_by_name(build_area_dashboard(AdministrativeUnit.objects.within(quang_xuong), 2023, MAY_2024))[
        "Quảng Hải"
    ]
    assert (row.levels, row.works_total, row.mobilised, row.mobilised_share) == ({}, 0, 0, None)


def test_late_works_are_counted_against_today(seeded, quang_xuong):
    dashboard = build_area_dashboard(AdministrativeUnit.objects.within(quang_xuong), 2024, datetime.date(2024, 10, 1))
    row = rows_by_name(dashboard)["Quảng Giao"]
    assert (row.works_total, row.works_late, row.works_on_track) == (8, 6, 2)


# ------------------------------------------------------------------------------------------------ pages


def test_coordinator_sees_every_commune_of_his_district(client_for, coordinator, seeded):
    response = client_for(coordinator).get(reverse("reports:dashboard_area"), {"year": 2023})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quảng Giao" in page and "Quảng Hải" in page
    assert "22,3 tỷ đồng" in page
    assert reverse("reports:dashboard_commune", args=[seeded.pk]) + "?year=2023" in page


def test_outsiders_area_lists_none_of_thanh_hoa(client_for, outsider, seeded):
    response = client_for(outsider).get(reverse("reports:dashboard_area"), {"year": 2023})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quảng Giao" not in page and "Quảng Hải" not in page
    export = client_for(outsider).get(reverse("reports:dashboard_area_export"), {"year": 2023})
    sheet = load_workbook(io.BytesIO(downloaded(export))).active
    assert sheet.max_row == 1  # headers only


def test_an_official_sees_only_his_own_commune(client_for, official, seeded):
    page = client_for(official).get(reverse("reports:dashboard_area"), {"year": 2023}).content.decode()
    assert "Quảng Giao" in page and "Quảng Hải" not in page


def test_rows_sort_by_money_mobilised(client_for, coordinator, seeded):
    page = client_for(coordinator).get(reverse("reports:dashboard_area"), {"year": 2023, "sort": "-mobilised"})
    names = [row.commune.name for row in page.context["page"]]
    # The seed's reform adds Quảng Xương's Quảng Nhân and Quảng Ninh (no money recorded) to 2023.
    assert names[0] == "Quảng Giao" and set(names[1:]) == {"Quảng Hải", "Quảng Nhân", "Quảng Ninh"}
    page = client_for(coordinator).get(reverse("reports:dashboard_area"), {"year": 2023, "sort": "mobilised"})
    assert [row.commune.name for row in page.context["page"]][-1] == "Quảng Giao"


def test_an_unknown_sort_falls_back_to_names(client_for, coordinator, seeded):
    response = client_for(coordinator).get(reverse("reports:dashboard_area"), {"sort": "'; drop"})
    assert response.status_code == 200
    assert response.context["sort"] == "name"


def test_the_export_holds_every_row_with_vietnamese_headers(client_for, coordinator, seeded):
    response = client_for(coordinator).get(reverse("reports:dashboard_area_export"), {"year": 2023})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(downloaded(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Xã" and "Vốn đã huy động (đồng)" in rows[0]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Quảng Giao", "Quảng Hải", "Quảng Nhân", "Quảng Ninh"}
    assert 22_300_000_000 in by_name["Quảng Giao"]
    assert "1/19" in by_name["Quảng Giao"]


def test_the_export_escapes_a_name_that_would_run_as_a_formula(client_for, coordinator, quang_xuong):
    add_commune(quang_xuong, '=HYPERLINK("http://x")')
    sheet = load_workbook(io.BytesIO(downloaded(client_for(coordinator).get(reverse("reports:dashboard_area_export")))))
    assert sheet.active.cell(row=2, column=1).value.startswith("'=")


def test_the_page_shows_fifty_communes_at_a_time(client_for, coordinator, quang_xuong):
    for number in range(60):
        add_commune(quang_xuong, f"Xã {number:03d}")
    response = client_for(coordinator).get(reverse("reports:dashboard_area"))
    assert len(response.context["page"].object_list) == 50
    second = client_for(coordinator).get(reverse("reports:dashboard_area"), {"page": 2})
    assert len(second.context["page"].object_list) == 10


# ------------------------------------------------------------------------------------------ query counts

# savepoint pair (ATOMIC_REQUESTS), session, user, membership, years (two: the years the records hold, walked on
# their indexes, then those the area's records hold; one when no record holds a year), the rows' count and level
# columns (which also tells that no row of the area is missing or out of its day), the page's rows, their names'
# history (parents as in the year), their recognitions, the navigation's inbox count. The map's rows are no longer
# read here: the map is a request of its own (reports:dashboard_area_map, its queries counted in test_area_map.py).
AREA_DASHBOARD_QUERIES = 12
# The first visit of a year whose rows are all missing computes them first: the communes to refresh, their names'
# history, their last updates, the year's criteria, money, works and recognitions, the upsert (and two to read the
# merges when a commune absorbed others), then counts again: ten queries more, whatever the number of communes.
AREA_DASHBOARD_FIRST_VISIT_QUERIES = AREA_DASHBOARD_QUERIES + 10

SORTS = ["name", "-name", "criteria", "-criteria", "late", "-late", "on_track", "-on_track", "mobilised"]
SORTS += ["-mobilised", "share", "-share", "updated", "-updated"]


def area_of(quang_xuong, size):
    national = small_set("Q-NTM", SetLevel.XA_NTM, size + 2)
    advanced = small_set("Q-NC", SetLevel.XA_NTM_NANG_CAO, size + 2)
    rng = random.Random(size)
    for number in range(size):
        commune = add_commune(quang_xuong, f"Xã thử {number}")
        fill_commune(commune, works=size, years=tuple(range(2024 - size, 2025)), criteria_sets=(national, advanced))
        for assessment in Assessment.objects.filter(unit=commune):
            random_appraisals(assessment, rng)  # the appraised counts come from the same query
        summary_refresh([commune.pk], [2024])  # the appraisals were written without the services


@pytest.mark.parametrize("size", [2, 6])
def test_the_area_dashboard_runs_a_constant_number_of_queries_for_every_sort(
    client_for, coordinator, quang_xuong, size, django_assert_num_queries
):
    area_of(quang_xuong, size)
    client = client_for(coordinator)
    for sort in SORTS:
        with django_assert_num_queries(AREA_DASHBOARD_QUERIES):
            response = client.get(reverse("reports:dashboard_area"), {"year": 2024, "sort": sort})
        assert len(response.context["page"].object_list) == size
        assert response.context["sort"] == sort


@pytest.mark.parametrize("size", [2, 6])
def test_a_first_visit_computes_the_missing_rows_in_a_constant_number_of_queries(
    client_for, coordinator, quang_xuong, size, django_assert_num_queries
):
    area_of(quang_xuong, size)
    AreaSummary.objects.all().delete()
    client = client_for(coordinator)
    with django_assert_num_queries(AREA_DASHBOARD_FIRST_VISIT_QUERIES):
        response = client.get(reverse("reports:dashboard_area"), {"year": 2024, "sort": "-late"})
    assert len(response.context["page"].object_list) == size
    assert AreaSummary.objects.filter(year=2024).count() == size


def test_the_export_writes_money_and_the_share_as_formatted_numbers(client_for, coordinator, quang_xuong):
    commune = add_commune(quang_xuong, "Xã có kế hoạch")
    fill_commune(commune, works=1, years=(2024,))
    row = build_area_dashboard(AdministrativeUnit.objects.filter(pk=commune.pk), 2024, MAY_2024).rows[0]
    assert row.planned and row.mobilised_share is not None
    response = client_for(coordinator).get(reverse("reports:dashboard_area_export"), {"year": 2024})
    sheet = load_workbook(io.BytesIO(downloaded(response))).active
    headers = [cell.value for cell in sheet[1]]
    cells = {header: cell for header, cell in zip(headers, sheet[2], strict=True)}
    share = cells["Tỷ lệ huy động/kế hoạch (%)"]
    assert (share.value, share.number_format) == (pytest.approx(float(row.mobilised_share) / 100), "0.0%")
    money = cells["Vốn đã huy động (đồng)"]
    assert (money.value, money.number_format) == (row.mobilised, "#,##0")
