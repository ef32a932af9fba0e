"""Writes on works, progress updates, photos and quarterly tasks. Views, imports, admin and seed call these.

Every write is atomic, validated with full_clean() and audited. Works and tasks carry a `version`: an
update names the version it was based on, and a save based on an older version is refused with the
list of what changed in between (docs/adr/0021-optimistic-locking.md).
"""

import bisect
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.money import format_percent, format_vnd
from core.text import nfc
from units.models import AdministrativeUnit

from .models import (
    PhotoStage,
    ProgressPhoto,
    ProgressUpdate,
    QuarterlyTask,
    TaskStatus,
    Work,
    WorkStatus,
    quarter_end,
    search_key_of,
)

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
HIDDEN_IN_HISTORY = {"id", "version", "created_at", "updated_at", "commune", "search_key"}


# --- optimistic locking -------------------------------------------------------------------------


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


def _clean_text(value):
    return nfc(value).strip() if isinstance(value, str) else value


def _apply(instance, fields: dict, allowed: tuple[str, ...]):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, _clean_text(value))


# --- works --------------------------------------------------------------------------------------


@transaction.atomic
def work_create(*, user, commune: AdministrativeUnit, criteria=(), **fields) -> Work:
    work = Work(commune=commune)
    _apply(work, fields, WORK_FIELDS)
    work.search_key = search_key_of(work.code, work.name, work.place)
    work.full_clean()
    work.save()
    if criteria:
        work.criteria.set(criteria)
    audit_record(user=user, instance=work, action=AuditEntry.Action.CREATE, commune=commune)
    return work


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
    locked.search_key = search_key_of(locked.code, locked.name, locked.place)
    locked.full_clean()
    changed = snapshot(locked) != before or (criteria is not None and sorted(c.pk for c in criteria) != old_criteria)
    if not changed:
        return locked
    locked.version += 1
    locked.save()
    entry = audit_record(
        user=user, instance=locked, action=AuditEntry.Action.UPDATE, before=before, commune=locked.commune
    )
    if criteria is not None:
        new_criteria = sorted(c.pk for c in criteria)
        locked.criteria.set(criteria)
        if new_criteria != old_criteria and entry is not None:
            # The snapshot holds concrete fields only; the linked criteria are recorded by number.
            entry.changes["criteria"] = [_criterion_numbers(old_criteria), _criterion_numbers(new_criteria)]
            entry.save(update_fields=["changes"])
    return locked


def _criterion_numbers(pks) -> str:
    from criteria.models import Criterion

    numbers = sorted(set(Criterion.objects.filter(pk__in=pks).values_list("number", flat=True)))
    return ", ".join(str(n) for n in numbers)


# --- progress -----------------------------------------------------------------------------------


def previous_update(work: Work, day: datetime.date) -> ProgressUpdate | None:
    """The update a new one on `day` follows: the latest on or before that day."""
    return work.updates.filter(date__lte=day).order_by("-date", "-id").first()


def progress_rule_errors(
    *, work: Work, previous: ProgressUpdate | None, physical_percent: Decimal, disbursed_cumulative, reason: str
) -> dict:
    """Progress going down, or money beyond the total investment, needs a written reason."""
    if reason.strip():
        return {}
    problems = []
    if previous is not None and physical_percent < previous.physical_percent:
        problems.append(
            _("khối lượng giảm từ %(old)s xuống %(new)s")
            % {"old": format_percent(previous.physical_percent), "new": format_percent(physical_percent)}
        )
    if (
        previous is not None
        and disbursed_cumulative is not None
        and previous.disbursed_cumulative is not None
        and disbursed_cumulative < previous.disbursed_cumulative
    ):
        problems.append(
            _("giải ngân lũy kế giảm từ %(old)s xuống %(new)s")
            % {"old": format_vnd(previous.disbursed_cumulative), "new": format_vnd(disbursed_cumulative)}
        )
    over_total = (
        disbursed_cumulative is not None
        and work.total_investment is not None
        and disbursed_cumulative > work.total_investment
    )
    if over_total:
        problems.append(
            _("giải ngân lũy kế %(disbursed)s vượt tổng mức đầu tư %(total)s")
            % {"disbursed": format_vnd(disbursed_cumulative), "total": format_vnd(work.total_investment)}
        )
    if not problems:
        return {}
    return {"reason": _("Cần ghi lý do vì %(problems)s.") % {"problems": "; ".join(problems)}}


@transaction.atomic
def progress_record(
    *,
    user,
    work: Work,
    date: datetime.date,
    physical_percent: Decimal,
    disbursed_cumulative: int | None = None,
    note: str = "",
    reason: str = "",
    photos: list[tuple[str, object]] = (),
    today: datetime.date | None = None,
) -> ProgressUpdate:
    """Record the state of `work` on `date`. `photos` is a list of (stage, uploaded image) already checked."""
    today = today or timezone.localdate()
    physical_percent = Decimal(physical_percent)
    update = ProgressUpdate(
        work=work,
        date=date,
        physical_percent=physical_percent,
        disbursed_cumulative=disbursed_cumulative,
        note=_clean_text(note),
        reason=_clean_text(reason),
        recorded_by=user if user and user.is_authenticated else None,
    )
    errors = {}
    try:
        update.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if date and date > today:
        errors.setdefault("date", []).append(_("Ngày cập nhật không được sau hôm nay."))
    if not errors:
        rules = progress_rule_errors(
            work=work,
            previous=previous_update(work, date),
            physical_percent=physical_percent,
            disbursed_cumulative=disbursed_cumulative,
            reason=update.reason,
        )
        errors.update({key: [value] for key, value in rules.items()})
    if errors:
        raise ValidationError(errors)
    update.save()
    audit_record(user=user, instance=update, action=AuditEntry.Action.CREATE, commune=work.commune)
    for stage, image in photos:
        photo_add(user=user, update=update, stage=stage, image=image)
    return update


