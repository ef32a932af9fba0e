"""Seed: the source catalogue and Quảng Giao's 2023 money, as the seed document states them.

Runs after the projects seed (INSTALLED_APPS order) because the 2023 lines point at its works.
Idempotent: sources by code, lines by (commune, year, source, stage, work). The 2023 amounts per
work come from the projects seed (`projects.seed.investment_2023()`), so the seed's figures live in one place.
"""

from pathlib import Path

import yaml
from django.conf import settings

from core.money import Money
from core.signals import records_changed
from projects.models import Work
from projects.seed import investment_2023
from units.models import AdministrativeUnit

from .models import FundingSource, MoneyLine

FUNDING_FILE = Path(settings.BASE_DIR) / "fixtures" / "funding.yaml"


def load(*, demo_accounts: bool, stdout=None):
    data = yaml.safe_load(FUNDING_FILE.read_text(encoding="utf-8"))
    sources = {item["code"]: _load_source(item) for item in data["sources"]}
    commune = _find_commune(data["commune"])
    for item in data["lines"]:
        _load_line(commune, sources[item["source"]], item, work=None, money=Money(item["amount"]))
    spec = data["works_2023"]
    works = {work.code: work for work in Work.objects.filter(commune=commune)}
    for code, money in investment_2023().items():
        _load_line(commune, sources[spec["source"]], spec, work=works[code], money=money)
    # The lines are the seed's own rows, not written through the services: the area summary is told here.
    records_changed.notify(units=[commune], years={item["year"] for item in [*data["lines"], spec]})
    if stdout:
        stdout.write(f"Nguồn vốn: {len(sources)} nguồn; {MoneyLine.objects.filter(commune=commune).count()} dòng vốn.")


def _load_line(commune, source: FundingSource, item: dict, *, work, money: Money):
    MoneyLine.objects.update_or_create(
        commune=commune,
        year=item["year"],
        source=source,
        stage=item["stage"],
        work=work,
        defaults={"amount": money.amount, "amount_qualifier": money.qualifier, "note": item.get("note", "")},
    )


def _load_source(item: dict) -> FundingSource:
    source, _created = FundingSource.objects.update_or_create(
        code=item["code"],
        defaults={
            "name": item["name"],
            "kind": item["kind"],
            "contribution": item.get("contribution", "cash"),
            "sort_order": item["sort_order"],
        },
    )
    return source


def _find_commune(names: list[str]) -> AdministrativeUnit:
    unit = None
    for name in names:
        unit = AdministrativeUnit.objects.get(parent=unit, name=name)
    return unit
