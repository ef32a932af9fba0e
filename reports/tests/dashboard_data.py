"""Small data builders for the dashboard tests (plain rows, no business logic).

Rows written here bypass the services, so nothing tells the area summary (docs/adr/0066): `fill_commune` refreshes
the commune's rows at the end, as the seed and the demonstration data do."""

import datetime
import random
from decimal import Decimal

from criteria.models import Assessment
from criteria.tests.builders import random_values
from funding.models import FundingSource, MoneyLine, SourceKind, Stage
from ops.services import unit_create
from projects.models import ProgressUpdate, QuarterlyTask, Work, WorkStatus
from reports.summary import summary_refresh
from units.models import Level


def add_commune(parent, name, *, villages=0):
    commune = unit_create(level=Level.COMMUNE, name=name, parent=parent)
    for number in range(1, villages + 1):
        unit_create(level=Level.VILLAGE, name=f"Thôn {number}", parent=commune)
    return commune


def source(code="ns-xa", name="Ngân sách xã"):
    found, _created = FundingSource.objects.get_or_create(
        code=code, defaults={"name": name, "kind": SourceKind.BUDGET, "sort_order": 40}
    )
    return found


def fill_commune(commune, *, works=3, years=(2023, 2024), criteria_sets=(), rng=None):
    """Works with progress, tasks, money lines and assessments: `works` of each per year."""
    rng = rng or random.Random(commune.pk)
    budget, people = source(), source("nd-tien", "Nhân dân đóng góp bằng tiền")
    for year in years:
        for number in range(works):
            work = Work.objects.create(
                commune=commune,
                code=f"W{year}-{number}",
                name=f"Công trình {year}-{number}",
                planned_start_year=year,
                planned_end_year=year,
                planned_end_quarter=rng.randint(1, 4),
                status=rng.choice(WorkStatus.values),
                total_investment=rng.randint(1, 9) * 10**8,
            )
            for month in (3, 6, 9):
                ProgressUpdate.objects.create(
                    work=work, date=datetime.date(year, month, 1), physical_percent=Decimal(month * 10)
                )
            MoneyLine.objects.create(commune=commune, year=year, source=budget, amount=work.total_investment, work=work)
            QuarterlyTask.objects.create(
                commune=commune, year=year, quarter=number % 4 + 1, text=f"Nhiệm vụ {number}", work=work
            )
        MoneyLine.objects.create(commune=commune, year=year, source=people, amount=10**8, stage=Stage.PLANNED)
        MoneyLine.objects.create(commune=commune, year=year, source=people, amount=5 * 10**7)
        for criteria_set in criteria_sets:
            units = [commune] if criteria_set.scope == "commune" else list(commune.children.all())
            for unit in units:
                assessment = Assessment.objects.create(unit=unit, year=year, criteria_set=criteria_set)
                random_values(assessment, rng)
    summary_refresh([commune.pk], years)
