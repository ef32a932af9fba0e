"""The unit tree as a report for a year reads it: which units, named how, and whose records count for whom.

A report for a year lists the units in force on its 31 December (`AdministrativeUnit.objects.in_year`, ADR 0090),
named and placed as on that day. A unit merged away by then is not listed: its records of the year count for the
unit it was merged into (directly, or through later merges), whose people carry on its unfinished works. For the
years before that unit began, its pages show the units merged into it that were listed then, each under its own
name, each keeping its own criteria verdicts (docs/adr/0095-years-across-a-merge.md).

A unit divided among several successors counts for none of them: which part of its records went where is not
recorded, so they stay its own (every successor still reads them, ADR 0092).

`Succession(units)` reads the merges behind any number of units at once: the candidates are the units whose
subtrees they absorbed (`absorbed_paths`), with the changes that ended them and their names' history; two queries,
none when no unit absorbed another.

The names take a unit loaded with `load_names` (its history prefetched), or, for thousands of units at once (the
area workbook), a `NamedUnit` of `named_units(pks)`: the same rows as plain values, the same rule.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from core.text import strip_accents

from .models import AdministrativeUnit, NamedOverTime, UnitHistory, year_end

ONE_DAY = datetime.timedelta(days=1)


class Succession:
    """Who was merged into whom, behind `units` (typically the rows of one page)."""

    def __init__(self, units):
        self.units = list(units)
        paths = {path for unit in self.units for path in unit.absorbed_paths.split()}
        self._into: dict[int, int] = {}  # a unit merged away → the one unit it was merged into
        self._merged: dict[int, AdministrativeUnit] = {}
        successors: dict[int, set] = {}
        if paths:
            candidates = (
                AdministrativeUnit.objects.filter(path__in=paths)
                .annotate(successor_id=F("changes_ended__successors"))
                .select_related("parent")
            )
            for unit in candidates:
                self._merged.setdefault(unit.pk, unit)
                if unit.successor_id not in (None, unit.pk):  # a rename or a move keeps the unit itself
                    successors.setdefault(unit.pk, set()).add(unit.successor_id)
            load_names(self._merged.values())
        # A unit divided among several successors was merged into none of them.
        self._into = {pk: next(iter(found)) for pk, found in successors.items() if len(found) == 1}

    def merged_into(self, unit) -> list[AdministrativeUnit]:
        """Every unit merged into `unit`, directly or through earlier merges: those that ended first first, then by
        name (diacritics aside, so "Đại Hùng" comes before "Quảng Giao")."""
        found = [member for pk, member in self._merged.items() if self._leads_to(pk, unit.pk)]
        return sorted(found, key=lambda member: (member.dissolved_on, strip_accents(member.name).lower()))

    def _leads_to(self, pk: int, target: int) -> bool:
        seen = set()
        while pk in self._into and pk not in seen:
            seen.add(pk)
            pk = self._into[pk]
            if pk == target:
                return True
        return False

    def counting_for(self, unit, year: int) -> list[AdministrativeUnit]:
        """The units whose records of `year` count for `unit`: itself first, then those merged into it that had
        ended by the year's end."""
        day = year_end(year)
        return [unit, *(member for member in self.merged_into(unit) if member.dissolved_on <= day)]

    def part(self, unit, year: int) -> "Part":
        """`unit` as a page for `year` shows it, with the units whose records count for it."""
        return Part(unit, year, self.counting_for(unit, year))

    def forerunners(self, unit, year: int) -> list[AdministrativeUnit]:
        """The units merged into `unit` that a report for `year` listed (a year before the merge)."""
        return [member for member in self.merged_into(unit) if member.existed_in(year)]


@dataclass
class Part:
    """A unit as a page for a year shows it, with the units whose records of that year count for it."""

    unit: AdministrativeUnit
    year: int
    units: list[AdministrativeUnit]

    @property
    def label(self) -> str:
        """ "phường Nam Sầm Sơn"; "xã Quảng Giao (đến 30/06/2025)" for a unit that has ended."""
        return label_in(self.unit, self.year)

    @property
    def merged(self) -> list[AdministrativeUnit]:
        """The units merged into this one whose records count for it this year."""
        return self.units[1:]


@dataclass
class YearScope:
    """Whose records a unit's pages show for a year.

    Usually one part: the unit, with the units merged into it that had ended by the year's end. For a year
    before the unit began, one part per unit merged into it that was listed in that year (`before_start`), each
    shown on its own, or combined where the user asks; criteria verdicts are never combined.
    """

    unit: AdministrativeUnit
    year: int
    parts: list[Part] = field(default_factory=list)
    before_start: bool = False

    @property
    def units(self) -> list[AdministrativeUnit]:
        return [unit for part in self.parts for unit in part.units]

    @property
    def merged_labels(self) -> list[str]:
        """The units merged into this one whose records of the year it shows: "xã Quảng Giao (đến 30/06/2025)"."""
        return [label_in(unit, self.year) for part in self.parts if not self.before_start for unit in part.merged]


def year_scope(unit, year: int) -> YearScope:
    """What `unit`'s pages show for `year`; two queries when it absorbed other units, none otherwise."""
    succession = Succession([unit])
    if unit.valid_from is None or unit.valid_from <= year_end(year):
        return YearScope(unit, year, [succession.part(unit, year)])
    parts = [succession.part(member, year) for member in succession.forerunners(unit, year)]
    return YearScope(unit, year, parts, before_start=True)


def counting_for(unit, year: int) -> list[AdministrativeUnit]:
    """The units whose records of `year` count for `unit` (itself first); no query when it absorbed none."""
    return Succession([unit]).counting_for(unit, year)


