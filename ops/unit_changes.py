"""Merges, splits, renames and moves of administrative units, applied as one transaction each.

Predecessors end on the effective date and keep every record and their names for earlier years; successors
are created (or carry on) from that date and answer for their predecessors' subtrees (`absorbed_paths`), so
their people read and continue the predecessors' works (docs/adr/0090, 0092).

Every check reads the units as the database holds them (locked), not as the caller's objects say; the
caller's unit objects are refreshed once the change is applied and left untouched when it is refused.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.signals import records_changed
from core.text import clean_text
from units.models import AdministrativeUnit, ChangeKind, Level, UnitCatalogue, UnitChange

from .services import audit_unit_update, unit_change, unit_create

SAME_UNIT_KINDS = (ChangeKind.RENAME, ChangeKind.MOVE)


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
    """Apply a change; a clear Vietnamese `ValidationError` and nothing written when it does not hold.

    A merge: several predecessors → one successor (a `NewUnit`, or an existing unit that absorbs them). A
    split: one predecessor → several successors. A rename or a move: the same unit on both sides, passed
    with its new `name` and/or `parent` set and not saved.
    """
    act = act or LegalAct()
    _check_shape(kind, predecessors, successors)
    change = UnitChange(
        kind=kind,
        effective_on=effective_on,
        legal_number=clean_text(act.number),
        legal_date=act.date,
        legal_clause=clean_text(act.clause),
        legal_verified=act.verified,
        note=clean_text(note),
        catalogue=catalogue,
    )
    with records_changed.batch():  # names, periods and whose records count for whom: every year of these units
        if kind in SAME_UNIT_KINDS:
            fresh = [_rename_or_move(change, predecessors[0], user=user)]
        else:
            fresh = _merge_or_split(change, predecessors, successors, user=user)
        records_changed.notify(units=fresh)
    audit_record(user=user, instance=change, action=AuditEntry.Action.CREATE)
    _mirror([unit for unit in [*predecessors, *successors] if isinstance(unit, AdministrativeUnit)], fresh)
    return change


def _mirror(callers: list[AdministrativeUnit], fresh: list[AdministrativeUnit]):
    """Bring the caller's unit objects up to date from the copies the change wrote (no query: a whole
    country's load passes ten thousand of them)."""
    by_pk = {unit.pk: unit for unit in fresh}
    for unit in callers:
        current = by_pk.get(unit.pk)
        if current is None:
            continue
        if current.parent_id != unit.parent_id:
            unit.refresh_from_db()  # its cached parent is another unit now
            continue
        for model_field in AdministrativeUnit._meta.concrete_fields:
            setattr(unit, model_field.attname, getattr(current, model_field.attname))


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _name(unit: AdministrativeUnit) -> str:
    return capfirst(unit.full_name)


def _check_shape(kind, predecessors, successors):
    if kind not in ChangeKind.values:
        raise ValidationError(_("Loại sắp xếp không hợp lệ."))
    if not predecessors or not successors:
        raise ValidationError(_("Một lần sắp xếp phải có ít nhất một đơn vị trước và một đơn vị sau."))
    if kind == ChangeKind.MERGE and len(successors) != 1:
        raise ValidationError(_("Sáp nhập tạo ra đúng một đơn vị."))
    if kind == ChangeKind.SPLIT and len(predecessors) != 1:
        raise ValidationError(_("Chia tách bắt đầu từ đúng một đơn vị."))
    if kind in SAME_UNIT_KINDS:
        same = len(predecessors) == len(successors) == 1 and _same(predecessors[0], successors[0])
        if not same:
            raise ValidationError(_("Đổi tên hoặc chuyển đơn vị cấp trên giữ nguyên một đơn vị."))


def _same(one, other) -> bool:
    return isinstance(other, AdministrativeUnit) and one.pk is not None and one.pk == other.pk


def _record(change: UnitChange) -> UnitChange:
    change.full_clean()
    change.save()
    return change


def _locked(unit, *, role: str) -> AdministrativeUnit:
    """The unit as the database holds it, locked until the change commits; refused when it is not there."""
    return _locked_all([unit], role=role)[0]


def _locked_all(units, *, role: str) -> list[AdministrativeUnit]:
    """`_locked` for several units in one query, in the order given, each once."""
    pks = [unit.pk for unit in units if getattr(unit, "pk", None) is not None]
    found = AdministrativeUnit.objects.select_for_update().in_bulk(pks)
    for unit in units:
        if found.get(getattr(unit, "pk", None)) is None:
            raise ValidationError(
                _("%(role)s “%(name)s” không có trong danh mục đơn vị hành chính.") % {"role": role, "name": unit.name}
            )
    return list({pk: found[pk] for pk in (unit.pk for unit in units)}.values())


