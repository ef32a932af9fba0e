"""The yearly plan document of a commune (Decree 30/2020 layout) and its issued, frozen versions.

A `PlanDocument` holds what officials write: metadata, narrative sections, recipients. Figures and
tables are never stored here; `reports.document.build_plan` reads them from criteria, projects and
funding at render time. Issuing freezes a rendering: the PDF bytes and their SHA-256 are kept in an
`IssuedDocument`, so later data changes do not alter what was signed (docs/adr/0041-issued-documents-frozen.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.periods import year_in_range
from units.models import AdministrativeUnit, ScopedQuerySet, year_end

NBSP = "\u00a0"


class SectionKey(models.TextChoices):
    """Narrative paragraphs of the plan, in document order (Part I evaluates year N-1, Part II plans year N)."""

    DIRECTION = "direction", _("I.1. Công tác chỉ đạo, điều hành")
    COMMUNICATION = "communication", _("I.2.a. Công tác truyền thông")
    TRAINING = "training", _("I.2.b. Công tác đào tạo, tập huấn")
    AGRICULTURE = "agriculture", _("I.3.a. Phát triển sản xuất nông nghiệp")
    INDUSTRY = "industry", _("I.3.b. Công nghiệp, tiểu thủ công nghiệp, dịch vụ và ngành nghề nông thôn")
    INCOME = "income", _("I.3.c. Kết quả nâng cao thu nhập, giảm nghèo")
    PURPOSE = "purpose", _("II.1. Mục đích")
    REQUIREMENTS = "requirements", _("II.2. Yêu cầu")
    KEY_TASKS = "key_tasks", _("II.3.2. Một số nhiệm vụ trọng tâm khác")
    SOLUTIONS = "solutions", _("II.4. Giải pháp và tổ chức thực hiện")
    RECOMMENDATIONS = "recommendations", _("Kiến nghị, đề xuất")


class PlanDocumentQuerySet(ScopedQuerySet):
    scope_field = "commune"

    def for_year(self, year: int):
        return self.filter(year=year)

    def listed_in(self, year: int):
        """The documents of `year` of the communes a report for that year lists: those in force on its 31 December
        (docs/adr/0090, 0095); a commune merged away during the year is its successor's part of that year."""
        return self.for_year(year).filter(commune__in=AdministrativeUnit.objects.in_year(year))

    def with_parts(self):
        """Everything a rendering needs from this app, in four queries whatever the number of documents."""
        return self.select_related("commune__parent__parent").prefetch_related(
            "sections", "recipients", "commune__history"
        )


