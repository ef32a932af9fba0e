"""Demonstration data at scale, plainly marked as such, for the dashboards' benchmark and for trying the portal.

Everything hangs under one province "Tỉnh minh họa (dữ liệu minh họa)": every unit has `is_demo=True` and a
name like "Xã minh họa 001", every work, task and money line says "minh họa", and the pages show a "dữ liệu
minh họa" badge. Nothing outside demonstration units is touched: `demo_delete` removes only what hangs under
`is_demo` units.

`ops` makes the units (through `ops.services.unit_create`, audited, so the area dashboard's "last update"
shows the generation); each app adds its own rows through its `demo.py` (found by name, in INSTALLED_APPS
order), which may provide:

- `Demo(years)`: loads what it needs from the catalogue (raises `DemoUnavailable` when the seed is missing);
  `Demo.add(commune) -> dict[str, int]` adds one commune's rows and returns their counts; `Demo.models`
  are the tables to ANALYZE after the load; `Demo.finish()`, if any, runs once every commune is made (the area
  summary of reports/demo.py).
- `delete(unit_ids)`: deletes the app's rows under those units (called in reverse INSTALLED_APPS order).

Apps bulk-create their invented figures: auditing each one would only slow the load down.
"""

import random
from dataclasses import dataclass, field

from django.db import connection

from audit.models import AuditEntry
from units.models import AdministrativeUnit, Level, Membership

from .discovery import app_modules
from .services import unit_create

PROVINCE = "Tỉnh minh họa (dữ liệu minh họa)"
DISTRICT = "Huyện minh họa"
NOTE = "Dữ liệu minh họa do máy sinh ra (generate_demo_data), không phải số liệu thật."
BATCH = 5000


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
    for number in range(1, communes + 1):
        unit = unit_create(level=Level.COMMUNE, name=f"Xã minh họa {number:03d}", parent=district, is_demo=True)
        children = [
            unit_create(level=Level.VILLAGE, name=f"Thôn minh họa {index}", parent=unit, is_demo=True)
            for index in range(1, villages + 1)
        ]
        commune = DemoCommune(unit=unit, villages=children, years=years, rng=rng, works_per_year=works)
        for demo in demos:
            for name, count in demo.add(commune).items():
                counts[name] = counts.get(name, 0) + count
    _analyze([AdministrativeUnit, *(model for demo in demos for model in demo.models)])
    for demo in demos:
        if hasattr(demo, "finish"):
            demo.finish()
    return counts


def demo_delete() -> int:
    """Delete every row that hangs under a demonstration unit, then the units (children first)."""
    units = AdministrativeUnit.objects.filter(is_demo=True)
    ids = list(units.values_list("pk", flat=True))
    for module in reversed(app_modules("demo")):
        if hasattr(module, "delete"):
            module.delete(ids)
    AuditEntry.objects.filter(commune__in=ids).delete()
    Membership.objects.filter(unit__in=ids).delete()
    for unit in sorted(units, key=lambda unit: len(unit.path), reverse=True):
        unit.delete()
    return len(ids)


def _analyze(models):
    """Fresh statistics after a bulk load, as autovacuum would gather them a little later."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
