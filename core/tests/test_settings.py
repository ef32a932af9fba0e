import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SETUP_DJANGO = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ntm_portal.settings'; django.setup()"


def run_django_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env["ENV_FILE"] = str(BASE_DIR / "no-such.env")  # a developer's .env must not answer for the environment
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", SETUP_DJANGO],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_a_secret_key_stops_with_a_clear_message():
    result = run_django_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_runs_without_a_secret_key():
    result = run_django_check(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_production_with_a_secret_key_starts():
    result = run_django_check(DEBUG="false", SECRET_KEY="a-real-secret-key-for-this-test-only")
    assert result.returncode == 0, result.stderr


def test_defaults_are_vietnamese_and_day_first(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
