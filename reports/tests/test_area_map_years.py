"""The area map follows the year, on a small slice of the unit catalogue (docs/adr/0064, 0091): 2024 draws the
communes before the 2025 reform at their own centroids, 2026 the merged ones at theirs, in the dashboard's map and
in the PDF.
"""

import re

import pytest
from django.urls import reverse

from ops import catalogue
from ops.tests.members import member
from ops.tests.test_catalogue import SLICE, slice_source  # noqa: F401 (slice_source: the catalogue's fixture)
from reports.dashboards import build_area_dashboard
from reports.dashboards.area_print import area_print_html
from units.models import AdministrativeUnit, Level, Role

pytestmark = pytest.mark.django_db

BEFORE = {"Quảng Giao", "Quảng Hải", "Quảng Minh", "Quảng Nhân", "Quảng Ninh", "Quảng Vinh", "Đại Hùng"}
AFTER = {"Nam Sầm Sơn", "Quảng Ninh"}
DOT = re.compile(r'<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*><title>([^:<]*):')


@pytest.fixture
def province_office(slice_source):  # noqa: F811 (the imported fixture, asked for)
    """Thanh Hóa as the catalogue loads it around Nam Sầm Sơn and Quảng Ninh, and its coordination office."""
    catalogue.load(province="Thanh Hóa", only=SLICE, source=slice_source)
    province = AdministrativeUnit.objects.get(level=Level.PROVINCE, name="Thanh Hóa")
    return member("vpdp.thanhhoa", province, Role.COORDINATOR)


def dots(svg) -> dict[str, tuple[float, float]]:
    return {name: (float(x), float(y)) for x, y, name in DOT.findall(str(svg))}


def units_of(year) -> dict[str, AdministrativeUnit]:
    return {unit.name: unit for unit in AdministrativeUnit.objects.communes().in_year(year)}


def test_2024_draws_the_communes_before_the_reform_and_2026_the_merged_ones(client_for, province_office):
    client = client_for(province_office)
    address = reverse("reports:dashboard_area_map")
    maps = {year: client.get(address, {"year": year}, headers={"HX-Request": "true"}) for year in (2024, 2026)}
    before, after = dots(maps[2024].content.decode()), dots(maps[2026].content.decode())
    assert set(before) == BEFORE and set(after) == AFTER
    assert all('id="area-map-unplaced"' not in answer.content.decode() for answer in maps.values())
    # Each unit of the year has its own centroid from the catalogue: Quảng Giao's before, Nam Sầm Sơn's after.
    units_2024, units_2026 = units_of(2024), units_of(2026)
    assert (str(units_2024["Quảng Giao"].latitude), str(units_2024["Quảng Giao"].longitude)) == (
        "19.714994",
        "105.831965",
    )
    assert (str(units_2026["Nam Sầm Sơn"].latitude), str(units_2026["Nam Sầm Sơn"].longitude)) == (
        "19.716900",
        "105.847000",
    )
    assert units_2024["Quảng Ninh"] != units_2026["Quảng Ninh"]  # the old commune and the new one of that name
    # At their places: phường Quảng Vinh lies east of Quảng Giao, Quảng Hải south of it; in 2026 xã Quảng Ninh
    # lies south-west of phường Nam Sầm Sơn (north is up, y grows southward).
    assert before["Quảng Vinh"][0] > before["Quảng Giao"][0] and before["Quảng Hải"][1] > before["Quảng Giao"][1]
    assert after["Quảng Ninh"][0] < after["Nam Sầm Sơn"][0] and after["Quảng Ninh"][1] > after["Nam Sầm Sơn"][1]


def test_the_pdf_of_each_year_draws_that_years_communes(province_office):
    communes = AdministrativeUnit.objects.visible_to(province_office)
    for year, names in ((2024, BEFORE), (2026, AFTER)):
        html = area_print_html(build_area_dashboard(communes, year=year), area_name="tỉnh Thanh Hóa")
        assert set(dots(html)) == names
        assert f"Bảng điều khiển các xã của tỉnh Thanh Hóa – năm {year}" in html
