"""Recognition as a recorded fact: the decision that recognised a unit at a level, and its revocation if any.

The self-assessment says what the data computes (“đạt x/N”); a recognition says what an authority decided (xã
Quảng Giao was a recognised NTM commune before 2019). Pages show the two side by side, never one for the other
(docs/adr/0016-recognition-records.md).

The read is one QuerySet method: `Recognition.objects.held_by(unit, year)`, the titles a unit holds on 31 December
of a year. A title is its unit's own: a merge never carries its predecessors' titles to the successor.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.periods import year_in_range, year_validators
from units.models import AdministrativeUnit, Level, ScopedQuerySet, year_end

from .sets import VILLAGE_LEVELS, SetLevel

# How a status sentence names a level: "Đã công nhận xã NTM".
RECOGNISED_AS = {
    SetLevel.XA_NTM: _("xã NTM"),
    SetLevel.XA_NTM_NANG_CAO: _("xã NTM nâng cao"),
    SetLevel.XA_NTM_KIEU_MAU: _("xã NTM kiểu mẫu"),
    SetLevel.XA_NTM_HIEN_DAI: _("xã NTM hiện đại"),
    SetLevel.THON_NTM_KIEU_MAU: _("thôn NTM kiểu mẫu"),
}
LEVEL_ORDER = {level: rank for rank, level in enumerate(SetLevel.values)}


def recognised_by(year: int) -> Q:
    """Recognitions known to hold by 31 December of `year`: a decision dated by then; without a date, one recognised
    in `year` or earlier, or "before" a year up to `year` + 1 (recognised before 2019 holds in 2018)."""
    return (
        Q(decision_date__lte=year_end(year))
        | Q(decision_date__isnull=True, before_year=False, recognised_year__lte=year)
        | Q(decision_date__isnull=True, before_year=True, recognised_year__lte=year + 1)
    )


def not_revoked_by(year: int) -> Q:
    return Q(revoked_on__isnull=True) | Q(revoked_on__gt=year_end(year))


def level_order(recognition) -> tuple[int, int]:
    """The order of `RecognitionQuerySet.by_level`, to sort a few recognitions already read (cheaper than compiling
    its CASE for the commune dashboard); a level without a rank last, as SQL puts the CASE's null."""
    return LEVEL_ORDER.get(recognition.level, len(LEVEL_ORDER)), recognition.pk


class RecognitionQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def active(self):
        """Not revoked (whatever the year): a unit holds one active recognition per level."""
        return self.filter(revoked_on__isnull=True)

    def as_of(self, year: int):
        """Recognitions in force on 31 December of `year`: recognised by then and not revoked by then."""
        return self.filter(recognised_by(year), not_revoked_by(year))

    def by_level(self):
        """Lowest level first (NTM, nâng cao, kiểu mẫu, hiện đại), as the dashboards list levels; `level_order` in
        Python."""
        order = Case(*(When(level=level, then=Value(rank)) for level, rank in LEVEL_ORDER.items()))
        return self.order_by(models.ExpressionWrapper(order, output_field=IntegerField()), "pk")

    def held_by(self, unit, year: int):
        """The recognised level(s) of `unit` as of `year`, lowest first. Only the unit's own: the communes merged
        into it keep their titles, which never pass to it (nor to the communes they were merged into)."""
        return self.filter(unit=unit).as_of(year).by_level()


