"""Demonstration data at scale, plainly marked as such, for the dashboards' benchmark and for trying the portal.

Everything it creates hangs under one province "Tỉnh minh họa (dữ liệu minh họa)": every unit has
`is_demo=True` and a name like "Xã minh họa 001", every work, task and money line says "minh họa", and
the pages show a "dữ liệu minh họa" badge. It never touches a unit that is not a demonstration unit:
`--replace` deletes only what hangs under `is_demo` units. Units are created through
`ops.services.unit_create` (audited, so the area dashboard's "last update" shows the generation); the
other rows go in with bulk_create, since auditing each invented figure would only slow it down.
"""

import datetime
import random
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from audit.models import AuditEntry
from criteria.evaluation import target_for
from criteria.models import (
    Assessment,
    Comparator,
    CriteriaSet,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    OcopProduct,
)
from funding.models import FundingSource, MoneyLine, Stage
from ops.services import unit_create
from projects.models import (
    Category,
    ProgressUpdate,
    QuarterlyTask,
    TaskStatus,
    Work,
    WorkStatus,
    quarter_end,
    search_key_of,
)
from reports.models import IssuedDocument, PlanDocument
from units.models import AdministrativeUnit, Level, Membership

PROVINCE = "Tỉnh minh họa (dữ liệu minh họa)"
DISTRICT = "Huyện minh họa"
NOTE = "Dữ liệu minh họa do máy sinh ra (generate_demo_data), không phải số liệu thật."
SETS = {"commune": ("QD32-2022-TH", "QD33-2022-TH"), "village": ("TH-THON-KM",)}
SOURCES = ("ns-tinh", "ns-huyen", "ns-xa", "nd-tien")
BATCH = 5000


class Command(BaseCommand):
    help = "Sinh dữ liệu minh họa (đánh dấu rõ là minh họa) cho N xã trong K năm, để thử và đo tốc độ bảng điều khiển."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=30, help="Số xã minh họa (mặc định 30).")
        parser.add_argument("--years", type=int, default=3, help="Số năm có số liệu (mặc định 3).")
        parser.add_argument("--last-year", type=int, default=2024, help="Năm cuối có số liệu (mặc định 2024).")
        parser.add_argument("--villages", type=int, default=4, help="Số thôn mỗi xã (mặc định 4).")
        parser.add_argument("--works", type=int, default=8, help="Số công trình mỗi xã mỗi năm (mặc định 8).")
        parser.add_argument("--seed", type=int, default=2024, help="Hạt giống ngẫu nhiên (cùng hạt → cùng số liệu).")
        parser.add_argument("--replace", action="store_true", help="Xóa dữ liệu minh họa cũ trước khi sinh.")

    @transaction.atomic
    def handle(self, *args, communes, years, last_year, villages, works, seed, replace, **options):
        if communes < 1 or years < 1 or not 2000 < last_year - years + 1 <= last_year <= 2100:
            raise CommandError("Số xã, số năm phải dương và các năm phải nằm trong 2001–2100.")
        sets = {code: CriteriaSet.objects.filter(code=code).first() for codes in SETS.values() for code in codes}
        sources = {source.code: source for source in FundingSource.objects.filter(code__in=SOURCES)}
        if None in sets.values() or len(sources) < len(SOURCES):
            raise CommandError("Chưa có bộ tiêu chí hoặc danh mục nguồn vốn: chạy `manage.py seed_portal` trước.")
        if AdministrativeUnit.objects.filter(is_demo=True).exists():
            if not replace:
                raise CommandError("Đã có dữ liệu minh họa. Dùng --replace để xóa và sinh lại.")
            deleted = delete_demo_data()
            self.stdout.write(f"Đã xóa {deleted} đơn vị minh họa cùng số liệu của chúng.")
        # bandit B311 answered: invented demonstration figures, reproducible from --seed; nothing secret.
        rng = random.Random(seed)  # nosec B311
        generator = Generator(rng, sets, sources, range(last_year - years + 1, last_year + 1))
        generator.run(communes=communes, villages=villages, works=works)
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load, as autovacuum would gather them a little later.
            with connection.cursor() as cursor:
                for model in (Assessment, IndicatorValue, Work, ProgressUpdate, MoneyLine, QuarterlyTask):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
                cursor.execute(f"ANALYZE {connection.ops.quote_name(AdministrativeUnit._meta.db_table)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sinh dữ liệu minh họa: {communes} xã × {years} năm ({generator.counts_text()}), "
                f"thuộc “{PROVINCE}”."
            )
        )


