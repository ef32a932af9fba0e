"""Optimistic locking of works and tasks: what changed since the version a form was opened with, and by whom.

Works and tasks carry a `version`; `work_update` and `task_update` (services) lock the row in their own
transaction, compare versions and raise `StaleEditError` on a mismatch. The list of changes is read from the
audit log, which records `version` with every update, so no second copy of the history is kept
(docs/adr/0021-optimistic-locking.md).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.display import BOOKKEEPING, FieldChange, describe_change, display_name
from audit.models import AuditEntry

# Bookkeeping columns: never a change an official made, so neither a refusal nor a history lists them.
HIDDEN_IN_HISTORY = BOOKKEEPING | {"commune"}


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
        name = display_name(entry.user)
        if name not in editors:
            editors.append(name)
        for field, (old, new) in entry.changes.items():
            if field in HIDDEN_IN_HISTORY:
                continue
            merged.setdefault(field, [old, new])[1] = new
    changes = [describe_change(type(instance), field, old, new) for field, (old, new) in merged.items() if old != new]
    return changes, editors


def editors_since(instance, version: int) -> list[str]:
    """Who saved `instance` after `version` (its creator too when `version` is 0: it did not exist then)."""
    _changes, editors = changes_since(instance, version)
    if version == 0:
        created = AuditEntry.objects.for_object(instance).filter(action=AuditEntry.Action.CREATE).select_related("user")
        for entry in created:
            name = display_name(entry.user)
            if name not in editors:
                editors.insert(0, name)
    return editors
