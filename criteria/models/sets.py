"""Criteria sets as data: a set, its criteria, their indicators with thresholds and yearly targets."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit, Level

from .periods import CommuneGroup, ProgrammePeriod, SetBasis


class SetLevel(models.TextChoices):
    XA_NTM = "xa_ntm", _("Xã nông thôn mới")
    XA_NTM_NANG_CAO = "xa_ntm_nang_cao", _("Xã nông thôn mới nâng cao")
    XA_NTM_KIEU_MAU = "xa_ntm_kieu_mau", _("Xã nông thôn mới kiểu mẫu")
    # Quyết định 51/2025/QĐ-TTg, Annex II: a pilot framework for 2026–2030.
    XA_NTM_HIEN_DAI = "xa_ntm_hien_dai", _("Xã nông thôn mới hiện đại (thí điểm)")
    THON_NTM_KIEU_MAU = "thon_ntm_kieu_mau", _("Thôn nông thôn mới kiểu mẫu")


class SetScope(models.TextChoices):
    COMMUNE = "commune", _("Xã")
    VILLAGE = "village", _("Thôn")


VILLAGE_LEVELS = (SetLevel.THON_NTM_KIEU_MAU,)


def levels_for(scope: str) -> list[tuple[str, str]]:
    """The levels (value, label) a commune or a village can be assessed at."""
    village = scope == SetScope.VILLAGE
    return [(value, label) for value, label in SetLevel.choices if (value in VILLAGE_LEVELS) == village]


class CriteriaSetQuerySet(models.QuerySet):
    def for_scope(self, scope: str):
        return self.filter(scope=scope)

    def in_force_during(self, year: int):
        """Sets whose validity overlaps the calendar year (an unknown start or end does not exclude a set)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=datetime.date(year, 12, 31)),
            Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)),
        )

    def for_province(self, province_id: int | None):
        """National sets, and the sets of this province."""
        return self.filter(Q(province__isnull=True) | Q(province_id=province_id))


