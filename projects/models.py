"""Investment works (công trình), their progress, and the quarterly tasks of a commune's yearly plan.

A work is modelled once even when it spans years: the seed's 2023 works reappear as 2024 quarterly
tasks, progress updates and yearly money lines, and all of them point at the same `Work`
(docs/adr/0020-works-span-years.md).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from core.money import MAX_AMOUNT
from core.periods import quarter_label, year_validators
from core.text import nfc, strip_accents
from criteria.models import SetLevel, SetScope
from units.models import Level, ScopedQuerySet

QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]
YEAR_VALIDATORS = year_validators()
AMOUNT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)]


def search_key_of(*parts: str) -> str:
    return " ".join(strip_accents(nfc(part or "")).lower() for part in parts).strip()


def runs_in(start_year: int | None, end_year: int | None, year: int) -> bool:
    """A work runs in `year`: started in or before it, not planned to end before it (no end: still running).

    The Python twin of `WorkQuerySet.for_year`, for rows already in memory (funding's summary and warnings).
    """
    return (start_year is None or start_year <= year) and (end_year is None or year <= end_year)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> datetime.date:
    """The last day of a quarter: the default due date of a quarterly task."""
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, quarter * 3 + 1, 1) - datetime.timedelta(days=1)


class Category(models.TextChoices):
    ROAD = "road", _("Giao thông")
    IRRIGATION = "irrigation", _("Thủy lợi")
    SCHOOL = "school", _("Trường học")
    CULTURE = "culture", _("Văn hóa")
    SIGNAGE = "signage", _("Biển báo, biển chỉ dẫn")
    WATER = "water", _("Nước sạch")
    ENVIRONMENT = "environment", _("Môi trường")
    OTHER = "other", _("Khác")


class WorkStatus(models.TextChoices):
    PLANNED = "planned", _("Kế hoạch")
    UNDER_CONSTRUCTION = "under_construction", _("Đang thi công")
    COMPLETED = "completed", _("Hoàn thành")
    HANDED_OVER = "handed_over", _("Đã bàn giao")
    SETTLED = "settled", _("Đã quyết toán")


OPEN_WORK_STATUSES = (WorkStatus.PLANNED, WorkStatus.UNDER_CONSTRUCTION)

# A work is linked to the criteria of every standard commune set (national and provincial versions), matched by
# number: the "nâng cao" sets number their criteria differently (6 is "Văn hóa" there), so they are left out.
CRITERIA_SETS = {"criteria_set__scope": SetScope.COMMUNE, "criteria_set__level": SetLevel.XA_NTM}


class WorkQuerySet(ScopedQuerySet):
    scope_field = "commune"

    def for_year(self, year: int):
        """Works running in `year`: started in or before it, not planned to end before it (SQL twin of `runs_in`)."""
        return self.filter(planned_start_year__lte=year).filter(
            Q(planned_end_year__isnull=True) | Q(planned_end_year__gte=year)
        )

    def with_latest_progress(self):
        """Annotate `latest_percent`, `latest_disbursed`, `latest_date` from the newest update, in SQL."""
        newest = ProgressUpdate.objects.filter(work=OuterRef("pk")).order_by("-date", "-id")
        return self.annotate(
            latest_percent=Subquery(newest.values("physical_percent")[:1]),
            latest_disbursed=Subquery(newest.values("disbursed_cumulative")[:1]),
            latest_date=Subquery(newest.values("date")[:1]),
        )

    def late(self, today: datetime.date):
        """Works still open after their planned end quarter (no end quarter: the end of the year)."""
        quarter = quarter_of(today)
        return self.filter(status__in=OPEN_WORK_STATUSES, planned_end_year__isnull=False).filter(
            Q(planned_end_year__lt=today.year) | Q(planned_end_year=today.year, planned_end_quarter__lt=quarter)
        )

    def for_criterion(self, number: int):
        """Works advancing criterion `number` of the standard commune sets (CRITERIA_SETS), whatever their version."""
        standard = {f"criterion__{name}": value for name, value in CRITERIA_SETS.items()}
        return self.filter(
            pk__in=Work.criteria.through.objects.filter(criterion__number=number, **standard).values("work_id")
        )

    def search(self, text: str):
        """Code, name or place containing `text`, ignoring case and diacritics."""
        return self.filter(search_key__contains=search_key_of(text))

    def for_list(self):
        """What the works list and the export need, in a fixed number of queries."""
        return self.select_related("commune", "village").with_latest_progress()


class Work(models.Model):
    """One investment work. `version` grows by one at every save so concurrent edits are detected."""

    commune = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="works"
    )
    village = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("thôn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="village_works",
    )
    code = models.CharField(_("mã công trình"), max_length=30)
    name = models.CharField(_("tên công trình"), max_length=300)
    category = models.CharField(_("lĩnh vực"), max_length=20, choices=Category.choices, default=Category.OTHER)
    criteria = models.ManyToManyField(
        "criteria.Criterion",
        verbose_name=_("tiêu chí công trình góp phần"),
        blank=True,
        related_name="works",
        help_text=_("Khi bộ tiêu chí có phiên bản mới, tìm theo số thứ tự tiêu chí."),
    )
    total_investment = models.BigIntegerField(
        _("tổng mức đầu tư (đồng)"), null=True, blank=True, validators=AMOUNT_VALIDATORS
    )
    total_investment_qualifier = models.CharField(
        _("mức độ chính xác"), max_length=20, blank=True, help_text=_("Ví dụ “gần” khi số tiền là ước tính.")
    )
    planned_start_year = models.PositiveSmallIntegerField(_("năm khởi công (kế hoạch)"), validators=YEAR_VALIDATORS)
    planned_start_quarter = models.PositiveSmallIntegerField(
        _("quý khởi công"), null=True, blank=True, validators=QUARTER_VALIDATORS
    )
    planned_end_year = models.PositiveSmallIntegerField(
        _("năm hoàn thành (kế hoạch)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    planned_end_quarter = models.PositiveSmallIntegerField(
        _("quý hoàn thành"), null=True, blank=True, validators=QUARTER_VALIDATORS
    )
    status = models.CharField(_("tình trạng"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.PLANNED)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    # Code, name and place without diacritics, lower case (refresh_search_key): "duong thon 9" finds
    # "Đường Thôn 9" on SQLite as on PostgreSQL (no unaccent extension needed).
    search_key = models.CharField(max_length=700, blank=True, editable=False, db_index=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("công trình")
        verbose_name_plural = _("công trình")
        ordering = ["-planned_start_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "code"],
                name="work_code_unique_in_commune",
                violation_error_message=_("Mã công trình này đã có trong xã."),
            ),
            models.CheckConstraint(
                condition=Q(total_investment__isnull=True) | Q(total_investment__gte=0),
                name="work_total_investment_not_negative",
                violation_error_message=_("Tổng mức đầu tư không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_year__isnull=True) | Q(planned_end_year__gte=F("planned_start_year")),
                name="work_ends_after_start",
                violation_error_message=_("Năm kết thúc phải bằng hoặc sau năm khởi công."),
            ),
            models.CheckConstraint(
                condition=Q(planned_start_quarter__isnull=True) | Q(planned_start_quarter__range=(1, 4)),
                name="work_start_quarter_1_4",
                violation_error_message=_("Quý khởi công phải từ 1 đến 4."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_quarter__isnull=True) | Q(planned_end_quarter__range=(1, 4)),
                name="work_end_quarter_1_4",
                violation_error_message=_("Quý hoàn thành phải từ 1 đến 4."),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def clean(self):
        errors = {}
        if (self.village_id and self.commune_id) and (
            self.village.level != Level.VILLAGE or self.village.parent_id != self.commune_id
        ):
            errors["village"] = _("Thôn được chọn không thuộc xã của công trình.")
        if self.commune_id and self.commune.level != Level.COMMUNE:
            errors["commune"] = _("Công trình phải thuộc một xã.")
        if self.planned_end_quarter and not self.planned_end_year:
            errors["planned_end_year"] = _("Có quý hoàn thành thì phải có năm hoàn thành.")
        if self.planned_end_year and self.planned_start_year:
            start = (self.planned_start_year, self.planned_start_quarter or 1)
            end = (self.planned_end_year, self.planned_end_quarter or 4)
            if end < start:
                errors["planned_end_year"] = _("Thời gian hoàn thành không được trước thời gian khởi công.")
        if self.total_investment is None and self.total_investment_qualifier:
            errors["total_investment"] = _("Có ghi “gần/khoảng” thì phải có số tiền.")
        if errors:
            raise ValidationError(errors)

    def refresh_search_key(self) -> None:
        """Set `search_key` from code, name and place; every write of a work (services, demo data) calls it."""
        self.search_key = search_key_of(self.code, self.name, self.place)

    @property
    def planned_start_label(self) -> str:
        return quarter_label(self.planned_start_quarter, self.planned_start_year)

    @property
    def planned_end_label(self) -> str:
        return quarter_label(self.planned_end_quarter, self.planned_end_year)


class ProgressUpdateQuerySet(ScopedQuerySet):
    scope_field = "work__commune"

    def timeline(self):
        return self.select_related("recorded_by").prefetch_related("photos").order_by("-date", "-id")


class ProgressUpdate(models.Model):
    """The state of a work on a date: physical progress and money disbursed so far."""

    work = models.ForeignKey(Work, verbose_name=_("công trình"), on_delete=models.CASCADE, related_name="updates")
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
        Work,
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
        indexes = [models.Index(fields=["commune", "year", "quarter"], name="task_commune_year_quarter")]
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
