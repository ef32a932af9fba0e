"""The commune dashboard: what the steering committee reads, in a constant number of queries (about a dozen)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import share
from core.periods import default_year, quarter_of
from criteria.evaluation import AssessmentResult, evaluate_many, latest_per_level
from criteria.models import Assessment, IndicatorKey, IndicatorUnit, IndicatorValue, SetLevel, SetScope, Verdict
from funding.models import MoneyLine
from funding.summary import MobilisationSummary, build_summary
from projects.models import QuarterlyTask, Work, WorkStatus
from projects.task_text import with_task_texts
from units.models import AdministrativeUnit, Level

from ..gaps import gaps_with_works
from .common import LEVEL_RANK

# The two trends the steering committee follows (docs/adr/0062-dashboard-trends.md): income per person and
# the share of households on clean water, read by the indicators' keys (`criteria.models.IndicatorKey`),
# so every set version counts whatever its numbering (17.1 in the NTM sets, 18.1 in the nâng cao sets).
UNIT_SUFFIX = {
    IndicatorUnit.PERCENT: "%",
    IndicatorUnit.MILLION_VND: _("triệu đồng/người/năm"),
    IndicatorUnit.M2_PER_PERSON: _("m²/người"),
}


# ---------------------------------------------------------------------------------------- dataclasses


@dataclass
class LevelStatus:
    """Criteria met at one level the commune works toward, from its latest assessment up to the year."""

    level: str
    result: AssessmentResult

    @property
    def label(self) -> str:
        return SetLevel(self.level).label

    @property
    def year(self) -> int:
        return self.result.year

    @property
    def met_count(self) -> int:
        return self.result.met_count

    @property
    def total(self) -> int:
        return self.result.total

    @property
    def level_reached(self) -> bool:
        return self.result.level_reached

    @property
    def not_assessed_count(self) -> int:
        return sum(1 for criterion in self.result.criteria if criterion.verdict == Verdict.NOT_ASSESSED)


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


@dataclass
class GapRow:
    """An indicator falling short, by how much, and the works that address its criterion."""

    level_label: str
    criterion_number: int
    criterion_name: str
    code: str
    content: str
    unit: str
    comparator: str
    target: Decimal | None
    target_text: str
    target_verified: bool
    value: Decimal | bool | None
    shortfall: Decimal | None
    works: list[WorkItem] = field(default_factory=list)
    unit_suffix: str = ""  # "%", "triệu đồng/người/năm" … after a number; nothing for yes/no


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
        return bool(self.result and self.result.level_reached)


@dataclass
class TrendPoint:
    year: int
    value: Decimal
    as_of: datetime.date | None = None


@dataclass
class Trend:
    key: str
    label: str
    unit_label: str
    points: list[TrendPoint] = field(default_factory=list)
    target: Decimal | None = None


@dataclass
class CommuneDashboard:
    commune: AdministrativeUnit
    year: int
    years: list[int]
    today: datetime.date
    quarter: int
    levels: list[LevelStatus] = field(default_factory=list)
    gaps: list[GapRow] = field(default_factory=list)
    works: list[WorkItem] = field(default_factory=list)
    works_by_status: list[StatusCount] = field(default_factory=list)
    money: MobilisationSummary | None = None
    tasks_this_quarter: list = field(default_factory=list)
    tasks_overdue: list = field(default_factory=list)
    villages: list[VillageRow] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)

    @property
    def warnings(self):
        return self.money.warnings if self.money else []

    @property
    def late_works(self) -> list[WorkItem]:
        return [work for work in self.works if work.is_late]

    @property
    def is_empty(self) -> bool:
        """No data at all for this commune: the page explains how to start instead of showing empty tables."""
        return not self.years


# -------------------------------------------------------------------------------------- commune dashboard


def build_commune_dashboard(commune, year: int | None = None, today: datetime.date | None = None):
    """Everything the commune's steering committee reads, in a constant number of queries (about a dozen)."""
    today = today or timezone.localdate()
    years = data_years(commune)
    year = year or default_year(years, today)
    dashboard = CommuneDashboard(
        commune=commune, year=year, years=sorted(set(years) | {year}, reverse=True), today=today, quarter=1
    )
    dashboard.years = dashboard.years if years else []
    dashboard.quarter = quarter_of(today) if year == today.year else (4 if year < today.year else 1)
    villages = list(commune.children.filter(level=Level.VILLAGE).order_by("name"))
    levels, village_results = _assessments(commune, villages, year)
    dashboard.levels = levels
    dashboard.works = _works(commune, year, today)
    dashboard.works_by_status = _status_counts(dashboard.works)
    dashboard.gaps = _gaps(levels, dashboard.works)
    dashboard.money = build_summary(commune, year)
    dashboard.tasks_this_quarter, dashboard.tasks_overdue = _tasks(commune, year, dashboard.quarter, today)
    dashboard.villages = [VillageRow(village, village_results.get(village.pk)) for village in villages]
    dashboard.trends = _trends(commune)
    return dashboard


def data_years(commune) -> list[int]:
    """Every year the commune (or one of its villages) has records for; one query."""
    within = commune.path
    queries = [
        Assessment.objects.filter(unit__path__startswith=within).values_list("year").order_by(),
        MoneyLine.objects.filter(commune=commune).values_list("year").order_by(),
        QuarterlyTask.objects.filter(commune=commune).values_list("year").order_by(),
        Work.objects.filter(commune=commune).values_list("planned_start_year").order_by(),
        Work.objects.filter(commune=commune, planned_end_year__isnull=False).values_list("planned_end_year").order_by(),
    ]
    union = queries[0].union(*queries[1:])
    return sorted({row[0] for row in union}, reverse=True)


