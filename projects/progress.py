"""Progress of a work: updates (one at a time from the pages, many at once from a spreadsheet) and photos.

Updates are append-only: a correction is a new update with a reason, so they carry no version
(docs/adr/0021-optimistic-locking.md). Every write is atomic, validated with full_clean() and audited.
"""

import bisect
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, audit_record_many
from core.money import format_percent, format_vnd
from core.text import clean_text

from .models import PhotoStage, ProgressPhoto, ProgressUpdate, Work


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
        note=clean_text(note),
        reason=clean_text(reason),
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
            note=clean_text(entry.note or ""),
            reason=clean_text(entry.reason or ""),
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
    audit_record_many(user=user, instances=updates, commune_id_of=lambda update: update.work.commune_id)
    return updates


@transaction.atomic
def photo_add(*, user, update: ProgressUpdate, stage: str, image, caption: str = "") -> ProgressPhoto:
    """Attach a photo; the caller has checked the file's content and size (forms.validate_photo)."""
    photo = ProgressPhoto(update=update, stage=stage, image=image, caption=clean_text(caption))
    if stage not in PhotoStage.values:
        raise ValidationError({"stage": _("Giai đoạn ảnh không hợp lệ.")})
    photo.full_clean()
    photo.save()
    audit_record(user=user, instance=photo, action=AuditEntry.Action.CREATE, commune=update.work.commune)
    return photo
