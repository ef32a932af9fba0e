"""Reads on a unit's lineage: what it was formed from, what it became, its renames and moves (docs/adr/0090).

`AdministrativeUnit.objects.predecessors_of/successors_of` give the units one step away; this module gives
the changes themselves (date, legal act) for the unit page and the notice shown to people of an ended unit.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import AdministrativeUnit, ChangeKind, UnitChange

SAME_UNIT_KINDS = (ChangeKind.RENAME, ChangeKind.MOVE)


@dataclass
class Step:
    """One change seen from a unit: the units on its other side, each with whether the reader may open it."""

    change: UnitChange
    units: list[AdministrativeUnit]
    visible_ids: set[int] = field(default_factory=set)

    @property
    def links(self) -> list[tuple[AdministrativeUnit, bool]]:
        return [(unit, unit.pk in self.visible_ids) for unit in self.units]


@dataclass
class Lineage:
    formed_from: list[Step]  # merges and splits that began the unit: its predecessors
    ended_into: list[Step]  # merges and splits that ended it: its successors
    renames: list[UnitChange]  # renames and moves of the unit itself
    ending: "Ending | None"  # once the unit has ended


def lineage_of(unit: AdministrativeUnit, *, user) -> Lineage:
    """The changes `unit` took part in, oldest first, in three queries (changes, their two sides) and one more
    for which of the units on the other side `user` may open."""
    changes = list(
        UnitChange.objects.filter(Q(predecessors=unit) | Q(successors=unit))
        .distinct()
        .order_by("effective_on", "pk")
        .prefetch_related("predecessors", "successors")
    )
    formed_from, ended_into, renames = [], [], []
    for change in changes:
        if change.kind in SAME_UNIT_KINDS:
            renames.append(change)
        elif any(other.pk == unit.pk for other in change.successors.all()):
            formed_from.append(Step(change, _others(change.predecessors.all(), unit)))
        else:
            ended_into.append(Step(change, _others(change.successors.all(), unit)))
    steps = formed_from + ended_into
    ids = {other.pk for step in steps for other in step.units}
    visible = set(AdministrativeUnit.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    for step in steps:
        step.visible_ids = visible
    ending = _ending(unit, [step.change for step in ended_into])
    return Lineage(formed_from=formed_from, ended_into=ended_into, renames=renames, ending=ending)


def _others(units, unit) -> list[AdministrativeUnit]:
    return sorted((other for other in units if other.pk != unit.pk), key=lambda other: other.name)


@dataclass(frozen=True)
class Ending:
    """How a unit ended: by a merge or a split (`kind`; empty when an administrator only closed it) and
    what it became. A unit divided among several merges of one day names every successor."""

    unit: AdministrativeUnit
    day: datetime.date
    kind: str
    successors: list[AdministrativeUnit]

    @property
    def successor_names(self) -> str:
        return ", ".join(successor.full_name for successor in self.successors)

    def sentence(self, subject: str = "") -> str:
        """ "Xã Quảng Giao đã sáp nhập vào phường Nam Sầm Sơn từ 01/07/2025."; `subject` stands for the unit's name."""
        unit = subject or capfirst(self.unit.full_name)
        values = {"unit": unit, "successors": self.successor_names, "day": _day(self.day)}
        if not self.successors:
            return _("%(unit)s đã ngừng hoạt động từ %(day)s.") % values
        if self.kind == ChangeKind.SPLIT:
            return _("%(unit)s đã chia tách thành %(successors)s từ %(day)s.") % values
        return _("%(unit)s đã sáp nhập vào %(successors)s từ %(day)s.") % values

    def page_notice(self) -> str:
        """The same, on the unit's own page: "Đơn vị đã sáp nhập vào phường Nam Sầm Sơn từ 01/07/2025." """
        return self.sentence(pgettext("the unit a page is about, as the subject of a sentence", "Đơn vị"))

    def account_notice(self) -> str:
        """The banner shown to people whose own unit ended (docs/adr/0092)."""
        advice = _("Tài khoản của bạn chỉ xem được dữ liệu cũ; đề nghị quản trị chuyển tài khoản sang đơn vị mới.")
        return f"{self.sentence()} {advice}"


def ending_of(unit: AdministrativeUnit) -> Ending | None:
    """How `unit` ended, once it has (None while in force or before its end date); two queries."""
    if not unit.has_ended:
        return None
    changes = UnitChange.objects.filter(predecessors=unit, effective_on=unit.dissolved_on).exclude(
        kind__in=SAME_UNIT_KINDS
    )
    return _ending(unit, list(changes.order_by("pk").prefetch_related("successors")))


def _ending(unit: AdministrativeUnit, ending_changes: list[UnitChange]) -> Ending | None:
    """`ending_changes`: the merges and splits `unit` was a predecessor of (others of them are ignored)."""
    if not unit.has_ended:
        return None
    changes = [change for change in ending_changes if change.effective_on == unit.dissolved_on]
    successors = {other.pk: other for change in changes for other in _others(change.successors.all(), unit)}
    kind = changes[0].kind if changes else ""
    return Ending(unit=unit, day=unit.dissolved_on, kind=kind, successors=list(successors.values()))


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"
