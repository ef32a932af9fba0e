"""Writes of the recognition dossier: atomic, validated with full_clean, audited (docs/adr/0080).

Services trust their caller to have fetched and authorized the unit (units.scoping); `user` is for the audit log.
Every write first checks that the dossier is still open: the self-assessment of the same unit, year and level is a
draft or was returned (`dossiers.rules.dossier_is_open`).
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.text import clean_text
from criteria.models import ProgrammePeriod, SetScope, levels_for
from criteria.validators import evidence_content_type
from units.models import AdministrativeUnit, Level

from .models import ChecklistItem, Dossier, DossierFile, ItemSource, Posting
from .rules import assessment_of, assessment_state_label, dossier_is_open

COMMUNE_LEVELS = {value for value, _label in levels_for(SetScope.COMMUNE)}


def _by(user):
    return user if user and user.is_authenticated else None


def check_key(*, unit: AdministrativeUnit, year: int, level: str) -> None:
    """A dossier is a commune's, for a commune level, in a year some programme period holds."""
    if unit.level != Level.COMMUNE:
        raise ValidationError(_("Hồ sơ công nhận chỉ lập cho đơn vị cấp xã."))
    if level not in COMMUNE_LEVELS:
        raise ValidationError(_("Mức “%(level)s” không phải là mức công nhận của xã.") % {"level": level})
    if ProgrammePeriod.objects.of_year(year) is None:
        raise ValidationError(_("Năm %(year)s chưa thuộc giai đoạn nào của chương trình.") % {"year": year})


def require_open(*, unit: AdministrativeUnit, year: int, level: str) -> None:
    """Refuse any change once the self-assessment is submitted, under appraisal or approved."""
    assessment = assessment_of(unit, year, level)
    if not dossier_is_open(assessment):
        raise ValidationError(
            _(
                "Bản tự đánh giá năm %(year)s đang ở trạng thái “%(state)s”: hồ sơ công nhận không sửa được nữa, "
                "trừ khi bản tự đánh giá bị trả lại."
            )
            % {"year": year, "state": assessment_state_label(assessment)}
        )


def _open_dossier(*, user, unit: AdministrativeUnit, year: int, level: str) -> Dossier:
    """The dossier, locked for this transaction; created (and audited) at its first write."""
    check_key(unit=unit, year=year, level=level)
    require_open(unit=unit, year=year, level=level)
    # Lock the unit so that two first writes cannot both create the dossier.
    AdministrativeUnit.objects.select_for_update().filter(pk=unit.pk).first()
    dossier = Dossier.objects.select_for_update().filter(unit=unit, year=year, level=level).first()
    if dossier is None:
        dossier = Dossier(unit=unit, year=year, level=level)
        dossier.full_clean()
        dossier.save()
        audit_record(user=user, instance=dossier, action=AuditEntry.Action.CREATE, commune=unit)
    return dossier


@transaction.atomic
def dossier_texts_save(
    *, user, unit: AdministrativeUnit, year: int, level: str, request_text: str, report_text: str, proposal_text: str
) -> Dossier:
    """The narrative of the generated request letter and results report."""
    dossier = _open_dossier(user=user, unit=unit, year=year, level=level)
    before = snapshot(dossier)
    dossier.request_text = clean_text(request_text)
    dossier.report_text = clean_text(report_text)
    dossier.proposal_text = clean_text(proposal_text)
    dossier.texts_updated_at = timezone.now()
    dossier.texts_updated_by = _by(user)
    dossier.full_clean()
    dossier.save()
    audit_record(user=user, instance=dossier, action=AuditEntry.Action.UPDATE, before=before, commune=unit)
    return dossier


@transaction.atomic
def survey_save(
    *,
    user,
    unit: AdministrativeUnit,
    year: int,
    level: str,
    households_asked: int | None,
    households_answered: int | None,
    households_satisfied: int | None,
    note: str = "",
) -> Dossier:
    """The satisfaction survey's counts (run by the Fatherland Front); the share is computed, never stored."""
    dossier = _open_dossier(user=user, unit=unit, year=year, level=level)
    before = snapshot(dossier)
    dossier.households_asked = households_asked
    dossier.households_answered = households_answered
    dossier.households_satisfied = households_satisfied
    dossier.survey_note = clean_text(note)
    dossier.full_clean()
    dossier.save()
    audit_record(user=user, instance=dossier, action=AuditEntry.Action.UPDATE, before=before, commune=unit)
    return dossier


@transaction.atomic
def dossier_file_add(*, user, unit: AdministrativeUnit, year: int, level: str, item: ChecklistItem, upload):
    """Attach a PDF or an image to an uploaded item (type read from the content, size limited)."""
    content_type = evidence_content_type(upload)
    dossier = _open_dossier(user=user, unit=unit, year=year, level=level)
    period = ProgrammePeriod.objects.of_year(year)
    if not ChecklistItem.objects.for_dossier(period=period, level=level).filter(pk=item.pk).exists():
        raise ValidationError(_("Thành phần “%(item)s” không thuộc danh mục hồ sơ này.") % {"item": item.title})
    if item.source != ItemSource.UPLOAD:
        raise ValidationError(_("Thành phần “%(item)s” do hệ thống lập từ dữ liệu, không tải lên.") % {"item": item})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored = DossierFile(
        dossier=dossier,
        item=item,
        file=upload,
        original_name=clean_text(upload.name.rsplit("/", 1)[-1])[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=_by(user),
    )
    stored.full_clean()
    stored.save()
    audit_record(user=user, instance=stored, action=AuditEntry.Action.CREATE, commune=unit)
    return stored


@transaction.atomic
def dossier_file_delete(*, user, dossier_file: DossierFile) -> None:
    dossier = dossier_file.dossier
    require_open(unit=dossier.unit, year=dossier.year, level=dossier.level)
    audit_record(user=user, instance=dossier_file, action=AuditEntry.Action.DELETE, commune=dossier.unit)
    stored = dossier_file.file
    dossier_file.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def posting_add(
    *,
    user,
    unit: AdministrativeUnit,
    year: int,
    level: str,
    place: str,
    posted_on,
    ended_on=None,
    village: AdministrativeUnit | None = None,
    note: str = "",
) -> Posting:
    """One public posting of the results report (where and when); dates in the future or out of order refused."""
    dossier = _open_dossier(user=user, unit=unit, year=year, level=level)
    posting = Posting(
        dossier=dossier,
        place=place,
        village=village,
        posted_on=posted_on,
        ended_on=ended_on,
        note=clean_text(note),
        recorded_by=_by(user),
    )
    posting.full_clean()
    posting.save()
    audit_record(user=user, instance=posting, action=AuditEntry.Action.CREATE, commune=unit)
    return posting


@transaction.atomic
def posting_delete(*, user, posting: Posting) -> None:
    dossier = posting.dossier
    require_open(unit=dossier.unit, year=dossier.year, level=dossier.level)
    audit_record(user=user, instance=posting, action=AuditEntry.Action.DELETE, commune=dossier.unit)
    posting.delete()