class CriteriaSet(models.Model):
    code = models.CharField(_("mã bộ tiêu chí"), max_length=40, unique=True)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    level = models.CharField(_("mức công nhận"), max_length=20, choices=SetLevel.choices)
    scope = models.CharField(_("áp dụng cho"), max_length=10, choices=SetScope.choices, default=SetScope.COMMUNE)
    legal_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    legal_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    legal_verified = models.BooleanField(
        _("đã đối chiếu văn bản gốc"),
        default=False,
        help_text=_("Chỉ đánh dấu khi số, ngày và nội dung văn bản đã được đối chiếu với bản chính thức."),
    )
    valid_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    period = models.ForeignKey(
        ProgrammePeriod,
        verbose_name=_("giai đoạn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria_sets",
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("tỉnh ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.PROVINCE},
        help_text=_("Để trống với bộ tiêu chí quốc gia; bộ của tỉnh được chọn trước bộ quốc gia cho các xã của tỉnh."),
    )
    region = models.CharField(_("vùng áp dụng chỉ tiêu"), max_length=40, blank=True)
    commune_group = models.CharField(
        _("nhóm xã áp dụng chỉ tiêu"),
        max_length=2,
        choices=CommuneGroup.choices,
        blank=True,
        help_text=_("Để trống khi bộ áp dụng cho mọi nhóm xã của giai đoạn."),
    )
    zone = models.CharField(_("khu vực áp dụng của tỉnh"), max_length=40, blank=True)
    base_set_code = models.CharField(_("kế thừa từ bộ"), max_length=40, blank=True)
    note = models.TextField(_("ghi chú nguồn"), blank=True)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["scope", "level", "valid_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="criteria_set_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.legal_number})" if self.legal_number else self.name

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu áp dụng.")})
        if self.province_id and self.province.level != Level.PROVINCE:
            raise ValidationError({"province": _("Tỉnh ban hành phải là một đơn vị cấp tỉnh.")})
        if self.period_id:
            self._clean_against_period(self.period)

    def _clean_against_period(self, period):
        if period.set_basis == SetBasis.REGION and self.commune_group:
            raise ValidationError(
                {
                    "commune_group": _("Giai đoạn %(period)s phân chỉ tiêu theo vùng, không theo nhóm xã.")
                    % {"period": period.years_label}
                }
            )
        if period.set_basis == SetBasis.COMMUNE_GROUP and self.region:
            raise ValidationError(
                {
                    "region": _("Giai đoạn %(period)s phân chỉ tiêu theo nhóm xã, không theo vùng.")
                    % {"period": period.years_label}
                }
            )
        starts_after = self.valid_from and self.valid_from.year > period.last_year
        ends_before = self.valid_to and self.valid_to.year < period.first_year
        if starts_after or ends_before:
            raise ValidationError(
                {
                    "period": _("Thời gian áp dụng của bộ tiêu chí nằm ngoài giai đoạn %(period)s.")
                    % {"period": period.years_label}
                }
            )

    @property
    def applies_to(self) -> str:
        """ "Nhóm 2", "Vùng BTB"; "mọi nhóm xã" or "mọi vùng" for a set of every group or region of its period."""
        if self.commune_group:
            return str(self.get_commune_group_display())
        if self.region:
            return str(_("Vùng %(region)s") % {"region": self.region})
        by_group = self.period is not None and self.period.set_basis == SetBasis.COMMUNE_GROUP
        return str(_("mọi nhóm xã") if by_group else _("mọi vùng"))

    def fits_unit(self, unit) -> bool:
        expected = Level.VILLAGE if self.scope == SetScope.VILLAGE else Level.COMMUNE
        return unit.level == expected


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự tiêu chí"))
    name = models.CharField(_("tên tiêu chí"), max_length=200)
    group = models.CharField(_("nhóm tiêu chí"), max_length=120, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"],
                name="criterion_number_once_per_set",
                violation_error_message=_("Số thứ tự tiêu chí này đã có trong bộ tiêu chí."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class IndicatorUnit(models.TextChoices):
    PERCENT = "percent", _("%")
    BOOLEAN = "boolean", _("Đạt / Chưa đạt")
    MILLION_VND = "million_VND_per_person_per_year", _("triệu đồng/người/năm")
    M2_PER_PERSON = "m2_per_person", _("m²/người")
    NUMBER = "number", _("số")
    TEXT = "text", _("văn bản")


class Comparator(models.TextChoices):
    GTE = ">=", "≥"
    LTE = "<=", "≤"
    EQ = "=", "="
    YES = "yes", _("Đạt")


class IndicatorKey(models.TextChoices):
    """The indicators other pages read by meaning (trends, the plan's sentences), whatever their number or
    wording in a set version; set by the loader (fixtures/criteria_local.yaml) or an administrator."""

    INCOME = "income", _("Thu nhập bình quân đầu người")
    CLEAN_WATER = "clean_water", _("Tỷ lệ hộ sử dụng nước sạch")
    OCOP = "ocop", _("Sản phẩm OCOP")


class Indicator(models.Model):
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("mã chỉ tiêu"), max_length=20, help_text=_("Ví dụ: 17.1"))
    content = models.TextField(_("nội dung chỉ tiêu"))
    unit = models.CharField(_("đơn vị tính"), max_length=40, choices=IndicatorUnit.choices)
    comparator = models.CharField(_("cách so sánh"), max_length=4, choices=Comparator.choices)
    target_value = models.DecimalField(
        _("mức chỉ tiêu"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Để trống khi chưa biết mức chỉ tiêu; không bao giờ điền một con số ước đoán."),
    )
    target_text = models.CharField(_("chỉ tiêu ghi theo văn bản"), max_length=300, blank=True)
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)
    source_note = models.TextField(_("ghi chú nguồn"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    key = models.CharField(
        _("số liệu theo dõi"),
        max_length=20,
        choices=IndicatorKey.choices,
        blank=True,
        help_text=_("Chỉ tiêu mà bảng điều khiển và kế hoạch đọc theo ý nghĩa; để trống với các chỉ tiêu khác."),
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["criterion", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "code"],
                name="indicator_code_once_per_criterion",
                violation_error_message=_("Mã chỉ tiêu này đã có trong tiêu chí."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.content[:80]}"

    def clean(self):
        is_yes_no = self.comparator == Comparator.YES
        if is_yes_no != (self.unit == IndicatorUnit.BOOLEAN):
            raise ValidationError(
                {"comparator": _("Chỉ tiêu Đạt/Chưa đạt dùng cách so sánh “Đạt”; chỉ tiêu số dùng ≥, ≤ hoặc =.")}
            )
        if is_yes_no and self.target_value is not None:
            raise ValidationError({"target_value": _("Chỉ tiêu Đạt/Chưa đạt không có mức số; để trống.")})


class IndicatorYearTarget(models.Model):
    """A target that changes with the evaluation year (income: 2022 ≥ 41, 2023 ≥ 44, ...)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="year_targets"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("mức chỉ tiêu"), max_digits=12, decimal_places=2)
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)

    class Meta:
        verbose_name = _("mức chỉ tiêu theo năm")
        verbose_name_plural = _("mức chỉ tiêu theo năm")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="year_target_once_per_year",
                violation_error_message=_("Chỉ tiêu này đã có mức cho năm này."),
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} – {self.year}: {self.value}"
