"""Benchmark at country scale (issue 14 §1): 3,321 demonstration communes × 3 years against 166.

    createdb -h 127.0.0.1 -U postgres ntm_bench_country
    createdb -h 127.0.0.1 -U postgres ntm_bench_province
    .venv/bin/python benchmarks/bench_country.py [--repeat 15] [--regenerate] [--only sorts|xlsx|commune]
        [--server postgres://postgres@127.0.0.1:5432] [--country ntm_bench_country] [--province ntm_bench_province]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_bench_country \
        .venv/bin/python benchmarks/bench_country.py --child 3321 --repeat 15 [--only commune]

    # one size only, its figures as JSON (the country's database, the xlsx only):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_bench_country .venv/bin/python benchmarks/bench_country.py \
        --child 3321 --repeat 5 --only xlsx

Each size has a database of its own; the script runs itself once per database (a child process with its
DATABASE_URL), which migrates, loads the seed when it is missing and generates the demonstration data with
`generate_demo_data --communes N --years 3 --replace` unless that database already holds exactly N demonstration
communes (`--regenerate` generates anyway: the generation time is printed only when it ran). Real units are never
touched. With DEBUG off, through Django's test client (middleware, queries, templates; no network), as a
coordinator of the demonstration province (who sees every demonstration commune), after two warm-up requests,
it takes the median of `--repeat` requests of: the area dashboard of 2024 for every sort (SORTS, both
directions), the area's map as the page's htmx asks for it (drawn: the cache emptied before each request; and
from the cache), the xlsx of every row, and the commune dashboard of "Xã minh họa 001" (`--only`: the sorts with the
map, the xlsx or the commune dashboard).

Targets (issue 14): every sort ≤ 150 ms and ≤ 1,5× its time at 166 communes; xlsx ≤ 1 s; commune dashboard
≤ 60 ms; generation < 5 min. The map has no target of its own (the demonstration communes have no centroids: it
lists them rather than drawing them). Figures, with the machine's load (`uptime`), go in docs/PERFORMANCE.md.
"""

import argparse
import importlib
import io
import json
import os
import secrets
import statistics
import subprocess  # nosec B404: the script runs itself, with a fixed argument list
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
os.environ["DEBUG"] = "false"  # production-like: cached templates, no query log
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # a throwaway key for this process only

# The application loaded as the web server loads it (ntm_portal/wsgi.py: Django set up, then the heap frozen).
importlib.import_module("ntm_portal.wsgi")

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from ops.demo import PROVINCE  # noqa: E402
from ops.services import membership_assign  # noqa: E402
from reports.dashboards import SORTS  # noqa: E402
from units.models import AdministrativeUnit, Level, Role  # noqa: E402

COUNTRY, PROVINCE_SIZE, YEARS, YEAR = 3321, 166, 3, 2024
SORT_LIMIT_MS, SORT_RATIO, XLSX_LIMIT_MS, COMMUNE_LIMIT_MS, GENERATION_LIMIT_S = 150, 1.5, 1000, 60, 300


