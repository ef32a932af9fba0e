"""The official's journey in a real browser: open the group page, save a ratio, see the verdict change."""

import pytest
from django.urls import reverse

from criteria.models import Assessment, IndicatorValue
from tests.browser_support import log_in

from .conftest import make_set


@pytest.mark.browser
def test_an_official_records_752_of_1250_households_and_sees_60_16_percent_met(
    transactional_db, live_server, browser_page, official, quang_giao
):
    criteria_set = make_set()
    assessment = Assessment.objects.create(unit=quang_giao, year=2024, criteria_set=criteria_set)
    page = browser_page
    log_in(page, live_server, "canbo.quanggiao", "test-password-123")

    page.goto(live_server.url + reverse("criteria:group", args=[assessment.pk, 2]))
    water = criteria_set.criteria.get(number=2).indicators.get(code="2.1")
    row = page.locator(f"#indicator-{water.pk}")
    row.locator("input[name$=numerator]").fill("752")
    row.locator("input[name$=denominator]").fill("1.250")
    row.locator("input[name$=as_of]").fill("31/03/2024")
    row.locator("input[name$=denominator]").press("Enter")

    page.locator(f"#indicator-{water.pk} >> text=Đã lưu.").wait_for()
    text = page.locator(f"#indicator-{water.pk}").inner_text()
    assert "752/1.250 = 60,16 %" in text
    assert "Đạt" in text
    assert page.url.endswith(reverse("criteria:group", args=[assessment.pk, 2]))  # swapped in place, no reload
    value = IndicatorValue.objects.get(indicator=water)
    assert (value.numerator, value.denominator) == (752, 1250)
