"""Administrative units (province → [district] → commune → village) and who belongs where.

Scoping lives here: every app's QuerySet inherits `ScopedQuerySet`, so "what may this user see" is
answered in one place; "what may this user change" is `units.scoping` (docs/adr/0004-scoping.md).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/Thành phố")
    DISTRICT = "district", _("Huyện/Thị xã")
    COMMUNE = "commune", _("Xã/Phường")
    VILLAGE = "village", _("Thôn/Bản")


# A unit's name with its level, as a sentence names it; villages carry "Thôn" in their name already.
FULL_NAME = {
    Level.PROVINCE: _("tỉnh %(name)s"),
    Level.DISTRICT: _("huyện %(name)s"),
    Level.COMMUNE: _("xã %(name)s"),
    Level.VILLAGE: "%(name)s",
}


class Role(models.TextChoices):
    OFFICIAL = "official", _("Cán bộ xã")
    STEERING = "steering", _("Ban Chỉ đạo xã")
    COORDINATOR = "coordinator", _("Văn phòng điều phối NTM")
    ADMIN = "admin", _("Quản trị hệ thống")


def membership_of(user):
    """The user's membership, fetched once per request and kept on the user object."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_ntm_membership"):
        user._ntm_membership = Membership.objects.select_related("unit").filter(user=user).first()
    return user._ntm_membership


def is_administrator(user) -> bool:
    membership = membership_of(user)
    return bool(user and user.is_authenticated and user.is_superuser) or (
        membership is not None and membership.role == Role.ADMIN
    )


class ScopedQuerySet(models.QuerySet):
    """Rows that belong to a place. `scope_field` names the FK to AdministrativeUnit ("" for a unit itself)."""

    scope_field = "commune"

    def _path_lookup(self) -> str:
        return f"{self.scope_field}__path" if self.scope_field else "path"

    def within(self, unit):
        return self.filter(**{f"{self._path_lookup()}__startswith": unit.path})

    def visible_to(self, user):
        """What the user may read: his unit's subtree; everything for an administrator."""
        if is_administrator(user):
            return self.all()
        membership = membership_of(user)
        return self.within(membership.unit) if membership else self.none()


class AdministrativeUnitQuerySet(ScopedQuerySet):
    scope_field = ""

    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def villages(self):
        return self.filter(level=Level.VILLAGE)


class AdministrativeUnit(models.Model):
    """A node of the unit tree. `path` ("/1/4/9/") makes a subtree one indexed prefix query."""

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    name = models.CharField(_("tên"), max_length=120)
    code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        help_text=_("Mã theo danh mục đơn vị hành chính Việt Nam; để trống khi chưa xác minh."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, default="")
    region = models.CharField(
        _("vùng"),
        max_length=10,
        blank=True,
        help_text=_("Vùng kinh tế - xã hội áp dụng chỉ tiêu (ví dụ BTB: Bắc Trung Bộ)."),
    )
    zone = models.CharField(_("khu vực áp dụng của tỉnh"), max_length=40, blank=True)
    dissolved_on = models.DateField(
        _("ngừng hoạt động từ ngày"), null=True, blank=True, help_text=_("Ví dụ: sáp nhập từ 01/7/2025.")
    )
    is_demo = models.BooleanField(
        _("dữ liệu minh họa"), default=False, help_text=_("Đơn vị do máy sinh ra để minh họa, không phải số liệu thật.")
    )

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(code=""),
                name="unit_code_unique",
                violation_error_message=_("Mã đơn vị hành chính này đã được dùng."),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="unit_name_unique_under_parent",
                violation_error_message=_("Đơn vị cấp trên đã có đơn vị cùng tên."),
            ),
        ]
        indexes = [models.Index(fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.name

    @property
    def full_name(self) -> str:
        """ "xã Quảng Giao", "huyện Quảng Xương" (translated: "commune Quảng Giao"); a village's own name."""
        return str(FULL_NAME[self.level]) % {"name": self.name}

    @property
    def is_commune(self) -> bool:
        return self.level == Level.COMMUNE

    @property
    def is_assessed(self) -> bool:
        """Communes and villages carry self-assessments; provinces and districts do not."""
        return self.level in (Level.COMMUNE, Level.VILLAGE)

    @property
    def parent_district(self):
        """The district above a commune, when it had one (districts ended on 1 July 2025)."""
        return self.parent if self.parent_id and self.parent.level == Level.DISTRICT else None

    def name_on(self, day) -> str:
        """The name in force on `day`: reports for an earlier year show the name of that year."""
        earlier = [h for h in self.history.all() if h.valid_until > day]
        return min(earlier, key=lambda h: h.valid_until).name if earlier else self.name

    def is_within(self, other) -> bool:
        return self.path.startswith(other.path)


class UnitHistory(models.Model):
    """A unit's earlier name and parent, valid until the day a change took effect."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="history")
    name = models.CharField(_("tên trước đây"), max_length=120)
    parent = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị cấp trên trước đây"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_until = models.DateField(_("có hiệu lực đến trước ngày"))
    note = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lịch sử tên đơn vị")
        verbose_name_plural = _("lịch sử tên đơn vị")
        ordering = ["unit", "valid_until"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_until"],
                name="unit_history_once_per_day",
                violation_error_message=_("Đơn vị đã có một tên cũ kết thúc vào ngày này."),
            )
        ]

    def __str__(self):
        return f"{self.name} (đến {self.valid_until:%d/%m/%Y})"


class Membership(models.Model):
    """A user's place and role. One per user: an official works for one commune."""

    COMMUNE_ROLES = {Role.OFFICIAL, Role.STEERING}

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="membership"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    title = models.CharField(_("chức vụ"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

    @property
    def home_commune(self):
        """The commune an official or steering member works for; None for offices and administrators."""
        return self.unit if self.role in self.COMMUNE_ROLES else None

    def clean(self):
        if self.role in self.COMMUNE_ROLES and self.unit_id and self.unit.level != Level.COMMUNE:
            raise ValidationError({"unit": _("Cán bộ xã và Ban Chỉ đạo xã phải thuộc một xã.")})
        if self.role == Role.COORDINATOR and self.unit_id and self.unit.level not in (Level.PROVINCE, Level.DISTRICT):
            raise ValidationError({"unit": _("Văn phòng điều phối thuộc cấp tỉnh hoặc huyện.")})
