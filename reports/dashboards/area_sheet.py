"""The area dashboard's rows as its workbook writes them, read from plain values (the export of every row).

The page and the PDF read `AreaRow`s (`AreaDashboard.rows_of`): a unit object per commune with its names' history
prefetched, recognition objects. At 3,321 communes building them took 1,2 s of CPU, most of it in Django's
prefetch (a queryset made for every unit) and in model instances; `sheet_rows` reads the same figures as tuples,
and the names and parents as in the year by the same rule (`units.reporting`, from `named_units`). A test holds
the two equal (reports/tests/test_area_sheet.py).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from core.money import share
from criteria.models import Recognition
from units.reporting import label_in, named_units, parent_name_in

from .area import CHUNK, AreaDashboard, in_chunks, level_counts, level_label, level_reached


class SheetRow(NamedTuple):
    """What the workbook writes of an `AreaRow`, as plain values."""

    name: str
    parent_name: str
    merged: list[str]  # as `AreaRow.merged`
    counts: list  # LevelCount or None per level column, as `AreaRow.counts`
    level_reached_label: str
    recognitions: list[str]  # the status label of each recognition held on 31 December, lowest level first
    works_on_track: int
    works_late: int
    planned: int
    mobilised: int
    mobilised_share: Decimal | None
    last_update: datetime.datetime | None
    is_demo: bool


# What is read of each summary row.
COLUMNS = (
    "unit_id",
    "unit__is_demo",
    "name",
    "levels",
    "works_total",
    "works_late",
    "planned",
    "mobilised",
    "last_update",
    "carries",
)


def sheet_rows(dashboard: AreaDashboard) -> Iterator[SheetRow]:
    """Every row of `dashboard` (built without `page`) in its order. The names and parents of the area's communes
    (two queries, four when one moved) and their recognitions (one) are read first, for the whole area at once;
    then the summary, CHUNK rows at a time, with the names of the units merged into its communes (two queries a
    chunk, when there are some). Those are the units whose records the commune's summary row counts (`carries`),
    as `units.reporting.Succession` found them when the row was computed."""
    year, columns = dashboard.year, dashboard.levels
    communes = dashboard.summary.values("unit_id")
    named = named_units(communes)
    held = defaultdict(list)
    for recognition in Recognition.objects.filter(unit__in=communes).as_of(year).by_level():
        held[recognition.unit_id].append(recognition.status_label)
    for chunk in in_chunks(dashboard.summary.values_list(*COLUMNS).iterator(chunk_size=CHUNK)):
        carried = {int(pk) for *_values, carries in chunk for pk in carries.split()} - named.keys()
        if carried:
            for pk, unit in named_units(carried).items():
                named.setdefault(pk, unit)
        yield from (_row(values, named, held, year, columns) for values in chunk)


def _row(values: tuple, named: dict, held: dict, year: int, columns: list[str]) -> SheetRow:
    pk, is_demo, name, stored, works_total, works_late, planned, mobilised, last_update, carries = values
    levels = level_counts(stored, year)
    return SheetRow(
        name=name,
        parent_name=parent_name_in(named[pk], year),
        merged=[label_in(named[int(merged)], year) for merged in carries.split()],
        counts=[levels.get(level) for level in columns],
        level_reached_label=level_label(level_reached(levels)),
        recognitions=held[pk],
        works_on_track=works_total - works_late,
        works_late=works_late,
        planned=planned,
        mobilised=mobilised,
        mobilised_share=share(mobilised, planned, 1),
        last_update=last_update,
        is_demo=is_demo,
    )
