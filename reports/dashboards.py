"""Dashboards: builders that return plain dataclasses from a constant number of queries.

- `build_commune_dashboard(commune, year=None, today=None) -> CommuneDashboard`: the steering committee's
  page (criteria met per level, the indicators falling short with the works linked to them, works, money,
  tasks, villages on the way to "kiểu mẫu", trends, consistency warnings). It reads the other apps' public
  APIs (`criteria.evaluation.evaluate_many`, `funding.summary.build_summary`, the projects QuerySets).
- `build_area_dashboard(communes, year=None, today=None) -> AreaDashboard`: one row per commune for the
  coordination office. Its figures come from three aggregate queries over all communes at once
  (docs/adr/0060-area-dashboard-aggregates-in-sql.md): the criteria verdicts and the funding figure rule
  are restated in SQL there, and tests hold them equal to `criteria.evaluation` and `funding.summary`.

Nothing here writes, and nothing is stored: every figure is computed from the records when asked.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from core.money import share
from criteria.evaluation import AssessmentResult, evaluate_many
from criteria.models import (
    Assessment,
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    IndicatorYearTarget,
    SetLevel,
    SetScope,
    Verdict,
)
from funding.models import MoneyLine, Stage
from funding.summary import MobilisationSummary, build_summary
from projects.models import OPEN_WORK_STATUSES, QuarterlyTask, Work, WorkStatus, quarter_of
from units.models import AdministrativeUnit, Level

COMMUNE_LEVELS = [SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO, SetLevel.XA_NTM_KIEU_MAU]
LEVEL_SHORT = {
    SetLevel.XA_NTM: _("NTM"),
    SetLevel.XA_NTM_NANG_CAO: _("NTM nâng cao"),
    SetLevel.XA_NTM_KIEU_MAU: _("NTM kiểu mẫu"),
}
LEVEL_RANK = {level: rank for rank, level in enumerate(SetLevel.values)}
PAGE_SIZE = 50

# The two trends the steering committee follows (docs/adr/0062-dashboard-trends.md): income per person
# (criterion 10, in million đồng) and the share of households on clean water, matched by wording across
# set versions (17.1 in the NTM sets, 18.1 "từ hệ thống cấp nước tập trung" in the nâng cao sets).
UNIT_SUFFIX = {
    IndicatorUnit.PERCENT: "%",
    IndicatorUnit.MILLION_VND: _("triệu đồng/người/năm"),
    IndicatorUnit.M2_PER_PERSON: _("m²/người"),
}
INCOME_CRITERION = 10
WATER_PREFIX = "Tỷ lệ hộ được sử dụng nước sạch"


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
    criterion_numbers: list[int] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_WORK_STATUSES


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

    @property
    def quarter_year(self) -> int:
        return self.year


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


def default_year(years: list[int], today: datetime.date) -> int:
    """This year when there is data for it, otherwise the latest year with data (or this year when none)."""
    if not years or today.year in years:
        return today.year
    earlier = [year for year in years if year <= today.year]
    return max(earlier) if earlier else min(years)


def _pick_latest(assessments):
    """The assessment to show per (unit, level): the latest year, then the latest set version."""
    chosen = {}
    for assessment in assessments:
        key = (assessment.unit_id, assessment.criteria_set.level)
        rank = (assessment.year, assessment.criteria_set.valid_from or datetime.date.min, assessment.pk)
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, assessment)
    return [assessment for _rank, assessment in chosen.values()]


def _assessments(commune, villages, year):
    """Commune levels and village "kiểu mẫu" results up to `year`: six queries for the commune and villages."""
    assessments = (
        Assessment.objects.filter(unit__path__startswith=commune.path, year__lte=year)
        .filter(
            Q(unit=commune, criteria_set__scope=SetScope.COMMUNE) | Q(criteria_set__level=SetLevel.THON_NTM_KIEU_MAU)
        )
        .select_related("unit", "criteria_set")
    )
    results = evaluate_many(_pick_latest(assessments))
    levels = sorted(
        (LevelStatus(result.criteria_set.level, result) for result in results if result.unit.pk == commune.pk),
        key=lambda status: LEVEL_RANK[status.level],
    )
    village_ids = {village.pk for village in villages}
    village_results = {result.unit.pk: result for result in results if result.unit.pk in village_ids}
    return levels, village_results


def _works(commune, year: int, today: datetime.date) -> list[WorkItem]:
    """Works running in the year, late ones first; two queries (works with progress, their criteria)."""
    late_ids = Work.objects.filter(commune=commune).late(today).values("pk")
    works = list(
        Work.objects.filter(commune=commune)
        .for_year(year)
        .with_latest_progress()
        .annotate(is_late=ExpressionWrapper(Q(pk__in=late_ids), output_field=BooleanField()))
        .select_related("village")
    )
    links = defaultdict(set)
    for work_id, number in Work.criteria.through.objects.filter(work__in=[work.pk for work in works]).values_list(
        "work_id", "criterion__number"
    ):
        links[work_id].add(number)
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
            criterion_numbers=sorted(links[work.pk]),
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
    """Indicators not met, with the works linked to the same criterion number (across set versions)."""
    by_number = defaultdict(list)
    for work in works:
        for number in work.criterion_numbers:
            by_number[number].append(work)
    rows = []
    for status in levels:
        for criterion in status.result.criteria:
            for item in criterion.indicators:
                if item.verdict != Verdict.NOT_MET:
                    continue
                rows.append(
                    GapRow(
                        level_label=status.label,
                        criterion_number=criterion.criterion.number,
                        criterion_name=criterion.criterion.name,
                        code=item.indicator.code,
                        content=item.indicator.content,
                        unit=item.indicator.get_unit_display(),
                        comparator=item.indicator.get_comparator_display(),
                        target=item.target.value,
                        target_text=item.target.text,
                        target_verified=item.target.verified,
                        value=item.display_percent if item.display_percent is not None else item.measured,
                        shortfall=item.shortfall,
                        works=by_number.get(criterion.criterion.number, []),
                        unit_suffix=UNIT_SUFFIX.get(item.indicator.unit, ""),
                    )
                )
    return rows


def _tasks(commune, year: int, quarter: int, today: datetime.date):
    """This quarter's tasks and every open task past its date (any year up to this one): one query."""
    tasks = list(
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
    income_q = Q(indicator__criterion__number=INCOME_CRITERION, indicator__unit=IndicatorUnit.MILLION_VND)
    water_q = Q(indicator__unit=IndicatorUnit.PERCENT, indicator__content__istartswith=WATER_PREFIX)
    rows = (
        IndicatorValue.objects.filter(assessment__unit=commune)
        .filter(income_q | water_q)
        .values(
            "assessment__year",
            "assessment__criteria_set__level",
            "indicator__unit",
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
        trend = income if row["indicator__unit"] == IndicatorUnit.MILLION_VND else water
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


# ----------------------------------------------------------------------------------------- area dashboard


@dataclass
class LevelCount:
    met: int
    total: int
    year: int

    @property
    def reached(self) -> bool:
        return self.total > 0 and self.met == self.total


@dataclass
class AreaRow:
    commune: AdministrativeUnit
    levels: dict = field(default_factory=dict)  # level → LevelCount
    works_total: int = 0
    works_late: int = 0
    planned: int = 0
    mobilised: int = 0
    last_update: datetime.datetime | None = None
    filled: bool = False  # figures computed (rows off the page shown are left without)

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
    def best_met(self) -> int:
        return max((count.met for count in self.levels.values()), default=-1)

    @property
    def mobilised_share(self) -> Decimal | None:
        return share(self.mobilised, self.planned, 1)

    def count_for(self, level: str) -> LevelCount | None:
        return self.levels.get(level)


SORTS = {
    "ten": lambda row: (row.commune.name.lower(),),
    "tieu_chi": lambda row: (LEVEL_RANK.get(row.level_reached, -1), row.best_met),
    "cham": lambda row: (row.works_late, row.works_total),
    "dung_tien_do": lambda row: (row.works_on_track,),
    "huy_dong": lambda row: (row.mobilised,),
    "ty_le": lambda row: (row.mobilised_share if row.mobilised_share is not None else Decimal(-1),),
    "cap_nhat": lambda row: (row.last_update or datetime.datetime.min.replace(tzinfo=datetime.UTC),),
}


@dataclass
class AreaDashboard:
    year: int
    years: list[int]
    today: datetime.date
    rows: list[AreaRow] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)  # level columns present this year

    @property
    def level_columns(self) -> list[tuple[str, str]]:
        return [(level, SetLevel(level).label) for level in self.levels]

    @property
    def level_headers(self) -> list[tuple[str, str, str]]:
        """(level, short label, full label) for the page's column headers."""
        return [(level, LEVEL_SHORT[level], SetLevel(level).label) for level in self.levels]

    page: Page | None = None  # the rows shown, when the dashboard is paginated

    @property
    def communes_count(self) -> int:
        return len(self.rows)


def build_area_dashboard(
    communes,
    year: int | None = None,
    today: datetime.date | None = None,
    *,
    sort: str = "ten",
    page: int | str | None = None,
    per_page: int = PAGE_SIZE,
) -> AreaDashboard:
    """One row per commune of `communes` (a QuerySet of units, already scoped), sorted by `sort`.

    With `page` (the page shown), only that page's communes get their figures when the sort is by name,
    so a page costs the same whatever the number of communes; any other sort needs every commune's
    figures first. Without `page` (the export), every row has its figures. Seven queries in all.
    """
    today = today or timezone.localdate()
    communes = communes.filter(level=Level.COMMUNE).select_related("parent")
    years = area_years(communes)
    year = year or default_year(years, today)
    dashboard = AreaDashboard(year=year, years=sorted(set(years) | {year}, reverse=True), today=today)
    sort = sort if sort.lstrip("-") in SORTS else "ten"
    descending = sort.startswith("-")
    rows = sorted((AreaRow(commune) for commune in communes), key=SORTS["ten"], reverse=descending)
    if sort.lstrip("-") != "ten" or page is None:
        _fill_rows(rows, year, today)
        rows = sorted(rows, key=SORTS[sort.lstrip("-")], reverse=descending)
    if page is not None:
        dashboard.page = Paginator(rows, per_page).get_page(page)
        _fill_rows([row for row in dashboard.page if not row.filled], year, today)
    dashboard.rows = rows
    present = {level for row in rows for level in row.levels}
    dashboard.levels = [level for level in COMMUNE_LEVELS if level in present]
    return dashboard


def _fill_rows(rows: list, year: int, today: datetime.date):
    """Criteria, money, works and last update for these rows: four aggregate queries."""
    if not rows:
        return
    by_id = {row.commune.pk: row for row in rows}
    ids = AdministrativeUnit.objects.filter(pk__in=list(by_id)).values("pk")
    for row in rows:
        row.filled = True
    for unit_id, level, count in criteria_counts(ids, year):
        by_id[unit_id].levels[level] = count
    for commune_id, planned, mobilised in money_totals(ids, year):
        by_id[commune_id].planned, by_id[commune_id].mobilised = planned, mobilised
    late_ids = Work.objects.filter(commune__in=ids).late(today).values("pk")
    works = (
        Work.objects.filter(commune__in=ids)
        .for_year(year)
        .values("commune_id")
        .annotate(total=Count("id"), late=Count("id", filter=Q(pk__in=late_ids)))
        .order_by()
    )
    for row in works:
        by_id[row["commune_id"]].works_total, by_id[row["commune_id"]].works_late = row["total"], row["late"]
    updates = AuditEntry.objects.filter(commune__in=ids).values("commune_id").annotate(last=Max("at")).order_by()
    for row in updates:
        by_id[row["commune_id"]].last_update = row["last"]


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


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def criteria_counts(unit_ids, year: int) -> list[tuple[int, str, LevelCount]]:
    """(unit id, level, criteria met/total) per commune and level for `year`, in one aggregate query.

    The verdict rules of `criteria.evaluation` restated in SQL, so that 500 communes cost one query and
    no Python per indicator: an override decides; a text indicator is never met; yes/no needs "yes";
    a number or an exact ratio (numerator × 100 against target × denominator) meets the target of the
    year (year targets, when the indicator has any) by its comparator. A criterion is met when every
    indicator is, so only the values recorded are read: a criterion counts as met when its met values
    are as many as its indicators (an indicator without a value is never met). When a unit has two sets
    of one level in the year, the newest set version is kept.
    tests/test_dashboard_area.py holds this equal to `evaluate()` on the seed data and on random values.
    """
    # Only table names, enum constants and Django's own compiled subquery are formatted in; values are params.
    subquery, params = unit_ids.query.sql_with_params()
    target = "(CASE WHEN yt_any.indicator_id IS NULL THEN i.target_value ELSE yt.value END)"
    met = f"""
        CASE
          WHEN v.id IS NOT NULL AND v.override_verdict <> '' THEN v.override_verdict = '{Verdict.MET}'
          WHEN i.unit = '{IndicatorUnit.TEXT}' OR v.id IS NULL THEN 1 = 0
          WHEN i.comparator = '{Comparator.YES}' THEN COALESCE(v.value_bool, 1 = 0)
          WHEN {target} IS NULL THEN 1 = 0
          WHEN v.numerator IS NOT NULL AND v.denominator IS NOT NULL THEN
            CASE i.comparator
              WHEN '{Comparator.GTE}' THEN v.numerator * 100 >= {target} * v.denominator
              WHEN '{Comparator.LTE}' THEN v.numerator * 100 <= {target} * v.denominator
              ELSE v.numerator * 100 = {target} * v.denominator
            END
          WHEN v.value_number IS NULL THEN 1 = 0
          ELSE
            CASE i.comparator
              WHEN '{Comparator.GTE}' THEN v.value_number >= {target}
              WHEN '{Comparator.LTE}' THEN v.value_number <= {target}
              ELSE v.value_number = {target}
            END
        END"""
    sql = f"""
        WITH a AS MATERIALIZED (
          SELECT asm.id, asm.unit_id, asm.criteria_set_id, asm.year, cs.level, cs.valid_from
          FROM {_table(Assessment)} asm JOIN {_table(CriteriaSet)} cs ON cs.id = asm.criteria_set_id
          WHERE asm.year = %s AND cs.scope = %s AND asm.unit_id IN ({subquery})
        ),
        yt_any AS MATERIALIZED (SELECT DISTINCT indicator_id FROM {_table(IndicatorYearTarget)}),
        crit AS MATERIALIZED (
          SELECT v.assessment_id, i.criterion_id, SUM(CASE WHEN {met} THEN 1 ELSE 0 END) AS met
          FROM a
          JOIN {_table(IndicatorValue)} v ON v.assessment_id = a.id
          JOIN {_table(Indicator)} i ON i.id = v.indicator_id
          LEFT JOIN yt_any ON yt_any.indicator_id = i.id
          LEFT JOIN {_table(IndicatorYearTarget)} yt ON yt.indicator_id = i.id AND yt.year = a.year
          GROUP BY v.assessment_id, i.criterion_id
        ),
        indicators AS MATERIALIZED (
          SELECT criterion_id, COUNT(*) AS n FROM {_table(Indicator)} GROUP BY criterion_id
        ),
        met AS MATERIALIZED (
          SELECT crit.assessment_id, SUM(CASE WHEN crit.met = indicators.n THEN 1 ELSE 0 END) AS n
          FROM crit JOIN indicators ON indicators.criterion_id = crit.criterion_id
          GROUP BY crit.assessment_id
        ),
        total AS MATERIALIZED (
          SELECT criteria_set_id, COUNT(*) AS n FROM {_table(Criterion)} GROUP BY criteria_set_id
        )
        SELECT a.unit_id, a.level, a.valid_from, a.criteria_set_id, COALESCE(total.n, 0), COALESCE(met.n, 0)
        FROM a
        LEFT JOIN total ON total.criteria_set_id = a.criteria_set_id
        LEFT JOIN met ON met.assessment_id = a.id
    """  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, SetScope.COMMUNE, *params])
        fetched = cursor.fetchall()
    chosen = {}
    for unit_id, level, valid_from, set_id, total, met in fetched:
        rank = (valid_from or datetime.date.min, set_id)
        if (unit_id, level) not in chosen or rank > chosen[(unit_id, level)][0]:
            chosen[(unit_id, level)] = (rank, LevelCount(met=int(met), total=int(total), year=year))
    return [(unit_id, level, count) for (unit_id, level), (_rank, count) in chosen.items()]


