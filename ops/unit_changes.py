"""Merges, splits, renames and moves of administrative units, applied as one transaction each.

Predecessors end on the effective date and keep every record and their names for earlier years; successors
are created (or carry on) from that date and answer for their predecessors' subtrees (`absorbed_paths`), so
their people read and continue the predecessors' works (docs/adr/0090, 0092).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from units.models import AdministrativeUnit, ChangeKind, Level, UnitCatalogue, UnitChange

from .services import unit_change, unit_create


@dataclass
class NewUnit:
    """A successor that does not exist yet: created by the change, in force from its effective date."""

    level: str
    name: str
    parent: AdministrativeUnit | None
    kind: str = ""
    code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    area_km2: Decimal | None = None
    region: str = ""
    catalogue: UnitCatalogue | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class LegalAct:
    number: str = ""
    date: datetime.date | None = None
    clause: str = ""
    verified: bool = False


@transaction.atomic
def unit_change_apply(
    *,
    kind: str,
    effective_on: datetime.date,
    predecessors: list[AdministrativeUnit],
    successors: list[AdministrativeUnit | NewUnit],
    act: LegalAct | None = None,
    note: str = "",
    catalogue: UnitCatalogue | None = None,
    user=None,
) -> UnitChange:
    """Apply a change; a clear Vietnamese `ValidationError` and nothing written when it does not hold."""
    act = act or LegalAct()
    _check_shape(kind, predecessors, successors)
    for unit in predecessors:
        _check_predecessor(unit, effective_on)
    change = UnitChange.objects.create(
        kind=kind,
        effective_on=effective_on,
        legal_number=act.number,
        legal_date=act.date,
        legal_clause=act.clause,
        legal_verified=act.verified,
        note=note,
        catalogue=catalogue,
    )
    if kind in (ChangeKind.RENAME, ChangeKind.MOVE):
        _rename_or_move(change, predecessors[0], successors[0], user=user)
        return change
    _end(predecessors, effective_on, user=user)
    units = [_successor(spec, effective_on, user=user) for spec in successors]
    for unit in units:
        _check_same_province(unit, predecessors)
        _absorb(unit, predecessors, user=user)
    change.predecessors.set(predecessors)
    change.successors.set(units)
    audit_record(user=user, instance=change, action=AuditEntry.Action.CREATE)
    return change


def _check_shape(kind, predecessors, successors):
    if not predecessors or not successors:
        raise ValidationError(_("Một lần sắp xếp phải có ít nhất một đơn vị trước và một đơn vị sau."))
    if kind == ChangeKind.MERGE and len(successors) != 1:
        raise ValidationError(_("Sáp nhập tạo ra đúng một đơn vị."))
    if kind == ChangeKind.SPLIT and len(predecessors) != 1:
        raise ValidationError(_("Chia tách bắt đầu từ đúng một đơn vị."))
    if kind in (ChangeKind.RENAME, ChangeKind.MOVE):
        same = len(predecessors) == len(successors) == 1 and predecessors[0] == successors[0]
        if not same:
            raise ValidationError(_("Đổi tên hoặc chuyển đơn vị cấp trên giữ nguyên một đơn vị."))


def _check_predecessor(unit: AdministrativeUnit, effective_on: datetime.date):
    if unit.pk is None or not AdministrativeUnit.objects.filter(pk=unit.pk).exists():
        raise ValidationError(_("Đơn vị trước sắp xếp “%(name)s” không có trong danh mục.") % {"name": unit.name})
    if unit.dissolved_on is not None and unit.dissolved_on < effective_on:
        raise ValidationError(
            _("%(name)s đã ngừng hoạt động từ %(day)s, trước ngày sắp xếp %(effective)s.")
            % {"name": unit.full_name, "day": f"{unit.dissolved_on:%d/%m/%Y}", "effective": f"{effective_on:%d/%m/%Y}"}
        )
    if unit.valid_from is not None and effective_on <= unit.valid_from:
        raise ValidationError(
            _("Ngày sắp xếp %(effective)s không sau ngày %(name)s bắt đầu hoạt động (%(day)s).")
            % {"name": unit.full_name, "day": f"{unit.valid_from:%d/%m/%Y}", "effective": f"{effective_on:%d/%m/%Y}"}
        )


def _check_same_province(successor: AdministrativeUnit, predecessors):
    """A commune or district merges within its province (or within the provinces merged into it)."""
    if successor.level == Level.PROVINCE:
        return
    province = _province_of(successor)
    for unit in predecessors:
        if province is not None and not unit.is_within(province):
            raise ValidationError(
                _("%(name)s thuộc tỉnh khác với %(successor)s; không sắp xếp được giữa hai tỉnh.")
                % {"name": unit.full_name, "successor": successor.full_name}
            )


def _province_of(unit: AdministrativeUnit):
    root_id = int(unit.path.strip("/").split("/")[0])
    return AdministrativeUnit.objects.get(pk=root_id)


def _end(predecessors, effective_on, *, user):
    for unit in predecessors:
        if unit.dissolved_on == effective_on:
            continue  # a unit divided among several successors ends once
        before = snapshot(unit)
        unit.dissolved_on = effective_on
        unit.save(update_fields=["dissolved_on"])
        audit_record(user=user, instance=unit, action=AuditEntry.Action.UPDATE, before=before)


def _successor(spec, effective_on, *, user) -> AdministrativeUnit:
    if isinstance(spec, AdministrativeUnit):
        if not spec.in_force_on(effective_on):
            raise ValidationError(
                _("%(name)s không hoạt động vào ngày %(day)s, không nhận thêm đơn vị.")
                % {"name": spec.full_name, "day": f"{effective_on:%d/%m/%Y}"}
            )
        return spec
    return unit_create(
        level=spec.level,
        name=spec.name,
        parent=spec.parent,
        kind=spec.kind,
        code=spec.code,
        latitude=spec.latitude,
        longitude=spec.longitude,
        area_km2=spec.area_km2,
        region=spec.region,
        catalogue=spec.catalogue,
        valid_from=effective_on,
        user=user,
        **spec.extra,
    )


def _absorb(successor: AdministrativeUnit, predecessors, *, user):
    """The successor, and every later successor of it, answers for the predecessors' subtrees too (a change
    recorded after a later one, as the seed's 1/1/2025 merge, reaches the ward of 1/7/2025)."""
    paths = list(dict.fromkeys([*successor.absorbed_paths.split(), *_paths_of(predecessors)]))
    paths = [path for path in paths if not path.startswith(successor.path)]
    if paths == successor.absorbed_paths.split():
        return
    before = snapshot(successor)
    successor.absorbed_paths = " ".join(paths)
    successor.save(update_fields=["absorbed_paths"])
    audit_record(user=user, instance=successor, action=AuditEntry.Action.UPDATE, before=before)
    for later in AdministrativeUnit.objects.successors_of(successor):
        _absorb(later, [successor], user=user)


