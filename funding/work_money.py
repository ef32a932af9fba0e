"""One work's money over the years: planned, allocated and disbursed per year, with its warnings."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Sum

from projects.models import runs_in

from .consistency import ConsistencyWarning, WarningCode, outside_warning, warnings_for_work
from .models import MoneyLine
from .queries import SUMMARY_WORK_FIELDS
from .summary import WorkRow


@dataclass
class WorkMoneyYear:
    year: int
    planned: int = 0
    mobilised: int = 0
    disbursed: int = 0


@dataclass
class WorkMoney:
    """A work's money over the years: what was planned, allocated and disbursed, and what remains."""

    work: WorkRow
    years: list[WorkMoneyYear] = field(default_factory=list)
    warnings: list[ConsistencyWarning] = field(default_factory=list)

    @property
    def planned(self) -> int:
        return sum(row.planned for row in self.years)


def build_work_money(work) -> WorkMoney:
    """The per-work money table (two queries); `work` is a projects.Work."""
    rows = MoneyLine.objects.filter(work=work).values("year", "stage").annotate(amount=Sum("amount")).order_by()
    latest = work.updates.filter(disbursed_cumulative__isnull=False).order_by("-date", "-id").first()
    return work_money(work, rows, latest_update=latest)


def work_money(work, rows: Iterable[dict], *, latest_update=None) -> WorkMoney:
    by_year: dict[int, WorkMoneyYear] = {}
    total = WorkRow.of(
        work.pk,
        {name: getattr(work, name) for name in SUMMARY_WORK_FIELDS},
        reported_disbursed=latest_update.disbursed_cumulative if latest_update else None,
        reported_on=latest_update.date if latest_update else None,
    )
    for row in rows:
        year = by_year.setdefault(row["year"], WorkMoneyYear(row["year"]))
        setattr(year, row["stage"], getattr(year, row["stage"]) + (row["amount"] or 0))
    years = [by_year[key] for key in sorted(by_year)]
    total.allocated_total = sum(row.mobilised for row in years)
    total.disbursed_total = sum(row.disbursed for row in years)
    warnings = []
    if years:
        warnings = [w for w in warnings_for_work(total, years[-1].year) if w.code != WarningCode.WORK_OUTSIDE_ITS_YEARS]
        warnings += [
            outside_warning(total, row.year) for row in years if not runs_in(total.start_year, total.end_year, row.year)
        ]
    return WorkMoney(work=total, years=years, warnings=warnings)
