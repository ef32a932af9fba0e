"""Three people's journeys through the portal in a real browser, on the seed of Quảng Giao."""

import datetime
import unicodedata

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pypdf import PdfReader

from criteria.models import Assessment, Indicator
from criteria.services import indicator_value_save
from projects.models import ProgressPhoto, ProgressUpdate, Work
from reports.models import PlanDocument
from units.models import AdministrativeUnit

from ..browser_support import last_page, log_in
from ..conftest import png_bytes
from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def work_row(page, code: str) -> str:
    return page.locator("#works-h ~ * tr", has_text=code).first.inner_text()


def test_the_successors_official_records_progress_on_a_predecessors_work_and_sees_its_dashboard_change(
    page, live_server, tmp_path
):
    """Since 1/7/2025 Quảng Giao is part of phường Nam Sầm Sơn, whose official continues its unfinished works."""
    work = Work.objects.get(code="QG-2024-01")
    photo = tmp_path / "anh-thi-cong.png"
    photo.write_bytes(png_bytes(size=(64, 48)))

    log_in(page, live_server, "canbo.namsamson", DEMO_PASSWORD)
    ward = AdministrativeUnit.objects.get(name="Nam Sầm Sơn")
    assert page.url.endswith(reverse("reports:dashboard_commune", args=[ward.pk]))  # home is the ward's dashboard
    commune = AdministrativeUnit.objects.get(name="Quảng Giao")
    page.goto(live_server.url + reverse("reports:dashboard_commune", args=[commune.pk]))
    assert page.inner_text("h1").startswith("Bảng điều khiển xã Quảng Giao")
    before = work_row(page, "QG-2024-01")
    assert "45 %" not in before

    page.click(f"#works-h ~ * a[href='{reverse('projects:work_detail', args=[work.pk])}']")
    page.click("text=Ghi tiến độ kèm ảnh")
    # A slip first: 31/02 does not exist. The form comes back in Vietnamese and nothing is recorded.
    page.fill("input[name=date]", "31/02/2024")
    page.fill("input[name=physical_percent]", "45")
    page.fill("textarea[name=note]", "Đã xong nền đường đoạn 1")
    page.set_input_files("input[name=photo_during]", str(photo))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Ngày không hợp lệ hoặc không tồn tại" in page.inner_text("main")
    assert not ProgressUpdate.objects.filter(work=work).exists() and not ProgressPhoto.objects.exists()

    page.fill("input[name=date]", "30/09/2024")
    page.set_input_files("input[name=photo_during]", str(photo))  # a browser never re-sends a file
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{reverse('projects:work_detail', args=[work.pk])}")

    assert "Đã ghi tiến độ công trình QG-2024-01" in page.inner_text("body")
    image = page.locator("figure img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth === 64", arg=image.element_handle())
    update = ProgressUpdate.objects.get(work=work)
    assert update.physical_percent == 45 and update.recorded_by.username == "canbo.namsamson"
    assert work.commune == commune  # the record stays attached to the work, the work to Quảng Giao
    assert ProgressPhoto.objects.get(update=update).stage == "during"

    page.goto(live_server.url + reverse("reports:dashboard_commune", args=[commune.pk]))
    after = work_row(page, "QG-2024-01")
    assert "45 %" in after and "30/09/2024" in after
    assert after != before
    last_page(page, "official-records-progress")


def test_a_steering_member_reads_the_dashboard_and_the_gap_page_without_edit_controls(page, live_server):
    # The official has recorded health insurance below the 2024 target (1.100/1.250 = 88 %, target ≥ 95 %).
    assessment = Assessment.objects.get(unit__name="Quảng Giao", year=2024)
    insurance = Indicator.objects.get(criterion__criteria_set=assessment.criteria_set, code="14.1")
    indicator_value_save(
        user=User.objects.get(username="canbo.quanggiao"),
        assessment=assessment,
        indicator=insurance,
        numerator=1100,
        denominator=1250,
        as_of=datetime.date(2024, 6, 30),
        source="Bảo hiểm xã hội huyện",
    )

    log_in(page, live_server, "bcd.quanggiao", DEMO_PASSWORD)
    commune = AdministrativeUnit.objects.get(name="Quảng Giao")
    assert page.url.endswith(reverse("reports:dashboard_commune", args=[commune.pk]))
    assert page.inner_text("h1").startswith("Bảng điều khiển xã Quảng Giao")
    gaps_on_dashboard = page.inner_text("#gaps-h ~ *")
    assert "Tỷ lệ người dân tham gia bảo hiểm y tế" in gaps_on_dashboard
    assert page.locator("svg").count() >= 1  # the charts are drawn
    assert page.locator("main form[method=post]").count() == 0  # a reader: nothing to save on the dashboard

    page.click(f"a[href='{reverse('criteria:assessment', args=[assessment.pk])}']")
    page.click("ul.nav-tabs >> text=Chỉ tiêu chưa đạt")
    page.wait_for_url(f"**{reverse('criteria:gaps', args=[assessment.pk])}")
    assert page.inner_text("h1") == "Chỉ tiêu chưa đạt của xã Quảng Giao năm 2024"
    row = page.locator("main table tr", has_text="14.1").inner_text()
    assert "Tỷ lệ người dân tham gia bảo hiểm y tế" in row
    assert "1.100/1.250" in row and "88" in row  # the value, as recorded
    assert row.split("\t")[-2].strip() == "7 %"  # the shortfall against ≥ 95 %
    assert "chỉ tiêu chưa đánh giá" in page.inner_text("main")
    assert page.locator("main form[method=post]").count() == 0
    last_page(page, "steering-reads-gaps")


def test_a_coordination_officer_opens_the_area_dashboard_and_downloads_a_communes_pdf(page, live_server, tmp_path):
    log_in(page, live_server, "vpdp.quangxuong", DEMO_PASSWORD)
    assert page.url.endswith(reverse("reports:dashboard_area"))
    area = page.inner_text("main")
    assert "Quảng Giao" in area and "Quảng Hải" in area
    # The map comes by a request of its own once the page is shown (htmx): a dot for each of the seed's communes,
    # linked to its dashboard, in place of the link that opens it without JavaScript.
    dots = page.locator("#area-map-part svg a")
    dots.first.wait_for()
    assert dots.count() == 4 and page.locator("#area-map a", has_text="Mở bản đồ").count() == 0
    assert dots.locator("title", has_text="Quảng Giao").count() == 1
    with page.expect_download(timeout=60_000) as area_pdf:
        page.click("main >> text=Tải PDF")  # the area dashboard itself, every commune, with its map
    saved = tmp_path / area_pdf.value.suggested_filename
    area_pdf.value.save_as(saved)
    text = nfc(" ".join(page_.extract_text() for page_ in PdfReader(str(saved)).pages))
    assert "Bản đồ các xã năm" in text and "Màu: mức đã được công nhận" in text and "Quảng Giao" in text

    document = PlanDocument.objects.get(commune__name="Quảng Giao")
    page.click("nav >> text=Kế hoạch năm")
    page.wait_for_url(f"**{reverse('reports:document_list')}")
    link = page.locator(f"a[href='{reverse('reports:document_download', args=[document.pk, 'pdf'])}']")
    with page.expect_download(timeout=60_000) as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    with saved.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    reader = PdfReader(str(saved))
    assert len(reader.pages) >= 2
    text = nfc(" ".join(page_.extract_text() for page_ in reader.pages))
    assert "QUẢNG GIAO" in text.upper()
    assert "KẾ HOẠCH" in text.upper()
    assert "2024" in text
    last_page(page, "coordinator-downloads-pdf")
