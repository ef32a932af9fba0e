"""Demonstration works with their progress and quarterly tasks (ops/demo.py); funding pays for the works."""

import datetime
from decimal import Decimal

from core.periods import quarter_end
from ops.demo import BATCH, NOTE, DemoCommune

from .models import Category, ProgressUpdate, QuarterlyTask, TaskStatus, Work, WorkStatus


class Demo:
    models = (Work, ProgressUpdate, QuarterlyTask)

    def __init__(self, years: range):
        self.years = years

    def add(self, commune: DemoCommune) -> dict[str, int]:
        works = self._works(commune)
        Work.objects.bulk_create(works, batch_size=BATCH)
        updates = [update for work in works for update in self._updates(commune, work)]
        tasks = [self._task(commune, work, position) for position, work in enumerate(works, start=1)]
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
        QuarterlyTask.objects.bulk_create(tasks, batch_size=BATCH)
        commune.made["works"] = works
        return {"works": len(works), "updates": len(updates), "tasks": len(tasks)}

    def _works(self, commune: DemoCommune) -> list[Work]:
        rng, works = commune.rng, []
        for year in commune.years:
            for number in range(1, commune.works_per_year + 1):
                status = rng.choice(
                    [WorkStatus.COMPLETED, WorkStatus.HANDED_OVER, WorkStatus.UNDER_CONSTRUCTION, WorkStatus.PLANNED]
                )
                work = Work(
                    commune=commune.unit,
                    code=f"MH-{year}-{number:02d}",
                    name=f"Công trình minh họa {year}-{number:02d}",
                    category=rng.choice(Category.values),
                    total_investment=rng.randint(2, 80) * 10**8,
                    planned_start_year=year,
                    planned_start_quarter=rng.randint(1, 2),
                    planned_end_year=year + (1 if rng.random() < 0.3 else 0),
                    planned_end_quarter=rng.randint(3, 4),
                    status=status,
                    place=NOTE[:300],
                )
                work.refresh_search_key()
                works.append(work)
        return works

    def _updates(self, commune: DemoCommune, work: Work):
        done = work.status in (WorkStatus.COMPLETED, WorkStatus.HANDED_OVER)
        for step, month in enumerate((3, 6, 9), start=1):
            shown = Decimal(100) if done and step == 3 else Decimal(commune.rng.randint(10, 30) * step)
            yield ProgressUpdate(
                work=work,
                date=datetime.date(work.planned_start_year, month, 15),
                physical_percent=min(shown, Decimal(100)),
                disbursed_cumulative=work.total_investment * step // 4,
                note=NOTE,
            )

    def _task(self, commune: DemoCommune, work: Work, position: int) -> QuarterlyTask:
        return QuarterlyTask(
            commune=commune.unit,
            year=work.planned_end_year,
            quarter=work.planned_end_quarter,
            position=position,
            text=f"Hoàn thành {work.name.lower()} (minh họa)",
            amount=work.total_investment,
            work=work,
            status=commune.rng.choice(TaskStatus.values),
            due_date=quarter_end(work.planned_end_year, work.planned_end_quarter),
        )


def delete(unit_ids: list[int]):
    QuarterlyTask.objects.filter(commune__in=unit_ids).delete()
    Work.objects.filter(commune__in=unit_ids).delete()
