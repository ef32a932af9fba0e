"""The load script's own arithmetic and link finding (scripts/load_test.py; the run itself is on demand)."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "load_test.py"


@pytest.fixture(scope="module")
def load_test():
    spec = importlib.util.spec_from_file_location("load_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_95th_percentile_of_a_hundred_timings(load_test):
    timings = [n / 1000 for n in range(1, 101)]
    assert load_test.percentile(timings, 0.95) == pytest.approx(0.095, abs=0.001)
    assert load_test.percentile([0.2], 0.95) == 0.2


def test_links_are_found_in_a_page(load_test):
    parser = load_test.Links()
    parser.feed('<a href="/units/3/">Xã</a> <a>no link</a> <a href="/reports/1/download/pdf/">PDF</a>')
    assert parser.hrefs == ["/units/3/", "/reports/1/download/pdf/"]


def test_the_script_never_requests_logout_admin_language_or_uploads(load_test):
    for path in ["/accounts/logout/", "/admin/", "/i18n/setlang/", "/media/a.png"]:
        assert load_test.SKIP.match(path)
    assert not load_test.SKIP.match("/reports/dashboard/communes/3/")


def test_the_report_counts_errors_and_throughput(load_test, capsys):
    result = load_test.Result()
    for _ in range(9):
        result.add("/units/", 0.05, None)
    result.add("/units/", 0.5, "500 /units/")
    summary = load_test.report(result, elapsed=2.0, users=2)
    assert summary["requests"] == 10
    assert summary["errors"] == 1
    assert summary["throughput_rps"] == 5.0
    assert "error: 500 /units/" in capsys.readouterr().out
