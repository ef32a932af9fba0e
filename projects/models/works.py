"""Investment works (công trình) of a commune: what they are, the criteria they advance, when they run."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.periods import quarter_end, quarter_label, quarter_of
from core.text import nfc, strip_accents
from criteria.models import SetLevel, SetScope
from units.models import Level, ScopedQuerySet, year_end

from .progress import ProgressUpdate
from .validators import AMOUNT_VALIDATORS, QUARTER_VALIDATORS, YEAR_VALIDATORS


def search_key_of(*parts: str) -> str:
    return " ".join(strip_accents(nfc(part or "")).lower() for part in parts).strip()


def runs_in(start_year: int | None, end_year: int | None, year: int) -> bool:
    """A work runs in `year`: started in or before it, not planned to end before it (no end: still running).

    The Python twin of `WorkQuerySet.for_year`, for rows already in memory (funding's summary and warnings).
    """
    return (start_year is None or start_year <= year) and (end_year is None or year <= end_year)


def planned_end_key():
    """A work's planned end as one number, year × 10 + quarter (a year without a quarter ends with its fourth), in
    SQL: what `late_from` reads."""
    return F("planned_end_year") * 10 + Coalesce("planned_end_quarter", 4)


def late_from(end_key: int) -> datetime.date:
    """The first day an open work planned to end at `end_key` (`planned_end_key`) is late (`WorkQuerySet.late`):
    the day after its planned end quarter."""
    year, quarter = divmod(end_key, 10)
    return quarter_end(year, quarter) + datetime.timedelta(days=1)


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
# number: the "nâng cao" sets number their criteria differently (6 is "Văn hóa" there), so they are left out, and
# so are the sets of 2026–2030 (Quyết định 51/2025/QĐ-TTg: ten criteria, 2 is "Hạ tầng kinh tế - xã hội"). Works
# stay linked by the numbering of the 2021–2025 period until links per period are built (docs/adr/0015).
CRITERIA_PERIOD = "2021-2025"
CRITERIA_SETS = {
    "criteria_set__scope": SetScope.COMMUNE,
    "criteria_set__level": SetLevel.XA_NTM,
    "criteria_set__period__code": CRITERIA_PERIOD,
}


class WorkQuerySet(ScopedQuerySet):
    scope_field = "commune"

    def for_year(self, year: int):
        """Works running in `year`: started in or before it, not planned to end before it (SQL twin of `runs_in`)."""
        return self.filter(self._runs_in(year))

    def reported_in(self, year: int):
        """Works a report for `year` shows: those running in it (`for_year`), and the unfinished works of a commune
        that had ended by the year's end, which the commune it was merged into carries on (docs/adr/0095)."""
        carried_on = Q(
            status__in=OPEN_WORK_STATUSES, planned_start_year__lte=year, commune__dissolved_on__lte=year_end(year)
        )
        return self.filter(self._runs_in(year) | carried_on)

    @staticmethod
    def _runs_in(year: int) -> Q:
        return Q(planned_start_year__lte=year) & (Q(planned_end_year__isnull=True) | Q(planned_end_year__gte=year))

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
        return self.filter(self._late(today))

    def with_lateness(self, today: datetime.date):
        """Annotate `is_late` (true for the works `late` returns; false, or null, for the others), in SQL."""
        return self.annotate(is_late=models.ExpressionWrapper(self._late(today), output_field=models.BooleanField()))

    @staticmethod
    def _late(today: datetime.date) -> Q:
        quarter = quarter_of(today)
        return Q(status__in=OPEN_WORK_STATUSES, planned_end_year__isnull=False) & (
            Q(planned_end_year__lt=today.year) | Q(planned_end_year=today.year, planned_end_quarter__lt=quarter)
        )

    def becoming_late(self, today: datetime.date):
        """Open works with a planned end that are not late on `today`: each becomes late on
        `late_from(planned_end_key)`, the only way the lateness of an unchanged work changes."""
        late = Work.objects.late(today).values("pk")
        return self.filter(status__in=OPEN_WORK_STATUSES, planned_end_year__isnull=False).exclude(pk__in=late)

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
