"""What each endpoint reads: the domain's QuerySets, always through `visible_to(user)` (docs/adr/0004), loaded in a
number of queries that does not grow with the page; and the national export's rows."""

from collections import defaultdict

from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, Sum

from criteria.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAppraisal,
    IndicatorValue,
    ProgrammePeriod,
    Recognition,
)
from criteria.plain import evaluate_plain
from funding.models import MoneyLine, Stage
from projects.models import QuarterlyTask, Work
from reports.models import AreaSummary, IssuedDocument
from units.models import AdministrativeUnit, year_end

from .rows import indicator_json, moments

# A (commune, year) pair as one integer: the money list's cursor key. Years stay below 10,000.
PAIR = 10_000


def units_for(user):
    return AdministrativeUnit.objects.visible_to(user).prefetch_related(
        "history", "changes_ended__successors", "changes_begun__predecessors"
    )


def periods():
    return ProgrammePeriod.objects.prefetch_related("acts")


def criteria_sets():
    """The sets are a national and provincial catalogue every signed-in user reads, as on the pages."""
    indicators = Indicator.objects.prefetch_related("year_targets")
    criteria = Criterion.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    return CriteriaSet.objects.select_related("period").prefetch_related(Prefetch("criteria", queryset=criteria))


def assessments_for(user):
    return Assessment.objects.visible_to(user).select_related("unit", "criteria_set__period")


def assessments_changed_since(queryset, moment):
    values = IndicatorValue.objects.filter(assessment=OuterRef("pk"), updated_at__gte=moment)
    appraisals = IndicatorAppraisal.objects.filter(assessment=OuterRef("pk"), updated_at__gte=moment)
    return queryset.filter(
        Q(created_at__gte=moment) | Q(status_changed_at__gte=moment) | Exists(values) | Exists(appraisals)
    )


def recognitions_for(user):
    return Recognition.objects.visible_to(user).select_related("unit")


def works_for(user):
    return Work.objects.visible_to(user).for_list().prefetch_related("criteria__criteria_set")


def tasks_for(user):
    return QuarterlyTask.objects.visible_to(user).select_related("commune", "work")


def money_for(user):
    """Per commune and year: the sums planned, mobilised and disbursed (each source: `money_by_source`)."""
    return (
        MoneyLine.objects.visible_to(user)
        .annotate(key=F("commune_id") * PAIR + F("year"))
        .values("key", "commune_id", "commune__name", "commune__code", "year")
        .annotate(
            planned=Sum("amount", filter=Q(stage=Stage.PLANNED), default=0),
            mobilised=Sum("amount", filter=Q(stage=Stage.MOBILISED), default=0),
            disbursed=Sum("amount", filter=Q(stage=Stage.DISBURSED), default=0),
            last_change=Max("updated_at"),
        )
        .order_by()
    )


def money_by_source(user, rows: list[dict]) -> list[dict]:
    """`rows` of `money_for`, each given its sums per source, in one query for the page."""
    keys = {row["key"] for row in rows}
    lines = (
        MoneyLine.objects.visible_to(user)
        .filter(commune_id__in={row["commune_id"] for row in rows}, year__in={row["year"] for row in rows})
        .values("commune_id", "year", "source__code", "source__name", "source__sort_order", "stage")
        .annotate(amount=Sum("amount"))
        .order_by("source__sort_order", "source__code")
    )
    sources = defaultdict(dict)
    for line in lines:
        key = line["commune_id"] * PAIR + line["year"]
        if key in keys:
            source = sources[key].setdefault(
                line["source__code"],
                {"source": line["source__code"], "name": line["source__name"], **dict.fromkeys(Stage.values, 0)},
            )
            source[line["stage"]] += line["amount"]
    return [{**row, "sources": list(sources[row["key"]].values())} for row in rows]


def documents_for(user):
    return IssuedDocument.objects.visible_to(user).select_related("document__commune")


def summaries_for(user):
    """The area summary (reports.AreaSummary) of the communes the user sees."""
    return AreaSummary.objects.filter(unit__in=AdministrativeUnit.objects.visible_to(user)).select_related("unit")


def summaries_within(queryset, unit):
    return queryset.filter(unit__in=AdministrativeUnit.objects.within(unit))


def export_rows(assessments) -> list[dict]:
    """The national export: per commune and year, each indicator with its value and verdicts, set and period named.

    The commune's name is the one in force at the year's end (a merged commune keeps its name of that year)."""
    ordered = assessments.prefetch_related("unit__history").order_by(
        "unit__path", "year", "criteria_set__level", "criteria_set__code"
    )
    rows, moment = [], moments()
    for result in evaluate_plain(ordered):
        assessment = result.assessment
        head = {
            "commune": assessment.unit_id,
            "commune_code": assessment.unit.code,
            "commune_name": assessment.unit.name_on(year_end(assessment.year)),
            "year": assessment.year,
            "period": assessment.criteria_set.period.code if assessment.criteria_set.period else None,
            "criteria_set": assessment.criteria_set.code,
            "criteria_set_name": assessment.criteria_set.name,
            "assessment_status": assessment.status,
        }
        rows += [{**head, **indicator_json(item, moment)} for item in result.indicators]
    return rows
