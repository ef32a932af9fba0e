"""Writes on the unit tree and memberships. Each keeps `path` and the audit trail consistent.

They live in `ops`, not `units`, because they audit: the audit app sits above `units` (docs/adr/0008).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.signals import records_changed
from core.text import clean_text
from units.models import AdministrativeUnit, Level, Membership, Role, UnitHistory

# The fields of a unit an administrator corrects in place (no new period, no name history): `unit_update`.
# Name and parent change through `unit_change`, which keeps the earlier ones for earlier dates.
UNIT_FIELDS = (
    "kind",
    "code",
    "region",
    "zone",
    "valid_from",
    "dissolved_on",
    "latitude",
    "longitude",
    "area_km2",
    "catalogue",
    "is_demo",
)
LEVEL_RANK = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2, Level.VILLAGE: 3}


@transaction.atomic
def unit_create(*, level: str, name: str, parent: AdministrativeUnit | None = None, user=None, **fields):
    unit = AdministrativeUnit(level=level, name=clean_text(name), parent=parent, **fields)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = _path_of(unit)
    unit.save(update_fields=["path"])
    audit_record(user=user, instance=unit, action=AuditEntry.Action.CREATE, commune=_commune_of(unit))
    return unit


@transaction.atomic
def unit_change(
    *,
    unit: AdministrativeUnit,
    effective: date,
    name: str | None = None,
    parent: AdministrativeUnit | None | bool = False,
    note: str = "",
    user=None,
) -> AdministrativeUnit:
    """Rename and/or move a unit from `effective` on; the old name stays valid for earlier dates.

    `parent=None` detaches the unit (a commune whose district was abolished); `False` keeps it.
    """
    if parent is not False:
        _check_parent(unit, parent)
    before = snapshot(unit)
    UnitHistory.objects.create(unit=unit, name=unit.name, parent=unit.parent, valid_until=effective, note=note)
    if name is not None:
        unit.name = clean_text(name)
    if parent is not False:
        unit.parent = parent
    unit.full_clean(exclude=["path"])
    unit.save()
    _rewrite_paths(unit)
    audit_unit_update(unit=unit, before=before, user=user)
    records_changed.notify(units=[unit])  # its name in the years before `effective`, and after
    return unit


@transaction.atomic
def unit_update(*, unit: AdministrativeUnit, user=None, **fields) -> AdministrativeUnit:
    """Correct a unit's type, code, period, centroid, area or flags (`UNIT_FIELDS`); validated and audited."""
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unit_update() got unexpected fields: {sorted(unknown)}")
    current = AdministrativeUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(current)
    for key, value in fields.items():
        setattr(current, key, clean_text(value) if isinstance(value, str) else value)
    current.full_clean(exclude=["path"])
    current.save()
    audit_unit_update(unit=current, before=before, user=user)
    records_changed.notify(units=[current])  # its period decides the years that list it
    return current


def _check_parent(unit: AdministrativeUnit, parent: AdministrativeUnit | None):
    if parent is None:
        return
    if parent.pk == unit.pk or (unit.path and parent.path.startswith(unit.path)):
        raise ValidationError({"parent": _("Không chuyển được một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")})
    if LEVEL_RANK[parent.level] >= LEVEL_RANK[unit.level]:
        raise ValidationError({"parent": _("Đơn vị cấp trên phải thuộc cấp cao hơn đơn vị được chuyển.")})


def _path_of(unit: AdministrativeUnit) -> str:
    prefix = unit.parent.path if unit.parent_id else "/"
    return f"{prefix}{unit.pk}/"


def _rewrite_paths(unit: AdministrativeUnit):
    old_prefix = unit.path
    unit.path = _path_of(unit)
    unit.save(update_fields=["path"])
    if old_prefix == unit.path:
        return
    descendants = list(AdministrativeUnit.objects.filter(path__startswith=old_prefix).exclude(pk=unit.pk))
    for descendant in descendants:
        descendant.path = unit.path + descendant.path[len(old_prefix) :]
    AdministrativeUnit.objects.bulk_update(descendants, ["path"])
    # Successors name their predecessors' subtrees by path (absorbed_paths): those below the move follow it.
    holders = list(AdministrativeUnit.objects.filter(absorbed_paths__contains=old_prefix))
    for holder in holders:
        holder.absorbed_paths = " ".join(
            unit.path + path[len(old_prefix) :] if path.startswith(old_prefix) else path
            for path in holder.absorbed_paths.split()
        )
    AdministrativeUnit.objects.bulk_update(holders, ["absorbed_paths"])


def audit_unit_update(*, unit: AdministrativeUnit, before: dict, user) -> None:
    """A unit's change in the audit log, filed under the commune it is or belongs to (for the unit services)."""
    audit_record(user=user, instance=unit, action=AuditEntry.Action.UPDATE, before=before, commune=_commune_of(unit))


def _commune_of(unit: AdministrativeUnit):
    if unit.level == Level.COMMUNE:
        return unit
    if unit.level == Level.VILLAGE:
        return unit.parent
    return None


def _grant_admin_site(user, role: str):
    """The admin role works in Django's admin; no other role reaches it (superusers keep their flag)."""
    is_staff = role == Role.ADMIN or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def membership_assign(*, user, unit: AdministrativeUnit, role: str, title: str = "", by=None) -> Membership:
    membership = Membership.objects.filter(user=user).first() or Membership(user=user)
    before = snapshot(membership) if membership.pk else None
    membership.unit, membership.role, membership.title = unit, role, clean_text(title)
    membership.full_clean()
    membership.save()
    _grant_admin_site(user, role)
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(user=by, instance=membership, action=action, before=before, commune=_commune_of(unit))
    return membership
