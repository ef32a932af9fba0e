"""Demonstration money: a line for each demonstration work and each source's plan per year (ops/demo.py)."""

from ops.bulk import copy_rows
from ops.demo import NOTE, DemoCommune, DemoUnavailable

from .models import FundingSource, MoneyLine, Stage

SOURCES = ("ns-tinh", "ns-huyen", "ns-xa", "nd-tien")


class Demo:
    models = (MoneyLine,)

    def __init__(self, years: range):
        self.sources = {source.code: source for source in FundingSource.objects.filter(code__in=SOURCES)}
        if len(self.sources) < len(SOURCES):
            raise DemoUnavailable("Chưa có danh mục nguồn vốn: chạy `manage.py seed_portal` trước.")
        self.lines: list[tuple] = []

    def add(self, commune: DemoCommune) -> dict[str, int]:
        rng, unit_id = commune.rng, commune.unit.pk
        lines = [
            (
                unit_id,
                work["planned_start_year"],
                self.sources[rng.choice(SOURCES[:3])].pk,
                work["total_investment"] * rng.randint(6, 10) // 10,
                Stage.MOBILISED,
                work["id"],
                NOTE,
            )
            for work in commune.made.get("works", [])
        ]
        for year in commune.years:
            for code in SOURCES:
                planned = rng.randint(5, 60) * 10**8
                source = self.sources[code]
                lines.append((unit_id, year, source.pk, planned, Stage.PLANNED, None, NOTE))
                if code == "nd-tien":
                    mobilised = planned * rng.randint(5, 11) // 10
                    lines.append((unit_id, year, source.pk, mobilised, Stage.MOBILISED, None, NOTE))
        self.lines += lines
        return {"lines": len(lines)}

    def write(self) -> None:
        copy_rows(MoneyLine, ["commune_id", "year", "source_id", "amount", "stage", "work_id", "note"], self.lines)
        self.lines = []


def delete(unit_ids: list[int]):
    MoneyLine.objects.filter(commune__in=unit_ids).delete()
