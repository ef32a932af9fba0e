"""The official's journey in a real browser: record progress on a work's page without a reload."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import ProgressUpdate
from tests.browser_support import log_in


@pytest.mark.browser
def test_an_official_records_progress_and_sees_the_new_state_without_a_reload(
    transactional_db, live_server, browser_page, official, road
):
    page = browser_page
    log_in(page, live_server, "canbo.quanggiao", "test-password-123")

    detail = live_server.url + reverse("projects:work_detail", args=[road.pk])
    page.goto(detail)
    panel = page.locator("#quick-progress")
    panel.locator("input[name=date]").fill("20/05/2024")
    panel.locator("input[name=physical_percent]").fill("85,5")
    panel.locator("input[name=disbursed_cumulative]").fill("6,5 tỷ")
    panel.locator("button[type=submit]").click()
    panel.locator("text=Đã ghi tiến độ.").wait_for()

    assert "85,5 %" in panel.inner_text()
    assert "6.500.000.000 đồng" in page.locator("#timeline").inner_text()  # swapped in out of band
    assert page.url == detail  # no navigation happened
    update = ProgressUpdate.objects.get(work=road)
    assert update.physical_percent == Decimal("85.50") and update.recorded_by == official

    panel.locator("input[name=date]").fill("21/05/2024")
    panel.locator("input[name=physical_percent]").fill("80")
    panel.locator("button[type=submit]").click()
    panel.locator("text=Cần ghi lý do").wait_for()
    assert ProgressUpdate.objects.filter(work=road).count() == 1
