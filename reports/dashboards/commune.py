"""The commune dashboard: what the steering committee reads, in a constant number of queries (about a dozen).

Across a merge (docs/adr/0095): for a year the commune existed in, its works, money and tasks include those of
the communes merged into it that had ended by the year's end (`units.reporting.YearScope`); for a year before it
began, the page shows each of those communes under its name of that year, on its own or combined where the user
asks. Criteria verdicts are always each unit's own.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from core.periods import default_year, menu_years, quarter_label, quarter_of
from criteria.models import Assessment, Recognition
from criteria.results import AssessmentResult
from funding.models import MoneyLine
from funding.summary import MobilisationSummary, build_year_summaries
from projects.models import QuarterlyTask, Work, WorkStatus
from projects.task_text import with_task_texts
from units.models import AdministrativeUnit, Level
from units.reporting import YearScope, label_in, year_scope

from .commune_gaps import GapRow, gap_rows
from .commune_levels import LevelStatus, levels_of, recognitions_held
from .trends import Trend, trends_of

# What a work item reads of a work and its latest progress (`_works`).
WORK_FIELDS = (
    "pk",
    "code",
    "name",
    "status",
    "village__name",
    "total_investment",
    "total_investment_qualifier",
    "planned_end_quarter",
    "planned_end_year",
    "latest_percent",
    "latest_date",
    "is_late",
    "commune_id",
)

# ---------------------------------------------------------------------------------------- dataclasses


@dataclass
class WorkItem:
    pk: int
    code: str
    name: str
    status: str
    status_label: str
    village: str
    total_investment: int | None
    total_investment_qualifier: str
    planned_end_label: str
    percent: Decimal | None
    last_progress: datetime.date | None
    is_late: bool
    commune_id: int = 0
    owner: str = ""  # the commune merged away whose work it is ("xã Quảng Giao (đến 30/06/2025)")


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class VillageRow:
    village: AdministrativeUnit
    result: AssessmentResult | None

    @property
    def reached(self) -> bool:
        return bool(self.result and self.result.counted.level_reached)


@dataclass
class PartFigures:
    """A commune merged into this one, for a year before the merge: its own figures, under its name of that year."""

    unit: AdministrativeUnit
    label: str
    levels: list[LevelStatus] = field(default_factory=list)
    recognitions: list[Recognition] = field(default_factory=list)  # its own titles: never passed to its successor
    works: list[WorkItem] = field(default_factory=list)
    money: MobilisationSummary | None = None
    tasks_this_quarter: list = field(default_factory=list)
    tasks_overdue: list = field(default_factory=list)

    @property
    def works_by_status(self) -> list[StatusCount]:
        return _status_counts(self.works)

    @property
    def late_works(self) -> list[WorkItem]:
        return [work for work in self.works if work.is_late]

    @property
    def is_empty(self) -> bool:
        """No work, money or task of the year (its criteria are shown apart)."""
        money = self.money is not None and not self.money.is_empty
        return not (self.works or money or self.tasks_this_quarter or self.tasks_overdue)


@dataclass
class CommuneDashboard:
    commune: AdministrativeUnit
    year: int
    years: list[int]
    today: datetime.date
    quarter: int
    levels: list[LevelStatus] = field(default_factory=list)
    recognitions: list[Recognition] = field(default_factory=list)  # recorded decisions held in the year
    gaps: list[GapRow] = field(default_factory=list)
    works: list[WorkItem] = field(default_factory=list)
    works_by_status: list[StatusCount] = field(default_factory=list)
    money: MobilisationSummary | None = None
    tasks_this_quarter: list = field(default_factory=list)
    tasks_overdue: list = field(default_factory=list)
    villages: list[VillageRow] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)
    scope: YearScope | None = None
    parts: list[PartFigures] = field(default_factory=list)  # a year before the commune began: its predecessors
    combined: bool = False  # those predecessors' works, money and tasks shown added up
    successors: list[AdministrativeUnit] = field(default_factory=list)  # where an ended commune's records went

    @property
    def before_start(self) -> bool:
        return bool(self.scope and self.scope.before_start)

    @property
    def merged_labels(self) -> list[str]:
        """The communes merged into this one whose records of the year the page counts."""
        return self.scope.merged_labels if self.scope else []

    @property
    def warnings(self):
        return self.money.warnings if self.money else []

    @property
    def late_works(self) -> list[WorkItem]:
        return [work for work in self.works if work.is_late]

    @property
    def gaps_appraised(self) -> bool:
        """Some gap comes from an appraisal: the gaps table shows the self-assessment and the appraisal side by side."""
        return any(gap.appraised for gap in self.gaps)

    @property
    def is_empty(self) -> bool:
        """No data at all for this commune: the page explains how to start instead of showing empty tables."""
        return not self.years


# -------------------------------------------------------------------------------------- commune dashboard


def build_commune_dashboard(
    commune, year: int | None = None, today: datetime.date | None = None, *, combined: bool = False
):
    """Everything the commune's steering committee reads, in a constant number of queries (about a dozen; two
    more when communes were merged into it, one more when it has ended)."""
    today = today or timezone.localdate()
    years = data_years(commune)
    year = year or default_year(years, today)
    choices = menu_years(years, year, today, exists_this_year=commune.existed_in(today.year))
    dashboard = CommuneDashboard(commune=commune, year=year, years=choices, today=today, quarter=1)
    dashboard.years = dashboard.years if years else []
    dashboard.quarter = quarter_of(today) if year == today.year else (4 if year < today.year else 1)
    dashboard.scope, dashboard.combined = year_scope(commune, year), combined
    parts = dashboard.scope.parts
    owners = _owners(dashboard.scope)
    units = dashboard.scope.units
    villages = list(commune.children.filter(level=Level.VILLAGE).order_by("name"))
    forerunners = [part.unit for part in parts] if dashboard.before_start else []
    levels, village_results, part_levels = levels_of(commune, villages, year, forerunners)
    recognitions = recognitions_held([commune, *forerunners], year)
    by_level = {(r.unit_id, r.level): r for r in recognitions}
    for status in [*levels, *(status for statuses in part_levels.values() for status in statuses)]:
        status.recognition = by_level.get((status.result.unit.pk, status.level))
    dashboard.levels = levels
    dashboard.recognitions = [r for r in recognitions if r.unit_id == commune.pk]
    dashboard.works = _works(units, year, today, owners)
    dashboard.works_by_status = _status_counts(dashboard.works)
    dashboard.gaps = gap_rows(levels, dashboard.works)
    dashboard.money, summaries = build_year_summaries(dashboard.scope)
    dashboard.tasks_this_quarter, dashboard.tasks_overdue = _tasks(units, year, dashboard.quarter, today)
    if dashboard.before_start:
        dashboard.parts = [
            _part_figures(part, part_levels.get(part.unit.pk, []), summary, dashboard)
            for part, summary in zip(parts, summaries, strict=True)
        ]
        for part in dashboard.parts:
            part.recognitions = [r for r in recognitions if r.unit_id == part.unit.pk]
    dashboard.villages = [VillageRow(village, village_results.get(village.pk)) for village in villages]
    dashboard.trends = trends_of(commune)
    if commune.dissolved_on is not None:
        dashboard.successors = list(AdministrativeUnit.objects.successors_of(commune).order_by("name"))
    return dashboard


def _owners(scope: YearScope) -> dict[int, str]:
    """Whose each record is, by commune id: a merged commune's label; nothing for the commune's own records."""
    if scope.before_start:
        return {unit.pk: part.label for part in scope.parts for unit in part.units}
    return {unit.pk: label_in(unit, scope.year) for part in scope.parts for unit in part.merged}


def _part_figures(part, levels, summary, dashboard) -> PartFigures:
    """One predecessor's share of the records already read for the page (no query)."""
    ids = {unit.pk for unit in part.units}
    return PartFigures(
        unit=part.unit,
        label=part.label,
        levels=levels,
        works=[work for work in dashboard.works if work.commune_id in ids],
        money=summary,
        tasks_this_quarter=[task for task in dashboard.tasks_this_quarter if task.commune_id in ids],
        tasks_overdue=[task for task in dashboard.tasks_overdue if task.commune_id in ids],
    )


