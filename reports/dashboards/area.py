"""The area dashboard: one row per commune for the coordination office, read from the area summary.

Its figures are the rows of `reports.AreaSummary` (docs/adr/0066), computed when records change with the SQL twins
of the apps' rules (`criteria.aggregates`, `funding.aggregates`; docs/adr/0060). A page filters, sorts and cuts
those rows in SQL, whatever the sort, and only the rows shown get their names, parents, merges and recognitions
loaded: a page costs the same number of queries whatever the size of the area.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, F, JSONField, Max, Q, QuerySet, Subquery, When
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import share
from core.periods import default_year, menu_years
from criteria.models import RECOGNISED_AS, Recognition, SetLevel
from units.models import AdministrativeUnit, Level
from units.reporting import Succession, label_in, load_names, parent_name_in

from ..models import AreaSummary
from ..summary import record_years, summary_ensure
from .common import COMMUNE_LEVELS, LEVEL_RANK, LEVEL_SHORT

PAGE_SIZE = 50
CHUNK = 500  # rows the export reads at a time
# The recognition filter: "" every commune, "yes" those holding a recognition, "no" the others, or a level code.
RECOGNISED_ANY, RECOGNISED_NONE = "yes", "no"


def recognition_filter_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Tất cả")),
        (RECOGNISED_ANY, _("Đã có quyết định công nhận")),
        (RECOGNISED_NONE, _("Chưa có quyết định công nhận")),
        *((level, _("Đã công nhận %(level)s") % {"level": RECOGNISED_AS[level]}) for level in COMMUNE_LEVELS),
    ]


@dataclass
class LevelCount:
    """Criteria met at one level: `met` is the count shown, the appraisal's wherever the office appraised the
    assessment (docs/adr/0018), `own_met` the commune's self-assessment."""

    met: int
    total: int
    year: int
    own_met: int | None = None
    appraised: bool = False

    @property
    def reached(self) -> bool:
        return self.total > 0 and self.met == self.total

    @property
    def shown(self) -> str:
        """The count as the page's cell writes it ("met/total"): one string, not two numbers to format."""
        return f"{self.met}/{self.total}"


@dataclass(frozen=True, slots=True)
class MappedCommune:
    """A commune as the map reads it from the summary's query: no unit object is built for each dot."""

    pk: int
    latitude: Decimal | None
    longitude: Decimal | None
    is_demo: bool


NOTHING_COUNTED = MappingProxyType({})  # the levels of a commune the map does not draw (shared, read-only)


@dataclass(slots=True)
class MapRow:
    """What the map reads of a row (`area_map_for`), and nothing more: at 3,321 communes a full `AreaRow` each
    (five lists and a dictionary) took a quarter of the page's time, half of it in garbage collection."""

    commune: MappedCommune
    name: str
    levels: Mapping[str, LevelCount]
    recognised: str  # the summary's " xa_ntm xa_ntm_nang_cao "

    @property
    def recognised_levels(self) -> set[str]:
        return set(self.recognised.split())


@dataclass
class AreaRow:
    commune: AdministrativeUnit
    name: str = ""  # as in the dashboard's year ("Quảng Giao" in 2024)
    parent_name: str = ""  # the unit above, as in that year ("huyện Quảng Xương" in 2024, "tỉnh Thanh Hóa" in 2026)
    merged: list[str] = field(default_factory=list)  # the units merged into it whose records of the year count
    levels: dict = field(default_factory=dict)  # level → LevelCount
    recognitions: list = field(default_factory=list)  # Recognition held on 31 December, lowest level first
    held: list[str] = field(default_factory=list)  # the levels of those recognitions (all the map reads of them)
    works_total: int = 0
    works_late: int = 0
    planned: int = 0
    mobilised: int = 0
    last_update: datetime.datetime | None = None
    counts: list = field(default_factory=list)  # LevelCount or None per level column of the dashboard, in order

    @property
    def works_on_track(self) -> int:
        return self.works_total - self.works_late

    @property
    def level_reached(self) -> str | None:
        return level_reached(self.levels)

    @property
    def level_reached_label(self) -> str:
        return level_label(self.level_reached)

    @property
    def recognised_levels(self) -> set[str]:
        return {recognition.level for recognition in self.recognitions} | set(self.held)

    @property
    def best_met(self) -> int:
        return max((count.met for count in self.levels.values()), default=-1)

    @property
    def mobilised_share(self) -> Decimal | None:
        return share(self.mobilised, self.planned, 1)


def level_counts(stored: dict, year: int) -> dict[str, LevelCount]:
    """The summary's `levels` of a row of `year` as counts."""
    return {
        level: LevelCount(
            met=count["met"], total=count["total"], year=year, own_met=count["own"], appraised=count["appraised"]
        )
        for level, count in stored.items()
    }


