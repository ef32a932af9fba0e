"""Programme periods as data (2021–2025, 2026–2030, …) with their legal basis, and each commune's group for a
period (docs/adr/0015-programme-periods-and-commune-groups.md).

A year belongs to at most one period (`ProgrammePeriod.objects.of_year(year)`); the criteria set in force for a
unit is chosen by the period of the year, the level and the unit's group or region (`criteria.in_force`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.periods import year_in_range, year_validators
from units.models import AdministrativeUnit, Level, ScopedQuerySet


class SetBasis(models.TextChoices):
    """What the thresholds of a period's sets differ by: 2021–2025 by region, 2026–2030 by commune group."""

    REGION = "region", _("Theo vùng kinh tế - xã hội")
    COMMUNE_GROUP = "commune_group", _("Theo nhóm xã")


class CommuneGroup(models.TextChoices):
    """The three groups of Quyết định 51/2025/QĐ-TTg (the July 2025 draft numbered them the other way round)."""

    GROUP_1 = "1", _("Nhóm 1")
    GROUP_2 = "2", _("Nhóm 2")
    GROUP_3 = "3", _("Nhóm 3")


class ProgrammePeriodQuerySet(models.QuerySet):
    def containing(self, year: int):
        return self.filter(first_year__lte=year, last_year__gte=year)

    def overlapping(self, first_year: int, last_year: int):
        return self.filter(first_year__lte=last_year, last_year__gte=first_year)

    def of_year(self, year: int):
        """The period `year` belongs to, or None (periods never overlap: `ProgrammePeriod.clean`)."""
        return self.containing(year).first()


