"""Writes on works and quarterly tasks. Views, imports, admin and seed call these.

Every write is atomic, validated with full_clean() and audited. Works and tasks carry a `version`: an
update names the version it was based on, locks the row in its own transaction, and a save based on an
older version is refused with the list of what changed in between (projects/locking.py,
docs/adr/0021-optimistic-locking.md). Progress updates and photos are written by projects/progress.py.
"""

from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.periods import quarter_end
from core.signals import records_changed
from core.text import clean_text
from criteria.models import Criterion
from units.models import AdministrativeUnit

from .locking import StaleEditError, changes_since
from .models import QuarterlyTask, TaskStatus, Work

WORK_FIELDS = (
    "village",
    "code",
    "name",
    "category",
    "total_investment",
    "total_investment_qualifier",
    "planned_start_year",
    "planned_start_quarter",
    "planned_end_year",
    "planned_end_quarter",
    "status",
    "place",
)
TASK_FIELDS = (
    "year",
    "quarter",
    "text",
    "amount",
    "amount_qualifier",
    "work",
    "responsible",
    "status",
    "due_date",
    "done_date",
)


def _apply(instance, fields: dict, allowed: tuple[str, ...]):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, clean_text(value) if isinstance(value, str) else value)


# --- works --------------------------------------------------------------------------------------


@transaction.atomic
def work_create(*, user, commune: AdministrativeUnit, criteria=(), **fields) -> Work:
    work = Work(commune=commune)
    _apply(work, fields, WORK_FIELDS)
    work.refresh_search_key()
    work.full_clean()
    work.save()
    if criteria:
        work.criteria.set(criteria)
    audit_record(user=user, instance=work, action=AuditEntry.Action.CREATE, commune=commune)
    records_changed.notify(units=[commune], years=_reported_years(work))
    return work


@transaction.atomic
def work_update(*, user, work: Work, expected_version: int, criteria=None, **fields) -> Work:
    """Change a work; refused with `StaleEditError` if it was saved by someone since `expected_version`."""
    locked = Work.objects.select_for_update().select_related("commune").get(pk=work.pk)
    if locked.version != expected_version:
        changes, editors = changes_since(locked, expected_version)
        raise StaleEditError(instance=locked, changes=changes, editors=editors)
    before = snapshot(locked)
    old_criteria = sorted(locked.criteria.values_list("pk", flat=True)) if criteria is not None else None
    _apply(locked, fields, WORK_FIELDS)
    locked.refresh_search_key()
    locked.full_clean()
    changed = snapshot(locked) != before or (criteria is not None and sorted(c.pk for c in criteria) != old_criteria)
    if not changed:
        return locked
    locked.version += 1
    locked.save()
    entry = audit_record(
        user=user, instance=locked, action=AuditEntry.Action.UPDATE, before=before, commune=locked.commune
    )
    records_changed.notify(units=[locked.commune], years=_reported_years(locked, before))
    if criteria is not None:
        new_criteria = sorted(c.pk for c in criteria)
        locked.criteria.set(criteria)
        if new_criteria != old_criteria and entry is not None:
            # The snapshot holds concrete fields only; the linked criteria are recorded by number.
            entry.changes["criteria"] = [_criterion_numbers(old_criteria), _criterion_numbers(new_criteria)]
            entry.save(update_fields=["changes"])
    return locked


def _reported_years(work: Work, before: dict | None = None) -> set[int] | None:
    """The years whose reports show the work (`WorkQuerySet.reported_in`), before and after a change: those it runs
    in; any year (None) when it has no planned end or its commune has ended (its successor carries it on)."""
    spans = [(work.planned_start_year, work.planned_end_year)]
    if before is not None:
        spans.append((before["planned_start_year"], before["planned_end_year"]))
    if work.commune.dissolved_on is not None or any(start is None or end is None for start, end in spans):
        return None
    return {year for start, end in spans for year in range(start, end + 1)}


def _criterion_numbers(pks) -> str:
    numbers = sorted(set(Criterion.objects.filter(pk__in=pks).values_list("number", flat=True)))
    return ", ".join(str(n) for n in numbers)


# --- quarterly tasks ----------------------------------------------------------------------------


@transaction.atomic
def task_create(*, user, commune: AdministrativeUnit, year: int, quarter: int, text: str, **fields) -> QuarterlyTask:
    """Add a task at the end of its quarter; without a due date it is due on the quarter's last day."""
    task = QuarterlyTask(commune=commune)
    _apply(task, {"year": year, "quarter": quarter, "text": text, **fields}, TASK_FIELDS)
    if task.due_date is None and task.year and task.quarter in (1, 2, 3, 4):
        task.due_date = quarter_end(task.year, task.quarter)
    last = QuarterlyTask.objects.filter(commune=commune, year=year, quarter=quarter).aggregate(
        top=models.Max("position")
    )["top"]
    task.position = (last or 0) + 1
    task.full_clean()
    task.save()
    audit_record(user=user, instance=task, action=AuditEntry.Action.CREATE, commune=commune)
    return task


@transaction.atomic
def task_update(*, user, task: QuarterlyTask, expected_version: int, **fields) -> QuarterlyTask:
    locked = QuarterlyTask.objects.select_for_update().select_related("commune").get(pk=task.pk)
    if locked.version != expected_version:
        changes, editors = changes_since(locked, expected_version)
        raise StaleEditError(instance=locked, changes=changes, editors=editors)
    before = snapshot(locked)
    _apply(locked, fields, TASK_FIELDS)
    if locked.status == TaskStatus.DONE and locked.done_date is None and "done_date" not in fields:
        locked.done_date = timezone.localdate()
    locked.full_clean()
    if snapshot(locked) == before:
        return locked
    locked.version += 1
    locked.save()
    audit_record(user=user, instance=locked, action=AuditEntry.Action.UPDATE, before=before, commune=locked.commune)
    return locked


@transaction.atomic
def task_delete(*, user, task: QuarterlyTask) -> None:
    audit_record(user=user, instance=task, action=AuditEntry.Action.DELETE, before=snapshot(task), commune=task.commune)
    task.delete()