def level_reached(levels: Mapping[str, LevelCount]) -> str | None:
    """The highest commune level whose every criterion is met, or None."""
    reached = [level for level, count in levels.items() if count.reached]
    return max(reached, key=LEVEL_RANK.__getitem__) if reached else None


def level_label(level: str | None) -> str:
    return SetLevel(level).label if level else ""


def in_chunks(rows: Iterable) -> Iterator[list]:
    """`rows` CHUNK at a time."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# The summary's columns each sort orders by (then by name, then by the unit's id). The criteria
# sort is by the highest level reached, then by the most criteria met at one level; an empty share or last update
# comes lowest.
SORTS = {
    "name": (),
    "criteria": ("reached_rank", "best_met"),
    "late": ("works_late", "works_total"),
    "on_track": ("works_on_track",),
    "mobilised": ("mobilised",),
    "share": ("mobilised_share",),
    "updated": ("last_update",),
}


def _ordering(sort: str) -> list:
    """ORDER BY of a sort ("-mobilised": descending); names compare by code point on every database, as Python
    compares them. Two communes of one name (there are many across the country) come in the order of their ids, a
    column of the summary: ordering by the unit's place in the tree joined every row of the area to its unit a
    second time, a third of the page's database time at 3,321 communes."""
    name = Collate("name_key", "C") if connection.vendor == "postgresql" else F("name_key")
    columns = [F(column) for column in SORTS[sort.lstrip("-")]] + [name]
    if sort.startswith("-"):
        return [*(column.desc(nulls_last=True) for column in columns), "unit_id"]
    return [*(column.asc(nulls_first=True) for column in columns), "unit_id"]


def _recognised_q(recognised: str) -> Q:
    """The rows the recognition filter keeps (see `recognition_filter_choices`)."""
    if recognised == RECOGNISED_ANY:
        return ~Q(recognised="")
    if recognised == RECOGNISED_NONE:
        return Q(recognised="")
    return Q(recognised__contains=f" {recognised} ")


class _CountedPaginator(Paginator):
    """A paginator told its count (read with the level columns), so it does not count again. A page is cut among
    the rows' keys alone, then only its rows are read with their units and parents, still in one query (joining
    every row's unit and parent before the cut took half the page's database time at 3,321 communes)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(self.object_list.select_related("unit__parent").filter(pk__in=keys), number, self)

    @cached_property
    def count(self) -> int:
        return self.known_count


@dataclass
class AreaDashboard:
    year: int
    years: list[int]
    today: datetime.date
    levels: list[str] = field(default_factory=list)  # level columns present this year
    recognised: str = ""  # the recognition filter applied ("" none)
    page: Page | None = None  # the rows shown, when the dashboard is paginated
    count: int = 0  # rows in all, the filter applied
    summary: QuerySet | None = None  # the area's summary rows of the year, filtered and sorted

    @property
    def level_headers(self) -> list[tuple[str, str]]:
        """(short label, full label) of the level columns, in the order of each row's `counts`."""
        return [(LEVEL_SHORT[level], SetLevel(level).label) for level in self.levels]

    @cached_property
    def rows(self) -> list[AreaRow]:
        """The rows shown: the page's when the dashboard is paginated, every row otherwise."""
        return list(self.page) if self.page is not None else list(self.iter_rows())

    def iter_rows(self) -> Iterator[AreaRow]:
        """Every row in order, read CHUNK at a time (the PDF prints them); three queries a chunk."""
        for chunk in in_chunks(self.summary.select_related("unit__parent").iterator(chunk_size=CHUNK)):
            yield from self.rows_of(chunk)

    def rows_of(self, entries: list[AreaSummary]) -> list[AreaRow]:
        """Rows for summary entries, with their parents as in the year, the units merged into them and their
        recognitions: two queries (four when a commune absorbed others, five when one moved)."""
        if not entries:
            return []
        units = [entry.unit for entry in entries]
        load_names(units)
        succession = Succession(units)
        held = defaultdict(list)
        for recognition in Recognition.objects.filter(unit__in=units).as_of(self.year).by_level():
            held[recognition.unit_id].append(recognition)
        rows = []
        for entry in entries:
            row = self._row(entry)
            row.parent_name = parent_name_in(entry.unit, self.year)
            row.merged = [label_in(unit, self.year) for unit in succession.counting_for(entry.unit, self.year)[1:]]
            row.recognitions = held[entry.unit_id]
            rows.append(row)
        return rows

    @cached_property
    def map_rows(self) -> list[MapRow]:
        """Every row with what the map draws (the commune's centroid, its criteria and the levels it holds), in one
        query. A commune without a centroid is only listed under the map, by name: its criteria are not read (at
        3,321 communes, decoding them took about 100 ms)."""
        placed = Q(unit__latitude__isnull=False, unit__longitude__isnull=False)
        drawn = Case(When(placed, then=F("levels")), output_field=JSONField())
        columns = ("unit_id", "unit__latitude", "unit__longitude", "unit__is_demo", "name", "drawn", "recognised")
        return [
            MapRow(
                MappedCommune(pk, latitude, longitude, is_demo),
                name,
                self._levels(levels) if levels else NOTHING_COUNTED,
                recognised,
            )
            for pk, latitude, longitude, is_demo, name, levels, recognised in self.summary.annotate(
                drawn=drawn
            ).values_list(*columns)
        ]

    def _row(self, entry: AreaSummary) -> AreaRow:
        levels = self._levels(entry.levels)
        return AreaRow(
            entry.unit,
            name=entry.name,
            levels=levels,
            held=entry.recognised.split(),
            works_total=entry.works_total,
            works_late=entry.works_late,
            planned=entry.planned,
            mobilised=entry.mobilised,
            last_update=entry.last_update,
            counts=[levels.get(level) for level in self.levels],
        )

    def _levels(self, stored: dict) -> dict[str, LevelCount]:
        return level_counts(stored, self.year)


