import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from core.security import client_ip

BASE_DIR = Path(__file__).resolve().parents[2]
LOGIN_URL = "/accounts/login/"


def production_env(**overrides):
    # A clean production environment: nothing the test run itself sets (browser tests allow async-unsafe calls).
    leaked = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in leaked}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="ntm.thanhhoa.example",
        SECURE_COOKIES="true",
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
        STATICFILES_STORAGE="core.storage.CompressedManifestStorage",
    )
    env.update(overrides)
    return env


def test_deploy_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_https_settings_are_left_off():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(SECURE_COOKIES="false", SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W012" in result.stderr  # session cookie not secure
    assert "security.W004" in result.stderr  # no HSTS


def test_secure_cookies_setting_makes_both_cookies_https_only():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ntm_portal.settings'; django.setup(); "
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=production_env(), capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True", "True", "True", "31536000"], result.stderr


def test_login_cookie_is_marked_secure_when_served_over_https(settings, official):
    settings.SESSION_COOKIE_SECURE = True
    from django.test import Client

    response = Client().post(LOGIN_URL, {"username": "canbo.quanggiao", "password": "test-password-123"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# Content-Security-Policy


def test_every_page_gets_a_policy_that_forbids_inline_scripts(client, db):
    response = client.get(LOGIN_URL)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_logged_in_pages_carry_the_policy_too(client_for, official):
    response = client_for(official).get(reverse("audit_list"))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+|hx-on[:\-a-z]*)\s*=", re.IGNORECASE)


def test_no_template_has_an_inline_script_or_event_handler_the_policy_would_block():
    offenders = []
    for template in sorted((BASE_DIR / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER):
            for match in pattern.finditer(text):
                offenders.append(f"{template.relative_to(BASE_DIR)}: {match.group(0)[:80]}")
    assert offenders == []


# Login throttling (django-axes)


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def throttle(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def test_wrong_passwords_under_the_limit_get_the_login_form_with_its_message(client, official, throttle):
    for _ in range(2):
        response = attempt(client, "canbo.quanggiao", "sai-mat-khau")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_the_limit_of_wrong_passwords_locks_that_user_from_that_address_in_vietnamese(client, official, throttle):
    for _ in range(3):
        response = attempt(client, "canbo.quanggiao", "sai-mat-khau")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "Vui lòng thử lại sau 15 phút" in page
    # Even the right password is refused from that address while locked.
    response = attempt(client, "canbo.quanggiao", "test-password-123")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lock_holds_only_for_the_username_and_address_together(client, official, steering, throttle):
    for _ in range(3):
        attempt(client, "canbo.quanggiao", "sai-mat-khau", address="10.0.0.1")
    # The same official from another machine still logs in: an attacker cannot lock him out.
    response = attempt(client, "canbo.quanggiao", "test-password-123", address="10.0.0.2")
    assert response.status_code == 302
    client.logout()
    # Another user from the locked address still logs in.
    response = attempt(client, "bcd.quanggiao", "test-password-123", address="10.0.0.1")
    assert response.status_code == 302


def test_a_successful_login_resets_the_count_of_failures(client, official, throttle):
    for _ in range(2):
        attempt(client, "canbo.quanggiao", "sai-mat-khau")
    assert attempt(client, "canbo.quanggiao", "test-password-123").status_code == 302
    client.logout()
    for _ in range(2):
        response = attempt(client, "canbo.quanggiao", "sai-mat-khau")
    assert response.status_code == 200


def test_the_test_client_login_helper_still_works_without_a_request(client, official):
    assert client.login(username="canbo.quanggiao", password="test-password-123")


def test_client_address_is_the_socket_address_without_proxies(rf, settings):
    settings.PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.9"


def test_client_address_behind_one_proxy_ignores_what_the_client_forged(rf, settings):
    settings.PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.113.1.5")
    assert client_ip(request) == "203.113.1.5"


def test_production_static_storage_hashes_css_urls_but_ignores_missing_source_maps():
    from core.storage import CompressedManifestStorage

    rules = repr(CompressedManifestStorage.patterns)
    assert "sourceMappingURL" not in rules
    assert "url\\\\(" in rules  # url(...) references in CSS are still rewritten to hashed names


def test_https_redirect_spares_the_health_probe(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    from django.test import Client

    client = Client()
    assert client.get("/health/").status_code == 200
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


def test_a_server_error_page_in_vietnamese_needs_no_request_context():
    from django.template import loader

    page = loader.get_template("500.html").render({})
    assert "Hệ thống gặp lỗi khi xử lý yêu cầu" in page
    assert "chưa được lưu" in page


def test_spaces_around_the_user_name_do_not_buy_more_guesses(client, official, throttle):
    for variant in ("canbo.quanggiao", " canbo.quanggiao", "canbo.quanggiao  "):
        response = attempt(client, variant, "sai-mat-khau")
    assert response.status_code == 429
    assert attempt(client, "canbo.quanggiao", "test-password-123").status_code == 429
