"""The area dashboard as a PDF: the map of every commune listed, then every row, in the page's order and filter."""

import datetime
import re

import pytest
from django.urls import reverse

from criteria.models import SetLevel
from criteria.recognitions import recognition_record
from funding.models import MoneyLine
from ops.services import unit_create
from reports.dashboards import build_area_dashboard
from reports.dashboards.area_print import area_pdf, area_print_html
from units.models import AdministrativeUnit, Level

from .conftest import pdf_pages, pdf_text
from .dashboard_data import add_commune, fill_commune, source

pytestmark = pytest.mark.django_db

DOT = re.compile(r"<circle [^>]*><title>([^<]*)</title></circle>")


def downloaded(response) -> bytes:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def placed(commune, lat, lon):
    AdministrativeUnit.objects.filter(pk=commune.pk).update(latitude=lat, longitude=lon)
    return commune


@pytest.fixture
def district(quang_xuong, quang_giao, quang_hai):
    """Quảng Xương with 58 communes more than a page of 50: 40 of them placed on the map, 18 without coordinates,
    and a demonstration commune (never placed)."""
    unit_create(level=Level.COMMUNE, name="Xã minh họa 001", parent=quang_xuong, is_demo=True)
    for number in range(58):
        commune = add_commune(quang_xuong, f"Xã thử {number:03d}")
        if number < 40:
            placed(commune, f"19.{number + 10:02d}", f"105.{number + 10:02d}")
    placed(quang_giao, "19.714994", "105.831965")
    return quang_xuong


def test_the_pdf_maps_and_lists_every_commune_not_only_the_first_page(client_for, coordinator, district):
    response = client_for(coordinator).get(reverse("reports:dashboard_area_pdf"), {"year": 2024})
    assert "bang-dieu-khien-cac-xa-2024.pdf" in response["Content-Disposition"]
    pages = pdf_pages(downloaded(response))
    text = " ".join(" ".join(pages).split())
    assert text.startswith("Bảng điều khiển các xã của huyện Quảng Xương – năm 2024")
    assert "61 xã. Sắp xếp theo tên xã, tăng dần." in text
    # The map (its legend is text drawn by the SVG), before the table, with the communes it cannot place.
    first = " ".join(pages[0].split())
    assert "Bản đồ các xã năm 2024" in first and "Màu: mức đã được công nhận" in first
    assert "NTM kiểu mẫu" in first and "Cỡ chấm: tỷ lệ tiêu chí đạt" in first
    unplaced = re.search(r"không vẽ được trên bản đồ\), 20 xã: (.*?)\.", text)
    assert unplaced and "Quảng Hải" in unplaced[1] and "Xã thử 057" in unplaced[1] and "Xã thử 000" not in unplaced[1]
    assert unplaced[1].endswith("Xã thử 057; 1 xã dữ liệu minh họa")  # counted, not named one by one
    # The table: every row, the 58th commune too, under the page's headers.
    table = text[text.index("Các xã năm 2024") :]
    for header in ("Mức đã đạt", "Đã công nhận (đến 31/12/2024)", "Đúng tiến độ", "So với kế hoạch", "Cập nhật"):
        assert header in table
    names = re.findall(r"Xã thử \d{3}", table)
    assert names == [f"Xã thử {number:03d}" for number in range(58)]
    assert "Quảng Giao" in table and "Quảng Hải" in table and "Xã minh họa 001 dữ liệu minh họa" in table


def test_the_map_of_the_pdf_draws_every_placed_commune(coordinator, district):
    communes = AdministrativeUnit.objects.visible_to(coordinator)
    html = area_print_html(build_area_dashboard(communes, year=2024), area_name="huyện Quảng Xương")
    dots = DOT.findall(html)
    assert len(dots) == 41  # the 40 placed test communes and Quảng Giao: more than a page
    assert "Quảng Giao: chưa được công nhận; chưa có tiêu chí được đếm" in dots
    assert "<a " not in html  # a printed map links nowhere


def test_the_pdf_keeps_the_pages_sort_and_recognition_filter(client_for, coordinator, quang_xuong, quang_giao):
    rich, poor = add_commune(quang_xuong, "Xã nhiều vốn"), add_commune(quang_xuong, "Xã ít vốn")
    for commune in (rich, poor):
        fill_commune(commune, works=1, years=(2024,))
    MoneyLine.objects.create(commune=rich, year=2024, source=source(), amount=50 * 10**9)
    for commune in (rich, poor):
        recognition_record(user=None, unit=commune, level=SetLevel.XA_NTM, decision_date=datetime.date(2020, 1, 5))
    query = {"year": 2024, "sort": "-mobilised", "recognised": SetLevel.XA_NTM}
    page = client_for(coordinator).get(reverse("reports:dashboard_area"), query)
    assert [row.name for row in page.context["page"]] == ["Xã nhiều vốn", "Xã ít vốn"]
    assert f'href="{reverse("reports:dashboard_area_pdf")}?year=2024&amp;sort=-mobilised&amp;recognised=xa_ntm"' in (
        page.content.decode()
    )
    text = pdf_text(downloaded(client_for(coordinator).get(reverse("reports:dashboard_area_pdf"), query)))
    assert "2 xã. Sắp xếp theo vốn đã huy động, giảm dần. · Lọc: Đã công nhận xã NTM" in text
    table = text[text.index("Các xã năm 2024") :]
    assert table.index("Xã nhiều vốn") < table.index("Xã ít vốn")
    assert "Quảng Giao" not in table  # not recognised: filtered out, as on the page
    assert "Đã công nhận xã NTM" in table


def test_a_filter_nobody_matches_says_so(client_for, coordinator, quang_giao):
    query = {"year": 2024, "recognised": SetLevel.XA_NTM_HIEN_DAI}
    text = pdf_text(downloaded(client_for(coordinator).get(reverse("reports:dashboard_area_pdf"), query)))
    assert "0 xã" in text and "Không có xã nào khớp bộ lọc công nhận đã chọn." in text


def test_an_official_prints_only_his_own_commune_and_an_outsider_none(
    client_for, official, outsider, quang_giao, quang_hai
):
    url = reverse("reports:dashboard_area_pdf")
    text = pdf_text(downloaded(client_for(official).get(url, {"year": 2024})))
    assert text.startswith("Bảng điều khiển các xã của xã Quảng Giao – năm 2024")
    assert "Quảng Giao" in text and "Quảng Hải" not in text
    text = pdf_text(downloaded(client_for(outsider).get(url, {"year": 2024})))
    assert "Quảng Giao" not in text and "Quảng Hải" not in text
    assert "Không có xã nào trong phạm vi tài khoản của bạn." in text


def test_an_unknown_visitor_is_sent_to_the_login_page(client, quang_giao):
    response = client.get(reverse("reports:dashboard_area_pdf"), {"year": 2024})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_builder_needs_every_row(coordinator, quang_giao):
    dashboard = build_area_dashboard(AdministrativeUnit.objects.visible_to(coordinator), year=2024, page=1)
    with pytest.raises(ValueError, match="without `page`"):  # the page's rows only
        area_pdf(dashboard)