def _assessments(commune, villages, year):
    """Commune levels and village "kiểu mẫu" results up to `year`: six queries for the commune and villages."""
    assessments = (
        Assessment.objects.filter(unit__path__startswith=commune.path, year__lte=year)
        .filter(
            Q(unit=commune, criteria_set__scope=SetScope.COMMUNE) | Q(criteria_set__level=SetLevel.THON_NTM_KIEU_MAU)
        )
        .select_related("unit", "criteria_set")
    )
    results = evaluate_many(latest_per_level(assessments))
    levels = sorted(
        (LevelStatus(result.criteria_set.level, result) for result in results if result.unit.pk == commune.pk),
        key=lambda status: LEVEL_RANK[status.level],
    )
    village_ids = {village.pk for village in villages}
    village_results = {result.unit.pk: result for result in results if result.unit.pk in village_ids}
    return levels, village_results


def _works(commune, year: int, today: datetime.date) -> list[WorkItem]:
    """Works running in the year, late ones first; one query (works with their latest progress)."""
    late_ids = Work.objects.filter(commune=commune).late(today).values("pk")
    works = list(
        Work.objects.filter(commune=commune)
        .for_year(year)
        .with_latest_progress()
        .annotate(is_late=ExpressionWrapper(Q(pk__in=late_ids), output_field=BooleanField()))
        .select_related("village")
    )
    items = [
        WorkItem(
            pk=work.pk,
            code=work.code,
            name=work.name,
            status=work.status,
            status_label=work.get_status_display(),
            village=work.village.name if work.village else "",
            total_investment=work.total_investment,
            total_investment_qualifier=work.total_investment_qualifier,
            planned_end_label=work.planned_end_label,
            percent=work.latest_percent,
            last_progress=work.latest_date,
            is_late=bool(work.is_late),
        )
        for work in works
    ]
    order = {status: rank for rank, status in enumerate(WorkStatus.values)}
    return sorted(items, key=lambda item: (not item.is_late, order[item.status], item.code))


def _status_counts(works: list[WorkItem]) -> list[StatusCount]:
    counts = defaultdict(int)
    for work in works:
        counts[work.status] += 1
    return [StatusCount(status, label, counts[status]) for status, label in WorkStatus.choices]


def _gaps(levels: list[LevelStatus], works: list[WorkItem]) -> list[GapRow]:
    """Indicators not met, with the year's works linked to the same criterion (`reports.gaps`); one query."""
    labels = {status.result.assessment.pk: status.label for status in levels}
    rows = []
    for row in gaps_with_works([status.result for status in levels], works):
        gap, item = row.gap, row.gap.result
        rows.append(
            GapRow(
                level_label=labels[row.result.assessment.pk],
                criterion_number=gap.criterion.number,
                criterion_name=gap.criterion.name,
                code=gap.indicator.code,
                content=gap.indicator.content,
                unit=gap.indicator.get_unit_display(),
                comparator=gap.indicator.get_comparator_display(),
                target=gap.target.value,
                target_text=gap.target.text,
                target_verified=gap.target.verified,
                value=item.display_percent if item.display_percent is not None else item.measured,
                shortfall=gap.shortfall,
                works=row.works,
                unit_suffix=UNIT_SUFFIX.get(gap.indicator.unit, ""),
            )
        )
    return rows


def _tasks(commune, year: int, quarter: int, today: datetime.date):
    """This quarter's tasks and every open task past its date (any year up to this one), their texts filled:
    one query, six more when a text quotes an indicator."""
    tasks = with_task_texts(
        QuarterlyTask.objects.filter(commune=commune, year__lte=year)
        .with_overdue(today)
        .filter(Q(year=year, quarter=quarter) | Q(is_overdue=True))
        .select_related("work")
        .order_by("year", "quarter", "position", "id")
    )
    this_quarter = [task for task in tasks if task.year == year and task.quarter == quarter]
    overdue = [task for task in tasks if task.is_overdue]
    return this_quarter, overdue


def _trends(commune) -> list[Trend]:
    """Income per person and households on clean water, one point per year; one query."""
    rows = (
        IndicatorValue.objects.filter(assessment__unit=commune)
        .filter(indicator__key__in=[IndicatorKey.INCOME, IndicatorKey.CLEAN_WATER])
        .values(
            "assessment__year",
            "assessment__criteria_set__level",
            "indicator__key",
            "indicator__target_value",
            "value_number",
            "numerator",
            "denominator",
            "as_of",
        )
    )
    income = Trend("income", _("Thu nhập bình quân đầu người"), _("triệu đồng/người/năm"))
    water = Trend("water", _("Tỷ lệ hộ sử dụng nước sạch"), "%")
    chosen: dict = {}
    for row in rows:
        trend = income if row["indicator__key"] == IndicatorKey.INCOME else water
        if row["numerator"] is not None and row["denominator"]:
            value = share(row["numerator"], row["denominator"])
        else:
            value = row["value_number"]
        if value is None:
            continue
        # Two sets of one year may both hold the figure: the higher level's (stricter wording) is kept.
        rank = LEVEL_RANK.get(row["assessment__criteria_set__level"], 0)
        key = (trend.key, row["assessment__year"])
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, trend, TrendPoint(row["assessment__year"], value, row["as_of"]))
            if trend is water and row["indicator__target_value"] is not None:
                water.target = row["indicator__target_value"]
    for _rank, trend, point in sorted(chosen.values(), key=lambda item: item[2].year):
        trend.points.append(point)
    return [income, water]
