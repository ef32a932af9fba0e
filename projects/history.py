"""The change history shown on a work's page: the work's own audit entries, its updates' and its tasks'."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from audit.models import AuditEntry

from .locking import HIDDEN_IN_HISTORY, describe_label, describe_value
from .models import ProgressPhoto, ProgressUpdate, QuarterlyTask, Work

HIDDEN_FOR_CHILDREN = HIDDEN_IN_HISTORY | {"work", "update", "recorded_by", "position"}


@dataclass
class HistoryRow:
    entry: AuditEntry
    subject: str
    changes: list[tuple[str, str, str]]


def history_for(work: Work, *, update_ids, task_ids, limit: int = 100) -> list[HistoryRow]:
    """Newest first, in a fixed number of queries: entries, then one lookup per related model named in them."""
    types = ContentType.objects.get_for_models(Work, ProgressUpdate, ProgressPhoto, QuarterlyTask)
    ids = {
        Work: [str(work.pk)],
        ProgressUpdate: [str(pk) for pk in update_ids],
        QuarterlyTask: [str(pk) for pk in task_ids],
    }
    condition = Q(pk__in=[])
    for model, object_ids in ids.items():
        if object_ids:
            condition |= Q(content_type=types[model], object_id__in=object_ids)
    entries = list(AuditEntry.objects.filter(condition).select_related("user").order_by("-at", "-id")[:limit])
    model_of = {types[model].pk: model for model in ids}
    names = _related_names(entries, model_of)
    rows = []
    for entry in entries:
        model = model_of[entry.content_type_id]
        hidden = HIDDEN_IN_HISTORY if model is Work else HIDDEN_FOR_CHILDREN
        changes = [
            (describe_label(model, name), _show(model, name, old, names), _show(model, name, new, names))
            for name, (old, new) in entry.changes.items()
            if name not in hidden and not (entry.action == AuditEntry.Action.CREATE and new in (None, ""))
        ]
        rows.append(HistoryRow(entry=entry, subject=str(model._meta.verbose_name).capitalize(), changes=changes))
    return rows


def _related_names(entries, model_of) -> dict:
    """{(related model, pk): name} for every foreign key value named in the entries, one query per model."""
    wanted: dict = {}
    for entry in entries:
        model = model_of[entry.content_type_id]
        for name, pair in entry.changes.items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(field.related_model, set()).update(v for v in pair if v is not None)
    names = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, obj.pk)] = str(obj)
    return names


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _show(model, name, value, names) -> str:
    field = _field(model, name)
    if isinstance(field, models.ForeignKey):
        return "—" if value is None else names.get((field.related_model, value), str(value))
    return describe_value(model, name, value)
