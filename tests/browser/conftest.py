"""Browser journeys: Playwright (Python) driving Debian's Chromium against pytest-django's live server.

One browser for all the journeys (package scope); each test gets a fresh context (cookies, downloads) and a
page. A missing Chromium is a failure with a clear message, never a silent skip: `make test` installs it
first (scripts/system-deps.sh test).
"""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
DEMO_PASSWORD = "demo-ntm-2024"  # nosec B105: the published demonstration password of seed_portal --demo-accounts


@pytest.fixture(scope="package")
def browser():
    """One Chromium for every journey, closed after them: another app's browser test that starts its own
    Playwright later in the session would fail inside a still-running one."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. "
            "Install it with `apt-get install chromium` (or run `make test`, which runs scripts/system-deps.sh test).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the tests' own ORM calls stay synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def seeded(transactional_db):
    """The seed of Quảng Giao with the demonstration accounts (flushed after the test)."""
    call_command("seed_portal", demo_accounts=True, stdout=io.StringIO())


@pytest.fixture
def page(browser, live_server, seeded, request):
    context = browser.new_context(accept_downloads=True, locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if _is_error(message) else None)
    page.on(
        "response", lambda response: errors.append(f"{response.status} {response.url}") if _failed(response) else None
    )
    page.live_url = live_server.url
    page.js_errors = errors
    yield page
    context.close()


def _is_error(message) -> bool:
    # A failed load is reported by the "response" listener with its address; everything else (script errors,
    # CSP refusals) counts.
    return message.type == "error" and not message.text.startswith("Failed to load resource")


def _failed(response) -> bool:
    return response.status >= 400 and not response.url.endswith("/favicon.ico")


def log_in(page, username: str):
    page.goto(page.live_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert reverse("login") not in page.url, f"{username} could not log in"


def last_page(page, name: str):
    """Keep a screenshot of the journey's last page (artifacts/screenshots/, gitignored) and check it is sound."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    assert not page.js_errors, f"errors in the browser (console, failed loads): {page.js_errors}"
    return path
