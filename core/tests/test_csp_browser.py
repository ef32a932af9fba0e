"""In a real browser the Content-Security-Policy blocks nothing the portal itself needs."""

import pytest
from django.urls import reverse

from tests.browser_support import log_in


@pytest.mark.browser
def test_the_pages_run_under_the_policy_without_a_single_violation(
    transactional_db, live_server, browser_page, coordinator, quang_giao, quang_hai
):
    page = browser_page
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    log_in(page, live_server, "vpdp.quangxuong", "test-password-123")
    page.wait_for_load_state("networkidle")
    for url in (reverse("units:list"), reverse("units:detail", args=[quang_giao.pk]), reverse("audit_list")):
        page.goto(live_server.url + url, wait_until="networkidle")
    # Bootstrap's script runs: the account menu opens.
    account_menu = page.locator("nav .dropdown-toggle").last
    account_menu.click()
    assert account_menu.get_attribute("aria-expanded") == "true"
    assert violations == []


@pytest.mark.browser
def test_a_browser_that_keeps_guessing_a_password_gets_the_vietnamese_lockout_page(
    transactional_db, live_server, browser_page, official, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    page = browser_page
    for _ in range(3):
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", "canbo.quanggiao")
        page.fill("input[name=password]", "doan-mat-khau")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    assert "Tạm khóa đăng nhập" in page.locator("h1").inner_text()
    assert "Vui lòng thử lại sau 15 phút" in page.content()
