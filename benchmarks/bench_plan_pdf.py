"""Benchmark: the CPU time of one plan PDF as the year zip's job makes it (`reports.bundle.plan_pdf`, one piece).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_pdf DEBUG=false \
        .venv/bin/python benchmarks/bench_plan_pdf.py [--communes 12] [--repeat 6]

Needs the seed (`seed_portal`) and demonstration communes with 2024 figures (`generate_demo_data --communes 20
--years 1`); the first `--communes` of them that have no 2024 plan get a draft one (kept, as bench_jobs.py does).
Prints the median CPU time (`time.process_time`, the machine's load aside) of Quảng Giao's 2024 plan, rendered
`--repeat` times, and of the demonstration communes' drafts, each once, after one render to warm up the stylesheet,
fonts and templates. Issue 14 asks about 0,6 s or less of CPU per plan. Figures go in docs/PERFORMANCE.md.
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

from reports.bundle import plan_pdf  # noqa: E402
from reports.models import PlanDocument  # noqa: E402
from units.models import AdministrativeUnit  # noqa: E402

YEAR = 2024


def demo_plans(count: int) -> list[PlanDocument]:
    """The draft 2024 plans of the first `count` demonstration communes, made when missing."""
    communes = AdministrativeUnit.objects.communes().filter(is_demo=True).order_by("pk")[:count]
    for commune in communes:
        PlanDocument.objects.get_or_create(
            commune=commune,
            year=YEAR,
            defaults={"issuing_body": f"ỦY BAN NHÂN DÂN\n{commune.name.upper()}", "place": commune.name},
        )
    return list(PlanDocument.objects.with_parts().filter(commune__in=communes, year=YEAR).order_by("pk"))


def cpu_of(document: PlanDocument) -> float:
    started = time.process_time()
    plan_pdf(document)
    return time.process_time() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=6)
    args = parser.parse_args()
    seed = PlanDocument.objects.with_parts().get(commune__name="Quảng Giao", commune__is_demo=False, year=YEAR)
    demo = demo_plans(args.communes)
    plan_pdf(seed)  # warm up
    for label, documents in ((f"Quảng Giao {YEAR}", [seed] * args.repeat), ("demonstration communes", demo)):
        cpu = [cpu_of(document) for document in documents]
        print(
            f"{label}: median {statistics.median(cpu):.3f} s CPU per PDF (min {min(cpu):.3f}, "
            f"max {max(cpu):.3f}, {len(cpu)} PDFs)"
        )


if __name__ == "__main__":
    main()
