"""The one Playwright + Chromium every browser test shares (a pytest plugin, registered in the root conftest.py).

Fixtures: `playwright_chromium` (Debian's Chromium, driven by Playwright's sync API) and `browser_page` (a fresh
context and page per test: vi-VN, 1280×900, downloads accepted; `page.js_errors` collects script errors, console
errors and failed loads; a failing test leaves a screenshot in artifacts/screenshots/), and `phone_page`, the same
on a phone's screen (390×844, touch). Helpers: `log_in(page,
live_server, username, password)` and `last_page(page, name)`.

A sync Playwright runs an asyncio loop in the test thread, and two cannot run at once in one process. So there is
exactly one, started by the first browser test and stopped as soon as the next test does not need it: a loop left
running would make every later (non-browser) test's ORM call raise SynchronousOnlyOperation. Django is told to allow
those calls (DJANGO_ALLOW_ASYNC_UNSAFE) only while Playwright runs; the tests' own ORM calls stay synchronous.
A missing Chromium is a failure with a clear message, never a silent skip.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
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
FIXTURE = "playwright_chromium"


class _Chromium:
    """Playwright and its browser, started on first use and stopped between runs of browser tests."""

    def __init__(self):
        self._playwright = None
        self._browser = None
        self._previous_env = None

    def get(self):
        if self._browser is None:
            self._start()
        return self._browser

    def _start(self):
        if not os.path.exists(CHROMIUM):
            pytest.fail(
                f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. Install it with "
                "`apt-get install chromium` (or run `make test`, which runs scripts/system-deps.sh test).",
                pytrace=False,
            )
        from playwright.sync_api import sync_playwright

        self._previous_env = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        try:
            if self._browser is not None:
                self._browser.close()
            if self._playwright is not None:
                self._playwright.stop()
        finally:
            self._browser = self._playwright = None
            if self._previous_env is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._previous_env
            self._previous_env = None


_chromium = _Chromium()


@pytest.fixture
def playwright_chromium():
    """The shared Chromium (a playwright.sync_api.Browser); open your own context on it, or use `browser_page`."""
    return _chromium.get()


@pytest.fixture
def browser_page(playwright_chromium, request):
    yield from _page(playwright_chromium, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(playwright_chromium, request):
    """Like `browser_page`, on a phone's screen (390×844, touch), as an official at the work site holds it."""
    yield from _page(
        playwright_chromium, request, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )


def _page(playwright_chromium, request, **options):
    context = playwright_chromium.new_context(accept_downloads=True, locale="vi-VN", **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if _is_error(message) else None)
    page.on(
        "response", lambda response: errors.append(f"{response.status} {response.url}") if _failed(response) else None
    )
    page.js_errors = errors
    yield page
    report = getattr(request.node, "browser_call_report", None)
    if report is not None and report.failed:
        _screenshot(page, "failed-" + re.sub(r"[^\w.-]+", "-", request.node.nodeid).strip("-"))
    context.close()


def _is_error(message) -> bool:
    # A failed load is reported by the "response" listener with its address; everything else (script errors,
    # CSP refusals) counts.
    return message.type == "error" and not message.text.startswith("Failed to load resource")


def _failed(response) -> bool:
    return response.status >= 400 and not response.url.endswith("/favicon.ico")


def _screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, live_server, username: str, password: str):
    """Log in through the login form, as a person would, and check it worked."""
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert reverse("login") not in page.url, f"{username} could not log in"


def last_page(page, name: str) -> Path:
    """Keep a screenshot of the journey's last page (artifacts/screenshots/, gitignored) and check it is sound."""
    path = _screenshot(page, name)
    assert path.stat().st_size > 10_000
    assert not page.js_errors, f"errors in the browser (console, failed loads): {page.js_errors}"
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "call":
        item.browser_call_report = outcome.get_result()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is None or FIXTURE not in getattr(nextitem, "fixturenames", ()):
        _chromium.stop()


def pytest_sessionfinish(session):
    _chromium.stop()
