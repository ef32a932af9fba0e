"""At the work site, on a phone (390×844): the works list and the plan read as cards, the progress form
opens the number keyboard and the camera, and no page is wider than the screen."""

import pytest
from django.urls import reverse

from projects.models import ProgressPhoto, ProgressUpdate, Work

from ..browser_support import last_page, log_in
from ..conftest import png_bytes
from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def phone(phone_page, live_server, seeded):
    return phone_page


def assert_fits_the_screen(page):
    assert page.evaluate(PAGE_WIDTH) <= 390, f"{page.url} is wider than the phone's screen"


def test_an_official_records_progress_from_a_phone(phone, live_server, tmp_path):
    page = phone
    work = Work.objects.get(code="QG-2024-01")
    photo = tmp_path / "cong-truong.png"
    photo.write_bytes(png_bytes(size=(64, 48)))
    log_in(page, live_server, "canbo.namsamson", DEMO_PASSWORD)  # Quảng Giao's works are the ward's since 1/7/2025

    page.goto(live_server.url + reverse("projects:work_list"))
    assert page.locator("table").first.is_hidden()  # not a table cut at its fourth column
    card = page.locator(".work-cards li", has_text="QG-2024-01")
    assert card.is_visible()
    text = card.inner_text()
    assert work.name in text and work.get_status_display() in text and "Khối lượng" in text
    assert_fits_the_screen(page)

    card.get_by_role("link", name="Ghi tiến độ").click()
    page.wait_for_url(f"**{reverse('projects:progress_create', args=[work.pk])}")
    assert page.get_attribute("input[name=physical_percent]", "inputmode") == "decimal"
    assert page.get_attribute("input[name=date]", "inputmode") == "numeric"
    for stage in ("before", "during", "after"):
        field = f"input[name=photo_{stage}]"
        assert (page.get_attribute(field, "accept"), page.get_attribute(field, "capture")) == ("image/*", "environment")
    assert_fits_the_screen(page)

    page.fill("input[name=date]", "30/09/2024")
    page.fill("input[name=physical_percent]", "45,5")
    page.set_input_files("input[name=photo_during]", str(photo))
    page.locator("main form button[type=submit]").tap()
    page.wait_for_url(f"**{reverse('projects:work_detail', args=[work.pk])}")
    assert "Đã ghi tiến độ công trình QG-2024-01" in page.inner_text("body")
    update = ProgressUpdate.objects.get(work=work)
    assert str(update.physical_percent) == "45.50"
    assert ProgressPhoto.objects.get(update=update).stage == "during"
    assert_fits_the_screen(page)

    page.goto(live_server.url + reverse("projects:work_list"))
    assert "45,5 %" in page.locator(".work-cards li", has_text="QG-2024-01").inner_text()

    page.goto(live_server.url + reverse("projects:plan_home"))  # the commune's plan: quarters of task cards
    assert page.locator("section.col-md-6 .card").count() == 4
    assert_fits_the_screen(page)
    last_page(page, "official-records-progress-on-a-phone")
