"""Benchmark: one page of 100 assessments with their values (/api/v1/assessments/?page_size=100) at N communes.

    createdb -h 127.0.0.1 -U postgres ntm_api_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_api_bench \
        .venv/bin/python benchmarks/bench_api.py [--communes 3321] [--years 3] [--repeat 21] [--keep]

Use a database of its own: it migrates, loads the seed, runs `generate_demo_data --communes N --years Y --replace`
(demonstration units only), makes a token for a coordinator of the demonstration province, then times full
requests through Django's test client (middleware, token check and its log, queries, evaluation, JSON; no
network) for the first page and for a page further on (the cursor), after two warm-up requests.
Target (issue 15): ≤ 100 ms at 3,321 communes. Figures go in docs/PERFORMANCE.md, with the load average.
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
# Production-like: DEBUG off (no query log); a throwaway key for this process only.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from api.tokens import api_token_create  # noqa: E402
from criteria.models import Assessment  # noqa: E402
from ops.demo import PROVINCE  # noqa: E402
from ops.services import membership_assign  # noqa: E402
from units.models import AdministrativeUnit, Role  # noqa: E402


def timed(client, url, repeat):
    """(median wall ms, min wall ms, median CPU ms of this process)."""
    for _warm_up in range(2):
        assert client.get(url).status_code == 200
    times, cpu = [], []
    for _run in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200 and len(response.json()["results"]) == 100
    return statistics.median(times), min(times), statistics.median(cpu), response.json()["next"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--keep", action="store_true", help="time the data already generated (no new generation)")
    args = parser.parse_args()
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_token"] = "100000/min"
    print(f"PostgreSQL {connection.pg_version if connection.vendor == 'postgresql' else connection.vendor}")
    if not args.keep:
        call_command("migrate", verbosity=0)
        call_command("seed_portal", stdout=io.StringIO())
        started = time.perf_counter()
        call_command("generate_demo_data", communes=args.communes, years=args.years, replace=True, stdout=io.StringIO())
        print(f"{args.communes} communes × {args.years} years generated in {time.perf_counter() - started:.1f} s")
    communes = AdministrativeUnit.objects.filter(is_demo=True, level="commune").count()
    province = AdministrativeUnit.objects.get(name=PROVINCE, is_demo=True)
    user, _created = get_user_model().objects.get_or_create(username="bench.api")
    membership_assign(user=user, unit=province, role=Role.COORDINATOR)
    raw = api_token_create(user=user, name=f"bench {secrets.token_hex(4)}")[1]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {raw}")
    visible = Assessment.objects.visible_to(user).count()
    first = timed(client, reverse("api:assessment-list") + "?page_size=100", args.repeat)
    later = timed(client, first[3], args.repeat)
    for label, (median, fastest, cpu, _next) in (("first page", first), ("second page", later)):
        print(
            f"{label}: 100 of {visible} assessments ({communes} communes), "
            f"median {median:.1f} ms (min {fastest:.1f}, CPU {cpu:.1f}), "
            f"load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
