"""Seed: Quảng Giao's works (the 2023 list and the works first named in 2024) and the 2024 quarterly tasks.

Idempotent: rows are found by natural key (commune + work code; commune + year + quarter + position) and
created only when missing, so a second run changes nothing and never overwrites an official's correction.
One exception: a task whose text is still an earlier seed's (`replaces` in the fixture, the amount written in
the text) gets the current text, without the amount.
"""

from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from core.money import Money, parse_money
from criteria.models import Criterion
from units.models import AdministrativeUnit, Level

from .models import CRITERIA_SETS, QuarterlyTask, Work
from .services import task_create, task_update, work_create

PROJECTS_FILE = Path(settings.BASE_DIR) / "fixtures" / "projects.yaml"


@cache
def _data() -> dict:
    return yaml.safe_load(PROJECTS_FILE.read_text(encoding="utf-8"))


def investment_2023() -> dict[str, Money]:
    """The 2023 public investment per work code, as the seed states it ("2,98 tỷ đồng" → 2.980.000.000).

    For the funding app's 2023 money lines: `Work.total_investment` holds the best known total, which for
    five works is the exact 2024 figure, so it is not the 2023 amount.
    """
    return {
        item["code"]: parse_money(item["investment_2023"]) for item in _data()["works"] if "investment_2023" in item
    }


def load(*, demo_accounts: bool, stdout=None):
    data = _data()
    commune = AdministrativeUnit.objects.get(level=Level.COMMUNE, name=data["commune"])
    works = {item["code"]: _load_work(commune, item) for item in data["works"]}
    created_tasks = 0
    positions: dict[tuple[int, int], int] = {}
    for item in data["tasks"]:
        key = (item["year"], item["quarter"])
        positions[key] = positions.get(key, 0) + 1
        created_tasks += _load_task(commune, item, positions[key], works)
    if stdout:
        stdout.write(
            f"Công trình: {len(works)} công trình; nhiệm vụ theo quý: {len(data['tasks'])} ({created_tasks} mới)."
        )


def _load_work(commune, item: dict) -> Work:
    work = Work.objects.filter(commune=commune, code=item["code"]).first()
    if work is None:
        money = parse_money(item["total_investment"]) if item.get("total_investment") else None
        village = commune.children.get(name=item["village"]) if item.get("village") else None
        work = work_create(
            user=None,
            commune=commune,
            code=item["code"],
            name=item["name"],
            village=village,
            category=item["category"],
            total_investment=money.amount if money else None,
            total_investment_qualifier=money.qualifier if money else "",
            planned_start_year=item["planned_start"][0],
            planned_start_quarter=item["planned_start"][1],
            planned_end_year=item["planned_end"][0],
            planned_end_quarter=item["planned_end"][1],
            status=item["status"],
            place=item.get("place", ""),
        )
    # Criteria sets may be loaded after the works (or corrected later): link by number when none is linked.
    if item.get("criteria") and not work.criteria.exists():
        work.criteria.set(Criterion.objects.filter(number__in=item["criteria"], **CRITERIA_SETS))
    return work


def _load_task(commune, item: dict, position: int, works: dict[str, Work]) -> int:
    year, quarter = item["year"], item["quarter"]
    existing = QuarterlyTask.objects.filter(commune=commune, year=year, quarter=quarter, position=position).first()
    if existing is not None:
        # Earlier seeds kept the amount inside the text; a task still holding that text is rewritten.
        if item.get("replaces") and existing.text == item["replaces"]:
            task_update(
                user=None,
                task=existing,
                expected_version=existing.version,
                text=item["text"],
                done_date=existing.done_date,  # a done task keeps "no done date" rather than today's
            )
        return 0
    money = parse_money(item["amount"]) if item.get("amount") else None
    task_create(
        user=None,
        commune=commune,
        year=year,
        quarter=quarter,
        text=item["text"],
        amount=money.amount if money else None,
        amount_qualifier=money.qualifier if money else "",
        work=works[item["work"]] if item.get("work") else None,
        status=item.get("status", "planned"),
        responsible=item.get("responsible", ""),
    )
    return 1
