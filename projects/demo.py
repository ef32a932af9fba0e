"""Demonstration works with their progress and quarterly tasks (ops/demo.py); funding pays for the works."""

import datetime
from decimal import Decimal

from core.periods import quarter_end
from ops.bulk import Ids, copy_rows
from ops.demo import NOTE, DemoCommune

from .models import Category, ProgressUpdate, QuarterlyTask, TaskStatus, Work, WorkStatus, search_key_of

WORK = [
    "id",
    "commune_id",
    "code",
    "name",
    "category",
    "total_investment",
    "planned_start_year",
    "planned_start_quarter",
    "planned_end_year",
    "planned_end_quarter",
    "status",
    "place",
    "search_key",
]
UPDATE = ["work_id", "date", "physical_percent", "disbursed_cumulative", "note"]
TASK = ["commune_id", "year", "quarter", "position", "text", "amount", "work_id", "status", "due_date"]


class Demo:
    models = (Work, ProgressUpdate, QuarterlyTask)

    def __init__(self, years: range):
        self.years = years
        self.ids = Ids(Work)
        self.works: list[dict] = []
        self.updates: list[tuple] = []
        self.tasks: list[tuple] = []

    def add(self, commune: DemoCommune) -> dict[str, int]:
        works = self._works(commune)
        updates = [update for work in works for update in self._updates(commune, work)]
        tasks = [self._task(commune, work, position) for position, work in enumerate(works, start=1)]
        self.works += works
        self.updates += updates
        self.tasks += tasks
        commune.made["works"] = works
        return {"works": len(works), "updates": len(updates), "tasks": len(tasks)}

    def write(self) -> None:
        copy_rows(Work, WORK, ([work[name] for name in WORK] for work in self.works))
        copy_rows(ProgressUpdate, UPDATE, self.updates)
        copy_rows(QuarterlyTask, TASK, self.tasks)
        self.works, self.updates, self.tasks = [], [], []

    def _works(self, commune: DemoCommune) -> list[dict]:
        """The works of the commune as dictionaries of Work's fields (`WORK`)."""
        rng, works = commune.rng, []
        for year in commune.years:
            for number in range(1, commune.works_per_year + 1):
                status = rng.choice(
                    [WorkStatus.COMPLETED, WorkStatus.HANDED_OVER, WorkStatus.UNDER_CONSTRUCTION, WorkStatus.PLANNED]
                )
                code, name, place = f"MH-{year}-{number:02d}", f"Công trình minh họa {year}-{number:02d}", NOTE[:300]
                works.append(
                    {
                        "id": self.ids.take(),
                        "commune_id": commune.unit.pk,
                        "code": code,
                        "name": name,
                        "category": rng.choice(Category.values),
                        "total_investment": rng.randint(2, 80) * 10**8,
                        "planned_start_year": year,
                        "planned_start_quarter": rng.randint(1, 2),
                        "planned_end_year": year + (1 if rng.random() < 0.3 else 0),
                        "planned_end_quarter": rng.randint(3, 4),
                        "status": status,
                        "place": place,
                        "search_key": search_key_of(code, name, place),  # as Work.refresh_search_key
                    }
                )
        return works

    def _updates(self, commune: DemoCommune, work: dict):
        done = work["status"] in (WorkStatus.COMPLETED, WorkStatus.HANDED_OVER)
        for step, month in enumerate((3, 6, 9), start=1):
            shown = Decimal(100) if done and step == 3 else Decimal(commune.rng.randint(10, 30) * step)
            yield (
                work["id"],
                datetime.date(work["planned_start_year"], month, 15),
                min(shown, Decimal(100)),
                work["total_investment"] * step // 4,
                NOTE,
            )

    def _task(self, commune: DemoCommune, work: dict, position: int) -> tuple:
        year, quarter = work["planned_end_year"], work["planned_end_quarter"]
        return (
            commune.unit.pk,
            year,
            quarter,
            position,
            f"Hoàn thành {work['name'].lower()} (minh họa)",
            work["total_investment"],
            work["id"],
            commune.rng.choice(TaskStatus.values),
            quarter_end(year, quarter),
        )


def delete(unit_ids: list[int]):
    QuarterlyTask.objects.filter(commune__in=unit_ids).delete()
    Work.objects.filter(commune__in=unit_ids).delete()
