"""Demonstration money: a line for each demonstration work and each source's plan per year (ops/demo.py)."""

from ops.demo import BATCH, NOTE, DemoCommune, DemoUnavailable

from .models import FundingSource, MoneyLine, Stage

SOURCES = ("ns-tinh", "ns-huyen", "ns-xa", "nd-tien")


class Demo:
    models = (MoneyLine,)

    def __init__(self, years: range):
        self.sources = {source.code: source for source in FundingSource.objects.filter(code__in=SOURCES)}
        if len(self.sources) < len(SOURCES):
            raise DemoUnavailable("Chưa có danh mục nguồn vốn: chạy `manage.py seed_portal` trước.")

    def add(self, commune: DemoCommune) -> dict[str, int]:
        rng, unit = commune.rng, commune.unit
        lines = [
            MoneyLine(
                commune=unit,
                year=work.planned_start_year,
                source=self.sources[rng.choice(SOURCES[:3])],
                amount=work.total_investment * rng.randint(6, 10) // 10,
                work=work,
                note=NOTE,
            )
            for work in commune.made.get("works", [])
        ]
        for year in commune.years:
            for code in SOURCES:
                planned = rng.randint(5, 60) * 10**8
                source = self.sources[code]
                lines.append(
                    MoneyLine(commune=unit, year=year, source=source, amount=planned, stage=Stage.PLANNED, note=NOTE)
                )
                if code == "nd-tien":
                    mobilised = planned * rng.randint(5, 11) // 10
                    lines.append(MoneyLine(commune=unit, year=year, source=source, amount=mobilised, note=NOTE))
        MoneyLine.objects.bulk_create(lines, batch_size=BATCH)
        return {"lines": len(lines)}


def delete(unit_ids: list[int]):
    MoneyLine.objects.filter(commune__in=unit_ids).delete()