def _paths_of(units):
    for unit in units:
        yield from unit.scope_paths


def _rename_or_move(change: UnitChange, unit: AdministrativeUnit, spec, *, user):
    """`spec` is the unit itself with its new name and/or parent set by the caller (not yet saved)."""
    current = AdministrativeUnit.objects.get(pk=unit.pk)
    parent = spec.parent if spec.parent_id != current.parent_id else False
    name = spec.name if spec.name != current.name else None
    unit_change(unit=current, effective=change.effective_on, name=name, parent=parent, note=change.legal_act, user=user)
    change.predecessors.set([current])
    change.successors.set([current])
    audit_record(user=user, instance=change, action=AuditEntry.Action.CREATE)


@transaction.atomic
def unit_begin(*, unit: AdministrativeUnit, on: datetime.date, user=None) -> AdministrativeUnit:
    """Record the day a unit began (Đại Hùng on 1/1/2025), so its code's earlier holder can be entered."""
    before = snapshot(unit)
    unit.valid_from = on
    unit.full_clean(exclude=["path"])
    unit.save(update_fields=["valid_from"])
    audit_record(user=user, instance=unit, action=AuditEntry.Action.UPDATE, before=before)
    return unit


@transaction.atomic
def unit_end(*, unit: AdministrativeUnit, on: datetime.date, note: str = "", user=None) -> AdministrativeUnit:
    """End a unit without a successor (the districts on 1 July 2025); it keeps its records and names."""
    _check_predecessor(unit, on)
    if unit.children.filter(level__in=[Level.DISTRICT, Level.COMMUNE]).in_force_on(on).exists():
        raise ValidationError(
            _("%(name)s còn đơn vị trực thuộc đang hoạt động; sắp xếp các đơn vị đó trước.") % {"name": unit.full_name}
        )
    before = snapshot(unit)
    unit.dissolved_on = on
    unit.save(update_fields=["dissolved_on"])
    audit_record(user=user, instance=unit, action=AuditEntry.Action.UPDATE, before=before)
    return unit