def data_years(commune) -> list[int]:
    """Every year the commune, one of its villages or a commune merged into it has records for; one query."""
    queries = [
        Assessment.objects.within(commune).values_list("year").order_by(),
        MoneyLine.objects.within(commune).values_list("year").order_by(),
        QuarterlyTask.objects.within(commune).values_list("year").order_by(),
        Work.objects.within(commune).values_list("planned_start_year").order_by(),
        Work.objects.within(commune).filter(planned_end_year__isnull=False).values_list("planned_end_year").order_by(),
    ]
    union = queries[0].union(*queries[1:])
    return sorted({row[0] for row in union}, reverse=True)


def _works(units, year: int, today: datetime.date, owners: dict[int, str]) -> list[WorkItem]:
    """Works the year reports (`reported_in`), late ones first; one query (works with their latest progress), read
    as plain values."""
    rows = (
        Work.objects.filter(commune__in=units)
        .reported_in(year)
        .with_latest_progress()
        .with_lateness(today)
        .values(*WORK_FIELDS)
    )
    items = [
        WorkItem(
            pk=work["pk"],
            code=work["code"],
            name=work["name"],
            status=work["status"],
            status_label=str(WorkStatus(work["status"]).label),
            village=work["village__name"] or "",
            total_investment=work["total_investment"],
            total_investment_qualifier=work["total_investment_qualifier"],
            planned_end_label=quarter_label(work["planned_end_quarter"], work["planned_end_year"]),
            percent=work["latest_percent"],
            last_progress=work["latest_date"],
            is_late=bool(work["is_late"]),
            commune_id=work["commune_id"],
            owner=owners.get(work["commune_id"], ""),
        )
        for work in rows
    ]
    order = {status: rank for rank, status in enumerate(WorkStatus.values)}
    return sorted(items, key=lambda item: (not item.is_late, order[item.status], item.code))


def _status_counts(works: list[WorkItem]) -> list[StatusCount]:
    counts = defaultdict(int)
    for work in works:
        counts[work.status] += 1
    return [StatusCount(status, label, counts[status]) for status, label in WorkStatus.choices]


def _tasks(units, year: int, quarter: int, today: datetime.date):
    """This quarter's tasks and every open task past its date (any year up to this one), their texts filled:
    one query, six more when a text quotes an indicator."""
    tasks = with_task_texts(
        QuarterlyTask.objects.filter(commune__in=units, year__lte=year)
        .with_overdue(today)
        .filter(Q(year=year, quarter=quarter) | Q(is_overdue=True))
        .order_by("year", "quarter", "position", "id")
    )
    this_quarter = [task for task in tasks if task.year == year and task.quarter == quarter]
    overdue = [task for task in tasks if task.is_overdue]
    return this_quarter, overdue
