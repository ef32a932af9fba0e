"""The area map: the drawing alone (no database), then the map on the area dashboard."""

import datetime
import math
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from criteria.models import Recognition, SetLevel
from criteria.recognitions import recognition_record
from ops.tests.members import member
from reports.dashboards.area import AreaRow, LevelCount
from reports.dashboards.exports import area_map_for
from reports.maps import (
    FLOOR_RADIUS,
    LEVEL_FILLS,
    MAX_RADIUS,
    MIN_RADIUS,
    MIN_SPAN,
    NORTH_BAND,
    MapDot,
    Sizes,
    area_map,
    project,
)
from units.models import AdministrativeUnit, Role

from .dashboard_data import add_commune

LEGEND = [(None, "Chưa được công nhận"), (SetLevel.XA_NTM, "NTM"), (SetLevel.XA_NTM_NANG_CAO, "NTM nâng cao")]


def dot(name, lat, lon, **kwargs):
    return MapDot(name=name, url=f"/x/{name}/", latitude=Decimal(lat), longitude=Decimal(lon), **kwargs)


def circles(svg: str) -> list[dict]:
    """The dots' circles (inside links), in drawing order, as attribute dicts with their <title>."""
    found = re.findall(r'<a href="([^"]*)"><circle ([^>]*)><title>(.*?)</title></circle></a>', str(svg))
    return [
        {"href": href, "title": title, **{key: value for key, value in re.findall(r'([\w-]+)="([^"]*)"', attrs)}}
        for href, attrs, title in found
    ]


def test_north_is_up_east_is_right_and_longitude_is_squeezed_by_the_cosine_of_latitude():
    west, east, north = dot("Tây", "20", "105"), dot("Đông", "20", "106"), dot("Bắc", "21", "105")
    (wx, wy), (ex, ey), (nx, ny) = project([west, east, north], 640, 440, 16)[0]
    assert ex > wx and wy == pytest.approx(ey)
    assert ny < wy and nx == pytest.approx(wx)
    # One degree east is cos(20.5°) of one degree north on the map (the mid-latitude of the box).
    assert (ex - wx) / (wy - ny) == pytest.approx(math.cos(math.radians(20.5)))
    # Scaled to the box: the taller side fills the height inside the margins.
    assert wy - ny == pytest.approx(440 - 32)


def test_a_single_dot_is_drawn_inside_the_picture():
    points, width, height = project([dot("Một", "19.7", "105.8")], 640, 440, 16)
    assert width == 640
    (x, y) = points[0]
    assert 0 < x < 640 and 0 < y < height


def test_two_neighbouring_communes_are_drawn_near_the_middle_at_their_true_distance():
    # About 5,5 km apart: drawn at the scale of MIN_SPAN (0,2°), not stretched to the picture's corners.
    (ax, ay), (bx, by) = project([dot("A", "19.70", "105.80"), dot("B", "19.75", "105.80")], 640, 440, 16)[0]
    assert ax == pytest.approx(320) and bx == pytest.approx(320)
    assert ay - by == pytest.approx((440 - 32) * 0.05 / MIN_SPAN)
    assert 110 < by < ay < 330


def test_the_north_arrow_sits_above_the_frame_clear_of_the_dots():
    svg = str(area_map([dot("A", "19.7", "105.8"), dot("B", "20.7", "106.8")], title="B", level_labels=LEGEND))
    arrow_y = float(re.search(r'<text x="[^"]*" y="([^"]*)"[^>]*>Bắc ↑</text>', svg).group(1))
    assert arrow_y < NORTH_BAND
    assert f'<g transform="translate(0 {NORTH_BAND})"><rect' in svg


def test_colour_follows_the_recognised_level_and_size_the_share_of_criteria_met():
    svg = area_map(
        [
            dot("Chưa", "19.7", "105.8"),
            dot("Nửa", "19.8", "105.9", level=SetLevel.XA_NTM, level_label="đã công nhận NTM", met=10, total=20),
            dot("Đủ", "19.9", "105.7", level=SetLevel.XA_NTM_NANG_CAO, met=19, total=19, criteria_label="NTM"),
        ],
        title="Bản đồ",
        level_labels=LEGEND,
    )
    by_name = {circle["title"].split(":")[0]: circle for circle in circles(svg)}
    assert by_name["Chưa"]["fill"] == LEVEL_FILLS[None] and by_name["Chưa"]["stroke-dasharray"] == "2 2"
    assert float(by_name["Chưa"]["r"]) == MIN_RADIUS
    assert by_name["Nửa"]["fill"] == LEVEL_FILLS[SetLevel.XA_NTM] and "stroke-dasharray" not in by_name["Nửa"]
    assert float(by_name["Nửa"]["r"]) == pytest.approx((MIN_RADIUS + MAX_RADIUS) / 2, abs=0.05)
    assert by_name["Đủ"]["fill"] == LEVEL_FILLS[SetLevel.XA_NTM_NANG_CAO]
    assert float(by_name["Đủ"]["r"]) == MAX_RADIUS
    assert by_name["Nửa"]["title"] == "Nửa: đã công nhận NTM; đạt 10/20 tiêu chí "
    assert by_name["Đủ"]["href"] == "/x/Đủ/"
    # The biggest dot is drawn first, so the small ones stay on top and clickable.
    assert [circle["title"].split(":")[0] for circle in circles(svg)] == ["Đủ", "Nửa", "Chưa"]


