"""The area summary: per commune and year, what the area views show, computed on write (docs/adr/0066).

`summary_refresh(unit_ids, years=None)` recomputes the rows of those communes (and of the communes carrying on
the records of any of them that ended) with the aggregate code the area dashboard used to run on every view: the
SQL twins of the apps' rules (`criteria.aggregates.criteria_counts`, `funding.aggregates.money_totals`), the works
QuerySet (`reported_in`, `late`) and the audit log, across merges through `units.reporting.Succession`: a commune's
row adds the works, money and updates of the communes merged into it, its criteria are its own (ADR 0095). It runs
four queries per year concerned and about five more, whatever the number of communes, and writes with one upsert
per thousand rows.

It runs inside the transaction of every write that changes its inputs: the services notify
`core.signals.records_changed` and `reports.receivers` calls `summary_update`. The last update moves with every
audit entry (`audit.signals.entries_logged`): `summary_touch` moves it forward with one UPDATE.

Lateness depends on the day: a row keeps the day its late count was made for (`late_from`) and the first day it
may change (`late_until`, when the earliest open work not yet late becomes late). `summary_ensure` refreshes,
before a page reads them, the rows of an area that are missing or whose day is out of that window.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, DateTimeField, Exists, Max, Min, OuterRef, Q, Value, prefetch_related_objects
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from audit.models import AuditEntry
from core.money import share
from criteria.aggregates import criteria_counts
from criteria.models import LEVEL_ORDER, Assessment, Recognition
from funding.aggregates import money_totals
from funding.models import MoneyLine
from projects.models import QuarterlyTask, Work, late_from, planned_end_key
from units.models import AdministrativeUnit, Level
from units.reporting import Succession, label_in, name_in

from .models import AreaSummary

BATCH = 1000
# The records whose years make the year menu (`record_years`): model, column naming the commune.
RECORDS = [(Assessment, "unit_id"), (MoneyLine, "commune_id"), (QuarterlyTask, "commune_id")]
# Every field a refresh writes (all but the key), in the order `check_area_summary` reports them.
FIELDS = [
    "name",
    "name_key",
    "levels",
    "reached_rank",
    "best_met",
    "recognised",
    "works_total",
    "works_late",
    "works_on_track",
    "late_from",
    "late_until",
    "planned",
    "mobilised",
    "mobilised_share",
    "last_update",
    "carries",
    "refreshed_at",
]


def summary_refresh(unit_ids: Iterable[int], years: Iterable[int] | None = None, *, today=None) -> int:
    """Recompute the rows of the communes `unit_ids` for `years` (None: the years they have rows for); the number
    of rows written."""
    span = frozenset([None]) if years is None else frozenset(years)
    return summary_update({unit_id: span for unit_id in unit_ids}, today=today)


def summary_update(changes: Mapping[int, frozenset], *, today=None) -> int:
    """`summary_refresh` for `core.signals.records_changed`'s changes: unit id → years, None among them standing for
    every year the unit has rows for."""
    today = today or timezone.localdate()
    with transaction.atomic(savepoint=False):  # the caller's transaction, or one of its own
        wanted = _wanted(changes)
        if not wanted:
            return 0
        listed = {(unit, year) for unit, year in wanted if unit.existed_in(year)}
        gone = [Q(unit=unit, year=year) for unit, year in wanted - listed]
        if gone:  # a commune merged away is no longer listed in the years after it ended
            AreaSummary.objects.filter(_any(gone)).delete()
        rows = compute_rows(listed, today)
        AreaSummary.objects.bulk_create(
            rows, batch_size=BATCH, update_conflicts=True, unique_fields=["unit", "year"], update_fields=FIELDS
        )
        return len(rows)


def summary_rebuild(unit_ids: Iterable[int] | None = None, years: Iterable[int] | None = None, *, today=None) -> int:
    """Recompute every row of the communes `unit_ids` (None: every commune) for `years` (None: the years with
    records among them and the years they have rows for), BATCH communes at a time; the rows written."""
    communes = AdministrativeUnit.objects.communes()
    if unit_ids is not None:
        communes = communes.filter(pk__in=list(unit_ids))
    ids = list(communes.values_list("pk", flat=True))
    if years is None:
        held = AreaSummary.objects.filter(unit__in=ids).values_list("year", flat=True).distinct()
        years = {*record_years(communes), *held}
    years = frozenset(years)
    return sum(summary_refresh(ids[start : start + BATCH], years, today=today) for start in range(0, len(ids), BATCH))


def record_years(communes) -> list[int]:
    """Years with assessments, money or tasks anywhere among `communes`, latest first; two queries.

    Not a scan of every record of the area (200 ms at 3,321 communes): the distinct years of the three tables are
    walked on their year indexes (a recursive query, one index probe per year), then each is kept if a record of
    it belongs to the area (`EXISTS` on the tables' year-and-commune indexes, the year spelled out so that the
    planner knows how many records it has). The SQL is put together from the models' own table and column names,
    integer years read from the database and the area's query as Django compiles it, with its parameters passed
    apart: nothing a user typed is spliced in (hence the `nosec`)."""
    try:
        area, params = communes.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # no commune to look at (a user without a unit)
        return []
    tables = [(connection.ops.quote_name(model._meta.db_table), column) for model, column in RECORDS]
    first = " UNION ALL ".join(f"SELECT MIN(year) AS y FROM {table}" for table, _column in tables)  # noqa: S608  # nosec B608
    after = " UNION ALL ".join(f"SELECT MIN(year) AS y FROM {table} WHERE year > years.year" for table, _c in tables)  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE years(year) AS (SELECT MIN(y) FROM ({first}) f UNION ALL "  # noqa: S608  # nosec B608
            f"SELECT (SELECT MIN(y) FROM ({after}) n) FROM years WHERE years.year IS NOT NULL) "
            "SELECT year FROM years WHERE year IS NOT NULL"
        )
        candidates = sorted((int(row[0]) for row in cursor.fetchall()), reverse=True)
        if not candidates:
            return []
        held = " OR ".join(
            f"EXISTS (SELECT 1 FROM {table} r WHERE r.year = %s AND r.{column} IN ({area}))"  # noqa: S608  # nosec B608
            for table, column in tables
        )
        cursor.execute(
            " UNION ALL ".join(f"SELECT {year} WHERE {held}" for year in candidates),
            [value for year in candidates for _table in tables for value in (year, *params)],
        )
        found = {row[0] for row in cursor.fetchall()}
    return [year for year in candidates if year in found]


def summary_ensure(communes, year: int, today: datetime.date) -> None:
    """Refresh the rows of `year` of `communes` (a QuerySet of the communes listed in it) that are missing or were
    counted for a day out of their lateness window; one query when there is none (the usual case)."""
    valid = AreaSummary.objects.filter(unit=OuterRef("pk"), year=year, late_from__lte=today).filter(
        Q(late_until__isnull=True) | Q(late_until__gt=today)
    )
    due = list(communes.exclude(Exists(valid)).values_list("pk", flat=True))
    if due:
        summary_refresh(due, [year], today=today)


def summary_touch(entries: Iterable[AuditEntry]) -> None:
    """Move the last update forward for new audit entries: the rows of their commune and of the communes carrying
    on its records (`carries`). One UPDATE per commune (a write logs for one); the entries of the units app (a
    commune's set-up, its accounts) are not records of its programme and move nothing."""
    latest: dict[int, datetime.datetime] = {}
    for entry in entries:
        if entry.commune_id is not None and entry.content_type.app_label != "units":
            latest[entry.commune_id] = max(entry.at, latest.get(entry.commune_id, entry.at))
    for commune_id, at in latest.items():
        rows = Q(unit_id=commune_id) | (~Q(carries="") & Q(carries__contains=f" {commune_id} "))
        moment = Value(at, output_field=DateTimeField())
        AreaSummary.objects.filter(rows).update(last_update=Greatest(Coalesce("last_update", moment), moment))


def compute_rows(pairs: Iterable[tuple], today: datetime.date) -> list[AreaSummary]:
    """Unsaved rows for (commune, year) `pairs`; four queries per year, two more (four when a commune absorbed
    others)."""
    by_year: dict[int, list] = defaultdict(list)
    one = {}  # one object per unit, whatever objects the pairs hold, so that each unit's history is read once
    for unit, year in pairs:
        by_year[year].append(one.setdefault(unit.pk, unit))
    if not by_year:
        return []
    units = list(one.values())
    prefetch_related_objects(units, "history")  # the names of the year (`name_in`)
    succession = Succession(units)
    counted = {(unit.pk, year): succession.counting_for(unit, year) for year in by_year for unit in by_year[year]}
    updates = _last_updates({member.pk for members in counted.values() for member in members})
    now = timezone.now()
    rows = []
    for year, members in by_year.items():
        figures = _year_figures(members, counted, year, today)
        for unit in members:
            row = figures[unit.pk]
            row.last_update = max(filter(None, (updates.get(m.pk) for m in counted[unit.pk, year])), default=None)
            row.refreshed_at = now
            rows.append(row)
    return rows


def _year_figures(members: list, counted: dict, year: int, today: datetime.date) -> dict[int, AreaSummary]:
    """One row per commune of `members` for `year`, all but the last update; four queries."""
    owner = {}
    rows = {}
    for unit in members:
        units = counted[unit.pk, year]
        name = name_in(unit, year)
        rows[unit.pk] = AreaSummary(
            unit=unit,
            year=year,
            name=name,
            name_key=name.lower(),
            late_from=today,
            carries="".join(f" {member.pk} " for member in units[1:]),
        )
        owner.update((member.pk, rows[unit.pk]) for member in units)
    ids = AdministrativeUnit.objects.filter(pk__in=list(rows)).values("pk")
    everyone = AdministrativeUnit.objects.filter(pk__in=list(owner)).values("pk")
    for count in criteria_counts(ids, year):  # a commune's own verdicts, never those of the units merged into it
        rows[count.unit_id].levels[count.level] = {
            "met": count.counted_met,
            "own": count.met,
            "total": count.total,
            "appraised": count.appraised,
        }
    for total in money_totals(everyone, year):
        owner[total.commune_id].planned += total.planned
        owner[total.commune_id].mobilised += total.mobilised
    works = (
        Work.objects.filter(commune__in=everyone)
        .reported_in(year)
        .values("commune_id")
        .annotate(
            total=Count("id"),
            late=Count("id", filter=Q(pk__in=Work.objects.late(today).values("pk"))),
            next_late=Min(planned_end_key(), filter=Q(pk__in=Work.objects.becoming_late(today).values("pk"))),
        )
        .order_by()
    )
    for found in works:
        row = owner[found["commune_id"]]
        row.works_total += found["total"]
        row.works_late += found["late"]
        if found["next_late"] is not None:
            day = late_from(found["next_late"])
            row.late_until = min(day, row.late_until or day)
    held = Recognition.objects.filter(unit__in=ids).as_of(year).by_level().values_list("unit_id", "level")
    for unit_id, level in held:
        rows[unit_id].recognised = f"{rows[unit_id].recognised or ' '}{level} "
    for row in rows.values():
        settle(row)
    return rows


def settle(row: AreaSummary) -> None:
    """The columns the sorts read, from the figures."""
    reached = [level for level, count in row.levels.items() if count["total"] > 0 and count["met"] == count["total"]]
    row.reached_rank = max((LEVEL_ORDER[level] for level in reached), default=-1)
    row.best_met = max((count["met"] for count in row.levels.values()), default=-1)
    row.works_on_track = row.works_total - row.works_late
    row.mobilised_share = share(row.mobilised, row.planned, 1)


def _last_updates(unit_ids: set[int]) -> dict[int, datetime.datetime]:
    """The latest audit entry of each unit, the units app aside (see `summary_touch`); one query."""
    changes = AuditEntry.objects.filter(commune__in=unit_ids).exclude(content_type__app_label="units")
    return dict(changes.values("commune_id").annotate(last=Max("at")).order_by().values_list("commune_id", "last"))


def _wanted(changes: Mapping[int, frozenset]) -> set[tuple]:
    """(commune, year) pairs to recompute: those asked for, with the communes carrying on the records of those that
    ended; None stands for the years the commune has rows for. One query, two more when a commune has ended or None
    is asked for.

    The communes are locked (in id order) until the transaction ends: two writes on one commune refresh it one after
    the other, the second reading what the first committed, instead of both computing from what they saw before
    and the later upsert putting back figures without the other's change."""
    locked = AdministrativeUnit.objects.select_for_update().filter(level=Level.COMMUNE).order_by("pk")
    communes = {unit.pk: unit for unit in locked.filter(pk__in=list(changes))}
    years = {pk: frozenset(changes[pk]) for pk in communes}
    ended = [unit for unit in communes.values() if unit.dissolved_on is not None]
    if ended:
        carriers = locked.filter(_any([Q(absorbed_paths__contains=unit.path) for unit in ended]))
        for carrier in carriers:
            communes.setdefault(carrier.pk, carrier)
            for unit in ended:
                if unit.path in carrier.absorbed_paths.split():
                    years[carrier.pk] = years.get(carrier.pk, frozenset()) | years[unit.pk]
    every = [pk for pk, span in years.items() if None in span]
    held: dict[int, set] = defaultdict(set)
    if every:
        for unit_id, year in AreaSummary.objects.filter(unit__in=every).values_list("unit_id", "year"):
            held[unit_id].add(year)
    return {(communes[pk], year) for pk, span in years.items() for year in (span - {None}) | held[pk]}


def _any(conditions: list[Q]) -> Q:
    found = Q()
    for condition in conditions:
        found |= condition
    return found


# Drift: rows that differ from what a refresh would write now (`manage.py check_area_summary`).

# What a refresh writes that a check compares; the lateness columns only while the row's day window holds today
# (otherwise the dashboard refreshes the row before reading it, `summary_ensure`).
COMPARED = [name for name in FIELDS if name not in ("late_from", "refreshed_at")]
LATENESS = {"works_late", "works_on_track", "late_until"}


@dataclass
class Drift:
    """One stored value that differs from the recomputed one (`field` "" for a row that should not exist)."""

    unit: AdministrativeUnit
    year: int
    field: str
    stored: object
    computed: object

    def __str__(self):
        where = f"{label_in(self.unit, self.year)} (mã {self.unit.pk}), năm {self.year}"
        if not self.field:
            return f"{where}: có dòng tổng hợp nhưng đơn vị không có trong danh sách các xã của năm này"
        return f"{where}, {self.field}: đang lưu {self.stored!r}, tính lại được {self.computed!r}"


def summary_drift(*, today=None) -> Iterator[Drift]:
    """Every difference between the stored rows and the rows recomputed now, BATCH rows at a time."""
    today = today or timezone.localdate()
    stored = AreaSummary.objects.select_related("unit").order_by("unit_id", "year")
    chunk = []
    for row in stored.iterator(chunk_size=BATCH):
        chunk.append(row)
        if len(chunk) == BATCH:
            yield from _drift_of(chunk, today)
            chunk = []
    yield from _drift_of(chunk, today)


def _drift_of(rows: list[AreaSummary], today: datetime.date) -> Iterator[Drift]:
    listed = [row for row in rows if row.unit.level == Level.COMMUNE and row.unit.existed_in(row.year)]
    fresh = {(row.unit_id, row.year): row for row in compute_rows([(row.unit, row.year) for row in listed], today)}
    for row in rows:
        computed = fresh.get((row.unit_id, row.year))
        if computed is None:
            yield Drift(row.unit, row.year, "", None, None)
            continue
        current = row.late_from <= today and (row.late_until is None or today < row.late_until)
        for name in COMPARED:
            if name in LATENESS and not current:
                continue
            if getattr(row, name) != getattr(computed, name):
                yield Drift(row.unit, row.year, name, getattr(row, name), getattr(computed, name))