@dataclass
class ProgressEntry:
    """One row of a progress batch (a spreadsheet import)."""

    work: Work
    date: datetime.date
    physical_percent: Decimal
    disbursed_cumulative: int | None = None
    note: str = ""
    reason: str = ""


class ProgressBatchError(ValidationError):
    """Some entries of a batch broke a rule; `errors` maps each entry's index to its field errors."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]):
        self.errors = errors
        super().__init__(_("%(count)s dòng không hợp lệ; không dòng nào được lưu.") % {"count": len(errors)})


@transaction.atomic
def progress_record_many(
    *, user, entries: list[ProgressEntry], today: datetime.date | None = None
) -> list[ProgressUpdate]:
    """Record many updates at once with the same rules as `progress_record`, in a fixed number of queries.

    Entries are checked in order, each against the latest earlier update of its work (saved, or earlier in
    the batch), exactly as if recorded one by one. Any broken rule: `ProgressBatchError`, nothing saved.
    """
    today = today or timezone.localdate()
    recorder = user if user and user.is_authenticated else None
    history: dict[int, list[tuple]] = {}
    work_ids = {entry.work.pk for entry in entries}
    for row in (
        ProgressUpdate.objects.filter(work_id__in=work_ids)
        .order_by("date", "id")
        .values_list("work_id", "date", "physical_percent", "disbursed_cumulative")
    ):
        history.setdefault(row[0], []).append((row[1], len(history.get(row[0], ())), row[2], row[3]))
    errors: dict[int, dict[str, list[str]]] = {}
    updates = []
    for index, entry in enumerate(entries):
        update = ProgressUpdate(
            work=entry.work,
            date=entry.date,
            physical_percent=Decimal(entry.physical_percent),
            disbursed_cumulative=entry.disbursed_cumulative,
            note=_clean_text(entry.note or ""),
            reason=_clean_text(entry.reason or ""),
            recorded_by=recorder,
        )
        try:
            # The work is known to exist and the check constraints repeat the field validators: no query per row.
            update.full_clean(exclude=["work", "recorded_by"], validate_constraints=False)
        except ValidationError as error:
            errors[index] = error.message_dict
            continue
        if entry.date > today:
            errors[index] = {"date": [_("Ngày cập nhật không được sau hôm nay.")]}
            continue
        past = history.setdefault(entry.work.pk, [])
        position = bisect.bisect_right(past, (entry.date, float("inf")))
        previous = None
        if position:
            _day, _seq, percent, disbursed = past[position - 1]
            previous = ProgressUpdate(physical_percent=percent, disbursed_cumulative=disbursed)
        rules = progress_rule_errors(
            work=entry.work,
            previous=previous,
            physical_percent=update.physical_percent,
            disbursed_cumulative=update.disbursed_cumulative,
            reason=update.reason,
        )
        if rules:
            errors[index] = {key: [value] for key, value in rules.items()}
            continue
        bisect.insort(
            past, (entry.date, len(past) + 10**9 + index, update.physical_percent, update.disbursed_cumulative)
        )
        updates.append(update)
    if errors:
        raise ProgressBatchError(errors)
    ProgressUpdate.objects.bulk_create(updates, batch_size=1000)
    content_type = ContentType.objects.get_for_model(ProgressUpdate)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                user=recorder,
                commune_id=update.work.commune_id,
                content_type=content_type,
                object_id=str(update.pk),
                object_repr=str(update)[:300],
                action=AuditEntry.Action.CREATE,
                changes={key: [None, value] for key, value in snapshot(update).items() if value is not None},
            )
            for update in updates
        ],
        batch_size=1000,
    )
    return updates


@transaction.atomic
def photo_add(*, user, update: ProgressUpdate, stage: str, image, caption: str = "") -> ProgressPhoto:
    """Attach a photo; the caller has checked the file's content and size (forms.validate_photo)."""
    photo = ProgressPhoto(update=update, stage=stage, image=image, caption=_clean_text(caption))
    if stage not in PhotoStage.values:
        raise ValidationError({"stage": _("Giai đoạn ảnh không hợp lệ.")})
    photo.full_clean()
    photo.save()
    audit_record(user=user, instance=photo, action=AuditEntry.Action.CREATE, commune=update.work.commune)
    return photo


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


__all__ = [
    "FieldChange",
    "StaleEditError",
    "WorkStatus",
    "changes_since",
    "photo_add",
    "progress_record",
    "progress_record_many",
    "task_create",
    "task_delete",
    "task_update",
    "work_create",
    "work_update",
]
