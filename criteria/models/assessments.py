"""A unit's yearly self-assessment: the values recorded per indicator and their evidence."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.periods import year_in_range
from units.models import AdministrativeUnit, ScopedQuerySet

from .sets import CriteriaSet, Indicator, IndicatorUnit


class AssessmentQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def for_year(self, year: int):
        return self.filter(year=year)


class AssessmentStatus(models.TextChoices):
    """Where the year's figures stand between the commune and the office above it (docs/adr/0017)."""

    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã gửi thẩm định")
    UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã phê duyệt")


# The commune enters and corrects values only in these states; the others are the office's turn or locked.
OPEN_FOR_ENTRY = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


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
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("thời điểm chuyển trạng thái"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tự đánh giá")
        verbose_name_plural = _("tự đánh giá")
        ordering = ["unit", "-year", "criteria_set__level"]
        indexes = [
            models.Index(fields=["year", "unit"], name="assessment_year_unit"),  # the year menu (reports.summary)
            models.Index(fields=["status"], name="assessment_status"),  # the inbox's badge on every page
        ]
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

    @property
    def is_open_for_entry(self) -> bool:
        """Whether the commune may change its values now (a draft, or returned or reopened by the office)."""
        return self.status in OPEN_FOR_ENTRY

    def clean(self):
        if self.unit_id and self.criteria_set_id and not self.criteria_set.fits_unit(self.unit):
            raise ValidationError(
                {"criteria_set": _("Bộ tiêu chí này không áp dụng cho cấp đơn vị đã chọn (xã hay thôn).")}
            )
        period = self.criteria_set.period if self.criteria_set_id else None
        if period is not None and self.year and not period.first_year <= self.year <= period.last_year:
            raise ValidationError(
                {
                    "criteria_set": _(
                        "Bộ tiêu chí %(code)s thuộc giai đoạn %(period)s, không dùng để đánh giá năm %(year)s."
                    )
                    % {"code": self.criteria_set.code, "period": period.years_label, "year": self.year}
                }
            )


class Verdict(models.TextChoices):
    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Chưa đạt")
    NOT_ASSESSED = "not_assessed", _("Chưa đánh giá")


class IndicatorValueQuerySet(ScopedQuerySet):
    scope_field = "assessment__unit"

    def recorded(self):
        """The values that hold a result: the SQL twin of `not IndicatorValue.is_empty` (held equal by
        criteria/tests/test_inbox.py), for counting many assessments' recorded indicators in one query."""
        return self.filter(
            Q(value_number__isnull=False)
            | Q(value_bool__isnull=False)
            | ~Q(value_text="")
            | Q(numerator__isnull=False, denominator__isnull=False)
            | ~Q(override_verdict="")
        )


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
