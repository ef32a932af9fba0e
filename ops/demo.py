"""Demonstration data at scale, plainly marked as such, for the dashboards' benchmark and for trying the portal.

Everything hangs under one province "Tỉnh minh họa (dữ liệu minh họa)": every unit has `is_demo=True` and a
name like "Xã minh họa 001", every work, task and money line says "minh họa", and the pages show a "dữ liệu
minh họa" badge. Nothing outside demonstration units is touched: `demo_delete` removes only what hangs under
`is_demo` units.

`ops` makes the units (the province and district through `ops.services.unit_create`, the communes and villages
in bulk with their audit entries, `audit_record_many`); each app adds its own rows through its `demo.py` (found
by name, in INSTALLED_APPS order), which may provide:

- `Demo(years)`: loads what it needs from the catalogue (raises `DemoUnavailable` when the seed is missing);
  `Demo.add(commune) -> dict[str, int]` makes one commune's rows, keeps them and returns their counts;
  `Demo.write()` writes the rows kept, each table at once (`ops.bulk.copy_rows`: PostgreSQL COPY), after every
  CHUNK communes; `Demo.models` are the tables to ANALYZE once all is written; `Demo.finish()`, if any, runs once
  every commune is written (the area summary of reports/demo.py).
- `delete(unit_ids)`: deletes the app's rows under those units (called in reverse INSTALLED_APPS order).

Apps write their invented figures in bulk, without the services: auditing each one would only slow the load
down. Rows name each other through keys reserved beforehand (`ops.bulk.Ids`).
"""

import random
from dataclasses import dataclass, field

from django.db import connection

from audit.models import AuditEntry
from audit.services import audit_record_many
from units.models import AdministrativeUnit, Level, Membership

from .bulk import Ids
from .discovery import app_modules
from .services import unit_create

PROVINCE = "Tỉnh minh họa (dữ liệu minh họa)"
DISTRICT = "Huyện minh họa"
NOTE = "Dữ liệu minh họa do máy sinh ra (generate_demo_data), không phải số liệu thật."
CHUNK = 250  # communes made before their rows are written: bounds the memory, whatever the size asked
MAX_COMMUNES = 20_000  # the country has about 3,321 communes since 2025 (10,600 before)
MAX_YEARS = 20  # a programme period is five years
MAX_VILLAGES = 50
MAX_WORKS = 100


class DemoUnavailable(Exception):
    """The catalogue a demo needs is not loaded; the message says what to run."""


@dataclass
class DemoCommune:
    """One demonstration commune, handed to each app's `Demo.add` in turn."""

    unit: AdministrativeUnit
    villages: list[AdministrativeUnit]
    years: range
    rng: random.Random
    works_per_year: int
    made: dict[str, list] = field(default_factory=dict)  # rows an app made for the apps above it (works)


def demo_generate(*, communes: int, villages: int, works: int, years: range, seed: int) -> dict[str, int]:
    """Create the demonstration province, `communes` communes with their villages and every app's rows."""
    demos = [module.Demo(years) for module in app_modules("demo") if hasattr(module, "Demo")]
    # bandit B311 answered: invented demonstration figures, reproducible from --seed; nothing secret.
    rng = random.Random(seed)  # nosec B311
    counts: dict[str, int] = {}
    province = unit_create(level=Level.PROVINCE, name=PROVINCE, is_demo=True)
    district = unit_create(level=Level.DISTRICT, name=DISTRICT, parent=province, is_demo=True)
    ids = Ids(AdministrativeUnit)
    for start in range(1, communes + 1, CHUNK):
        made = []
        for number in range(start, min(start + CHUNK, communes + 1)):
            unit = _unit(ids, Level.COMMUNE, f"Xã minh họa {number:03d}", district)
            children = [_unit(ids, Level.VILLAGE, f"Thôn minh họa {index}", unit) for index in range(1, villages + 1)]
            made.append(DemoCommune(unit=unit, villages=children, years=years, rng=rng, works_per_year=works))
        _write_units(made)
        for commune in made:
            for demo in demos:
                for name, count in demo.add(commune).items():
                    counts[name] = counts.get(name, 0) + count
        for demo in demos:
            demo.write()
    for demo in demos:
        if hasattr(demo, "finish"):
            demo.finish()
    _analyze([AdministrativeUnit, AuditEntry, *(model for demo in demos for model in demo.models)])
    return counts


def _unit(ids: Ids, level: str, name: str, parent: AdministrativeUnit) -> AdministrativeUnit:
    """An unsaved unit with its key and path (as `unit_create` would give it)."""
    pk = ids.take()
    return AdministrativeUnit(pk=pk, level=level, name=name, parent=parent, path=f"{parent.path}{pk}/", is_demo=True)


def _write_units(made: list[DemoCommune]) -> None:
    """The communes, then their villages, and an audit entry for each, as `unit_create` records."""
    communes = [commune.unit for commune in made]
    villages = [village for commune in made for village in commune.villages]
    for units in (communes, villages):
        AdministrativeUnit.objects.bulk_create(units, batch_size=CHUNK * 4)
        audit_record_many(
            user=None,
            instances=units,
            commune_id_of=lambda unit: unit.pk if unit.level == Level.COMMUNE else unit.parent_id,
        )


def demo_delete() -> int:
    """Delete every row that hangs under a demonstration unit, then the units (children first, a level at a time)."""
    units = AdministrativeUnit.objects.filter(is_demo=True)
    ids = list(units.values_list("pk", flat=True))
    for module in reversed(app_modules("demo")):
        if hasattr(module, "delete"):
            module.delete(ids)
    AuditEntry.objects.filter(commune__in=ids).delete()
    Membership.objects.filter(unit__in=ids).delete()
    for level in (Level.VILLAGE, Level.COMMUNE, Level.DISTRICT, Level.PROVINCE):
        units.filter(level=level).delete()
    return len(ids)


def _analyze(models):
    """Fresh statistics after a bulk load, as autovacuum would gather them a little later."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
