"""The area dashboard: one row per commune for the coordination office, from aggregate queries.

Its criteria and money figures come from the SQL twins of the apps' rules (`criteria.aggregates`,
`funding.aggregates`; docs/adr/0060-area-dashboard-aggregates-in-sql.md), so a page of 50 communes costs
the same whatever the size of the area.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from core.money import share
from core.periods import default_year, menu_years
from criteria.aggregates import criteria_counts
from criteria.models import RECOGNISED_AS, Assessment, Recognition, SetLevel
from funding.aggregates import money_totals
from funding.models import MoneyLine
from projects.models import QuarterlyTask, Work
from units.models import AdministrativeUnit, Level
from units.reporting import Succession, label_in, load_names, name_in, parent_name_in

from .common import COMMUNE_LEVELS, LEVEL_RANK, LEVEL_SHORT

PAGE_SIZE = 50
# The recognition filter: "" every commune, "yes" those holding a recognition, "no" the others, or a level code.
RECOGNISED_ANY, RECOGNISED_NONE = "yes", "no"


def recognition_filter_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Tất cả")),
        (RECOGNISED_ANY, _("Đã có quyết định công nhận")),
        (RECOGNISED_NONE, _("Chưa có quyết định công nhận")),
        *((level, _("Đã công nhận %(level)s") % {"level": RECOGNISED_AS[level]}) for level in COMMUNE_LEVELS),
    ]


def _matches(row: "AreaRow", recognised: str) -> bool:
    if recognised == RECOGNISED_ANY:
        return bool(row.recognitions)
    if recognised == RECOGNISED_NONE:
        return not row.recognitions
    return recognised in row.recognised_levels


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


@dataclass
class AreaRow:
    commune: AdministrativeUnit
    name: str = ""  # as in the dashboard's year ("Quảng Giao" in 2024)
    parent_name: str = ""  # the unit above, as in that year ("huyện Quảng Xương" in 2024, "tỉnh Thanh Hóa" in 2026)
    merged: list[str] = field(default_factory=list)  # the units merged into it whose records of the year count
    levels: dict = field(default_factory=dict)  # level → LevelCount
    recognitions: list = field(default_factory=list)  # Recognition held on 31 December, lowest level first
    works_total: int = 0
    works_late: int = 0
    planned: int = 0
    mobilised: int = 0
    last_update: datetime.datetime | None = None
    filled: bool = False  # figures computed (rows off the page shown are left without)
    counts: list = field(default_factory=list)  # LevelCount or None per level column of the dashboard, in order

    @property
    def works_on_track(self) -> int:
        return self.works_total - self.works_late

    @property
    def level_reached(self) -> str | None:
        """The highest commune level whose every criterion is met, or None."""
        reached = [level for level, count in self.levels.items() if count.reached]
        return max(reached, key=LEVEL_RANK.__getitem__) if reached else None

    @property
    def level_reached_label(self) -> str:
        return SetLevel(self.level_reached).label if self.level_reached else ""

    @property
    def recognised_levels(self) -> set[str]:
        return {recognition.level for recognition in self.recognitions}

    @property
    def best_met(self) -> int:
        return max((count.met for count in self.levels.values()), default=-1)

    @property
    def mobilised_share(self) -> Decimal | None:
        return share(self.mobilised, self.planned, 1)


SORTS = {
    "name": lambda row: (row.name.lower(),),
    "criteria": lambda row: (LEVEL_RANK.get(row.level_reached, -1), row.best_met),
    "late": lambda row: (row.works_late, row.works_total),
    "on_track": lambda row: (row.works_on_track,),
    "mobilised": lambda row: (row.mobilised,),
    "share": lambda row: (row.mobilised_share if row.mobilised_share is not None else Decimal(-1),),
    "updated": lambda row: (row.last_update or datetime.datetime.min.replace(tzinfo=datetime.UTC),),
}


@dataclass
class AreaDashboard:
    year: int
    years: list[int]
    today: datetime.date
    rows: list[AreaRow] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)  # level columns present this year
    recognised: str = ""  # the recognition filter applied ("" none)

    page: Page | None = None  # the rows shown, when the dashboard is paginated

    @property
    def level_headers(self) -> list[tuple[str, str]]:
        """(short label, full label) of the level columns, in the order of each row's `counts`."""
        return [(LEVEL_SHORT[level], SetLevel(level).label) for level in self.levels]


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
    docs/adr/0095). With `page` (the page shown), only that page's communes get their figures when the sort is
    by name, so a page costs the same whatever the number of communes; any other sort needs every commune's
    figures first. Without `page` (the export), every row has its figures. Each row carries the recognitions its
    commune holds on the year's 31 December (its own, never those of the communes merged into it, ADR 0016), read
    for every listed commune so that `recognised` (see `recognition_filter_choices`) filters before the page is
    cut. Nine queries in all, eleven when a commune of the page absorbed others (twelve when a unit moved).
    """
    today = today or timezone.localdate()
    communes = communes.filter(level=Level.COMMUNE)
    years = area_years(communes)
    year = year or default_year(years, today)
    dashboard = AreaDashboard(year=year, years=menu_years(years, year, today), today=today)
    sort = sort if sort.lstrip("-") in SORTS else "name"
    descending = sort.startswith("-")
    listed = list(communes.in_year(year).select_related("parent"))
    load_names(listed)
    held = defaultdict(list)
    for recognition in Recognition.objects.filter(unit__in=communes.in_year(year).values("pk")).as_of(year).by_level():
        held[recognition.unit_id].append(recognition)
    rows = [
        AreaRow(c, name=name_in(c, year), parent_name=parent_name_in(c, year), recognitions=held[c.pk]) for c in listed
    ]
    if recognised in dict(recognition_filter_choices()) and recognised:
        dashboard.recognised = recognised
        rows = [row for row in rows if _matches(row, recognised)]
    rows = sorted(rows, key=SORTS["name"], reverse=descending)
    if sort.lstrip("-") != "name" or page is None:
        _fill_rows(rows, year, today)
        rows = sorted(rows, key=SORTS[sort.lstrip("-")], reverse=descending)
    if page is not None:
        dashboard.page = Paginator(rows, per_page).get_page(page)
        _fill_rows([row for row in dashboard.page if not row.filled], year, today)
    dashboard.rows = rows
    present = {level for row in rows for level in row.levels}
    dashboard.levels = [level for level in COMMUNE_LEVELS if level in present]
    for row in rows:
        row.counts = [row.levels.get(level) for level in dashboard.levels]
    return dashboard


def _fill_rows(rows: list, year: int, today: datetime.date):
    """Criteria, money, works and last update for these rows: four aggregate queries (and two to read the merges
    when a commune absorbed others). Works, money and updates of the communes merged into a row add up to it;
    criteria are the row's own: verdicts are never added across units."""
    if not rows:
        return
    succession = Succession(row.commune for row in rows)
    by_id, owner = {}, {}
    for row in rows:
        row.filled = True
        by_id[row.commune.pk] = row
        units = succession.counting_for(row.commune, year)
        owner.update((unit.pk, row) for unit in units)
        row.merged = [label_in(unit, year) for unit in units[1:]]
    ids = AdministrativeUnit.objects.filter(pk__in=list(by_id)).values("pk")
    counted = AdministrativeUnit.objects.filter(pk__in=list(owner)).values("pk")
    for count in criteria_counts(ids, year):
        by_id[count.unit_id].levels[count.level] = LevelCount(
            met=count.counted_met, total=count.total, year=year, own_met=count.met, appraised=count.appraised
        )
    for total in money_totals(counted, year):
        owner[total.commune_id].planned += total.planned
        owner[total.commune_id].mobilised += total.mobilised
    late_ids = Work.objects.filter(commune__in=counted).late(today).values("pk")
    works = (
        Work.objects.filter(commune__in=counted)
        .reported_in(year)
        .values("commune_id")
        .annotate(total=Count("id"), late=Count("id", filter=Q(pk__in=late_ids)))
        .order_by()
    )
    for row in works:
        owner[row["commune_id"]].works_total += row["total"]
        owner[row["commune_id"]].works_late += row["late"]
    # The last change to the commune's records: the commune itself and its accounts (the units app) are not
    # records of its programme; a commune only set up has no last update.
    changes = AuditEntry.objects.filter(commune__in=counted).exclude(content_type__app_label="units")
    updates = changes.values("commune_id").annotate(last=Max("at")).order_by()
    for row in updates:
        area_row = owner[row["commune_id"]]
        area_row.last_update = max(filter(None, (area_row.last_update, row["last"])))


def area_years(communes) -> list[int]:
    """Years with assessments, money or tasks anywhere among `communes`; one query."""
    ids = communes.values("pk")
    union = (
        Assessment.objects.filter(unit__in=ids)
        .values_list("year")
        .order_by()
        .union(
            MoneyLine.objects.filter(commune__in=ids).values_list("year").order_by(),
            QuarterlyTask.objects.filter(commune__in=ids).values_list("year").order_by(),
        )
    )
    return sorted({row[0] for row in union}, reverse=True)