def _totals(rows, listed, kept: Q, today: datetime.date) -> dict:
    """One query over the area's rows: those the filter `kept` keeps and their level columns; and what tells whether
    the rows must be refreshed first: every row, those counted for a day out of their lateness window, and the
    communes listed (a commune has at most one row a year, so fewer rows than communes means some are missing)."""
    current = Q(late_from__lte=today) & (Q(late_until__isnull=True) | Q(late_until__gt=today))
    communes = listed.order_by().values("level").annotate(number=Count("pk")).values("number")
    present = {level: Count("pk", filter=kept & Q(levels__has_key=level)) for level in COMMUNE_LEVELS}
    return rows.aggregate(
        rows=Count("pk", filter=kept),
        every=Count("pk"),
        stale=Count("pk", filter=~current),
        listed=Max(Subquery(communes)),
        **present,
    )


def build_area_dashboard(
    communes,
    year: int | None = None,
    today: datetime.date | None = None,
    *,
    sort: str = "name",
    page: int | str | None = None,
    per_page: int = PAGE_SIZE,
    recognised: str = "",
) -> AreaDashboard:
    """One row per commune of `communes` (a QuerySet of units, already scoped) listed in the year, sorted by `sort`.

    A year lists the communes in force on its 31 December, named and placed as on that day; a commune formed by a
    merge counts the records of the communes merged into it that had ended by then (`units.reporting`,
    docs/adr/0095). Rows come from the area summary (docs/adr/0066): one query counts the rows, finds the level
    columns and tells whether some of the area's rows are missing or their late count out of date for `today`
    (usually not; otherwise they are refreshed and counted again), and with `page` one query reads the page's rows,
    sorted and cut in SQL for every sort. `recognised` (see `recognition_filter_choices`) keeps the communes by the
    recognitions they hold on the year's 31 December (their own, never those of the communes merged into them,
    ADR 0016), before the page is cut. Without `page` (the export), `rows` and `iter_rows()` read every row.
    """
    today = today or timezone.localdate()
    communes = communes.filter(level=Level.COMMUNE)
    years = record_years(communes)
    year = year or default_year(years, today)
    dashboard = AreaDashboard(year=year, years=menu_years(years, year, today), today=today)
    sort = sort if sort.lstrip("-") in SORTS else "name"
    listed = communes.in_year(year)
    rows = AreaSummary.objects.filter(year=year, unit__in=listed.values("pk"))
    kept = Q()
    if recognised in dict(recognition_filter_choices()) and recognised:
        dashboard.recognised = recognised
        kept = _recognised_q(recognised)
    totals = _totals(rows, listed, kept, today)
    if totals["every"] != totals["listed"] or totals["stale"]:  # rows missing or out of their day: refresh them
        summary_ensure(listed, year, today)
        totals = _totals(rows, listed, kept, today)
    rows = rows.filter(kept)
    dashboard.count = totals["rows"]
    dashboard.levels = [level for level in COMMUNE_LEVELS if totals[level]]
    dashboard.summary = rows.order_by(*_ordering(sort))
    if page is not None:
        paginator = _CountedPaginator(dashboard.summary, per_page, count=dashboard.count)
        dashboard.page = paginator.get_page(page)
        dashboard.page.object_list = dashboard.rows_of(list(dashboard.page.object_list))
    return dashboard
