"""A work's progress: dated updates (physical percent, cumulative disbursement) and their photos."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import ScopedQuerySet

from .validators import AMOUNT_VALIDATORS


class ProgressUpdateQuerySet(ScopedQuerySet):
    scope_field = "work__commune"

    def timeline(self):
        return self.select_related("recorded_by").prefetch_related("photos").order_by("-date", "-id")


class ProgressUpdate(models.Model):
    """The state of a work on a date: physical progress and money disbursed so far."""

    work = models.ForeignKey(
        "projects.Work", verbose_name=_("công trình"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("ngày"))
    physical_percent = models.DecimalField(
        _("khối lượng hoàn thành (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    disbursed_cumulative = models.BigIntegerField(
        _("giải ngân lũy kế (đồng)"), null=True, blank=True, validators=AMOUNT_VALIDATORS
    )
    note = models.TextField(_("ghi chú"), blank=True)
    reason = models.TextField(
        _("lý do"),
        blank=True,
        help_text=_("Bắt buộc khi khối lượng giảm so với lần trước hoặc giải ngân vượt tổng mức đầu tư."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["work", "-date", "-id"], name="progress_latest_first")]
        constraints = [
            models.CheckConstraint(
                condition=Q(physical_percent__gte=0) & Q(physical_percent__lte=100),
                name="progress_percent_0_100",
                violation_error_message=_("Khối lượng hoàn thành phải từ 0 đến 100 phần trăm."),
            ),
            models.CheckConstraint(
                condition=Q(disbursed_cumulative__isnull=True) | Q(disbursed_cumulative__gte=0),
                name="progress_disbursed_not_negative",
                violation_error_message=_("Số vốn giải ngân lũy kế không được âm."),
            ),
        ]

    def __str__(self):
        return f"{self.work.code} – {self.date:%d/%m/%Y} – {self.physical_percent}%"


class PhotoStage(models.TextChoices):
    BEFORE = "before", _("Trước khi thi công")
    DURING = "during", _("Trong khi thi công")
    AFTER = "after", _("Sau khi hoàn thành")


class ProgressPhotoQuerySet(ScopedQuerySet):
    scope_field = "update__work__commune"


class ProgressPhoto(models.Model):
    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("cập nhật tiến độ"), on_delete=models.CASCADE, related_name="photos"
    )
    stage = models.CharField(_("giai đoạn"), max_length=10, choices=PhotoStage.choices)
    image = models.ImageField(_("ảnh"), upload_to="projects/photos/%Y/%m/")
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)

    objects = ProgressPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("ảnh công trình")
        verbose_name_plural = _("ảnh công trình")
        ordering = ["id"]

    def __str__(self):
        return f"{self.update} – {self.get_stage_display()}"
