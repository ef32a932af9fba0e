"""The official's funding journey in a real browser: add a line, see the summary and its shares change."""

import pytest
from django.urls import reverse

from funding import seed
from funding.models import MoneyLine
from ops import seed as units_seed
from ops.services import membership_assign
from projects import seed as projects_seed
from tests.browser_support import log_in
from units.models import AdministrativeUnit, Role


@pytest.mark.browser
def test_an_official_adds_a_peoples_contribution_and_the_shares_follow(transactional_db, live_server, browser_page):
    from django.contrib.auth import get_user_model

    units_seed.load(demo_accounts=False)
    projects_seed.load(demo_accounts=False)
    seed.load(demo_accounts=False)
    commune = AdministrativeUnit.objects.get(name="Quảng Giao")
    user = get_user_model().objects.create_user(username="canbo.thu", password="test-password-123")
    membership_assign(user=user, unit=commune, role=Role.OFFICIAL)

    page = browser_page
    log_in(page, live_server, "canbo.thu", "test-password-123")

    page.goto(live_server.url + reverse("funding:home"))
    assert "88,3 %" in page.inner_text("main")
    assert "nhiều hơn 402 triệu đồng" in page.inner_text("main")

    page.click("text=Thêm dòng vốn")
    page.select_option("select[name=source]", label="Nhân dân đóng góp bằng tiền")
    page.fill("input[name=amount]", "gần 500 triệu")
    page.fill("input[name=note]", "Nhân dân đóng góp làm đường thôn 5")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Đã thêm dòng vốn." in page.inner_text("main")

    page.goto(live_server.url + reverse("funding:summary", args=[commune.pk, 2023]))
    text = page.inner_text("main")
    assert "22,8 tỷ đồng" in text  # 19,7 + 2,6 + 0,5
    assert "86,4 %" in text and "11,4 %" in text and "2,2 %" in text
    assert "gần 500 triệu đồng" in text
    assert MoneyLine.objects.get(source__code="nd-tien").amount_qualifier == "gần"
    assert not page.js_errors