def test_the_legend_names_every_colour_and_the_sizes():
    svg = str(area_map([dot("A", "19.7", "105.8")], title="Bản đồ", level_labels=LEGEND))
    for fill, label in ((LEVEL_FILLS[None], "Chưa được công nhận"), (LEVEL_FILLS[SetLevel.XA_NTM], "NTM")):
        assert f'fill="{fill}" stroke=' in svg and f">{label}</text>" in svg
    assert ">NTM nâng cao</text>" in svg
    for text in ("Màu: mức đã được công nhận", "Cỡ chấm: tỷ lệ tiêu chí đạt", "0 %", "100 %", "chưa có tiêu chí"):
        assert text in svg
    assert svg.startswith("<svg") and svg.count("<svg") == 1 and 'role="img"' in svg


def test_dots_shrink_with_the_density_so_neighbours_touch_rather_than_cover_each_other():
    # A grid of 30 × 20 dots 0.05° apart (about 500 communes of a province): 640 px wide, about 21 px apart.
    grid = [
        dot(f"{row}-{col}", f"{19 + row * 0.05:.2f}", f"{105 + col * 0.05:.2f}")
        for row in range(20)
        for col in range(30)
    ]
    points, _width, _height = project(grid, 640, 440, 16)
    spacing = points[1][0] - points[0][0]
    sizes = Sizes.for_points(points)
    assert sizes.largest == pytest.approx(spacing / 2) and sizes.largest < MAX_RADIUS
    assert sizes.smallest == pytest.approx(sizes.largest * MIN_RADIUS / MAX_RADIUS)
    svg = area_map([*grid[:-1], dot("Đủ", "19.95", "106.45", met=19, total=19)], title="Bản đồ", level_labels=LEGEND)
    radii = {float(circle["r"]) for circle in circles(svg)}
    assert radii == {round(sizes.largest, 1), round(sizes.smallest, 1)}
    # Denser still (a country's communes on one small map): never below the floor.
    assert Sizes.for_points([(x * 0.5, 0) for x in range(100)]) == Sizes(FLOOR_RADIUS, 2 * FLOOR_RADIUS)
    # Far apart: the sparse map's sizes.
    assert Sizes.for_points([(0, 0), (300, 0)]) == Sizes(MIN_RADIUS, MAX_RADIUS)


def test_a_tall_area_leaves_no_empty_band_but_keeps_room_for_the_legend():
    tall = [dot("Bắc", "20.6", "105.0"), dot("Nam", "19.3", "105.3")]
    points, width, height = project(tall, 1000, 540, 16, min_width=620)
    assert width == 620 and height == 540
    assert points[0][0] < points[1][0] and all(16 <= x <= 620 - 16 for x, _y in points)
    svg = str(area_map(tall, title="Bản đồ", level_labels=LEGEND, width=1000, max_height=540))
    assert 'width="620"' in svg.split(">")[0]


def test_a_printed_map_has_no_links():
    svg = str(area_map([MapDot(name="A", url="", latitude=19.7, longitude=105.8)], title="B", level_labels=LEGEND))
    assert "<a " not in svg
    assert re.findall(r"<circle [^>]*><title>([^<]*)</title></circle>", svg) == [
        "A: chưa được công nhận; chưa có tiêu chí được đếm"
    ]


def test_names_and_links_are_escaped():
    svg = str(
        area_map(
            [MapDot(name='<b>"Xã" & co</b>', url='/x/?a=1&b="2"', latitude=19.7, longitude=105.8)],
            title="Tên <i>",
            level_labels=LEGEND,
        )
    )
    assert "<b>" not in svg and "<i>" not in svg
    assert "&lt;b&gt;&quot;Xã&quot; &amp; co&lt;/b&gt;" in svg
    assert 'href="/x/?a=1&amp;b=&quot;2&quot;"' in svg


# ------------------------------------------------------------------------------------------ on the dashboard

# savepoint pair (ATOMIC_REQUESTS), session, user, membership, years (one: no record holds a year), the rows' count
# (no row missing), the map's version; drawing it reads the map's rows (one more)
AREA_MAP_QUERIES = 8


@pytest.fixture(autouse=True)
def no_drawn_maps():
    cache.clear()  # the maps drawn by earlier tests


