"""How the tree changed: merges, splits, renames and moves, and the catalogue loads that brought units in.

A unit exists over a period and its code identifies it only together with a date (docs/adr/0090).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .tree import AdministrativeUnit


class UnitCatalogue(models.Model):
    """Where a load of the unit catalogue came from: package, version, the legal list it follows."""

    package = models.CharField(_("gói dữ liệu"), max_length=80)
    version = models.CharField(_("phiên bản"), max_length=20)
    legal_basis = models.CharField(_("danh mục theo văn bản"), max_length=300)
    licence = models.CharField(_("giấy phép"), max_length=40, blank=True)
    scope = models.CharField(_("phạm vi nạp"), max_length=120)
    loaded_at = models.DateTimeField(_("thời điểm nạp"), auto_now=True)
    units_created = models.PositiveIntegerField(_("số đơn vị thêm mới"), default=0)
    units_matched = models.PositiveIntegerField(_("số đơn vị đã có"), default=0)

    class Meta:
        verbose_name = _("danh mục đơn vị hành chính")
        verbose_name_plural = _("danh mục đơn vị hành chính")
        ordering = ["-loaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "version", "scope"],
                name="catalogue_once_per_version_and_scope",
                violation_error_message=_("Danh mục này đã được nạp cho phạm vi này."),
            )
        ]

    def __str__(self):
        return f"{self.package} {self.version} ({self.scope})"


class ChangeKind(models.TextChoices):
    MERGE = "merge", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    MOVE = "move", _("Chuyển đơn vị cấp trên")


class UnitChange(models.Model):
    """A merge, split, rename or move: predecessors end on `effective_on`, successors carry on from it.

    Every predecessor is followed by every successor (a merge: n → 1; a split: 1 → n). A rename or a move
    keeps the same unit on both sides; its earlier name and parent are in `UnitHistory`.
    """

    kind = models.CharField(_("loại sắp xếp"), max_length=10, choices=ChangeKind.choices)
    effective_on = models.DateField(_("có hiệu lực từ ngày"))
    legal_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    legal_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    legal_clause = models.CharField(_("điều, khoản"), max_length=120, blank=True)
    legal_verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    predecessors = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("đơn vị trước sắp xếp"), related_name="changes_ended"
    )
    successors = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("đơn vị sau sắp xếp"), related_name="changes_begun"
    )
    catalogue = models.ForeignKey(
        UnitCatalogue, verbose_name=_("danh mục nguồn"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("sắp xếp đơn vị hành chính")
        verbose_name_plural = _("sắp xếp đơn vị hành chính")
        ordering = ["-effective_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y} {self.legal_number}".strip()

    @property
    def legal_act(self) -> str:
        """ "Nghị quyết 1686/NQ-UBTVQH15, khoản 135" as documents cite it."""
        return ", ".join(part for part in (self.legal_number, self.legal_clause) if part)
