"""Benchmark: render the Quảng Giao plan PDF, and a zip of 30 communes' PDFs for the coordination office.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_reports_dev DEBUG=true \
        .venv/bin/python benchmarks/bench_pdf.py [--repeat 5] [--communes 30]

Needs the seed loaded (`manage.py seed_portal`). The extra communes are throwaway copies of Quảng Giao's
document, tasks, money lines and self-assessments, created inside one transaction that is rolled back at
the end, so nothing stays in the database. Times include building the dataset (queries) and WeasyPrint.
Wall and CPU time are both printed: on a shared machine the wall time follows the load.
Targets (issue 7): one PDF under 2 s, the 30-commune zip under 60 s. Figures go in docs/PERFORMANCE.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from criteria.models import Assessment  # noqa: E402
from funding.models import MoneyLine  # noqa: E402
from ops.services import unit_create  # noqa: E402
from projects.models import QuarterlyTask  # noqa: E402
from reports.bundle import default_workers, year_zip_bytes  # noqa: E402
from reports.models import NarrativeSection, PlanDocument, Recipient  # noqa: E402
from reports.plan_files import render_pdf  # noqa: E402
from units.models import Level  # noqa: E402


class Rollback(Exception):
    pass


def copy_commune(source: PlanDocument, index: int) -> PlanDocument:
    """A demonstration commune with the same document, tasks, money and assessments as the source's."""
    original = source.commune
    commune = unit_create(
        level=Level.COMMUNE, name=f"Xã minh họa {index:03d}", parent=original.parent, region="BTB", is_demo=True
    )
    document = PlanDocument.objects.get(pk=source.pk)
    document.pk, document.commune = None, commune
    document.issuing_body = f"ỦY BAN NHÂN DÂN\nXÃ MINH HỌA {index:03d}"
    document.save()
    NarrativeSection.objects.bulk_create(
        NarrativeSection(document=document, key=s.key, text=s.text) for s in source.sections.all()
    )
    Recipient.objects.bulk_create(
        Recipient(document=document, position=r.position, text=r.text) for r in source.recipients.all()
    )
    for task in QuarterlyTask.objects.filter(commune=original, year=source.year):
        task.pk, task.commune, task.work = None, commune, None
        task.save()
    for line in MoneyLine.objects.filter(commune=original, year=source.evaluated_year, work__isnull=True):
        line.pk, line.commune = None, commune
        line.save()
    for assessment in Assessment.objects.filter(unit=original, year=source.evaluated_year):
        values = list(assessment.values.all())
        assessment.pk, assessment.unit = None, commune
        assessment.save()
        for value in values:
            value.pk, value.assessment = None, assessment
            value.save()
    return document


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--communes", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=sorted({1, 2, default_workers()}))
    args = parser.parse_args()
    source = PlanDocument.objects.get(commune__name="Quảng Giao", year=2024)

    render_pdf(PlanDocument.objects.with_parts().get(pk=source.pk))  # warm up fonts and templates
    times, cpu = [], []
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        pdf = render_pdf(PlanDocument.objects.with_parts().get(pk=source.pk))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    print(
        f"Quảng Giao PDF: median {statistics.median(times):.2f} s, max {max(times):.2f} s over {args.repeat} "
        f"renders (CPU {statistics.median(cpu):.2f} s; {len(pdf):,} bytes)"
    )

    try:
        with transaction.atomic():
            for index in range(1, args.communes):
                copy_commune(source, index)
            documents = PlanDocument.objects.filter(commune__parent=source.commune.parent, year=2024).with_parts()
            count = documents.count()
            for workers in args.workers:
                started, cpu_started = time.perf_counter(), time.process_time()
                data = year_zip_bytes(documents, workers=workers)
                elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu_started
                print(
                    f"Zip of {count} communes' PDFs, {workers} worker(s): {elapsed:.1f} s ({len(data):,} bytes, "
                    f"{elapsed / count:.2f} s per commune; CPU of this process {cpu_elapsed:.1f} s)"
                )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
