"""The two aggregate queries the mobilisation summary is built from (`funding.summary.build_summaries`).

Each runs once for any number of communes; `funding.summary.summarise` turns their rows into dataclasses.
"""

from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, Max, OuterRef, Q, Subquery, Sum

from projects.models import ProgressUpdate

from .models import MoneyLine

SUMMARY_WORK_FIELDS = (
    "code",
    "name",
    "total_investment",
    "total_investment_qualifier",
    "planned_start_year",
    "planned_end_year",
)


def source_totals_query(commune_ids: list[int], year: int):
    """Sums per commune, source, year (this and last), stage, and whether the lines name a work."""
    return (
        MoneyLine.objects.filter(commune_id__in=commune_ids, year__in=(year - 1, year))
        .values(
            "commune_id",
            "year",
            "stage",
            "source_id",
            "source__code",
            "source__name",
            "source__kind",
            "source__contribution",
            "source__sort_order",
            tied=ExpressionWrapper(Q(work__isnull=False), output_field=BooleanField()),
        )
        .annotate(
            amount=Sum("amount"),
            lines=Count("id"),
            approximate_lines=Count("id", filter=~Q(amount_qualifier="")),
            qualifier=Max("amount_qualifier"),
            labour_days=Sum("labour_days"),
            land_m2=Sum("land_m2"),
            works=Count("work_id", distinct=True),
        )
        .order_by()
    )


def work_totals_query(commune_ids: list[int], year: int):
    """Sums per commune, work, year (up to this one) and stage, with the work's own figures and the
    disbursement its latest progress update (up to the year's end) reports."""
    latest = ProgressUpdate.objects.filter(
        work=OuterRef("work_id"), date__lte=date(year, 12, 31), disbursed_cumulative__isnull=False
    ).order_by("-date", "-id")
    return (
        MoneyLine.objects.filter(commune_id__in=commune_ids, year__lte=year, work__isnull=False)
        .values(
            "commune_id",
            "work_id",
            *(f"work__{name}" for name in SUMMARY_WORK_FIELDS),
            "year",
            "stage",
        )
        .annotate(
            amount=Sum("amount"),
            reported_disbursed=Subquery(latest.values("disbursed_cumulative")[:1]),
            reported_on=Subquery(latest.values("date")[:1]),
        )
        .order_by()
    )


# ------------------------------------------------------------------------------------------ pure builder