def name_day(unit, year: int) -> datetime.date:
    """The day whose name a report for `year` gives `unit`: 31 December, or its last day when it ended before.

    `unit` here and below is an `AdministrativeUnit` whose names are loaded (`load_names`) or a `NamedUnit`."""
    day = year_end(year)
    if unit.dissolved_on is not None and unit.dissolved_on <= day:
        return unit.dissolved_on - ONE_DAY
    return day


def name_in(unit, year: int) -> str:
    """ "Quảng Giao": the name a report for `year` gives the unit."""
    return unit.name_on(name_day(unit, year))


def full_name_in(unit, year: int) -> str:
    """ "xã Quảng Giao": the full name a report for `year` gives the unit."""
    return unit.full_name_on(name_day(unit, year))


def label_in(unit, year: int) -> str:
    """ "xã Quảng Giao (đến 30/06/2025)": a unit that has ended, under the name of `year`, with its last day."""
    name = full_name_in(unit, year)
    if unit.dissolved_on is None:
        return name
    return _("%(name)s (đến %(day)s)") % {"name": name, "day": f"{unit.dissolved_on - ONE_DAY:%d/%m/%Y}"}


def parent_name_in(unit, year: int) -> str:
    """ "huyện Quảng Xương" in 2024, "tỉnh Thanh Hóa" in 2026: the full name of the unit above, as in `year`."""
    day = name_day(unit, year)
    parent = unit.parent_on(day)
    return parent.full_name_on(day) if parent is not None else ""


def load_names(units) -> None:
    """Fetch what the names and parents of `units` on any day need (their history, their parents' history, and
    the history of a former parent): one query, two when a unit moved. Select the units' `parent` with them."""
    units = list(units)
    parents = {}
    for unit in units:  # units under one parent share one object: its history is read once, not once a unit
        if unit.parent_id and parents.setdefault(unit.parent_id, unit.parent) is not unit.parent:
            unit.parent = parents[unit.parent_id]
    owners = [*units, *parents.values()]
    if not owners:
        return
    prefetch_related_objects(owners, Prefetch("history", queryset=UnitHistory.objects.select_related("parent")))
    former = [entry.parent for owner in owners for entry in owner.history.all() if entry.parent_id]
    if former:
        prefetch_related_objects(former, "history")


# --- the same names read in bulk, as plain values (an export of thousands of units) --------------------------------


@dataclass(eq=False)
class NamedUnit(NamedOverTime):
    """A unit as its names over time need it, without a model instance: what `name_in`, `full_name_in`, `label_in`
    and `parent_name_in` read of a unit, by the model's own rule (`NamedOverTime`). `named_units` reads many, for
    one report in one language: each full name is translated once per day (a parent once for all its communes)."""

    pk: int
    name: str
    kind: str
    level: str
    dissolved_on: datetime.date | None
    parent: "NamedUnit | None" = None
    history: list["Former"] = field(default_factory=list)
    full_names: dict[datetime.date | None, str] = field(default_factory=dict, repr=False)

    def former(self) -> list["Former"]:
        return self.history

    def full_name_on(self, day) -> str:
        if day not in self.full_names:
            self.full_names[day] = super().full_name_on(day)
        return self.full_names[day]


class Former(NamedTuple):
    """An earlier name and parent of a `NamedUnit` (a `UnitHistory` row)."""

    valid_until: datetime.date
    name: str
    parent: NamedUnit | None


NAMED_COLUMNS = ("pk", "name", "kind", "level", "dissolved_on")


def named_units(pks) -> dict[int, NamedUnit]:
    """The units of `pks` (a list, or a query of them: `….values("unit_id")`) by pk, with their parents and former
    parents, as plain values with their names' history: two queries (four when one of them moved: its former
    parents, and their names), whatever their number. At 3,321 communes `load_names` spent most of a second in
    Django's prefetch (a queryset for every unit); this reads the same rows as tuples, and a query given is read
    as a subquery (a list of 3,321 keys costs 25 ms to pass). A former parent's own parents are not read."""
    named: dict[int, NamedUnit] = {}
    columns = (*NAMED_COLUMNS, "parent_id", *(f"parent__{column}" for column in NAMED_COLUMNS[1:]))
    units = AdministrativeUnit.objects.filter(pk__in=pks if isinstance(pks, QuerySet) else list(pks))
    rows = units.values_list(*columns)
    for pk, name, kind, level, dissolved_on, parent_id, *parent in rows:
        unit = named.setdefault(pk, NamedUnit(pk, name, kind, level, dissolved_on))
        if parent_id is not None:
            unit.parent = named.setdefault(parent_id, NamedUnit(parent_id, *parent))
    if isinstance(pks, QuerySet):
        entries = _history_of(Q(unit__in=units.values("pk")) | Q(unit__in=units.values("parent_id")))
    else:
        entries = _history_of(Q(unit_id__in=list(named)))
    missing = {parent_id for *_entry, parent_id in entries if parent_id is not None and parent_id not in named}
    if missing:
        for values in AdministrativeUnit.objects.filter(pk__in=missing).values_list(*NAMED_COLUMNS):
            named[values[0]] = NamedUnit(*values)
        entries += _history_of(Q(unit_id__in=missing))
    for unit_id, valid_until, name, parent_id in entries:
        named[unit_id].history.append(Former(valid_until, name, named.get(parent_id)))
    return named


def _history_of(owners: Q) -> list[tuple]:
    return list(UnitHistory.objects.filter(owners).values_list("unit_id", "valid_until", "name", "parent_id"))
