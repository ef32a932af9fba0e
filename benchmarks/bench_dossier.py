"""Benchmark: build the recognition dossier's zip (index PDF, request letter, results report, uploads).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_view DEBUG=true \
        .venv/bin/python benchmarks/bench_dossier.py [--commune "Quảng Giao"] [--year 2024] \
        [--level xa_ntm_nang_cao] [--repeat 5]

Needs the seed loaded (`manage.py seed_portal`). Each run reads the dossier's state (queries) and lays out
its three PDFs with WeasyPrint, as the page's download and `manage.py export_dossier` do. Wall and CPU time
are both printed: on a shared machine the wall time follows the load. Figures go in docs/PERFORMANCE.md.
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

from dossiers.package import dossier_zip  # noqa: E402
from dossiers.reading import dossier_state  # noqa: E402
from units.models import AdministrativeUnit  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commune", default="Quảng Giao")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--level", default="xa_ntm_nang_cao")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    commune = AdministrativeUnit.objects.communes().filter(name=args.commune).in_year(args.year).get()
    walls, cpus, size = [], [], 0
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        size = len(dossier_zip(dossier_state(commune, args.year, args.level)))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"dossier zip of {commune.full_name} {args.year} {args.level}: {size:,} bytes")
    print(f"median of {args.repeat}: wall {statistics.median(walls):.2f} s, CPU {statistics.median(cpus):.2f} s")
    print(f"first run: wall {walls[0]:.2f} s (the print stylesheet and fonts are parsed once per process)")
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
