"""Optimistic locking of works and tasks: what changed since the version a form was opened with, and by whom.

Works and tasks carry a `version`; `work_update` and `task_update` (services) lock the row in their own
transaction, compare versions and raise `StaleEditError` on a mismatch. The list of changes is read from the
audit log, which records `version` with every update, so no second copy of the history is kept
(docs/adr/0021-optimistic-locking.md).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from core.money import format_vnd

# Bookkeeping columns: never a change an official made, so neither a refusal nor a history lists them.
HIDDEN_IN_HISTORY = {"id", "version", "created_at", "updated_at", "commune", "search_key"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


class StaleEditError(ValidationError):
    """Someone saved the record after the form was opened; nothing of this save was kept."""

    def __init__(self, *, instance, changes: list[FieldChange], editors: list[str]):
        self.instance = instance
        self.changes = changes
        self.editors = editors
        detail = "; ".join(f"{c.label}: “{c.old}” → “{c.new}”" for c in changes) or _("(không rõ trường nào)")
        message = _(
            "Bản ghi này vừa được %(who)s sửa trong lúc bạn đang sửa, nên thay đổi của bạn CHƯA được lưu. "
            "Những gì đã thay đổi: %(detail)s. Hãy xem lại dữ liệu mới rồi sửa lại."
        ) % {"who": ", ".join(editors) or _("người khác"), "detail": detail}
        super().__init__(message, code="stale")


def changes_since(instance, version: int) -> tuple[list[FieldChange], list[str]]:
    """What audited updates after `version` changed: each field from its first old to its last new value."""
    entries = (
        AuditEntry.objects.for_object(instance)
        .filter(action=AuditEntry.Action.UPDATE)
        .select_related("user")
        .order_by("id")
    )
    merged: dict[str, list] = {}
    editors: list[str] = []
    for entry in entries:
        new_version = (entry.changes.get("version") or [None, 0])[1] or 0
        if new_version <= version:
            continue
        name = (entry.user.get_full_name() or entry.user.username) if entry.user else _("hệ thống")
        if name not in editors:
            editors.append(name)
        for field, (old, new) in entry.changes.items():
            if field in HIDDEN_IN_HISTORY:
                continue
            merged.setdefault(field, [old, new])[1] = new
    changes = [
        FieldChange(field, describe_label(type(instance), field), *describe_pair(type(instance), field, old, new))
        for field, (old, new) in merged.items()
        if old != new
    ]
    return changes, editors


def editors_since(instance, version: int) -> list[str]:
    """Who saved `instance` after `version` (its creator too when `version` is 0: it did not exist then)."""
    _changes, editors = changes_since(instance, version)
    if version == 0:
        created = AuditEntry.objects.for_object(instance).filter(action=AuditEntry.Action.CREATE).select_related("user")
        for entry in created:
            name = (entry.user.get_full_name() or entry.user.username) if entry.user else _("hệ thống")
            if name not in editors:
                editors.insert(0, name)
    return editors


def describe_label(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
    except Exception:  # a field that no longer exists still shows in old history
        return field_name


def describe_pair(model, field_name: str, old, new) -> tuple[str, str]:
    return describe_value(model, field_name, old), describe_value(model, field_name, new)


def describe_value(model, field_name: str, value) -> str:
    """A stored audit value as an official reads it: labels for choices, names for units, đồng for money."""
    if value in (None, ""):
        return "—"
    try:
        field = model._meta.get_field(field_name)
    except Exception:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else str(value)
    if isinstance(field, models.BigIntegerField):
        return format_vnd(value)
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)
