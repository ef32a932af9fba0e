"""The office's review of a self-assessment: each change of state, comments on indicators, appraised figures.

The states and who moves an assessment between them are one table in `criteria.review` (docs/adr/0017); the
appraised figures are judged by the same rules as the commune's (docs/adr/0018).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import ScopedQuerySet

from .assessments import Assessment, AssessmentStatus, IndicatorValue, Verdict
from .sets import Indicator


class TransitionAction(models.TextChoices):
    SUBMIT = "submit", _("Gửi thẩm định")
    RESUBMIT = "resubmit", _("Gửi lại")
    TAKE_UP = "take_up", _("Nhận thẩm định")
    RETURN = "return", _("Trả lại")
    APPROVE = "approve", _("Phê duyệt")
    REOPEN = "reopen", _("Mở lại để sửa")


class TransitionQuerySet(ScopedQuerySet):
    scope_field = "assessment__unit"


class AssessmentTransition(models.Model):
    """One change of an assessment's state: who, when, from what to what, why; at approval, the figures."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("tự đánh giá"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("thao tác"), max_length=12, choices=TransitionAction.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=AssessmentStatus.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=AssessmentStatus.choices)
    reason = models.TextField(_("lý do"), blank=True)
    # At an approval: every indicator's recorded value as then, so a reopening can show what changed since.
    approved_values = models.JSONField(_("số liệu khi phê duyệt"), default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyển trạng thái tự đánh giá")
        verbose_name_plural = _("chuyển trạng thái tự đánh giá")
        ordering = ["assessment", "at", "pk"]

    def __str__(self):
        return f"{self.assessment} – {self.get_action_display()}"


class CommentQuerySet(ScopedQuerySet):
    scope_field = "assessment__unit"


class IndicatorComment(models.Model):
    """The office's remark on one indicator ("số liệu chưa khớp biên bản"), shown to the commune beside it."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("tự đánh giá"), on_delete=models.CASCADE, related_name="comments"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="comments"
    )
    text = models.TextField(_("ý kiến"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("ý kiến thẩm định")
        verbose_name_plural = _("ý kiến thẩm định")
        ordering = ["assessment", "indicator", "created_at", "pk"]

    def __str__(self):
        return f"{self.assessment} – {self.indicator.code}"


def records_a_figure(appraisal) -> bool:
    """Whether the office gave its own value or verdict (a note alone leaves the commune's figure); `appraisal` is an
    `IndicatorAppraisal` or a row of its fields (`values_list(..., named=True)`)."""
    figures = (getattr(appraisal, name) for name in IndicatorAppraisal.VALUE_FIELDS)
    return bool(appraisal.verdict) or any(figure is not None for figure in figures)


class AppraisalQuerySet(ScopedQuerySet):
    scope_field = "assessment__unit"


class IndicatorAppraisal(models.Model):
    """The office's own figure and/or verdict for one indicator, with its note (kết quả thẩm định)."""

    VERDICT_CHOICES = [(Verdict.MET, Verdict.MET.label), (Verdict.NOT_MET, Verdict.NOT_MET.label)]
    VALUE_FIELDS = ("value_number", "value_bool", "numerator", "denominator")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("tự đánh giá"), on_delete=models.CASCADE, related_name="appraisals"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="appraisals"
    )
    value_number = models.DecimalField(_("giá trị thẩm định"), max_digits=14, decimal_places=2, null=True, blank=True)
    value_bool = models.BooleanField(_("đạt yêu cầu"), null=True, blank=True)
    numerator = models.PositiveBigIntegerField(_("số đạt (tử số)"), null=True, blank=True)
    denominator = models.PositiveBigIntegerField(_("tổng số (mẫu số)"), null=True, blank=True)
    verdict = models.CharField(_("kết luận thẩm định"), max_length=12, choices=VERDICT_CHOICES, blank=True)
    note = models.TextField(_("ghi chú thẩm định"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả thẩm định chỉ tiêu")
        verbose_name_plural = _("kết quả thẩm định chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"],
                name="appraisal_once_per_indicator",
                violation_error_message=_("Chỉ tiêu này đã có kết quả thẩm định."),
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="appraisal_numerator_within_denominator",
                violation_error_message=_("Tử số không được lớn hơn mẫu số."),
            ),
        ]

    def __str__(self):
        return f"{self.assessment} – {self.indicator.code}"

    @property
    def records_a_figure(self) -> bool:
        return records_a_figure(self)

    def as_value(self) -> IndicatorValue:
        """The appraisal as a value of the indicator, so that it is judged by the commune's own rules."""
        return IndicatorValue(
            indicator_id=self.indicator_id,
            value_number=self.value_number,
            value_bool=self.value_bool,
            numerator=self.numerator,
            denominator=self.denominator,
            override_verdict=self.verdict,
            override_reason=self.note or str(_("Kết luận của cơ quan thẩm định")),
        )

    def clean(self):
        """The rules of a recorded value (non-negative, within the denominator, percent ≤ 100) hold here too."""
        if not self.indicator_id:
            return
        try:
            self.as_value().clean()
        except ValidationError as error:
            fields = {name for name in error.message_dict if hasattr(self, name)}
            raise ValidationError(
                {name if name in fields else "verdict": messages for name, messages in error.message_dict.items()}
            ) from error