def measure(size: int, repeat: int, regenerate: bool, only: str | None = None) -> dict:
    """In the child process: (re)generate if needed, then time every request; a dictionary of figures."""
    call_command("migrate", verbosity=0)
    if not AdministrativeUnit.objects.filter(level=Level.PROVINCE, code="38").exists():
        call_command("seed_portal", stdout=io.StringIO())
    figures: dict = {"size": size, "generated_s": None}
    if regenerate or AdministrativeUnit.objects.filter(is_demo=True).communes().count() != size:
        started = time.perf_counter()
        call_command("generate_demo_data", communes=size, years=YEARS, replace=True, stdout=io.StringIO())
        figures["generated_s"] = time.perf_counter() - started
    province = AdministrativeUnit.objects.get(name=PROVINCE, is_demo=True)
    commune = AdministrativeUnit.objects.get(name="Xã minh họa 001", is_demo=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member("bench.vpdp", province, Role.COORDINATOR))
    area = reverse("reports:dashboard_area")
    if only in (None, "sorts"):
        figures["sorts"] = {
            sort: median_ms(client, area, {"year": YEAR, "sort": sort}, repeat)
            for key in SORTS
            for sort in (key, f"-{key}")
        }
        area_map, htmx = reverse("reports:dashboard_area_map"), {"HX-Request": "true"}
        figures["map_drawn"] = median_ms(client, area_map, {"year": YEAR}, repeat, headers=htmx, fresh=True)
        figures["map_cached"] = median_ms(client, area_map, {"year": YEAR}, repeat, headers=htmx)
    if only in (None, "xlsx"):
        export = reverse("reports:dashboard_area_export")
        figures["xlsx"] = median_ms(client, export, {"year": YEAR}, max(5, repeat // 3))
    if only in (None, "commune"):
        one = reverse("reports:dashboard_commune", args=[commune.pk])
        figures["commune"] = median_ms(client, one, {"year": YEAR}, repeat)
    figures["load"] = os.getloadavg()
    return figures


def member(username, unit, role):
    user, _created = get_user_model().objects.get_or_create(username=username)
    membership_assign(user=user, unit=unit, role=role)
    return user


def median_ms(client, url, params, repeat, *, headers=None, fresh=False) -> list[float]:
    """[median wall ms, median CPU ms of this process] of `repeat` full requests (the body read to its end), after
    two warm-ups; the wall time includes the database's, the CPU time does not (and is not inflated by other
    processes waiting for the CPUs). `fresh`: the cache emptied before each request (not timed)."""
    times, cpu = [], []
    for run in range(repeat + 2):
        if fresh:
            cache.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params, headers=headers)
        assert response.status_code == 200, (url, params, response.status_code)
        b"".join(response.streaming_content) if response.streaming else response.content
        if run >= 2:
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return [statistics.median(times), statistics.median(cpu)]


def run_child(database_url: str, size: int, repeat: int, regenerate: bool, only: str | None) -> dict:
    command = [sys.executable, __file__, "--child", str(size), "--repeat", str(repeat)]
    if regenerate:
        command.append("--regenerate")
    if only:
        command += ["--only", only]
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603 (the script runs itself)
    return json.loads(result.stdout.strip().splitlines()[-1])


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(country: dict, province: dict) -> None:
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")  # noqa: S603, S607
    for figures in (province, country):
        load = ", ".join(f"{value:.2f}" for value in figures["load"])
        generated = "reused" if figures["generated_s"] is None else f"generated in {figures['generated_s']:.1f} s"
        print(f"{figures['size']} communes × {YEARS} years ({generated}; load average after: {load})")
    if "sorts" in country:
        print(f"{'sort':<12}{PROVINCE_SIZE:>8} ms{COUNTRY:>8} ms{'ratio':>8}{'CPU ' + str(COUNTRY):>12}  target")
        for sort, (large, large_cpu) in country["sorts"].items():
            small = province["sorts"][sort][0]
            ok = large <= SORT_LIMIT_MS and large <= SORT_RATIO * small
            print(f"{sort:<12}{small:>11.1f}{large:>11.1f}{large / small:>8.2f}{large_cpu:>12.1f}  {verdict(ok)}")
        for kind in ("drawn", "cached"):
            small, (large, large_cpu) = province[f"map_{kind}"][0], country[f"map_{kind}"]
            print(f"map ({kind}): {small:.1f} ms at {PROVINCE_SIZE}, {large:.1f} ms (CPU {large_cpu:.1f}) at {COUNTRY}")
    if "xlsx" in country:
        xlsx = country["xlsx"]
        print(
            f"xlsx of every row: {province['xlsx'][0]:.0f} ms at {PROVINCE_SIZE}, {xlsx[0]:.0f} ms "
            f"(CPU {xlsx[1]:.0f}) at {COUNTRY} ({verdict(xlsx[0] <= XLSX_LIMIT_MS)})"
        )
    if "commune" in country:
        commune = country["commune"]
        print(
            f"commune dashboard: {province['commune'][0]:.1f} ms at {PROVINCE_SIZE}, {commune[0]:.1f} ms "
            f"(CPU {commune[1]:.1f}) at {COUNTRY} ({verdict(commune[0] <= COMMUNE_LIMIT_MS)})"
        )
    if country["generated_s"] is not None:
        print(
            f"generation of {COUNTRY} communes × {YEARS} years: {country['generated_s']:.1f} s "
            f"({verdict(country['generated_s'] < GENERATION_LIMIT_S)})"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--country", default="ntm_bench_country")
    parser.add_argument("--province", default="ntm_bench_province")
    parser.add_argument("--only", choices=["sorts", "xlsx", "commune"], help="measure only these requests")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeat, args.regenerate, args.only)))
        return
    province = run_child(f"{args.server}/{args.province}", PROVINCE_SIZE, args.repeat, args.regenerate, args.only)
    country = run_child(f"{args.server}/{args.country}", COUNTRY, args.repeat, args.regenerate, args.only)
    report(country, province)


if __name__ == "__main__":
    main()