class ProgrammePeriod(models.Model):
    """A period of the national target programme: its years, how its documents name it, its legal basis."""

    code = models.CharField(_("mã giai đoạn"), max_length=20, unique=True, help_text=_("Ví dụ: 2026-2030"))
    name = models.CharField(_("tên giai đoạn"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("năm đầu"), validators=year_validators())
    last_year = models.PositiveSmallIntegerField(_("năm cuối"), validators=year_validators())
    programme_name = models.CharField(_("tên đầy đủ của chương trình"), max_length=400)
    plan_name = models.CharField(
        _("tên chương trình trong kế hoạch năm"),
        max_length=400,
        help_text=_(
            "Cách kế hoạch năm của xã gọi chương trình trong tiêu đề các phần, ví dụ “các chương trình mục tiêu "
            "quốc gia xây dựng NTM”."
        ),
    )
    set_basis = models.CharField(_("chỉ tiêu phân theo"), max_length=20, choices=SetBasis.choices)
    verified = models.BooleanField(
        _("đã đối chiếu văn bản gốc"),
        default=False,
        help_text=_("Chỉ đánh dấu khi tên, các năm và căn cứ pháp lý đã được đối chiếu với văn bản chính thức."),
    )
    note = models.TextField(_("ghi chú nguồn"), blank=True)

    objects = ProgrammePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("giai đoạn chương trình")
        verbose_name_plural = _("giai đoạn chương trình")
        ordering = ["first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="programme_period_years_in_order",
                violation_error_message=_("Năm cuối của giai đoạn phải sau hoặc bằng năm đầu."),
            ),
            models.CheckConstraint(
                condition=year_in_range("first_year") & year_in_range("last_year"),
                name="programme_period_years_plausible",
                violation_error_message=_("Năm của giai đoạn phải từ 2000 đến 2100."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def years_label(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    def clean(self):
        if self.first_year is None or self.last_year is None:
            return
        if self.last_year < self.first_year:
            raise ValidationError({"last_year": _("Năm cuối của giai đoạn phải sau hoặc bằng năm đầu.")})
        # A year belongs to exactly one period; PostgreSQL could hold this as an exclusion constraint, but
        # SQLite (the newcomer's default) could not, so the rule lives here and in the services that save.
        others = ProgrammePeriod.objects.overlapping(self.first_year, self.last_year).exclude(pk=self.pk)
        clash = others.first()
        if clash is not None:
            raise ValidationError(
                _(
                    "Giai đoạn %(years)s trùng năm với giai đoạn “%(other)s” (%(other_years)s): mỗi năm chỉ thuộc "
                    "một giai đoạn của chương trình."
                )
                % {"years": self.years_label, "other": clash.name, "other_years": clash.years_label}
            )


class ProgrammeAct(models.Model):
    """One act of a period's legal basis (a resolution or a decision): number, date, issuer, as written."""

    period = models.ForeignKey(
        ProgrammePeriod, verbose_name=_("giai đoạn"), on_delete=models.CASCADE, related_name="acts"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    kind = models.CharField(_("loại văn bản"), max_length=40, help_text=_("Ví dụ: Nghị quyết, Quyết định"))
    number = models.CharField(_("số văn bản"), max_length=60)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    subject = models.CharField(
        _("trích yếu"),
        max_length=400,
        blank=True,
        help_text=_("Để trống khi chưa đọc được văn bản gốc; không ghi trích yếu phỏng đoán."),
    )
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)

    class Meta:
        verbose_name = _("căn cứ pháp lý của giai đoạn")
        verbose_name_plural = _("căn cứ pháp lý của giai đoạn")
        ordering = ["period", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "number"],
                name="programme_act_once_per_period",
                violation_error_message=_("Văn bản này đã có trong căn cứ của giai đoạn."),
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.number}"

    @property
    def citation(self) -> str:
        """ "Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ", as a document cites it."""
        text = gettext("%(kind)s số %(number)s") % {"kind": self.kind, "number": self.number}
        if self.date:
            text += " " + gettext("ngày %(date)s") % {"date": self.date.strftime("%d/%m/%Y")}
        text += " " + gettext("của %(issuer)s") % {"issuer": self.issuer}
        return f"{text} {self.subject}" if self.subject else text


class UnitCommuneGroupQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def for_unit(self, unit):
        """The records of a commune, or of the commune a village belongs to."""
        commune_id = unit.parent_id if unit.level == Level.VILLAGE else unit.pk
        return self.filter(unit_id=commune_id)


class UnitCommuneGroup(models.Model):
    """A commune's group for a period, with the decision that classified it; or "not assessed" for the period.

    Whether a ward (phường) is assessed under the 2026–2030 criteria is not confirmed: nothing is assumed, an
    administrator records either a group or "không thuộc diện đánh giá NTM" per unit and period.
    """

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="commune_groups"
    )
    period = models.ForeignKey(
        ProgrammePeriod, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="commune_groups"
    )
    group = models.CharField(_("nhóm xã"), max_length=2, choices=CommuneGroup.choices, blank=True)
    not_assessed = models.BooleanField(
        _("không thuộc diện đánh giá NTM"),
        default=False,
        help_text=_("Đơn vị không được đánh giá theo bộ tiêu chí nông thôn mới trong giai đoạn này."),
    )
    decision_number = models.CharField(_("số quyết định phân nhóm"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan quyết định"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = UnitCommuneGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhóm xã theo giai đoạn")
        verbose_name_plural = _("nhóm xã theo giai đoạn")
        ordering = ["period", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"],
                name="commune_group_once_per_unit_and_period",
                violation_error_message=_(
                    "Đơn vị này đã được xếp nhóm (hoặc ghi không thuộc diện đánh giá) cho giai đoạn này; một đơn vị "
                    "chỉ có một nhóm trong một giai đoạn: sửa bản ghi đã có."
                ),
            ),
            models.CheckConstraint(
                condition=Q(not_assessed=True, group="") | Q(not_assessed=False, group__in=CommuneGroup.values),
                name="commune_group_or_not_assessed",
                violation_error_message=_(
                    "Chọn một nhóm xã, hoặc đánh dấu “không thuộc diện đánh giá NTM” (không cả hai)."
                ),
            ),
        ]

    def __str__(self):
        status = _("không thuộc diện đánh giá NTM") if self.not_assessed else self.get_group_display()
        return f"{self.unit} – {self.period} – {status}"

    @property
    def label(self) -> str:
        return str(_("không thuộc diện đánh giá NTM") if self.not_assessed else self.get_group_display())

    def clean(self):
        errors = {}
        if self.unit_id and self.unit.level != Level.COMMUNE:
            errors["unit"] = _("Chỉ đơn vị cấp xã (xã, phường, đặc khu) được xếp nhóm; thôn theo nhóm của xã.")
        if self.not_assessed and self.group:
            errors["group"] = _("Đơn vị không thuộc diện đánh giá NTM thì không xếp nhóm.")
        elif not self.not_assessed and not self.group:
            errors["group"] = _("Chọn nhóm xã, hoặc đánh dấu “không thuộc diện đánh giá NTM”.")
        elif self.group and self.period_id and self.period.set_basis != SetBasis.COMMUNE_GROUP:
            errors["group"] = _("Giai đoạn %(period)s áp dụng chỉ tiêu theo vùng, không theo nhóm xã.") % {
                "period": self.period.years_label
            }
        if errors:
            raise ValidationError(errors)
