"""What both dashboards share: the commune levels they show, and the year they open on."""

import datetime

from django.utils.translation import gettext_lazy as _

from criteria.models import SetLevel

COMMUNE_LEVELS = [SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO, SetLevel.XA_NTM_KIEU_MAU]
LEVEL_SHORT = {
    SetLevel.XA_NTM: _("NTM"),
    SetLevel.XA_NTM_NANG_CAO: _("NTM nâng cao"),
    SetLevel.XA_NTM_KIEU_MAU: _("NTM kiểu mẫu"),
}
LEVEL_RANK = {level: rank for rank, level in enumerate(SetLevel.values)}


def default_year(years: list[int], today: datetime.date) -> int:
    """This year when there is data for it, otherwise the latest year with data (or this year when none)."""
    if not years or today.year in years:
        return today.year
    earlier = [year for year in years if year <= today.year]
    return max(earlier) if earlier else min(years)