def _check_began_before(unit: AdministrativeUnit, effective_on: datetime.date):
    """A successor cannot be dated before (or on the day) its predecessor began."""
    if unit.valid_from is not None and effective_on <= unit.valid_from:
        raise ValidationError(
            _(
                "Ngày sắp xếp %(effective)s phải sau ngày %(name)s bắt đầu hoạt động (%(day)s): đơn vị sau sắp xếp "
                "không thể có trước đơn vị trước sắp xếp."
            )
            % {"name": unit.full_name, "day": _day(unit.valid_from), "effective": _day(effective_on)}
        )


# Merges and splits


def _merge_or_split(change: UnitChange, predecessors, successors, *, user):
    effective_on = change.effective_on
    ended = _predecessors(predecessors, effective_on)
    # Levels may differ across a change: an island district without communes became a commune-level đặc khu
    # on 1/7/2025 (huyện Hoàng Sa → đặc khu Hoàng Sa in the statistics office's list).
    ended_ids = {unit.pk for unit in ended}
    kept = {}
    for spec in successors:
        if isinstance(spec, AdministrativeUnit):
            unit = kept[spec.pk] = _existing_successor(spec, effective_on, ended_ids)
            level, province = unit.level, _province_of(unit)
        else:
            parent = _parent_in_force(spec.parent, effective_on) if spec.parent else None
            level, province = spec.level, _province_of(parent) if parent else None
        if level != Level.PROVINCE and province is not None:
            _check_same_province(province, ended)
    _record(change)
    _end(ended, effective_on, user=user)
    units = [
        kept[spec.pk] if isinstance(spec, AdministrativeUnit) else _create(spec, change, user) for spec in successors
    ]
    paths = [path for unit in ended for path in unit.scope_paths]
    for unit in units:
        _absorb(unit, paths, user=user)
    change.predecessors.set(ended)
    change.successors.set(units)
    return [*ended, *units]


def _predecessors(units, effective_on) -> list[AdministrativeUnit]:
    found = _locked_all(units, role=_("Đơn vị trước sắp xếp"))
    for current in found:
        # A unit divided among several successors on one day ends once and appears in each change.
        if current.dissolved_on is not None and current.dissolved_on != effective_on:
            raise ValidationError(
                _("%(name)s đã ngừng hoạt động từ %(day)s; không sắp xếp được từ ngày %(effective)s.")
                % {"name": _name(current), "day": _day(current.dissolved_on), "effective": _day(effective_on)}
            )
        _check_began_before(current, effective_on)
    return found


def _existing_successor(spec, effective_on, ended_ids) -> AdministrativeUnit:
    current = _locked(spec, role=_("Đơn vị sau sắp xếp"))
    if current.pk in ended_ids:
        raise ValidationError(
            _("%(name)s không thể vừa là đơn vị trước vừa là đơn vị sau sắp xếp.") % {"name": _name(current)}
        )
    if not current.in_force_on(effective_on):
        raise ValidationError(
            _("%(name)s không hoạt động vào ngày %(effective)s nên không nhận thêm được đơn vị nào.")
            % {"name": _name(current), "effective": _day(effective_on)}
        )
    return current


def _parent_in_force(parent: AdministrativeUnit, effective_on, *, field: str | None = None) -> AdministrativeUnit:
    """The parent a change places a unit under, locked; it must be in force on the change's day. `field`: the
    form field the refusal belongs to."""
    current = _locked(parent, role=_("Đơn vị cấp trên"))
    if not current.in_force_on(effective_on):
        message = _("Đơn vị cấp trên %(parent)s không hoạt động vào ngày %(effective)s.") % {
            "parent": current.full_name,
            "effective": _day(effective_on),
        }
        raise ValidationError({field: message} if field else message)
    return current


def _check_same_province(province: AdministrativeUnit, predecessors):
    """A commune or district merges within its province (or within the provinces merged into it)."""
    for unit in predecessors:
        if not unit.is_within(province):
            raise ValidationError(
                _("%(name)s thuộc tỉnh khác với %(province)s; không sắp xếp được giữa hai tỉnh.")
                % {"name": _name(unit), "province": province.full_name}
            )


def _province_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    root_id = int(unit.path.strip("/").split("/")[0])
    return unit if root_id == unit.pk else AdministrativeUnit.objects.get(pk=root_id)


def _end(predecessors, effective_on, *, user):
    for unit in predecessors:
        if unit.dissolved_on == effective_on:
            continue  # already ended by another change of the same day
        before = snapshot(unit)
        # No full_clean: the checks above hold the one rule an end can break (it comes after the start); an
        # end only shortens the period, so it frees a code and a name, never takes one. (A whole country's
        # load ends ten thousand units: full_clean's five queries each were most of its time.)
        unit.dissolved_on = effective_on
        unit.save(update_fields=["dissolved_on"])
        audit_unit_update(unit=unit, before=before, user=user)