def placed(commune, lat, lon):
    AdministrativeUnit.objects.filter(pk=commune.pk).update(latitude=lat, longitude=lon)
    return commune


def map_part(client, **params):
    """The map as the area dashboard's htmx asks for it (year 2024 unless told)."""
    params = {"year": 2024, **params}
    return client.get(reverse("reports:dashboard_area_map"), params, headers={"HX-Request": "true"})


def map_html(client, **params) -> str:
    return map_part(client, **params).content.decode()


def dot_names(html: str) -> list[str]:
    return [circle["title"].split(":")[0] for circle in circles(html)]


@pytest.mark.django_db
def test_the_area_dashboard_leaves_its_map_to_a_request_of_its_own(client_for, coordinator, quang_giao):
    placed(quang_giao, "19.714994", "105.831965")
    page = client_for(coordinator).get(reverse("reports:dashboard_area"), {"year": 2024, "recognised": "no"})
    section = page.content.decode().split('id="area-map"')[1]
    address = f"{reverse('reports:dashboard_area_map')}?year=2024&amp;recognised=no"
    assert f'hx-get="{address}" hx-trigger="load"' in section
    assert f'<a href="{address}">Mở bản đồ các xã</a>' in section  # without JavaScript, the map's own page
    assert "<svg" not in section


@pytest.mark.django_db
def test_the_map_draws_the_visible_communes_and_lists_those_without_coordinates(
    client_for, coordinator, outsider, no_unit_user, quang_giao, quang_xuong
):
    placed(quang_giao, "19.714994", "105.831965")
    without = add_commune(quang_xuong, "Xã Chưa Có Tọa Độ")
    recognition_record(user=None, unit=quang_giao, level=SetLevel.XA_NTM, decision_date=datetime.date(2020, 1, 5))
    response = map_part(client_for(coordinator))
    part = response.content.decode()
    assert response.status_code == 200 and part.startswith('<div id="area-map-part">') and "<html" not in part
    dots = circles(part)
    assert dot_names(part) == ["Quảng Giao"]
    assert dots[0]["fill"] == LEVEL_FILLS[SetLevel.XA_NTM]  # from the summary's recognition column
    assert dots[0]["href"] == f"{reverse('reports:dashboard_commune', args=[quang_giao.pk])}?year=2024"
    listed = part.split('id="area-map-unplaced"')[1]
    assert f'href="{reverse("reports:dashboard_commune", args=[without.pk])}?year=2024">Xã Chưa Có Tọa Độ</a>' in listed
    assert "Quảng Giao" not in listed
    # The page's recognition filter: the communes holding one, then the others.
    recognised = map_html(client_for(coordinator), recognised="yes")
    assert dot_names(recognised) == ["Quảng Giao"] and "Xã Chưa Có Tọa Độ" not in recognised
    others = map_html(client_for(coordinator), recognised="no")
    assert dot_names(others) == [] and "Xã Chưa Có Tọa Độ" in others
    for user in (outsider, no_unit_user):  # no commune in sight: no map, and nothing of Quảng Giao
        refused = map_part(client_for(user))
        assert refused.status_code == 404 and "Quảng Giao" not in refused.content.decode()


@pytest.mark.django_db
def test_a_commune_official_maps_his_commune_only(client_for, other_official, quang_giao, quang_hai):
    placed(quang_giao, "19.714994", "105.831965")
    placed(quang_hai, "19.70", "105.85")
    assert dot_names(map_html(client_for(other_official))) == ["Quảng Hải"]


@pytest.mark.django_db
def test_without_javascript_the_map_is_a_page_of_its_own(client_for, coordinator, quang_giao):
    placed(quang_giao, "19.714994", "105.831965")
    response = client_for(coordinator).get(reverse("reports:dashboard_area_map"), {"year": 2024})
    page = response.content.decode()
    assert "reports/dashboard_area_map.html" in [template.name for template in response.templates]
    assert "Bản đồ các xã – năm 2024" in page and len(circles(page)) == 1
    assert f'href="{reverse("reports:dashboard_area")}?year=2024&amp;recognised="' in page  # back to the dashboard
    assert response.headers["Vary"].count("HX-Request") == 1


