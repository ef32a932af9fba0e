"""The dossier's rules, each written once: the public posting rule, the survey's share, and whether the commune may
still change the dossier (it follows the self-assessment of the same unit, year and level)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_percent, share
from criteria.models import Assessment, SetLevel

# Quyết định 18/2022/QĐ-TTg (reference/reform-2025.md §4, confirmed): the report is posted at the committee's
# office, the villages' cultural houses and on the commune radio at least 5 times within 15 days.
POSTINGS_REQUIRED = 5
POSTING_WINDOW_DAYS = 15
POSTING_RULE = gettext_lazy(
    "Quyết định số 18/2022/QĐ-TTg ngày 02/8/2022: báo cáo kết quả xây dựng nông thôn mới được niêm yết công khai tại "
    "trụ sở Ủy ban nhân dân xã, nhà văn hóa các thôn và trên hệ thống truyền thanh xã ít nhất 5 lần trong 15 ngày."
)


@dataclass(frozen=True)
class PostingCheck:
    best: int  # the most postings that fall within one window of 15 days
    window_start: date | None
    window_end: date | None

    @property
    def satisfied(self) -> bool:
        return self.best >= POSTINGS_REQUIRED


def posting_check(days: list[date]) -> PostingCheck:
    """The 15-day window (first day to the 15th, inclusive) holding the most postings."""
    days = sorted(days)
    best, start = 0, None
    for index, first in enumerate(days):
        last = first + timedelta(days=POSTING_WINDOW_DAYS - 1)
        count = sum(1 for day in days[index:] if day <= last)
        if count > best:
            best, start = count, first
    end = start + timedelta(days=POSTING_WINDOW_DAYS - 1) if start else None
    return PostingCheck(best=best, window_start=start, window_end=end)


# --- the satisfaction survey --------------------------------------------------------------------------------


def satisfaction_share(dossier) -> Decimal | None:
    """Satisfied households as a share of those who answered, in percent (two places); None while unknown."""
    if dossier.households_satisfied is None or not dossier.households_answered:
        return None
    return share(dossier.households_satisfied, dossier.households_answered)


def share_text(value: Decimal | None) -> str:
    """ "92,5 %" (Vietnamese decimal comma), or the words for an unknown share."""
    return format_percent(value, 2) if value is not None else _("chưa tính được (chưa đủ số liệu)")


def required_share_text(setting) -> str:
    """The period's required share as entered by an administrator from the official text, or that it is unknown."""
    if setting is None or setting.required_satisfaction is None:
        return _("chưa có căn cứ / chưa nhập")
    return f"{format_percent(setting.required_satisfaction, 2)} ({setting.basis})"


def meets_required_share(dossier, setting) -> bool | None:
    """Whether the survey reaches the required share; None when either is unknown (never guessed)."""
    value = satisfaction_share(dossier)
    if value is None or setting is None or setting.required_satisfaction is None:
        return None
    return value >= setting.required_satisfaction


def level_words(level: str) -> str:
    """ "nông thôn mới nâng cao" from the level "Xã nông thôn mới nâng cao": how "đạt chuẩn …" names it."""
    return str(SetLevel(level).label).removeprefix("Xã ")


# --- the link with the self-assessment ------------------------------------------------------------------------


def assessment_of(unit, year: int, level: str) -> Assessment | None:
    """The self-assessment the dossier belongs with: same unit, year and level (the newest set if several)."""
    assessments = Assessment.objects.filter(unit=unit, year=year, criteria_set__level=level)
    return assessments.select_related("criteria_set").order_by("-criteria_set__valid_from", "-pk").first()


def dossier_is_open(assessment: Assessment | None) -> bool:
    """Whether the commune may change the dossier: as for the assessment's own values, only while it is a draft or
    was returned or reopened by the office (`Assessment.is_open_for_entry`); a dossier without an assessment yet is
    open. This is the one place the dossier's lock is decided."""
    return assessment is None or assessment.is_open_for_entry


def assessment_state_label(assessment: Assessment | None) -> str:
    if assessment is None:
        return _("Chưa có bản tự đánh giá")
    return str(assessment.get_status_display())
