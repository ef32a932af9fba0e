"""Browser journeys: Playwright (Python) driving Debian's Chromium against pytest-django's live server.

The browser, the fresh page per test and the `log_in` / `last_page` helpers are the shared ones of
tests/browser_support.py (registered in the root conftest.py); here each journey's page opens on the seed.
"""

import io

import pytest
from django.core.management import call_command

DEMO_PASSWORD = "demo-ntm-2024"  # nosec B105: the published demonstration password of seed_portal --demo-accounts


@pytest.fixture
def seeded(transactional_db):
    """The seed of Quảng Giao with the demonstration accounts (flushed after the test)."""
    call_command("seed_portal", demo_accounts=True, stdout=io.StringIO())


@pytest.fixture
def page(browser_page, live_server, seeded):
    """The shared fresh page (tests/browser_support.py), on the seed of Quảng Giao."""
    return browser_page
