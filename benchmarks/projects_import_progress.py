"""Benchmark: import 5,000 progress rows from an xlsx file, the way an official's upload is imported.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_projects_dev DEBUG=true \
        .venv/bin/python benchmarks/projects_import_progress.py [--rows 5000] [--works 100]

Everything happens inside one transaction that is rolled back at the end: a throwaway commune, its works,
the generated spreadsheet's rows and their audit entries leave no trace. It times the dry run (the preview)
and the real import (services, rules and audit for every row) separately. Not a test: the figure goes in
docs/PERFORMANCE.md.
"""

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from core.excel import read_xlsx  # noqa: E402
from ops.services import membership_assign, unit_create  # noqa: E402
from projects.resources import ProgressResource, run_import  # noqa: E402
from projects.services import work_create  # noqa: E402
from units.models import Level, Role  # noqa: E402


class Rollback(Exception):
    pass


def build_xlsx(codes: list[str], rows: int, commune_name: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ProgressResource().headers())
    per_work = rows // len(codes)
    start = datetime.date(2020, 1, 1)
    for index in range(per_work):
        day = (start + datetime.timedelta(days=index)).strftime("%d/%m/%Y")
        percent = round(100 * (index + 1) / per_work, 2)
        for code in codes:
            sheet.append([code, commune_name, day, percent, f"{(index + 1) * 1_000_000}", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--works", type=int, default=100)
    args = parser.parse_args()
    try:
        with transaction.atomic():
            province = unit_create(level=Level.PROVINCE, name="Tỉnh đo hiệu năng (tạm)")
            commune = unit_create(level=Level.COMMUNE, name="Xã đo hiệu năng", parent=province)
            user = get_user_model().objects.create_user(username="benchmark.import", password=None)
            membership_assign(user=user, unit=commune, role=Role.OFFICIAL)
            codes = []
            for number in range(args.works):
                work = work_create(
                    user=user,
                    commune=commune,
                    code=f"BM-{number:04d}",
                    name=f"Công trình đo {number}",
                    total_investment=10**12,
                    planned_start_year=2020,
                )
                codes.append(work.code)
            content = build_xlsx(codes, args.rows, commune.name)

            started = time.perf_counter()
            dataset = read_xlsx(io.BytesIO(content))
            read_seconds = time.perf_counter() - started

            started = time.perf_counter()
            preview = run_import(kind="progress", dataset=dataset, commune=commune, user=user, dry_run=True)
            preview_seconds = time.perf_counter() - started

            started = time.perf_counter()
            outcome = run_import(kind="progress", dataset=dataset, commune=commune, user=user, dry_run=False)
            import_seconds = time.perf_counter() - started

            assert preview.ok and outcome.ok, [row.errors for row in outcome.rows if row.errors][:3]
            from projects.models import ProgressUpdate

            saved = ProgressUpdate.objects.filter(work__commune=commune).count()
            print(f"rows: {len(dataset)} ({args.works} works), saved: {saved}")
            print(f"read xlsx:      {read_seconds:6.2f} s")
            print(f"preview (dry):  {preview_seconds:6.2f} s")
            print(f"import (real):  {import_seconds:6.2f} s")
            print(f"read + import:  {read_seconds + import_seconds:6.2f} s")
            raise Rollback
    except Rollback:
        print("rolled back: the database is as before")


if __name__ == "__main__":
    main()
