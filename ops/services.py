"""Writes on the unit tree and memberships. Each keeps `path` and the audit trail consistent.

They live in `ops`, not `units`, because they audit: the audit app sits above `units` (docs/adr/0008).
"""

from datetime import date

from django.db import transaction

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.text import clean_text
from units.models import AdministrativeUnit, Level, Membership, Role, UnitHistory


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
    before = snapshot(unit)
    UnitHistory.objects.create(unit=unit, name=unit.name, parent=unit.parent, valid_until=effective, note=note)
    if name is not None:
        unit.name = clean_text(name)
    if parent is not False:
        unit.parent = parent
    unit.full_clean(exclude=["path"])
    unit.save()
    _rewrite_paths(unit)
    audit_record(user=user, instance=unit, action=AuditEntry.Action.UPDATE, before=before, commune=_commune_of(unit))
    return unit


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