@pytest.mark.django_db
def test_the_map_is_drawn_once_then_again_after_any_change_of_what_it_shows(
    client_for, coordinator, quang_giao, quang_xuong, django_assert_num_queries
):
    placed(quang_giao, "19.714994", "105.831965")
    client = client_for(coordinator)
    client.get(reverse("reports:dashboard_area"), {"year": 2024})  # the communes' rows are computed on first view
    with django_assert_num_queries(AREA_MAP_QUERIES + 1):  # drawn
        first = map_html(client)
    with django_assert_num_queries(AREA_MAP_QUERIES):  # from the cache
        assert map_html(client) == first
    # Someone else of the same area shares it; his area is his rows, not his name.
    colleague = client_for(member("vpdp.quangxuong.2", quang_xuong, Role.COORDINATOR))
    with django_assert_num_queries(AREA_MAP_QUERIES):
        assert map_html(colleague) == first
    # A write through the services recomputes the commune's row: drawn again, in the colour of its recognition.
    recognition_record(user=None, unit=quang_giao, level=SetLevel.XA_NTM, decision_date=datetime.date(2020, 1, 5))
    with django_assert_num_queries(AREA_MAP_QUERIES + 1):
        recognised = map_html(client)
    assert circles(recognised)[0]["fill"] == LEVEL_FILLS[SetLevel.XA_NTM] != circles(first)[0]["fill"]
    # A new commune (its row computed as the map asks), then its centroid moved without the summary knowing (as the
    # unit catalogue completes a unit): drawn again each time.
    other = placed(add_commune(quang_xuong, "Xã Mới Định Vị"), "19.80", "105.90")
    grown = map_html(client)
    assert dot_names(grown) == ["Quảng Giao", "Xã Mới Định Vị"]
    placed(other, "19.60", "105.70")
    with django_assert_num_queries(AREA_MAP_QUERIES + 1):
        moved = map_html(client)
    assert circles(moved) != circles(grown) and map_html(colleague) == moved


@pytest.mark.django_db
@pytest.mark.parametrize("communes", [4, 60])
def test_the_map_draws_every_commune_from_one_query(
    client_for, coordinator, quang_xuong, communes, django_assert_num_queries
):
    for number in range(communes):
        placed(add_commune(quang_xuong, f"Xã bản đồ {number:02d}"), f"19.{number:02d}", f"105.{number:02d}")
    client = client_for(coordinator)
    client.get(reverse("reports:dashboard_area"), {"year": 2024})  # the communes' rows are computed on first view
    with django_assert_num_queries(AREA_MAP_QUERIES + 1):
        drawn = map_html(client, sort="-updated", page=2)  # neither the page nor the sort matters
    assert len(circles(drawn)) == communes  # more than the page's 50


def test_a_dot_shows_the_criteria_of_the_next_level_and_the_highest_level_recognised():
    commune = AdministrativeUnit(pk=7, name="Quảng Giao", latitude=Decimal("19.7"), longitude=Decimal("105.8"))
    nowhere = AdministrativeUnit(pk=8, name="Quảng Hải")
    reached = LevelCount(met=19, total=19, year=2024)
    row = AreaRow(
        commune,
        name="Quảng Giao",
        recognitions=[Recognition(level=SetLevel.XA_NTM), Recognition(level=SetLevel.XA_NTM_NANG_CAO)],
        levels={SetLevel.XA_NTM: reached, SetLevel.XA_NTM_NANG_CAO: LevelCount(met=12, total=19, year=2024)},
    )
    rows = [row, AreaRow(nowhere, name="Quảng Hải")]

    def drawn_map():
        return area_map_for(rows, 2024, title="Bản đồ")

    svg, unplaced = drawn_map()
    (drawn,) = circles(svg)
    assert drawn["fill"] == LEVEL_FILLS[SetLevel.XA_NTM_NANG_CAO]
    assert "đạt 12/19 tiêu chí NTM nâng cao" in drawn["title"]
    assert [row.name for row in unplaced] == ["Quảng Hải"]
    row.levels[SetLevel.XA_NTM_NANG_CAO] = reached  # every level assessed reached: the highest one is shown
    assert "đạt 19/19 tiêu chí NTM nâng cao" in circles(drawn_map()[0])[0]["title"]
    # Recognised NTM only, both levels short: the level it works toward (nâng cao), not the one it holds.
    row.recognitions = [Recognition(level=SetLevel.XA_NTM)]
    row.levels = {
        level: LevelCount(met=3, total=19, year=2024) for level in (SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO)
    }
    (drawn,) = circles(drawn_map()[0])
    assert drawn["fill"] == LEVEL_FILLS[SetLevel.XA_NTM] and "đạt 3/19 tiêu chí NTM nâng cao" in drawn["title"]
    row.recognitions = []
    assert circles(drawn_map()[0])[0]["title"] == "Quảng Giao: chưa được công nhận; đạt 3/19 tiêu chí NTM"


@pytest.mark.django_db
def test_the_communes_without_coordinates_are_listed_fifty_then_counted(client_for, coordinator, quang_xuong):
    for number in range(55):
        add_commune(quang_xuong, f"Xã chưa định vị {number:02d}")
    listed = map_html(client_for(coordinator)).split('id="area-map-unplaced"')[1]
    # every commune of the area, not only the page's 50: fifty by name, then the number of the others
    assert listed.count("<li>") == 51 and "và 5 xã khác" in listed
