"""Benchmark: one page of 100 assessments with their values (/api/v1/assessments/?page_size=100) at N communes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_bench_country \\
        .venv/bin/python benchmarks/bench_api.py [--communes 3321] [--years 3] [--repeat 21] [--regenerate]
        [--profile 30]

A database that already holds exactly N demonstration communes (as ntm_bench_country, made by
benchmarks/bench_country.py) is read as it is: no migration, no generation (the script stops if a migration is
missing). Otherwise, or with `--regenerate`, it migrates, loads the seed when it is missing and runs
`generate_demo_data --communes N --years Y --replace` (demonstration units only): give it a database of its own.

What it writes besides: the user "bench.api" and his membership as coordinator of the demonstration province (who
sees every demonstration commune), made once and left; one token for the run, deleted at its end with the log of its
uses (its creation stays in the audit log, as any token's).

With DEBUG off, it times full requests through Django's test client (middleware, token check and its log, scoping,
queries, verdicts, JSON; no network) for the first page and for a page further on (the cursor), after two warm-up
requests each: the median and fastest wall time, and the median CPU time of this process (which the database's work
and other processes' load do not inflate). `--profile N` prints cProfile's N costliest functions of one first page.
Target (issue 15): ≤ 100 ms at 3,321 communes. Figures go in docs/PERFORMANCE.md, with `uptime`.
"""

import argparse
import cProfile
import importlib
import io
import os
import pstats
import secrets
import statistics
import subprocess  # nosec B404: uptime, with a fixed argument list
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
os.environ["DEBUG"] = "false"  # production-like: no query log
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # a throwaway key for this process only

# The application loaded as the web server loads it (ntm_portal/wsgi.py: Django set up, then the heap frozen).
importlib.import_module("ntm_portal.wsgi")

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from api.tokens import api_token_create  # noqa: E402
from criteria.models import Assessment  # noqa: E402
from ops.demo import PROVINCE  # noqa: E402
from ops.services import membership_assign  # noqa: E402
from units.models import AdministrativeUnit, Level, Membership, Role  # noqa: E402

PAGE = 100


def prepared(communes: int, years: int, regenerate: bool) -> str:
    """The data to time: reused when the database holds `communes` demonstration communes, else generated."""
    if not regenerate and AdministrativeUnit.objects.filter(is_demo=True).communes().count() == communes:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            sys.exit("The database misses migrations: migrate it, or use a database of the benchmark's own.")
        return "reused"
    call_command("migrate", verbosity=0)
    if not AdministrativeUnit.objects.filter(level=Level.PROVINCE, code="38").exists():
        call_command("seed_portal", stdout=io.StringIO())
    started = time.perf_counter()
    call_command("generate_demo_data", communes=communes, years=years, replace=True, stdout=io.StringIO())
    return f"generated in {time.perf_counter() - started:.1f} s"


def coordinator():
    """The demonstration province's coordinator "bench.api", made once."""
    province = AdministrativeUnit.objects.get(name=PROVINCE, is_demo=True)
    user, _created = get_user_model().objects.get_or_create(username="bench.api")
    if not Membership.objects.filter(user=user, unit=province, role=Role.COORDINATOR).exists():
        membership_assign(user=user, unit=province, role=Role.COORDINATOR)
    return user


def timed(client, url, repeat):
    """(median wall ms, min wall ms, median CPU ms of this process, min CPU ms, the next page's address)."""
    for _warm_up in range(2):
        assert client.get(url).status_code == 200
    times, cpu = [], []
    for _run in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200 and len(response.json()["results"]) == PAGE
    return statistics.median(times), min(times), statistics.median(cpu), min(cpu), response.json()["next"]


def profile(client, url, lines):
    profiler = cProfile.Profile()
    profiler.runcall(client.get, url)
    for order in ("tottime", "cumulative"):
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(order).print_stats(lines)


def uptime() -> str:
    utc = {**os.environ, "TZ": "UTC"}  # Django sets TZ to the portal's zone
    return subprocess.run(["uptime"], capture_output=True, text=True, check=True, env=utc).stdout.strip()  # noqa: S603, S607


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--regenerate", action="store_true", help="generate even when the communes are there")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's N costliest functions")
    args = parser.parse_args()
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_token"] = "100000/min"
    print(f"PostgreSQL {connection.pg_version}; {uptime()}")
    data = prepared(args.communes, args.years, args.regenerate)
    user = coordinator()
    token, raw = api_token_create(user=user, name=f"bench {secrets.token_hex(4)}")
    try:
        client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {raw}")
        url = f"{reverse('api:assessment-list')}?page_size={PAGE}"
        first = timed(client, url, args.repeat)
        later = timed(client, first[4], args.repeat)
        if args.profile:
            profile(client, url, args.profile)
    finally:
        token.delete()
    visible = Assessment.objects.visible_to(user).count()
    print(f"{args.communes} communes × {args.years} years ({data}); {visible} assessments visible")
    for label, (median, fastest, cpu, least_cpu, _next) in (("first page", first), ("later page", later)):
        print(
            f"{label}: {PAGE} assessments, median {median:.1f} ms (min {fastest:.1f}), "
            f"CPU {cpu:.1f} ms (min {least_cpu:.1f})"
        )
    print(uptime())


if __name__ == "__main__":
    main()
