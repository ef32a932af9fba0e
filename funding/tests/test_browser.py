"""The official's funding journey in a real browser: add a line, see the summary and its shares change.

Since 1/7/2025 the seed's Quảng Giao is part of phường Nam Sầm Sơn, whose official carries on its records (docs/adr/
0092): Quảng Giao's 2023 money is added to Quảng Giao, from the ward's page for 2023, where each commune merged into
the ward shows its own figures and its own "Thêm dòng vốn"; the ward, which did not exist in 2023, offers none. This
year's money is the ward's own. Quảng Giao's former official only reads (test_summary_across_merge.py).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from funding import seed
from funding.models import MoneyLine
from ops import seed as units_seed
from ops.tests.members import member
from projects import seed as projects_seed
from tests.browser_support import last_page, log_in
from units.models import AdministrativeUnit, Role


@pytest.mark.browser
def test_an_official_adds_a_peoples_contribution_and_the_shares_follow(transactional_db, live_server, browser_page):
    units_seed.load(demo_accounts=False)
    projects_seed.load(demo_accounts=False)
    seed.load(demo_accounts=False)
    quang_giao = AdministrativeUnit.objects.get(name="Quảng Giao")
    nam_sam_son = AdministrativeUnit.objects.successors_of(quang_giao).get()
    official = member("canbo.namsamson", nam_sam_son, Role.OFFICIAL)

    page = browser_page
    log_in(page, live_server, "canbo.namsamson", "test-password-123")

    page.goto(live_server.url + reverse("funding:home"))  # the ward's latest year with money: Quảng Giao's 2023
    assert page.url.endswith(reverse("funding:summary", args=[nam_sam_son.pk, 2023]))
    part = page.locator(f"section[aria-labelledby='part-{quang_giao.pk}-h']")
    assert "88,3 %" in part.inner_text()
    assert "nhiều hơn 402 triệu đồng" in part.inner_text()
    assert page.locator(f"a[href^='{reverse('funding:line_create', args=[nam_sam_son.pk])}']").count() == 0

    part.get_by_role("link", name="Thêm dòng vốn").click()
    assert "Thêm dòng vốn – xã Quảng Giao" in page.inner_text("main h1")
    page.select_option("select[name=source]", label="Nhân dân đóng góp bằng tiền")
    page.fill("input[name=amount]", "gần 500 triệu")
    page.fill("input[name=note]", "Nhân dân đóng góp làm đường thôn 5")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Đã thêm dòng vốn." in page.inner_text("main")

    page.goto(live_server.url + reverse("funding:summary", args=[nam_sam_son.pk, 2023]))
    text = page.locator(f"section[aria-labelledby='part-{quang_giao.pk}-h']").inner_text()
    assert "22,8 tỷ đồng" in text  # 19,7 + 2,6 + 0,5
    assert "86,4 %" in text and "11,4 %" in text and "2,2 %" in text
    assert "gần 500 triệu đồng" in text
    line = MoneyLine.objects.get(source__code="nd-tien")
    assert (line.commune, line.year, line.amount_qualifier) == (quang_giao, 2023, "gần")
    assert AuditEntry.objects.for_object(line).get().user == official  # the ward's official wrote it

    # This year's money is the ward's own: one click to this year, and its "Thêm dòng vốn" adds to the ward.
    this_year = timezone.localdate().year
    page.get_by_role("navigation", name="Chọn năm").get_by_role("link", name=str(this_year)).click()
    page.locator("main").get_by_role("link", name="Thêm dòng vốn").click()
    assert "Thêm dòng vốn – phường Nam Sầm Sơn" in page.inner_text("main h1")
    assert page.input_value("input[name=year]") == str(this_year)
    page.select_option("select[name=source]", label="Ngân sách xã")
    page.fill("input[name=amount]", "1,2 tỷ")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Đã thêm dòng vốn." in page.inner_text("main")
    ward_line = MoneyLine.objects.get(commune=nam_sam_son)
    assert (ward_line.year, ward_line.amount, ward_line.source.code) == (this_year, 1_200_000_000, "ns-xa")
    last_page(page, "funding-successor-adds-lines")
