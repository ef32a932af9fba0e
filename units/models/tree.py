"""The unit tree over time (province → [district] → commune → village), its queries, and who belongs where.

Scoping lives here: every app's QuerySet inherits `ScopedQuerySet`, so "what may this user see" is
answered in one place; "what may this user change" is `units.scoping` (docs/adr/0004-scoping.md).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .naming import DEFAULT_KIND, KINDS_OF_LEVEL, Kind, Level, NamedOverTime, year_end


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
        """Rows of `unit`'s subtree and of the subtrees of the units merged into it (docs/adr/0092)."""
        lookup = f"{self._path_lookup()}__startswith"
        condition = Q()
        for path in unit.scope_paths:
            condition |= Q(**{lookup: path})
        return self.filter(condition)

    def visible_to(self, user):
        """What the user may read: his unit's subtree with its predecessors'; everything for an administrator."""
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

    def in_force_on(self, day: datetime.date):
        """Units that existed on `day`: begun on or before it, not yet ended."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day)
        )

    def in_year(self, year: int):
        """The units a report for `year` lists: those in force on 31 December (docs/adr/0090)."""
        return self.in_force_on(year_end(year))

    def current(self):
        return self.filter(dissolved_on__isnull=True)

    def with_code_during(self, *, level: str, code: str, start, end):
        """Units of `level` holding `code` at some day of [start, end) (None: open-ended)."""
        overlapping = self.filter(level=level, code=code)
        if end is not None:
            overlapping = overlapping.filter(Q(valid_from__isnull=True) | Q(valid_from__lt=end))
        if start is not None:
            overlapping = overlapping.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=start))
        return overlapping

    def predecessors_of(self, unit):
        """The units a merge, split or rename turned into `unit` (directly; see `units.lineage` for all)."""
        return self.filter(changes_ended__successors=unit).exclude(pk=unit.pk).distinct()

    def successors_of(self, unit):
        return self.filter(changes_begun__predecessors=unit).exclude(pk=unit.pk).distinct()


class AdministrativeUnit(NamedOverTime, models.Model):
    """A node of the unit tree. `path` ("/1/4/9/") makes a subtree one indexed prefix query."""

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại đơn vị"), max_length=14, choices=Kind.choices, blank=True)
    name = models.CharField(_("tên"), max_length=120)
    code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        help_text=_(
            "Mã theo danh mục đơn vị hành chính Việt Nam; để trống khi chưa xác minh. Một mã có thể được dùng "
            "lại cho đơn vị khác sau khi sắp xếp: mã cùng với ngày mới xác định một đơn vị."
        ),
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
    # The paths of every unit merged or split into this one, however long ago ("/1/4/9/ /1/7/12/"): a
    # successor's people read their predecessors' records. Kept by ops.unit_changes; one field, so scoping
    # costs no query more than before.
    absorbed_paths = models.TextField(editable=False, default="", blank=True)
    region = models.CharField(
        _("vùng"),
        max_length=10,
        blank=True,
        help_text=_("Vùng kinh tế - xã hội áp dụng chỉ tiêu (ví dụ BTB: Bắc Trung Bộ)."),
    )
    zone = models.CharField(_("khu vực áp dụng của tỉnh"), max_length=40, blank=True)
    valid_from = models.DateField(
        _("hoạt động từ ngày"), null=True, blank=True, help_text=_("Để trống khi đơn vị có từ trước khi có dữ liệu.")
    )
    dissolved_on = models.DateField(
        _("ngừng hoạt động từ ngày"), null=True, blank=True, help_text=_("Ví dụ: sáp nhập từ 01/7/2025.")
    )
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_km2 = models.DecimalField(_("diện tích (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    catalogue = models.ForeignKey(
        "UnitCatalogue",
        verbose_name=_("danh mục nguồn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
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
                fields=["parent", "level", "name"],
                condition=Q(dissolved_on__isnull=True),
                name="unit_name_unique_under_parent",
                violation_error_message=_("Đơn vị cấp trên đã có đơn vị cùng cấp, cùng tên đang hoạt động."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gt=F("valid_from")),
                name="unit_period_ordered",
                violation_error_message=_("Ngày ngừng hoạt động phải sau ngày bắt đầu hoạt động."),
            ),
        ]
        indexes = [
            models.Index(fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "code"], name="unit_level_code"),
        ]

    def __str__(self):
        return self.name

    @property
    def full_name(self) -> str:
        """ "xã Quảng Giao", "phường Nam Sầm Sơn" (translated: "commune Quảng Giao"); a village's own name."""
        return self.full_name_on(None)

    @property
    def province(self):
        """The province above the unit in its own tree (walks `parent`: one query per level not yet loaded)."""
        unit = self
        while unit is not None and unit.level != Level.PROVINCE:
            unit = unit.parent
        return unit

    @property
    def kind_label(self) -> str:
        """ "Phường", "Xã": the unit's type, or its level's usual one when the type was not recorded."""
        return Kind(self.kind or DEFAULT_KIND[self.level]).label

    def in_force_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.dissolved_on is None or day < self.dissolved_on
        )

    def existed_in(self, year: int) -> bool:
        """Part of `year`'s reports: in force on 31 December (docs/adr/0090)."""
        return self.in_force_on(year_end(year))

    @property
    def has_ended(self) -> bool:
        return self.dissolved_on is not None and self.dissolved_on <= datetime.date.today()

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

    def former(self):
        """The history of its earlier names and parents (prefetch it: `units.reporting.load_names`)."""
        return self.history.all()

    @property
    def scope_paths(self) -> list[str]:
        """The subtrees this unit answers for: its own and those of its predecessors."""
        return [self.path, *self.absorbed_paths.split()]

    def is_within(self, other) -> bool:
        """Below `other` in the tree, or below one of the units merged into `other`."""
        return any(self.path.startswith(path) for path in other.scope_paths)

    def clean(self):
        errors = {}
        if self.kind and self.kind not in KINDS_OF_LEVEL[self.level]:
            errors["kind"] = _("Loại đơn vị không hợp với cấp đã chọn.")
        if self.valid_from and self.dissolved_on and self.dissolved_on <= self.valid_from:
            errors["dissolved_on"] = _("Ngày ngừng hoạt động phải sau ngày bắt đầu hoạt động.")
        if self.code and self._code_taken():
            errors["code"] = _(
                "Mã %(code)s đã thuộc một đơn vị khác trong cùng thời gian; một mã chỉ được dùng lại sau khi "
                "đơn vị cũ ngừng hoạt động."
            ) % {"code": self.code}
        if errors:
            raise ValidationError(errors)

    def _code_taken(self) -> bool:
        others = AdministrativeUnit.objects.with_code_during(
            level=self.level, code=self.code, start=self.valid_from, end=self.dissolved_on
        )
        return others.exclude(pk=self.pk).exists()


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
