"""OCOP products of a commune (criterion 13 reads them)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.periods import year_in_range
from units.models import AdministrativeUnit, Level, ScopedQuerySet


class OcopGroup(models.TextChoices):
    # The six product groups of Decision 148/QĐ-TTg (2023).
    FOOD = "thuc_pham", _("Thực phẩm")
    DRINK = "do_uong", _("Đồ uống")
    HERBAL = "duoc_lieu", _("Dược liệu và sản phẩm từ dược liệu")
    CRAFT = "thu_cong", _("Hàng thủ công mỹ nghệ")
    ORNAMENTAL = "sinh_vat_canh", _("Sinh vật cảnh")
    TOURISM = "du_lich", _("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch")


class OcopProductQuerySet(ScopedQuerySet):
    scope_field = "commune"

    def recognised_by(self, year: int):
        return self.filter(year_recognised__lte=year)


class OcopProduct(models.Model):
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã"), on_delete=models.PROTECT, related_name="ocop_products"
    )
    name = models.CharField(_("tên sản phẩm"), max_length=200)
    group = models.CharField(_("nhóm sản phẩm"), max_length=20, choices=OcopGroup.choices)
    stars = models.PositiveSmallIntegerField(_("số sao"))
    year_recognised = models.PositiveSmallIntegerField(_("năm được công nhận"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = OcopProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = ["commune", "-year_recognised", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5),
                name="ocop_stars_1_to_5",
                violation_error_message=_("Số sao OCOP phải từ 1 đến 5."),
            ),
            models.CheckConstraint(
                condition=year_in_range("year_recognised"),
                name="ocop_year_plausible",
                violation_error_message=_("Năm công nhận OCOP phải từ 2000 đến 2100."),
            ),
            models.UniqueConstraint(
                fields=["commune", "name"],
                name="ocop_name_once_per_commune",
                violation_error_message=_("Xã đã có sản phẩm OCOP cùng tên."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.stars}★)"

    def clean(self):
        if self.commune_id and self.commune.level != Level.COMMUNE:
            raise ValidationError({"commune": _("Sản phẩm OCOP phải thuộc một xã.")})
