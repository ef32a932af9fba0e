"""What both dashboards share: the commune levels they show (the year they open on is core.periods.default_year)."""

from django.utils.translation import gettext_lazy as _

from criteria.models import SetLevel

# 2021–2025 knew NTM, nâng cao and kiểu mẫu; 2026–2030 knows NTM and the pilot "hiện đại" (Quyết định 51/2025).
COMMUNE_LEVELS = [SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO, SetLevel.XA_NTM_KIEU_MAU, SetLevel.XA_NTM_HIEN_DAI]
LEVEL_SHORT = {
    SetLevel.XA_NTM: _("NTM"),
    SetLevel.XA_NTM_NANG_CAO: _("NTM nâng cao"),
    SetLevel.XA_NTM_KIEU_MAU: _("NTM kiểu mẫu"),
    SetLevel.XA_NTM_HIEN_DAI: _("NTM hiện đại"),
}
LEVEL_RANK = {level: rank for rank, level in enumerate(SetLevel.values)}