class PlanDocument(models.Model):
    """ "Kế hoạch thực hiện Chương trình MTQG xây dựng NTM năm N" of one commune."""

    commune = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="plan_documents"
    )
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    issuing_body = models.CharField(
        _("cơ quan ban hành"),
        max_length=200,
        help_text=_("Viết hoa; xuống dòng để tách hai dòng, ví dụ “ỦY BAN NHÂN DÂN” và “XÃ QUẢNG GIAO”."),
    )
    number = models.CharField(_("số văn bản"), max_length=20, blank=True, help_text=_("Để trống khi chưa lấy số."))
    symbol = models.CharField(_("ký hiệu"), max_length=30, default="KH-UBND")
    place = models.CharField(_("địa danh"), max_length=100)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("tên loại văn bản"), max_length=100, default="KẾ HOẠCH")
    subject = models.CharField(_("trích yếu"), max_length=300)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=100, blank=True, default="TM. ỦY BAN NHÂN DÂN")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    filing = models.CharField(_("nơi lưu"), max_length=60, default="VT", help_text=_("In thành “- Lưu: VT.”"))
    cites_programme_basis = models.BooleanField(
        _("in căn cứ pháp lý của chương trình"),
        default=True,
        help_text=_(
            "In các dòng “Căn cứ …” (các văn bản của giai đoạn chương trình chứa năm kế hoạch) ở đầu kế hoạch; bỏ "
            "chọn khi kế hoạch không ghi căn cứ."
        ),
    )
    states_recognition = models.BooleanField(
        _("ghi tình trạng công nhận trong phụ lục"),
        default=True,
        help_text=_(
            "Ghi quyết định công nhận (nếu có) cạnh dòng “Tổng số tiêu chí đạt” của bảng tự đánh giá cùng mức, để số "
            "tiêu chí tính từ số liệu không bị hiểu là mức đã đạt chuẩn."
        ),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = PlanDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["commune__path", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year"],
                name="plan_document_once_per_commune_year",
                violation_error_message=_("Xã đã có kế hoạch cho năm này."),
            ),
            models.CheckConstraint(
                condition=year_in_range("year"),
                name="plan_document_year_plausible",
                violation_error_message=_("Năm kế hoạch phải từ 2000 đến 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.year} – {self.commune}"

    @property
    def commune_name(self) -> str:
        """The commune's name in the plan's year ("Quảng Giao" on its 2024 plan, whatever it is called today)."""
        return self.commune.name_on(year_end(self.year))

    @property
    def evaluated_year(self) -> int:
        """Part I evaluates the year before the plan's year."""
        return self.year - 1

    @property
    def number_line(self) -> str:
        """ "Số: 45/KH-UBND"; without a number yet the space is left for the clerk, as on paper."""
        return f"Số: {self.number or NBSP * 8}/{self.symbol}"


class NarrativeSection(models.Model):
    """Paragraphs officials write each year; one line is one paragraph, "- " starts a bullet line."""

    document = models.ForeignKey(
        PlanDocument, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField(_("mục"), max_length=30, choices=SectionKey.choices)
    text = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("đoạn văn")
        verbose_name_plural = _("đoạn văn")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key"],
                name="narrative_once_per_document",
                violation_error_message=_("Kế hoạch đã có đoạn văn này."),
            )
        ]

    def __str__(self):
        return f"{self.document} – {self.get_key_display()}"


class Recipient(models.Model):
    """One line of "Nơi nhận:"; "- Lưu: VT." is added from `PlanDocument.filing`."""

    document = models.ForeignKey(
        PlanDocument, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="recipients"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(_("nơi nhận"), max_length=300)

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"],
                name="recipient_position_unique",
                violation_error_message=_("Thứ tự nơi nhận này đã có trong kế hoạch."),
            )
        ]

    def __str__(self):
        return self.text


class IssuedDocumentQuerySet(ScopedQuerySet):
    scope_field = "document__commune"

    def latest_per_document(self):
        """The newest version of each document (PostgreSQL DISTINCT ON is avoided to keep SQLite working)."""
        newest = models.Subquery(
            IssuedDocument.objects.filter(document=models.OuterRef("document")).order_by("-version").values("pk")[:1]
        )
        return self.filter(pk=newest)


def issued_pdf_path(instance, filename):
    document = instance.document
    return f"reports/issued/{document.commune_id}/{document.year}/v{instance.version}-{instance.sha256[:12]}.pdf"


class IssuedDocument(models.Model):
    """A frozen rendering: the PDF as issued, never regenerated. A new issue is a new version."""

    document = models.ForeignKey(
        PlanDocument, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="issues"
    )
    version = models.PositiveIntegerField(_("phiên bản"))
    issued_at = models.DateTimeField(_("phát hành lúc"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phát hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(_("tệp PDF"), upload_to=issued_pdf_path, max_length=200)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("dung lượng (byte)"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản đã phát hành")
        verbose_name_plural = _("bản đã phát hành")
        ordering = ["document", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "version"],
                name="issued_version_unique",
                violation_error_message=_("Kế hoạch đã có bản phát hành số này."),
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1),
                name="issued_version_positive",
                violation_error_message=_("Số bản phát hành phải từ 1 trở lên."),
            ),
        ]

    def __str__(self):
        return f"{self.document} – v{self.version}"


class AreaSummary(models.Model):
    """What the area views show of one commune for one year, kept up to date by the writes (docs/adr/0066).

    A read model: every figure is computed by `reports.summary` from the records, with the rules of the apps that
    own them, and rewritten whenever a service changes what it is computed from. Nothing here is entered.
    """

    # Indexed by the unique (unit, year) constraint.
    unit = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên trong năm"), max_length=120)
    name_key = models.CharField(max_length=120)  # the name in lower case: the order of the name column
    # level code → {"met": counted (the appraisal's where there is one), "own": the commune's, "total", "appraised"}
    levels = models.JSONField(default=dict, blank=True)
    reached_rank = models.SmallIntegerField(default=-1)  # rank (criteria.LEVEL_ORDER) of the highest level reached
    best_met = models.SmallIntegerField(default=-1)  # the most criteria met at one level (-1: none assessed)
    recognised = models.CharField(max_length=200, blank=True)  # " xa_ntm xa_ntm_nang_cao ": held on 31 December
    works_total = models.PositiveIntegerField(default=0)
    works_late = models.PositiveIntegerField(default=0)
    works_on_track = models.PositiveIntegerField(default=0)
    late_from = models.DateField()  # the day `works_late` was counted for…
    late_until = models.DateField(null=True, blank=True)  # …and the day it may change next (None: never)
    planned = models.BigIntegerField(default=0)
    mobilised = models.BigIntegerField(default=0)
    mobilised_share = models.DecimalField(max_digits=16, decimal_places=1, null=True, blank=True)
    last_update = models.DateTimeField(null=True, blank=True)
    carries = models.TextField(blank=True)  # " 12 34 ": the units merged into it whose records it counts
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("tổng hợp của xã theo năm")
        verbose_name_plural = _("tổng hợp của xã theo năm")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="area_summary_unit_year")]
        indexes = [
            models.Index(fields=["year", "reached_rank", "best_met"], name="area_summary_criteria"),
            models.Index(fields=["year", "works_late", "works_total"], name="area_summary_late"),
            models.Index(fields=["year", "works_on_track"], name="area_summary_on_track"),
            models.Index(fields=["year", "mobilised"], name="area_summary_mobilised"),
            models.Index(fields=["year", "mobilised_share"], name="area_summary_share"),
            models.Index(fields=["year", "last_update"], name="area_summary_updated"),
            models.Index(fields=["year", "late_until"], name="area_summary_late_until"),
            models.Index(fields=["carries"], name="area_summary_carries", condition=~models.Q(carries="")),
        ]

    def __str__(self):
        return f"{self.name} – {self.year}"
