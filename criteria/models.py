"""Criteria sets as versioned data, the yearly self-assessment, and the commune's OCOP products.

A criteria set is never code: it is loaded from fixtures or a spreadsheet, each indicator carries
its verification state, and verdicts are computed in `criteria.evaluation` (never stored).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.periods import year_in_range
from units.models import AdministrativeUnit, Level, ScopedQuerySet


class SetLevel(models.TextChoices):
    XA_NTM = "xa_ntm", _("Xã nông thôn mới")
    XA_NTM_NANG_CAO = "xa_ntm_nang_cao", _("Xã nông thôn mới nâng cao")
    XA_NTM_KIEU_MAU = "xa_ntm_kieu_mau", _("Xã nông thôn mới kiểu mẫu")
    THON_NTM_KIEU_MAU = "thon_ntm_kieu_mau", _("Thôn nông thôn mới kiểu mẫu")


class SetScope(models.TextChoices):
    COMMUNE = "commune", _("Xã")
    VILLAGE = "village", _("Thôn")


class CriteriaSetQuerySet(models.QuerySet):
    def for_scope(self, scope: str):
        return self.filter(scope=scope)


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
    region = models.CharField(_("vùng áp dụng chỉ tiêu"), max_length=40, blank=True)
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


class AssessmentQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def for_year(self, year: int):
        return self.filter(year=year)


class Assessment(models.Model):
    """A unit's self-assessment for one year against one criteria set (kept against that set forever)."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="assessments"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tự đánh giá")
        verbose_name_plural = _("tự đánh giá")
        ordering = ["unit", "-year", "criteria_set__level"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "criteria_set"],
                name="assessment_once_per_unit_year_set",
                violation_error_message=_("Đơn vị này đã có bản tự đánh giá theo bộ tiêu chí này cho năm này."),
            ),
            models.CheckConstraint(
                condition=year_in_range("year"),
                name="assessment_year_plausible",
                violation_error_message=_("Năm đánh giá phải từ 2000 đến 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.year} – {self.criteria_set.code}"

    def clean(self):
        if self.unit_id and self.criteria_set_id and not self.criteria_set.fits_unit(self.unit):
            raise ValidationError(
                {"criteria_set": _("Bộ tiêu chí này không áp dụng cho cấp đơn vị đã chọn (xã hay thôn).")}
            )


class Verdict(models.TextChoices):
    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Chưa đạt")
    NOT_ASSESSED = "not_assessed", _("Chưa đánh giá")


class IndicatorValueQuerySet(ScopedQuerySet):
    scope_field = "assessment__unit"


class IndicatorValue(models.Model):
    """What the unit reports for one indicator in one assessment. The verdict is computed, not stored."""

    OVERRIDE_CHOICES = [(Verdict.MET, Verdict.MET.label), (Verdict.NOT_MET, Verdict.NOT_MET.label)]

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("tự đánh giá"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="values"
    )
    value_number = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True)
    value_bool = models.BooleanField(_("đạt yêu cầu"), null=True, blank=True)
    value_text = models.TextField(_("kết quả (mô tả)"), blank=True)
    numerator = models.PositiveBigIntegerField(_("số đạt (tử số)"), null=True, blank=True)
    denominator = models.PositiveBigIntegerField(_("tổng số (mẫu số)"), null=True, blank=True)
    as_of = models.DateField(_("số liệu tính đến ngày"), null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    override_verdict = models.CharField(
        _("kết luận điều chỉnh thủ công"), max_length=12, choices=OVERRIDE_CHOICES, blank=True
    )
    override_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả chỉ tiêu")
        verbose_name_plural = _("kết quả chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"],
                name="value_once_per_indicator",
                violation_error_message=_("Chỉ tiêu này đã có kết quả trong bản tự đánh giá."),
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="value_numerator_within_denominator",
                violation_error_message=_("Tử số không được lớn hơn mẫu số."),
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="value_denominator_positive",
                violation_error_message=_("Mẫu số phải lớn hơn 0."),
            ),
            models.CheckConstraint(
                condition=Q(override_verdict="") | ~Q(override_reason=""),
                name="value_override_needs_reason",
                violation_error_message=_("Khi sửa kết luận phải ghi lý do."),
            ),
        ]

    def __str__(self):
        return f"{self.assessment} – {self.indicator.code}"

    @property
    def has_ratio(self) -> bool:
        return self.numerator is not None and self.denominator is not None

    @property
    def is_empty(self) -> bool:
        return (
            self.value_number is None
            and self.value_bool is None
            and not self.value_text
            and not self.has_ratio
            and not self.override_verdict
        )

    def clean(self):
        errors = {}
        if (self.numerator is None) != (self.denominator is None):
            errors["denominator"] = _("Nhập đủ cả số đạt và tổng số, hoặc để trống cả hai.")
        if self.denominator == 0:
            errors["denominator"] = _("Tổng số phải lớn hơn 0.")
        if self.has_ratio and self.denominator and self.numerator > self.denominator:
            errors["numerator"] = _("Số đạt (%(n)s) không được lớn hơn tổng số (%(d)s).") % {
                "n": self.numerator,
                "d": self.denominator,
            }
        if self.has_ratio and self.value_number is not None:
            errors["value_number"] = _("Đã nhập số đạt/tổng số thì tỷ lệ được tính tự động; để trống ô tỷ lệ.")
        if self.value_number is not None and self.value_number < 0:
            errors["value_number"] = _("Giá trị không được âm.")
        percent = self.indicator_id and self.indicator.unit == IndicatorUnit.PERCENT
        if percent and self.value_number is not None and self.value_number > 100:
            errors["value_number"] = _("Tỷ lệ phần trăm không được lớn hơn 100.")
        if self.indicator_id and self.has_ratio and self.indicator.unit != IndicatorUnit.PERCENT:
            errors["numerator"] = _("Chỉ tiêu này không tính theo tỷ lệ; không nhập số đạt/tổng số.")
        if self.override_verdict and not self.override_reason.strip():
            errors["override_reason"] = _("Điều chỉnh kết luận thủ công phải ghi rõ lý do.")
        if errors:
            raise ValidationError(errors)


