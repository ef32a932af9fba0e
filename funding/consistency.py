"""Consistency checks on a commune's money: two figures that should agree and do not.

Pure functions over the summary's dataclasses (`funding/summary.py`); each warning names both figures and
the difference in Vietnamese, and the portal shows it wherever the figures are shown. It never picks one.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from core.money import format_vnd_short
from projects.models import runs_in

from .models import Stage

WARNING_PLACES = 3  # "20,102 tỷ" must not round to "20,1 tỷ" in a warning about 402 triệu


class WarningCode(StrEnum):
    """What disagrees; pages mark each warning with its code (`data-code`)."""

    WORKS_DIFFER_FROM_SOURCE = "works_differ_from_source"
    DISBURSED_ABOVE_MOBILISED = "disbursed_above_mobilised"
    WORK_DISBURSED_ABOVE_ALLOCATED = "work_disbursed_above_allocated"
    WORK_REPORTED_DISBURSED_ABOVE_ALLOCATED = "work_reported_disbursed_above_allocated"
    WORK_ALLOCATED_ABOVE_INVESTMENT = "work_allocated_above_investment"
    WORK_OUTSIDE_ITS_YEARS = "work_outside_its_years"


@dataclass(frozen=True)
class ConsistencyWarning:
    """Two figures that should agree and do not; `message` names both and the difference."""

    code: WarningCode
    message: str
    expected: int | None = None
    actual: int | None = None
    source_id: int | None = None
    work_id: int | None = None
    commune_id: int | None = None  # set by summarise(), so an area dashboard can name the commune

    @property
    def difference(self) -> int | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected


def money_text(amount: int) -> str:
    return format_vnd_short(amount, places=WARNING_PLACES)


def source_warnings(summary) -> list[ConsistencyWarning]:
    """Per source of a `MobilisationSummary`: works against the stated figure, disbursed against mobilised."""
    warnings = []
    for row in summary.sources:
        for stage in Stage.values:
            if stage not in row.stated or stage not in row.works or row.stated[stage] == row.works[stage]:
                continue
            stated, works = row.stated[stage], row.works[stage]
            message = _(
                "Năm %(year)s, %(count)s công trình dùng nguồn “%(source)s” (%(stage)s) cộng lại %(works)s, "
                "khác số đã nêu cho nguồn này %(stated)s: %(direction)s %(difference)s."
            ) % {
                "year": summary.year,
                "count": row.work_counts.get(stage, 0),
                "source": row.name,
                "stage": str(Stage(stage).label).lower(),
                "works": money_text(works),
                "stated": money_text(stated),
                "direction": _("nhiều hơn") if works > stated else _("ít hơn"),
                "difference": money_text(abs(works - stated)),
            }
            warnings.append(
                ConsistencyWarning(WarningCode.WORKS_DIFFER_FROM_SOURCE, message, stated, works, row.source_id)
            )
        if row.disbursed > row.mobilised:
            message = _(
                "Năm %(year)s, nguồn “%(source)s” đã giải ngân %(disbursed)s, vượt số đã huy động %(mobilised)s "
                "(vượt %(difference)s)."
            ) % {
                "year": summary.year,
                "source": row.name,
                "disbursed": money_text(row.disbursed),
                "mobilised": money_text(row.mobilised),
                "difference": money_text(row.disbursed - row.mobilised),
            }
            warnings.append(
                ConsistencyWarning(
                    WarningCode.DISBURSED_ABOVE_MOBILISED, message, row.mobilised, row.disbursed, row.source_id
                )
            )
    return warnings


def work_warnings(summary) -> list[ConsistencyWarning]:
    """Per work of a `MobilisationSummary` (`WorkRow`s): see `warnings_for_work`."""
    return [warning for work in summary.works for warning in warnings_for_work(work, summary.year)]


def warnings_for_work(work, year: int) -> list[ConsistencyWarning]:
    warnings = []
    figures = {"work": work.name, "year": year}
    if work.disbursed_total > work.allocated_total:
        message = _(
            "Công trình “%(work)s” đã giải ngân %(disbursed)s tính đến năm %(year)s, vượt số vốn đã bố trí "
            "%(allocated)s (vượt %(difference)s)."
        ) % {
            **figures,
            "disbursed": money_text(work.disbursed_total),
            "allocated": money_text(work.allocated_total),
            "difference": money_text(work.disbursed_total - work.allocated_total),
        }
        warnings.append(
            ConsistencyWarning(
                WarningCode.WORK_DISBURSED_ABOVE_ALLOCATED,
                message,
                work.allocated_total,
                work.disbursed_total,
                None,
                work.work_id,
            )
        )
    if work.reported_disbursed is not None and work.reported_disbursed > max(
        work.allocated_total, work.disbursed_total
    ):
        message = _(
            "Công trình “%(work)s” báo giải ngân lũy kế %(reported)s (cập nhật tiến độ ngày %(day)s), vượt số vốn "
            "đã bố trí %(allocated)s tính đến năm %(year)s (vượt %(difference)s)."
        ) % {
            **figures,
            "reported": money_text(work.reported_disbursed),
            "day": work.reported_on.strftime("%d/%m/%Y") if work.reported_on else "",
            "allocated": money_text(work.allocated_total),
            "difference": money_text(work.reported_disbursed - work.allocated_total),
        }
        warnings.append(
            ConsistencyWarning(
                WarningCode.WORK_REPORTED_DISBURSED_ABOVE_ALLOCATED,
                message,
                work.allocated_total,
                work.reported_disbursed,
                None,
                work.work_id,
            )
        )
    if work.total_investment is not None and work.allocated_total > work.total_investment:
        message = _(
            "Công trình “%(work)s” được bố trí %(allocated)s tính đến năm %(year)s, vượt tổng mức đầu tư "
            "%(total)s (vượt %(difference)s)."
        ) % {
            **figures,
            "allocated": money_text(work.allocated_total),
            "total": money_text(work.total_investment),
            "difference": money_text(work.allocated_total - work.total_investment),
        }
        warnings.append(
            ConsistencyWarning(
                WarningCode.WORK_ALLOCATED_ABOVE_INVESTMENT,
                message,
                work.total_investment,
                work.allocated_total,
                None,
                work.work_id,
            )
        )
    if not runs_in(work.start_year, work.end_year, year):
        warnings.append(outside_warning(work, year))
    return warnings


def outside_warning(work, year: int) -> ConsistencyWarning:
    message = _("Công trình “%(work)s” có vốn năm %(year)s nhưng theo kế hoạch chỉ thực hiện %(span)s.") % {
        "work": work.name,
        "year": year,
        "span": _span(work),
    }
    return ConsistencyWarning(WarningCode.WORK_OUTSIDE_ITS_YEARS, message, work_id=work.work_id)


def _span(work) -> str:
    if work.end_year is None:
        return _("từ năm %(start)s") % {"start": work.start_year}
    if work.end_year == work.start_year:
        return _("trong năm %(start)s") % {"start": work.start_year}
    return _("từ năm %(start)s đến năm %(end)s") % {"start": work.start_year, "end": work.end_year}