def _create(spec: "NewUnit", change: UnitChange, user) -> AdministrativeUnit:
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
        valid_from=change.effective_on,
        user=user,
        **spec.extra,
    )


def _absorb(successor: AdministrativeUnit, paths: list[str], *, user):
    """Give `successor` the predecessors' subtrees, and every unit that later succeeded it as well.

    Changes may be recorded out of order (the 2025 merge before the 2024 one that formed a predecessor):
    the paths then travel down the whole line of successors, so lineage stays transitive.
    """
    frontier, seen = [successor], set()
    while frontier:
        unit = frontier.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        _add_paths(unit, paths, user=user)
        frontier.extend(AdministrativeUnit.objects.successors_of(unit))


def _add_paths(unit: AdministrativeUnit, paths: list[str], *, user):
    held = unit.absorbed_paths.split()
    wanted = list(dict.fromkeys([*held, *paths]))
    wanted = [path for path in wanted if not path.startswith(unit.path)]
    if wanted == held:
        return
    before = snapshot(unit)
    unit.absorbed_paths = " ".join(wanted)
    unit.save(update_fields=["absorbed_paths"])
    audit_unit_update(unit=unit, before=before, user=user)


# Renames and moves


def _rename_or_move(change: UnitChange, spec: AdministrativeUnit, *, user) -> AdministrativeUnit:
    """`spec` is the unit itself with its new name and/or parent set by the caller (not yet saved)."""
    effective_on = change.effective_on
    current = _locked(spec, role=_("Đơn vị"))
    if current.dissolved_on is not None and current.dissolved_on <= effective_on:
        raise ValidationError(
            _("%(name)s đã ngừng hoạt động từ %(day)s; không đổi tên hay chuyển được từ ngày %(effective)s.")
            % {"name": _name(current), "day": _day(current.dissolved_on), "effective": _day(effective_on)}
        )
    _check_began_before(current, effective_on)
    later = current.history.filter(valid_until__gte=effective_on).order_by("valid_until").first()
    if later is not None:
        raise ValidationError(
            _(
                "%(name)s đã có thay đổi tên hoặc đơn vị cấp trên từ ngày %(day)s; hãy ghi các thay đổi theo thứ tự "
                "thời gian."
            )
            % {"name": _name(current), "day": _day(later.valid_until)}
        )
    name = clean_text(spec.name)
    renamed, moved = name != current.name, spec.parent_id != current.parent_id
    if change.kind == ChangeKind.RENAME and not renamed:
        raise ValidationError({"name": _("Tên mới trùng với tên hiện tại.")})
    if change.kind == ChangeKind.MOVE and not moved:
        raise ValidationError({"parent": _("Đơn vị cấp trên mới trùng với đơn vị cấp trên hiện tại.")})
    if moved and spec.parent_id is not None:
        _parent_in_force(spec.parent, effective_on, field="parent")
    _record(change)
    unit_change(
        unit=current,
        effective=effective_on,
        name=name if renamed else None,
        parent=spec.parent if moved else False,
        note=change.legal_act or change.note,
        user=user,
    )
    change.predecessors.set([current])
    change.successors.set([current])
    return current


# Ends without a change


@transaction.atomic
def unit_end(*, unit: AdministrativeUnit, on: datetime.date, note: str = "", user=None) -> AdministrativeUnit:
    """End a unit without a successor (the districts on 1 July 2025); it keeps its records and names."""
    (current,) = _predecessors([unit], on)
    if current.children.filter(level__in=[Level.DISTRICT, Level.COMMUNE]).in_force_on(on).exists():
        raise ValidationError(
            _("%(name)s còn đơn vị trực thuộc đang hoạt động; sắp xếp các đơn vị đó trước.") % {"name": _name(current)}
        )
    _end([current], on, user=user)
    records_changed.notify(units=[current])
    unit.refresh_from_db()
    return unit


@transaction.atomic
def unit_change_act_update(*, change: UnitChange, act: LegalAct, note: str = "", user=None) -> UnitChange:
    """Correct the legal act or the note of a recorded change (its units and date stay as applied)."""
    current = UnitChange.objects.select_for_update().get(pk=change.pk)
    before = snapshot(current)
    current.legal_number = clean_text(act.number)
    current.legal_date = act.date
    current.legal_clause = clean_text(act.clause)
    current.legal_verified = act.verified
    current.note = clean_text(note)
    current.full_clean()
    current.save()
    audit_record(user=user, instance=current, action=AuditEntry.Action.UPDATE, before=before)
    return current