class EvidenceQuerySet(ScopedQuerySet):
    scope_field = "value__assessment__unit"


class Evidence(models.Model):
    value = models.ForeignKey(
        IndicatorValue, verbose_name=_("kết quả chỉ tiêu"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("tệp minh chứng"), upload_to="criteria/evidence/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=60)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["value", "uploaded_at"]

    def __str__(self):
        return self.original_name


class OcopGroup(models.TextChoices):
    # The six product groups of Decision 148/QĐ-TTg (2023).
    FOOD = "thuc_pham", _("Thực phẩm")
    DRINK = "do_uong", _("Đồ uống")
    HERBAL = "duoc_lieu", _("Dược liệu và sản phẩm từ dược liệu")
    CRAFT = "thu_cong", _("Hàng thủ công mỹ nghệ")
    ORNAMENTAL = "sinh_vat_canh", _("Sinh vật cảnh")
    TOURISM = "du_lich", _("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch")


class OcopProductQuerySet(ScopedQuerySet):
    scope_field = "commune"

    def recognised_by(self, year: int):
        return self.filter(year_recognised__lte=year)


class OcopProduct(models.Model):
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã"), on_delete=models.PROTECT, related_name="ocop_products"
    )
    name = models.CharField(_("tên sản phẩm"), max_length=200)
    group = models.CharField(_("nhóm sản phẩm"), max_length=20, choices=OcopGroup.choices)
    stars = models.PositiveSmallIntegerField(_("số sao"))
    year_recognised = models.PositiveSmallIntegerField(_("năm được công nhận"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = OcopProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = ["commune", "-year_recognised", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5),
                name="ocop_stars_1_to_5",
                violation_error_message=_("Số sao OCOP phải từ 1 đến 5."),
            ),
            models.CheckConstraint(
                condition=year_in_range("year_recognised"),
                name="ocop_year_plausible",
                violation_error_message=_("Năm công nhận OCOP phải từ 2000 đến 2100."),
            ),
            models.UniqueConstraint(
                fields=["commune", "name"],
                name="ocop_name_once_per_commune",
                violation_error_message=_("Xã đã có sản phẩm OCOP cùng tên."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.stars}★)"

    def clean(self):
        if self.commune_id and self.commune.level != Level.COMMUNE:
            raise ValidationError({"commune": _("Sản phẩm OCOP phải thuộc một xã.")})
