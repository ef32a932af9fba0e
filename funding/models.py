"""Where a commune's NTM money comes from and which works it pays for.

A money line is one amount from one source, in one year, at one stage (planned, mobilised,
disbursed). A line without a work is the source's own figure as the commune reports it (the seed's
"Ngân sách xã: 19,7 tỷ đồng"); a line with a work says how much of that source went to the work.
The summary and its consistency checks are computed in `funding/summary.py`; nothing derived
(totals, shares, remainders) is stored (docs/adr/0030-money-lines-source-figures-and-work-lines.md).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.money import MAX_AMOUNT, QUALIFIERS, format_vnd
from core.periods import YEAR_RANGE_MESSAGE, year_in_range, year_validators
from units.models import ScopedQuerySet


class SourceKind(models.TextChoices):
    BUDGET = "budget", _("Ngân sách nhà nước")
    INTEGRATED = "integrated", _("Lồng ghép các chương trình")
    CREDIT = "credit", _("Vốn tín dụng")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    PEOPLE = "people", _("Nhân dân đóng góp")
    OTHER = "other", _("Nguồn khác")


class Contribution(models.TextChoices):
    """What a source gives besides its value in đồng: labour-days or donated land are counted too."""

    CASH = "cash", _("Tiền")
    LABOUR = "labour", _("Ngày công lao động")
    LAND = "land", _("Hiến đất")


class Stage(models.TextChoices):
    PLANNED = "planned", _("Kế hoạch")
    MOBILISED = "mobilised", _("Đã huy động, bố trí")
    DISBURSED = "disbursed", _("Đã giải ngân")


class FundingSource(models.Model):
    """One entry of the catalogue of sources; an administrator edits it, communes only pick from it."""

    code = models.SlugField(_("mã nguồn"), max_length=40, unique=True)
    name = models.CharField(_("tên nguồn vốn"), max_length=200)
    kind = models.CharField(_("loại nguồn"), max_length=12, choices=SourceKind.choices)
    contribution = models.CharField(
        _("hình thức đóng góp"), max_length=8, choices=Contribution.choices, default=Contribution.CASH
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("nguồn vốn")
        verbose_name_plural = _("danh mục nguồn vốn")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class MoneyLineQuerySet(ScopedQuerySet):
    scope_field = "commune"

    def for_year(self, year: int):
        return self.filter(year=year)

    def with_related(self):
        return self.select_related("commune", "source", "work")


class MoneyLine(models.Model):
    commune = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="money_lines"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=year_validators())
    source = models.ForeignKey(
        FundingSource, verbose_name=_("nguồn vốn"), on_delete=models.PROTECT, related_name="lines"
    )
    amount = models.BigIntegerField(
        _("số tiền (đồng)"), validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)]
    )
    amount_qualifier = models.CharField(
        _("mức gần đúng"),
        max_length=10,
        blank=True,
        choices=[(q, q) for q in QUALIFIERS],
        help_text=_("Để trống khi số tiền chính xác; “gần” khi văn bản ghi “gần 500 triệu”."),
    )
    stage = models.CharField(_("giai đoạn"), max_length=10, choices=Stage.choices, default=Stage.MOBILISED)
    quarter = models.PositiveSmallIntegerField(
        _("quý"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    work = models.ForeignKey(
        "projects.Work",
        verbose_name=_("công trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="money_lines",
        help_text=_("Để trống khi đây là số tổng của nguồn hoặc khoản không gắn với công trình nào."),
    )
    labour_days = models.PositiveIntegerField(_("số ngày công"), null=True, blank=True)
    land_m2 = models.DecimalField(
        _("diện tích đất hiến (m²)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    note = models.CharField(_("ghi chú, căn cứ"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MoneyLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("dòng vốn")
        verbose_name_plural = _("dòng vốn")
        ordering = ["-year", "source__sort_order", "quarter", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=MAX_AMOUNT),
                name="money_line_amount_in_range",
                violation_error_message=_("Số tiền phải từ 0 đồng đến mức tối đa cho phép."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="money_line_quarter_1_4",
                violation_error_message=_("Quý phải từ 1 đến 4."),
            ),
            models.CheckConstraint(
                condition=year_in_range("year"),
                name="money_line_year_in_range",
                violation_error_message=YEAR_RANGE_MESSAGE,
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "year"], name="money_line_commune_year"),
            models.Index(
                fields=["year", "commune"], name="money_line_year_commune"
            ),  # the year menu (reports.summary.record_years)
        ]

    def __str__(self):
        return f"{self.source} {self.year}: {format_vnd(self.amount)}"

    def clean(self):
        errors = {}
        if self.source_id:
            if self.labour_days is not None and self.source.contribution != Contribution.LABOUR:
                errors["labour_days"] = _("Chỉ ghi số ngày công cho nguồn đóng góp bằng ngày công.")
            if self.land_m2 is not None and self.source.contribution != Contribution.LAND:
                errors["land_m2"] = _("Chỉ ghi diện tích cho nguồn hiến đất.")
        if self.work_id and self.commune_id and self.work.commune_id != self.commune_id:
            errors["work"] = _("Công trình này thuộc xã khác, không gắn được vào dòng vốn của xã này.")
        if errors:
            raise ValidationError(errors)