def money_totals(commune_ids, year: int) -> list[tuple[int, int, int]]:
    """(commune id, planned, mobilised) for `year` in one aggregate query.

    The figure rule of `funding.summary` restated in SQL: per source and stage, the lines without a work
    when there are any (the source's stated figure), otherwise the sum of its work lines.
    tests/test_dashboard_area.py holds this equal to `build_summary()`.
    """
    subquery, params = commune_ids.query.sql_with_params()
    sql = f"""
        SELECT commune_id,
               SUM(CASE WHEN stage = %s THEN figure ELSE 0 END),
               SUM(CASE WHEN stage = %s THEN figure ELSE 0 END)
        FROM (
          SELECT commune_id, source_id, stage,
                 CASE WHEN SUM(CASE WHEN work_id IS NULL THEN 1 ELSE 0 END) > 0
                      THEN SUM(CASE WHEN work_id IS NULL THEN amount ELSE 0 END)
                      ELSE SUM(amount) END AS figure
          FROM {_table(MoneyLine)}
          WHERE year = %s AND stage IN (%s, %s) AND commune_id IN ({subquery})
          GROUP BY commune_id, source_id, stage
        ) figures
        GROUP BY commune_id
    """  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [Stage.PLANNED, Stage.MOBILISED, year, Stage.PLANNED, Stage.MOBILISED, *params])
        return [(commune_id, int(planned or 0), int(mobilised or 0)) for commune_id, planned, mobilised in cursor]
