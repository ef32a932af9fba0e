"""The recognition dossier of a commune for a year and a level (Quyết định 18/2022/QĐ-TTg; docs/adr/0080).

The checklist of items is data per programme period (`ChecklistItem`), edited by the administrator; a
`Dossier` holds what the commune adds for one unit, year and level: the narrative of the generated documents,
the uploaded files, the public posting log and the satisfaction survey. Whether the dossier may still change
follows the self-assessment of the same unit, year and level (`dossiers.rules`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import group_thousands
from core.periods import year_in_range
from criteria.models import ProgrammePeriod, SetLevel
from units.models import AdministrativeUnit, ScopedQuerySet


class ItemSource(models.TextChoices):
    """How an item enters the dossier: written by the portal from the data, or uploaded by the commune."""

    REQUEST_LETTER = "request_letter", _("Tạo từ dữ liệu: tờ trình")
    RESULTS_REPORT = "results_report", _("Tạo từ dữ liệu: báo cáo kết quả kèm bảng tiêu chí")
    UPLOAD = "upload", _("Tải lên (PDF hoặc ảnh)")


GENERATED = (ItemSource.REQUEST_LETTER, ItemSource.RESULTS_REPORT)


class ChecklistItemQuerySet(models.QuerySet):
    def for_dossier(self, *, period, level: str):
        """The items of the period that apply to the level (an item without a level applies to every level)."""
        return self.filter(period=period).filter(Q(level="") | Q(level=level)).order_by("position", "pk")


class ChecklistItem(models.Model):
    """One document the dossier must hold, as the administrator lists them for a programme period."""

    period = models.ForeignKey(
        ProgrammePeriod, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="dossier_items"
    )
    level = models.CharField(
        _("mức công nhận"),
        max_length=20,
        choices=SetLevel.choices,
        blank=True,
        help_text=_("Để trống khi thành phần này áp dụng cho mọi mức."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("tên thành phần hồ sơ"), max_length=300)
    source = models.CharField(_("cách lập"), max_length=20, choices=ItemSource.choices, default=ItemSource.UPLOAD)
    verified = models.BooleanField(
        _("đã đối chiếu văn bản gốc"),
        default=False,
        help_text=_("Chỉ đánh dấu khi danh mục đã được đối chiếu với văn bản quy định hồ sơ của giai đoạn."),
    )
    note = models.TextField(_("ghi chú nguồn"), blank=True)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành phần hồ sơ công nhận")
        verbose_name_plural = _("thành phần hồ sơ công nhận")
        ordering = ["period", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "level", "title"],
                name="dossier_item_once_per_period_level",
                violation_error_message=_("Giai đoạn này đã có thành phần hồ sơ cùng tên cho mức này."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_generated(self) -> bool:
        return self.source in GENERATED


class DossierSetting(models.Model):
    """What a period requires of a dossier that the official texts fix: empty until an administrator enters it."""

    period = models.OneToOneField(
        ProgrammePeriod, verbose_name=_("giai đoạn"), on_delete=models.CASCADE, related_name="dossier_setting"
    )
    required_satisfaction = models.DecimalField(
        _("tỷ lệ người dân hài lòng tối thiểu (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Để trống khi chưa có văn bản chính thức; không nhập con số phỏng đoán."),
    )
    basis = models.CharField(
        _("căn cứ"), max_length=300, blank=True, help_text=_("Văn bản quy định tỷ lệ này (số, ngày, điều khoản).")
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định hồ sơ theo giai đoạn")
        verbose_name_plural = _("quy định hồ sơ theo giai đoạn")
        constraints = [
            models.CheckConstraint(
                condition=Q(required_satisfaction__isnull=True)
                | Q(required_satisfaction__gte=0, required_satisfaction__lte=100),
                name="dossier_required_satisfaction_percent",
                violation_error_message=_("Tỷ lệ hài lòng tối thiểu phải từ 0 đến 100 %."),
            )
        ]

    def __str__(self):
        return str(self.period)

    def clean(self):
        if self.required_satisfaction is not None and not self.basis.strip():
            raise ValidationError({"basis": _("Ghi căn cứ (văn bản chính thức) của tỷ lệ hài lòng tối thiểu.")})


class DossierQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Dossier(models.Model):
    """The dossier of one commune for one year and level: narrative, survey, and (below) files and postings."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="dossiers"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("mức đề nghị công nhận"), max_length=20, choices=SetLevel.choices)
    request_text = models.TextField(_("nội dung tờ trình"), blank=True)
    report_text = models.TextField(_("kết quả thực hiện (báo cáo)"), blank=True)
    proposal_text = models.TextField(_("kiến nghị, đề xuất (báo cáo)"), blank=True)
    texts_updated_at = models.DateTimeField(_("lời văn sửa lúc"), null=True, blank=True)
    texts_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    households_asked = models.PositiveIntegerField(_("số hộ được lấy ý kiến"), null=True, blank=True)
    households_answered = models.PositiveIntegerField(_("số hộ trả lời"), null=True, blank=True)
    households_satisfied = models.PositiveIntegerField(_("số hộ hài lòng"), null=True, blank=True)
    survey_note = models.TextField(_("ghi chú khảo sát"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ công nhận")
        verbose_name_plural = _("hồ sơ công nhận")
        ordering = ["unit", "-year", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "level"],
                name="dossier_once_per_unit_year_level",
                violation_error_message=_("Đơn vị đã có hồ sơ công nhận cho năm và mức này."),
            ),
            models.CheckConstraint(
                condition=year_in_range("year"),
                name="dossier_year_plausible",
                violation_error_message=_("Năm phải từ 2000 đến 2100."),
            ),
            models.CheckConstraint(
                condition=Q(households_answered__isnull=True)
                | Q(households_asked__isnull=True)
                | Q(households_answered__lte=F("households_asked")),
                name="dossier_answered_within_asked",
                violation_error_message=_("Số hộ trả lời không được lớn hơn số hộ được lấy ý kiến."),
            ),
            models.CheckConstraint(
                condition=Q(households_satisfied__isnull=True)
                | Q(households_answered__isnull=True)
                | Q(households_satisfied__lte=F("households_answered")),
                name="dossier_satisfied_within_answered",
                violation_error_message=_("Số hộ hài lòng không được lớn hơn số hộ trả lời."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.year} – {self.get_level_display()}"

    def clean(self):
        errors = {}
        asked, answered, satisfied = self.households_asked, self.households_answered, self.households_satisfied
        if satisfied is not None and answered is None:
            errors["households_answered"] = _("Nhập số hộ trả lời trước khi nhập số hộ hài lòng.")
        if answered is not None and asked is None:
            errors["households_asked"] = _("Nhập số hộ được lấy ý kiến trước khi nhập số hộ trả lời.")
        if answered is not None and asked is not None and answered > asked:
            errors["households_answered"] = _(
                "Số hộ trả lời (%(answered)s) không được lớn hơn số hộ được lấy ý kiến (%(asked)s)."
            ) % {"answered": group_thousands(answered), "asked": group_thousands(asked)}
        if satisfied is not None and answered is not None and satisfied > answered:
            errors["households_satisfied"] = _(
                "Số hộ hài lòng (%(satisfied)s) không được lớn hơn số hộ trả lời (%(answered)s)."
            ) % {"satisfied": group_thousands(satisfied), "answered": group_thousands(answered)}
        if errors:
            raise ValidationError(errors)


class DossierFileQuerySet(ScopedQuerySet):
    scope_field = "dossier__unit"


class DossierFile(models.Model):
    """An uploaded item of the dossier (a PDF or an image; an item may take several, e.g. scanned pages)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="files")
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("thành phần hồ sơ"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=60)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DossierFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["dossier", "item__position", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class PlaceKind(models.TextChoices):
    """Where the report is posted (Quyết định 18/2022/QĐ-TTg): the committee's office, the villages' cultural houses,
    the commune radio."""

    OFFICE = "office", _("Trụ sở Ủy ban nhân dân xã")
    CULTURAL_HOUSE = "cultural_house", _("Nhà văn hóa thôn")
    RADIO = "radio", _("Hệ thống truyền thanh xã")


class PostingQuerySet(ScopedQuerySet):
    scope_field = "dossier__unit"


class Posting(models.Model):
    """One public posting (or broadcast) of the results report: where and when."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="postings")
    place = models.CharField(_("nơi niêm yết"), max_length=20, choices=PlaceKind.choices)
    village = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("thôn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    posted_on = models.DateField(_("ngày niêm yết"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần niêm yết công khai")
        verbose_name_plural = _("lần niêm yết công khai")
        ordering = ["dossier", "posted_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("posted_on")),
                name="posting_dates_in_order",
                violation_error_message=_("Ngày kết thúc niêm yết phải sau hoặc bằng ngày niêm yết."),
            ),
            models.CheckConstraint(
                condition=Q(place="cultural_house", village__isnull=False)
                | (~Q(place="cultural_house") & Q(village__isnull=True)),
                name="posting_village_with_cultural_house",
                violation_error_message=_("Chọn thôn khi niêm yết tại nhà văn hóa thôn (và chỉ khi đó)."),
            ),
        ]

    def __str__(self):
        return f"{self.where} – {self.posted_on:%d/%m/%Y}"

    @property
    def where(self) -> str:
        if self.place == PlaceKind.CULTURAL_HOUSE and self.village_id:
            return f"{self.get_place_display()} {self.village.name}"
        return str(self.get_place_display())

    @property
    def dates(self) -> str:
        """ "05/03/2024" or "05/03/2024 – 20/03/2024" """
        start = self.posted_on.strftime("%d/%m/%Y")
        return f"{start} – {self.ended_on:%d/%m/%Y}" if self.ended_on else start

    def clean(self):
        errors = {}
        today = timezone.localdate()
        for field in ("posted_on", "ended_on"):
            day = getattr(self, field)
            if day is not None and day > today:
                errors[field] = _("Ngày %(day)s chưa tới: chỉ ghi những lần đã niêm yết.") % {
                    "day": day.strftime("%d/%m/%Y")
                }
        if self.posted_on and self.ended_on and self.ended_on < self.posted_on:
            errors["ended_on"] = _("Ngày kết thúc (%(end)s) phải sau hoặc bằng ngày niêm yết (%(start)s).") % {
                "end": self.ended_on.strftime("%d/%m/%Y"),
                "start": self.posted_on.strftime("%d/%m/%Y"),
            }
        if self.place == PlaceKind.CULTURAL_HOUSE and self.village_id is None:
            errors["village"] = _("Chọn thôn có nhà văn hóa nơi niêm yết.")
        elif self.place != PlaceKind.CULTURAL_HOUSE:
            self.village = None
        elif self.dossier_id and self.village.parent_id != self.dossier.unit_id:
            errors["village"] = _("Thôn đã chọn không thuộc đơn vị của hồ sơ.")
        if errors:
            raise ValidationError(errors)
