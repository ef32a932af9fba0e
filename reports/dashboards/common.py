"""What both dashboards share: the commune levels they show (the year they open on is core.periods.default_year)."""

from django.utils.translation import gettext_lazy as _

from criteria.models import SetLevel

COMMUNE_LEVELS = [SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO, SetLevel.XA_NTM_KIEU_MAU]
LEVEL_SHORT = {
    SetLevel.XA_NTM: _("NTM"),
    SetLevel.XA_NTM_NANG_CAO: _("NTM nâng cao"),
    SetLevel.XA_NTM_KIEU_MAU: _("NTM kiểu mẫu"),
}
LEVEL_RANK = {level: rank for rank, level in enumerate(SetLevel.values)}