class Recognition(models.Model):
    """A unit recognised at a level by a decision (number, date, issuer, scanned copy), possibly revoked later.

    Any of the decision's details may be unknown: a missing number stays empty and reads "chưa nhập số quyết
    định"; a missing date is replaced by the year ("năm 2018") or a bound ("trước 2019").
    """

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="recognitions"
    )
    level = models.CharField(_("mức được công nhận"), max_length=20, choices=SetLevel.choices)
    decision_number = models.CharField(
        _("số quyết định"), max_length=60, blank=True, help_text=_("Để trống khi chưa biết số quyết định.")
    )
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(
        _("cơ quan quyết định"), max_length=200, blank=True, help_text=_("Ví dụ: Chủ tịch UBND tỉnh Thanh Hóa")
    )
    recognised_year = models.PositiveSmallIntegerField(
        _("năm công nhận"),
        null=True,
        blank=True,
        validators=year_validators(),
        help_text=_("Chỉ nhập khi chưa biết ngày quyết định."),
    )
    before_year = models.BooleanField(
        _("công nhận trước năm này"),
        default=False,
        help_text=_("Đánh dấu khi chỉ biết đơn vị đã được công nhận trước năm đã nhập (ví dụ “trước 2019”)."),
    )
    scan = models.FileField(_("bản scan quyết định"), upload_to="criteria/recognitions/%Y/", blank=True)
    scan_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_number = models.CharField(_("số quyết định thu hồi"), max_length=60, blank=True)
    revocation_issuer = models.CharField(_("cơ quan thu hồi"), max_length=200, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    verified = models.BooleanField(
        _("đã đối chiếu văn bản gốc"),
        default=False,
        help_text=_("Chỉ đánh dấu khi số, ngày và cơ quan đã được đối chiếu với quyết định gốc."),
    )
    note = models.TextField(_("ghi chú nguồn"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["unit", "level", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "level"],
                condition=Q(revoked_on__isnull=True),
                name="recognition_one_active_per_unit_and_level",
                violation_error_message=_(
                    "Đơn vị này đã có quyết định công nhận còn hiệu lực ở mức này; sửa bản ghi đã có, hoặc ghi thu "
                    "hồi quyết định cũ trước."
                ),
            ),
            models.CheckConstraint(
                condition=Q(decision_date__isnull=False) | Q(recognised_year__isnull=False),
                name="recognition_date_or_year",
                violation_error_message=_("Nhập ngày quyết định, hoặc năm công nhận khi chưa biết ngày."),
            ),
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True) | Q(recognised_year__isnull=True, before_year=False),
                name="recognition_year_only_without_date",
                violation_error_message=_("Đã có ngày quyết định thì không nhập năm công nhận."),
            ),
            models.CheckConstraint(
                condition=Q(recognised_year__isnull=True) | year_in_range("recognised_year"),
                name="recognition_year_plausible",
                violation_error_message=_("Năm công nhận phải từ 2000 đến 2100."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True)
                | Q(decision_date__isnull=True)
                | Q(revoked_on__gte=F("decision_date")),
                name="recognition_revoked_after_decision",
                violation_error_message=_("Ngày thu hồi không được trước ngày quyết định công nhận."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revocation_reason=""),
                name="recognition_revocation_needs_reason",
                violation_error_message=_("Thu hồi quyết định công nhận phải ghi lý do."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.get_level_display()} – {self.when_label}"

    @property
    def when_label(self) -> str:
        """ "ngày 12/03/2018", "năm 2018" or "trước 2019"."""
        if self.decision_date:
            return gettext("ngày %(date)s") % {"date": self.decision_date.strftime("%d/%m/%Y")}
        if self.before_year:
            return gettext("trước %(year)s") % {"year": self.recognised_year}
        return gettext("năm %(year)s") % {"year": self.recognised_year}

    @property
    def decision_label(self) -> str:
        """ "Quyết định số 123/QĐ-UBND ngày 12/03/2018 của Chủ tịch UBND tỉnh Thanh Hóa", or "trước 2019, chưa nhập
        số quyết định" when the number is unknown."""
        if not self.decision_number:
            return gettext("%(when)s, chưa nhập số quyết định") % {"when": self.when_label}
        text = gettext("Quyết định số %(number)s %(when)s") % {"number": self.decision_number, "when": self.when_label}
        if self.decision_issuer:
            text += " " + gettext("của %(issuer)s") % {"issuer": self.decision_issuer}
        return text

    @property
    def level_label(self) -> str:
        return str(RECOGNISED_AS.get(self.level, self.get_level_display()))

    @property
    def status_label(self) -> str:
        """ "Đã công nhận xã NTM (trước 2019, chưa nhập số quyết định)"."""
        return gettext("Đã công nhận %(level)s (%(decision)s)") % {
            "level": self.level_label,
            "decision": self.decision_label,
        }

    @property
    def earliest_year(self) -> int | None:
        """The first year-end by which the recognition is known to hold (`recognised_by`)."""
        if self.decision_date:
            return self.decision_date.year
        if self.recognised_year is None:
            return None
        return self.recognised_year - 1 if self.before_year else self.recognised_year

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.unit_id:
            village_level = self.level in VILLAGE_LEVELS
            if self.unit.level not in (Level.COMMUNE, Level.VILLAGE):
                errors["unit"] = _("Chỉ xã (phường, đặc khu) và thôn được công nhận theo các mức nông thôn mới.")
            elif self.level and village_level != (self.unit.level == Level.VILLAGE):
                errors["level"] = _("Mức %(level)s không áp dụng cho cấp của đơn vị đã chọn (xã hay thôn).") % {
                    "level": self.get_level_display()
                }
        if self.decision_date and self.decision_date > today:
            errors["decision_date"] = _("Ngày quyết định không được sau ngày hôm nay.")
        if self.decision_date and (self.recognised_year is not None or self.before_year):
            errors["recognised_year"] = _("Đã có ngày quyết định thì không nhập năm công nhận.")
        if not self.decision_date and self.recognised_year is None:
            errors["recognised_year"] = _("Nhập ngày quyết định, hoặc năm công nhận khi chưa biết ngày.")
        if self.recognised_year is not None and self.recognised_year > today.year:
            errors["recognised_year"] = _("Năm công nhận không được sau năm nay.")
        errors.update(self._revocation_errors(today))
        if errors:
            raise ValidationError(errors)

    def _revocation_errors(self, today: datetime.date) -> dict:
        if self.revoked_on is None:
            extra = self.revocation_number or self.revocation_issuer or self.revocation_reason.strip()
            return {"revoked_on": _("Nhập ngày thu hồi cùng số quyết định và lý do thu hồi.")} if extra else {}
        if self.revoked_on > today:
            return {"revoked_on": _("Ngày thu hồi không được sau ngày hôm nay.")}
        earliest = self.decision_date or (
            datetime.date(self.recognised_year, 1, 1) if self.recognised_year and not self.before_year else None
        )
        if earliest and self.revoked_on < earliest:
            return {
                "revoked_on": _("Ngày thu hồi (%(revoked)s) không được trước khi được công nhận (%(when)s).")
                % {"revoked": self.revoked_on.strftime("%d/%m/%Y"), "when": self.when_label}
            }
        if not self.revocation_reason.strip():
            return {"revocation_reason": _("Thu hồi quyết định công nhận phải ghi lý do.")}
        return {}
