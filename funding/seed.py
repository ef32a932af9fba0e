"""Seed: the source catalogue and Quảng Giao's 2023 money, as the seed document states them.

Runs after the projects seed (INSTALLED_APPS order) because the 2023 lines point at its works.
Idempotent: sources by code, lines by (commune, year, source, stage, work).
"""

import re
from pathlib import Path

import yaml
from django.conf import settings

from core.text import strip_accents
from projects.models import Work
from units.models import AdministrativeUnit

from .models import FundingSource, MoneyLine

FUNDING_FILE = Path(settings.BASE_DIR) / "fixtures" / "funding.yaml"


def load(*, demo_accounts: bool, stdout=None):
    data = yaml.safe_load(FUNDING_FILE.read_text(encoding="utf-8"))
    sources = {item["code"]: _load_source(item) for item in data["sources"]}
    commune = _find_commune(data["commune"])
    works = list(Work.objects.filter(commune=commune))
    missing = []
    for item in data["lines"]:
        work = None
        if "work" in item or "work_name" in item:
            work = _find_work(works, code=item.get("work"), name=item.get("work_name"))
            if work is None:
                missing.append(item.get("work") or item["work_name"])
                continue
        MoneyLine.objects.update_or_create(
            commune=commune,
            year=item["year"],
            source=sources[item["source"]],
            stage=item["stage"],
            work=work,
            defaults={
                "amount": item["amount"],
                "amount_qualifier": item.get("qualifier", ""),
                "quarter": item.get("quarter"),
                "note": item.get("note", ""),
            },
        )
    if missing and stdout:
        stdout.write(f"Nguồn vốn: chưa tìm thấy công trình {', '.join(missing)}; bỏ qua các dòng vốn đó.")


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


def _key(text: str) -> str:
    """Compare names as the seed types them: no accents, no case, no spacing or punctuation differences."""
    return re.sub(r"[^a-z0-9]+", " ", strip_accents(text).lower()).strip()


def _find_work(works: list[Work], *, code: str | None, name: str | None) -> Work | None:
    if code:
        return next((work for work in works if work.code == code), None)
    return next((work for work in works if _key(work.name) == _key(name)), None)
