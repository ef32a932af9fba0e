"""Benchmark: median server time of the two dashboards over 30 and 500 demonstration communes × 3 years.

    createdb -h 127.0.0.1 -U postgres ntm_dashboards_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_dashboards_bench \
        .venv/bin/python benchmarks/bench_dashboards.py [--repeat 21] [--sizes 30 500]

Use a database of its own: it migrates, loads the seed, then for each size runs
`generate_demo_data --communes N --years 3 --replace` (demonstration units only, `is_demo=True`; real
units are never touched). It times full requests through Django's test client (middleware, queries,
templates; no network), as a coordinator of the demonstration province for the area dashboard and an
official of "Xã minh họa 001" for the commune dashboard, after two warm-up requests.
Targets (issue 6): area dashboard over 500 communes < 300 ms and < 2× its time over 30 communes;
commune dashboard < 150 ms. Figures go in docs/PERFORMANCE.md.
"""

import argparse
import io
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
# Production-like: DEBUG off (cached templates, no query log); a throwaway key for this process only.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from ops.demo import PROVINCE  # noqa: E402
from ops.services import membership_assign  # noqa: E402
from units.models import AdministrativeUnit, Role  # noqa: E402


def member(username, unit, role):
    user, _created = get_user_model().objects.get_or_create(username=username)
    membership_assign(user=user, unit=unit, role=role)
    return user


def median_ms(client, url, params, repeat):
    """(median wall ms, min wall ms, median CPU ms of this process): wall includes the database's time."""
    for _warm_up in range(2):
        assert client.get(url, params).status_code == 200
    times, cpu = [], []
    for _run in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return statistics.median(times), min(times), statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 500])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_portal", stdout=io.StringIO())
    print(f"PostgreSQL {connection.pg_version if connection.vendor == 'postgresql' else connection.vendor}")
    results = {}
    for size in args.sizes:
        started = time.perf_counter()
        call_command("generate_demo_data", communes=size, years=3, replace=True, stdout=io.StringIO())
        generated = time.perf_counter() - started
        province = AdministrativeUnit.objects.get(name=PROVINCE, is_demo=True)
        commune = AdministrativeUnit.objects.get(name="Xã minh họa 001", is_demo=True)
        area_client, commune_client = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
        area_client.force_login(member("bench.vpdp", province, Role.COORDINATOR))
        commune_client.force_login(member("bench.canbo", commune, Role.OFFICIAL))
        area = median_ms(area_client, reverse("reports:dashboard_area"), {"year": 2024}, args.repeat)
        one = median_ms(
            commune_client, reverse("reports:dashboard_commune", args=[commune.pk]), {"year": 2024}, args.repeat
        )
        results[size] = (area, one)
        print(
            f"{size:>4} communes (generated in {generated:.1f} s, load average {os.getloadavg()[0]:.1f}): "
            f"area median {area[0]:.1f} ms (min {area[1]:.1f}, CPU {area[2]:.1f}); "
            f"commune median {one[0]:.1f} ms (min {one[1]:.1f}, CPU {one[2]:.1f})"
        )
    if len(results) >= 2:
        small, large = min(results), max(results)
        ratio = results[large][0][0] / results[small][0][0]
        cpu_ratio = results[large][0][2] / results[small][0][2]
        print(f"area {large} / area {small}: {ratio:.2f}× wall, {cpu_ratio:.2f}× CPU")


if __name__ == "__main__":
    main()
