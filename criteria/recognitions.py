"""Writes of recognition decisions (docs/adr/0016): recorded and revoked through these, audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.signals import records_changed
from core.text import clean_text
from units.models import AdministrativeUnit

from .models import Recognition
from .services import commune_of
from .validators import scan_content_type


@transaction.atomic
def recognition_record(
    *,
    user,
    unit: AdministrativeUnit,
    level: str,
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    recognised_year: int | None = None,
    before_year: bool = False,
    scan=None,
    verified: bool = False,
    note: str = "",
    recognition: Recognition | None = None,
) -> Recognition:
    """Record that `unit` was recognised at `level`, or correct such a record (passing it as `recognition`).

    Unknown details stay empty: a decision without a known number or date is recorded with the year, or the year
    before which it was made (`before_year`). A scanned copy (PDF or image, type read from the content, size
    limited) replaces the earlier one. A unit has one active recognition per level: a second is refused.
    """
    # Lock the unit so that two clicks cannot both pass the one-per-level check before either saves.
    AdministrativeUnit.objects.select_for_update().filter(pk=unit.pk).first()
    if recognition is not None and recognition.unit_id != unit.pk:
        raise ValidationError(_("Bản ghi công nhận không thuộc đơn vị đã chọn."))
    scan_type = scan_content_type(scan) if scan else ""
    duplicate = Recognition.objects.active().filter(unit=unit, level=level)
    if recognition is not None:
        duplicate = duplicate.exclude(pk=recognition.pk)
    if (recognition is None or recognition.revoked_on is None) and duplicate.exists():
        raise ValidationError(
            _(
                "%(unit)s đã có quyết định công nhận %(level)s còn hiệu lực; sửa bản ghi đã có, hoặc ghi thu hồi "
                "quyết định cũ trước khi ghi quyết định mới."
            )
            % {"unit": unit.full_name, "level": duplicate.first().level_label}
        )
    before = snapshot(recognition) if recognition else None
    previous_scan = recognition.scan if recognition is not None and scan else None
    recognition = recognition or Recognition(unit=unit, recorded_by=user if user and user.is_authenticated else None)
    recognition.level = level
    recognition.decision_number = clean_text(decision_number)
    recognition.decision_date = decision_date
    recognition.decision_issuer = clean_text(decision_issuer)
    recognition.recognised_year = recognised_year
    recognition.before_year = before_year
    recognition.verified = verified
    recognition.note = clean_text(note)
    if scan:
        recognition.scan = scan
        recognition.scan_name = clean_text(scan.name.rsplit("/", 1)[-1])[:255] or scan_type
    recognition.full_clean()
    recognition.save()
    if previous_scan:
        transaction.on_commit(lambda: previous_scan.storage.delete(previous_scan.name))
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(user=user, instance=recognition, action=action, before=before, commune=commune_of(unit))
    records_changed.notify(units=[unit])  # a title holds from its year on, every later year
    return recognition


@transaction.atomic
def recognition_revoke(
    *,
    user,
    recognition: Recognition,
    revoked_on: date,
    reason: str,
    decision_number: str = "",
    decision_issuer: str = "",
) -> Recognition:
    """Record the revocation of a recognition: it no longer counts from the year of `revoked_on` on."""
    recognition = Recognition.objects.select_for_update().select_related("unit").get(pk=recognition.pk)
    if recognition.revoked_on is not None:
        raise ValidationError(
            _("Quyết định công nhận này đã bị thu hồi ngày %(date)s.")
            % {"date": recognition.revoked_on.strftime("%d/%m/%Y")}
        )
    before = snapshot(recognition)
    recognition.revoked_on = revoked_on
    recognition.revocation_reason = clean_text(reason)
    recognition.revocation_number = clean_text(decision_number)
    recognition.revocation_issuer = clean_text(decision_issuer)
    recognition.full_clean()
    recognition.save()
    audit_record(
        user=user,
        instance=recognition,
        action=AuditEntry.Action.UPDATE,
        before=before,
        commune=commune_of(recognition.unit),
    )
    records_changed.notify(units=[recognition.unit_id])
    return recognition


# --- a set's criteria and indicators (the set import and the admin's corrections) ------------------------