def delete_demo_data() -> int:
    """Delete every row that hangs under a demonstration unit, then the units (children first)."""
    units = AdministrativeUnit.objects.filter(is_demo=True)
    ids = list(units.values_list("pk", flat=True))
    AuditEntry.objects.filter(commune__in=ids).delete()
    IssuedDocument.objects.filter(document__commune__in=ids).delete()
    PlanDocument.objects.filter(commune__in=ids).delete()
    MoneyLine.objects.filter(commune__in=ids).delete()
    QuarterlyTask.objects.filter(commune__in=ids).delete()
    Work.objects.filter(commune__in=ids).delete()
    Assessment.objects.filter(unit__in=ids).delete()
    OcopProduct.objects.filter(commune__in=ids).delete()
    Membership.objects.filter(unit__in=ids).delete()
    for unit in sorted(units, key=lambda unit: len(unit.path), reverse=True):
        unit.delete()
    return len(ids)


class Generator:
    def __init__(self, rng: random.Random, sets: dict, sources: dict, years: range):
        self.rng, self.sets, self.sources, self.years = rng, sets, sources, years
        self.indicators = {
            code: list(Indicator.objects.filter(criterion__criteria_set=criteria_set).prefetch_related("year_targets"))
            for code, criteria_set in sets.items()
        }
        self.counts = {"assessments": 0, "values": 0, "works": 0, "updates": 0, "tasks": 0, "lines": 0}

    def counts_text(self) -> str:
        return ", ".join(f"{name}: {count}" for name, count in self.counts.items())

    def run(self, *, communes: int, villages: int, works: int):
        province = unit_create(level=Level.PROVINCE, name=PROVINCE, is_demo=True)
        district = unit_create(level=Level.DISTRICT, name=DISTRICT, parent=province, is_demo=True)
        for number in range(1, communes + 1):
            commune = unit_create(level=Level.COMMUNE, name=f"Xã minh họa {number:03d}", parent=district, is_demo=True)
            children = [
                unit_create(level=Level.VILLAGE, name=f"Thôn minh họa {index}", parent=commune, is_demo=True)
                for index in range(1, villages + 1)
            ]
            self.commune(commune, children, works)

    def commune(self, commune, villages, works_per_year: int):
        strength = self.rng.uniform(0.75, 1.1)  # how close this commune is to its targets
        assessments = [
            Assessment(unit=commune, year=year, criteria_set=self.sets[code], note=NOTE)
            for year in self.years
            for code in SETS["commune"]
        ] + [
            Assessment(unit=village, year=year, criteria_set=self.sets[code], note=NOTE)
            for year in self.years[-1:]
            for village in villages
            for code in SETS["village"]
        ]
        Assessment.objects.bulk_create(assessments, batch_size=BATCH)
        values = [
            value
            for assessment in assessments
            for value in self.values(assessment, strength + 0.03 * (assessment.year - self.years[0]))
        ]
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
        self.counts["assessments"] += len(assessments)
        self.counts["values"] += len(values)
        self.money_and_works(commune, works_per_year)

    def values(self, assessment, strength: float):
        for indicator in self.indicators[assessment.criteria_set.code]:
            value = IndicatorValue(assessment=assessment, indicator=indicator, source=NOTE)
            if indicator.unit == IndicatorUnit.TEXT or self.rng.random() < 0.05:
                continue  # a few indicators stay without data, as in real self-assessments
            if indicator.comparator == Comparator.YES:
                value.value_bool = self.rng.random() < 0.55 + 0.4 * (strength - 0.75) / 0.35
            else:
                target = target_for(indicator, assessment.year).value
                base = Decimal(target) if target is not None else Decimal(self.rng.randint(20, 90))
                factor = Decimal(str(round(self.rng.uniform(0.8, 1.05) * strength, 3)))
                if indicator.comparator == Comparator.LTE:
                    factor = 2 - factor
                figure = (base * factor).quantize(Decimal("0.01"))
                if indicator.unit == IndicatorUnit.PERCENT:
                    figure = min(figure, Decimal(100))
                value.value_number = max(figure, Decimal(0))
            yield value

    def money_and_works(self, commune, works_per_year: int):
        rng = self.rng
        works, lines, tasks = [], [], []
        for year in self.years:
            for number in range(1, works_per_year + 1):
                end_year = year + (1 if rng.random() < 0.3 else 0)
                status = rng.choice(
                    [WorkStatus.COMPLETED, WorkStatus.HANDED_OVER, WorkStatus.UNDER_CONSTRUCTION, WorkStatus.PLANNED]
                )
                works.append(
                    Work(
                        commune=commune,
                        code=f"MH-{year}-{number:02d}",
                        name=f"Công trình minh họa {year}-{number:02d}",
                        category=rng.choice(Category.values),
                        total_investment=rng.randint(2, 80) * 10**8,
                        planned_start_year=year,
                        planned_start_quarter=rng.randint(1, 2),
                        planned_end_year=end_year,
                        planned_end_quarter=rng.randint(3, 4),
                        status=status,
                        place=NOTE[:300],
                    )
                )
        for work in works:
            work.search_key = search_key_of(work.code, work.name, work.place)  # as projects.services keeps it
        Work.objects.bulk_create(works, batch_size=BATCH)
        updates = []
        for work in works:
            percent = Decimal(100) if work.status in (WorkStatus.COMPLETED, WorkStatus.HANDED_OVER) else None
            for step, month in enumerate((3, 6, 9), start=1):
                shown = percent if percent is not None and step == 3 else Decimal(rng.randint(10, 30) * step)
                updates.append(
                    ProgressUpdate(
                        work=work,
                        date=datetime.date(work.planned_start_year, month, 15),
                        physical_percent=min(shown, Decimal(100)),
                        disbursed_cumulative=work.total_investment * step // 4,
                        note=NOTE,
                    )
                )
            lines.append(
                MoneyLine(
                    commune=commune,
                    year=work.planned_start_year,
                    source=self.sources[rng.choice(SOURCES[:3])],
                    amount=work.total_investment * rng.randint(6, 10) // 10,
                    work=work,
                    note=NOTE,
                )
            )
            tasks.append(
                QuarterlyTask(
                    commune=commune,
                    year=work.planned_end_year,
                    quarter=work.planned_end_quarter,
                    position=len(tasks) + 1,
                    text=f"Hoàn thành {work.name.lower()} (minh họa)",
                    amount=work.total_investment,
                    work=work,
                    status=rng.choice(TaskStatus.values),
                    due_date=quarter_end(work.planned_end_year, work.planned_end_quarter),
                )
            )
        for year in self.years:
            for code in SOURCES:
                planned = rng.randint(5, 60) * 10**8
                lines.append(MoneyLine(commune=commune, year=year, source=self.sources[code], amount=planned,
                                       stage=Stage.PLANNED, note=NOTE))  # fmt: skip
                if code == "nd-tien":
                    lines.append(MoneyLine(commune=commune, year=year, source=self.sources[code],
                                           amount=planned * rng.randint(5, 11) // 10, note=NOTE))  # fmt: skip
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
        MoneyLine.objects.bulk_create(lines, batch_size=BATCH)
        QuarterlyTask.objects.bulk_create(tasks, batch_size=BATCH)
        self.counts["works"] += len(works)
        self.counts["updates"] += len(updates)
        self.counts["lines"] += len(lines)
        self.counts["tasks"] += len(tasks)
