"""Audit: every service that changes data records who changed what, from what, to what."""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile

from .models import AuditEntry


def snapshot(instance, fields=None) -> dict:
    """The instance's concrete field values as JSON-safe data, keyed by field name."""
    values = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        values[field.name] = _jsonable(field.value_from_object(instance))
    return values


def _jsonable(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(item) for item in value]
    return value


def audit_record(*, user, instance, action, before=None, commune=None) -> AuditEntry | None:
    """Record a change; `before` is the `snapshot` taken before an update. Nothing changed, nothing kept."""
    after = snapshot(instance) if action != AuditEntry.Action.DELETE else {}
    before = before or {}
    keys = sorted(set(before) | set(after))
    changes = {key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)}
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        user=user if user and user.is_authenticated else None,
        commune=commune,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        changes=changes,
    )
