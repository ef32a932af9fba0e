"""The change history shown on a work's page: the work's own audit entries, its updates' and its tasks'."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from audit.display import FieldChange, describe_changes, related_names
from audit.models import AuditEntry

from .locking import HIDDEN_IN_HISTORY
from .models import ProgressPhoto, ProgressUpdate, QuarterlyTask, Work

HIDDEN_FOR_CHILDREN = HIDDEN_IN_HISTORY | {"work", "update", "recorded_by", "position"}


@dataclass
class HistoryRow:
    entry: AuditEntry
    subject: str
    changes: list[FieldChange]


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
    names = related_names((model_of[entry.content_type_id], entry.changes) for entry in entries)
    rows = []
    for entry in entries:
        model = model_of[entry.content_type_id]
        hidden = set(HIDDEN_IN_HISTORY if model is Work else HIDDEN_FOR_CHILDREN)
        if entry.action == AuditEntry.Action.CREATE:  # a new record: only the fields it was given
            hidden |= {name for name, (_old, new) in entry.changes.items() if new in (None, "")}
        changes = describe_changes(model, entry.changes, names=names, hidden=hidden)
        rows.append(HistoryRow(entry=entry, subject=str(model._meta.verbose_name).capitalize(), changes=changes))
    return rows
