"""Writes of the criteria app: atomic, validated with full_clean, audited. Views, imports and seed call these."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import AuditEntry
from core.services import audit_record, snapshot
from core.text import nfc, reject_markup
from units.models import AdministrativeUnit, Level
from units.scoping import can_edit

from .models import Assessment, CriteriaSet, Evidence, Indicator, IndicatorValue, OcopProduct
from .validators import evidence_content_type


def _commune_of(unit: AdministrativeUnit):
    return unit.parent if unit.level == Level.VILLAGE else unit


def _require_edit(user, unit):
    # Seed and commands pass user=None; every request path passes the signed-in user.
    if user is not None and not can_edit(user, unit):
        raise PermissionDenied


def _text(value: str) -> str:
    value = nfc(value or "").strip()
    reject_markup(value)
    return value


@transaction.atomic
def assessment_create(
    *, user, unit: AdministrativeUnit, year: int, criteria_set: CriteriaSet, note: str = ""
) -> Assessment:
    _require_edit(user, unit)
    if Assessment.objects.filter(unit=unit, year=year, criteria_set=criteria_set).exists():
        raise ValidationError(_("Đơn vị đã có bản tự đánh giá năm %(year)s theo bộ tiêu chí này.") % {"year": year})
    assessment = Assessment(unit=unit, year=year, criteria_set=criteria_set, note=_text(note))
    assessment.full_clean()
    assessment.save()
    audit_record(user=user, instance=assessment, action=AuditEntry.Action.CREATE, commune=_commune_of(unit))
    return assessment


@transaction.atomic
def indicator_value_save(
    *,
    user,
    assessment: Assessment,
    indicator: Indicator,
    value_number: Decimal | None = None,
    value_bool: bool | None = None,
    value_text: str = "",
    numerator: int | None = None,
    denominator: int | None = None,
    as_of: date | None = None,
    source: str = "",
    note: str = "",
    override_verdict: str = "",
    override_reason: str = "",
) -> IndicatorValue:
    """Record (or correct) one indicator's value; the verdict is computed later, never stored."""
    _require_edit(user, assessment.unit)
    if indicator.criterion.criteria_set_id != assessment.criteria_set_id:
        raise ValidationError(_("Chỉ tiêu không thuộc bộ tiêu chí của bản tự đánh giá này."))
    for count, label in ((numerator, _("Số đạt")), (denominator, _("Tổng số"))):
        if count is not None and count < 0:
            raise ValidationError(_("%(label)s không được âm.") % {"label": label})
    value = IndicatorValue.objects.select_for_update().filter(assessment=assessment, indicator=indicator).first()
    before = snapshot(value) if value else None
    value = value or IndicatorValue(assessment=assessment, indicator=indicator)
    value.value_number = value_number
    value.value_bool = value_bool
    value.value_text = _text(value_text)
    value.numerator = numerator
    value.denominator = denominator
    value.as_of = as_of
    value.source = _text(source)
    value.note = _text(note)
    value.override_verdict = override_verdict or ""
    value.override_reason = _text(override_reason) if override_verdict else ""
    value.updated_by = user if user and user.is_authenticated else None
    value.full_clean()
    value.save()
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(user=user, instance=value, action=action, before=before, commune=_commune_of(assessment.unit))
    return value


@transaction.atomic
def evidence_add(*, user, value: IndicatorValue, upload) -> Evidence:
    """Attach a PDF or image (type read from the content, size limited by settings.UPLOAD_MAX_BYTES)."""
    unit = value.assessment.unit
    _require_edit(user, unit)
    content_type = evidence_content_type(upload)
    name = _text(upload.name.rsplit("/", 1)[-1])[:255]
    evidence = Evidence(
        value=value,
        file=upload,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user if user and user.is_authenticated else None,
    )
    evidence.full_clean()
    evidence.save()
    audit_record(user=user, instance=evidence, action=AuditEntry.Action.CREATE, commune=_commune_of(unit))
    return evidence


@transaction.atomic
def evidence_delete(*, user, evidence: Evidence) -> None:
    unit = evidence.value.assessment.unit
    _require_edit(user, unit)
    audit_record(user=user, instance=evidence, action=AuditEntry.Action.DELETE, commune=_commune_of(unit))
    stored = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def ocop_product_save(
    *,
    user,
    commune: AdministrativeUnit,
    name: str,
    group: str,
    stars: int,
    year_recognised: int,
    note: str = "",
    product: OcopProduct | None = None,
) -> OcopProduct:
    _require_edit(user, commune)
    if product is not None and product.commune_id != commune.pk:
        raise PermissionDenied
    before = snapshot(product) if product else None
    product = product or OcopProduct(commune=commune)
    product.name = _text(name)
    product.group = group
    product.stars = stars
    product.year_recognised = year_recognised
    product.note = _text(note)
    product.full_clean()
    product.save()
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(user=user, instance=product, action=action, before=before, commune=commune)
    return product


@transaction.atomic
def ocop_product_delete(*, user, product: OcopProduct) -> None:
    _require_edit(user, product.commune)
    audit_record(user=user, instance=product, action=AuditEntry.Action.DELETE, commune=product.commune)
    product.delete()
