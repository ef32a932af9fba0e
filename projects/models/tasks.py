"""The quarterly tasks of a commune's yearly plan."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.periods import quarter_label, quarter_of
from units.models import ScopedQuerySet

from .validators import AMOUNT_VALIDATORS, QUARTER_VALIDATORS, YEAR_VALIDATORS


class TaskStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Hủy bỏ")


CLOSED_TASK_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)


class QuarterlyTaskQuerySet(ScopedQuerySet):
    scope_field = "commune"

    def for_year(self, year: int):
        return self.filter(year=year)

    def overdue(self, today: datetime.date):
        """Open tasks whose due date has passed (no due date: the end of their quarter)."""
        return self.filter(self._overdue_q(today))

    def with_overdue(self, today: datetime.date):
        """Annotate `is_overdue` (bool) in SQL."""
        return self.annotate(
            is_overdue=models.ExpressionWrapper(self._overdue_q(today), output_field=models.BooleanField())
        )

    def for_plan(self):
        return self.select_related("work").order_by("quarter", "position", "id")

    @staticmethod
    def _overdue_q(today: datetime.date) -> Q:
        open_ = ~Q(status__in=CLOSED_TASK_STATUSES)
        return open_ & (
            Q(due_date__lt=today)
            | Q(due_date__isnull=True, year__lt=today.year)
            | Q(due_date__isnull=True, year=today.year, quarter__lt=quarter_of(today))
        )


class QuarterlyTask(models.Model):
    """A task of the commune's yearly plan ("Nhiệm vụ cụ thể theo từng quý")."""

    commune = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="quarterly_tasks"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField(_("quý"), validators=QUARTER_VALIDATORS)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung nhiệm vụ"))
    amount = models.BigIntegerField(_("số tiền (đồng)"), null=True, blank=True, validators=AMOUNT_VALIDATORS)
    amount_qualifier = models.CharField(_("mức độ chính xác"), max_length=20, blank=True)
    work = models.ForeignKey(
        "projects.Work",
        verbose_name=_("công trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    responsible = models.CharField(_("người/cơ quan phụ trách"), max_length=200, blank=True)
    status = models.CharField(_("tình trạng"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.PLANNED)
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    done_date = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuarterlyTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ theo quý")
        verbose_name_plural = _("nhiệm vụ theo quý")
        ordering = ["year", "quarter", "position", "id"]
        indexes = [
            models.Index(fields=["commune", "year", "quarter"], name="task_commune_year_quarter"),
            models.Index(
                fields=["year", "commune"], name="task_year_commune"
            ),  # the year menu (reports.summary.record_years)
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__range=(1, 4)),
                name="task_quarter_1_4",
                violation_error_message=_("Quý phải từ 1 đến 4."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="task_amount_not_negative",
                violation_error_message=_("Số tiền không được âm."),
            ),
        ]

    def __str__(self):
        return f"{quarter_label(self.quarter, self.year)}: {self.text[:80]}"

    @property
    def is_closed(self) -> bool:
        """Done or cancelled: nothing left to record on it."""
        return self.status in CLOSED_TASK_STATUSES

    def clean(self):
        errors = {}
        if self.work_id and self.commune_id and self.work.commune_id != self.commune_id:
            errors["work"] = _("Công trình được chọn không thuộc xã này.")
        if self.done_date and self.status != TaskStatus.DONE:
            errors["done_date"] = _("Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành.")
        if self.amount is None and self.amount_qualifier:
            errors["amount"] = _("Có ghi “gần/khoảng” thì phải có số tiền.")
        if errors:
            raise ValidationError(errors)
