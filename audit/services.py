"""Audit: every service that changes data records who changed what, from what, to what."""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile
from django.utils import translation

from .models import AuditEntry
from .signals import entries_logged


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
    entry = _entry(user=user, instance=instance, action=action, before=before, commune_id=None)
    entry.commune = commune
    if action == AuditEntry.Action.UPDATE and not entry.changes:
        return None
    entry.save()
    entries_logged.send(sender=AuditEntry, entries=[entry])
    return entry


def audit_record_many(*, user, instances, action=AuditEntry.Action.CREATE, commune_id_of) -> list[AuditEntry]:
    """`audit_record` for a batch of created (or deleted) records, in one insert per thousand entries.

    `commune_id_of(instance)` names each record's commune. Updates are recorded one by one (`audit_record`):
    each needs the snapshot taken before it.
    """
    if action == AuditEntry.Action.UPDATE:
        raise ValueError("audit_record_many records creations and deletions; record updates with audit_record")
    entries = [
        _entry(
            user=user,
            instance=instance,
            action=action,
            before=snapshot(instance) if action == AuditEntry.Action.DELETE else None,
            commune_id=commune_id_of(instance),
        )
        for instance in instances
    ]
    saved = AuditEntry.objects.bulk_create(entries, batch_size=1000)
    entries_logged.send(sender=AuditEntry, entries=saved)
    return saved


def _record_name(instance) -> str:
    """The record's name as the log keeps it: in the portal's own language, whatever the editor reads in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(instance)[:300]


def _entry(*, user, instance, action, before, commune_id) -> AuditEntry:
    after = snapshot(instance) if action != AuditEntry.Action.DELETE else {}
    before = before or {}
    keys = sorted(set(before) | set(after))
    return AuditEntry(
        user=user if user and user.is_authenticated else None,
        commune_id=commune_id,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=_record_name(instance),
        action=action,
        changes={key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)},
    )
