"""Writes of the criteria app: atomic, validated with full_clean, audited. Views, imports and seed call these.

Services trust their caller: the views fetch and authorize first (docs/adr/0004); `user` is for the audit log.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.signals import records_changed
from core.text import clean_text
from units.models import AdministrativeUnit, Level

from .in_force import place_of, refuse_if_absent, refuse_if_not_assessed, set_in_force
from .models import (
    Assessment,
    CriteriaSet,
    Criterion,
    Evidence,
    Indicator,
    IndicatorValue,
    IndicatorYearTarget,
    OcopProduct,
    ProgrammePeriod,
    UnitCommuneGroup,
)
from .validators import evidence_content_type


def commune_of(unit: AdministrativeUnit):
    """The commune whose audit trail a record of `unit` joins (a village's commune)."""
    return unit.parent if unit.level == Level.VILLAGE else unit


def _text(value: str) -> str:
    return clean_text(value)


def refuse_if_locked(assessment: Assessment) -> None:
    """Values change only in a draft or a returned assessment; after that it is the office's (docs/adr/0017).

    The state is read again under a row lock, so a save racing a submission waits for it and then sees it.
    """
    assessment.status = Assessment.objects.select_for_update().values_list("status", flat=True).get(pk=assessment.pk)
    if not assessment.is_open_for_entry:
        raise ValidationError(
            _(
                "Bản tự đánh giá đang ở trạng thái “%(status)s”: không sửa được số liệu. Muốn sửa phải được "
                "Văn phòng điều phối trả lại hoặc mở lại."
            )
            % {"status": assessment.get_status_display()}
        )


@transaction.atomic
def assessment_create(
    *,
    user,
    unit: AdministrativeUnit,
    year: int,
    level: str | None = None,
    criteria_set: CriteriaSet | None = None,
    note: str = "",
) -> Assessment:
    """A unit's self-assessment for `year` at `level`, against the set in force (`criteria.in_force`).

    An explicit `criteria_set` (a version an administrator picks, a test's set) instead of `level` is held to
    the same rules: its period must hold the year, and a unit not assessed in that period gets none.
    """
    if (level is None) == (criteria_set is None):
        raise TypeError("assessment_create takes either level or criteria_set")
    if criteria_set is None:
        criteria_set = set_in_force(unit=unit, year=year, level=level)
    elif criteria_set.period_id is not None and unit.is_assessed:
        refuse_if_absent(unit, year)
        refuse_if_not_assessed(place_of(unit, criteria_set.period), criteria_set.period)
    if Assessment.objects.filter(unit=unit, year=year, criteria_set=criteria_set).exists():
        raise ValidationError(_("Đơn vị đã có bản tự đánh giá năm %(year)s theo bộ tiêu chí này.") % {"year": year})
    assessment = Assessment(unit=unit, year=year, criteria_set=criteria_set, note=_text(note))
    assessment.full_clean()
    assessment.save()
    audit_record(user=user, instance=assessment, action=AuditEntry.Action.CREATE, commune=commune_of(unit))
    records_changed.notify(units=[unit], years=[year])
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
    if indicator.criterion.criteria_set_id != assessment.criteria_set_id:
        raise ValidationError(_("Chỉ tiêu không thuộc bộ tiêu chí của bản tự đánh giá này."))
    refuse_if_locked(assessment)
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
    audit_record(user=user, instance=value, action=action, before=before, commune=commune_of(assessment.unit))
    records_changed.notify(units=[assessment.unit_id], years=[assessment.year])
    return value


@transaction.atomic
def evidence_add(*, user, value: IndicatorValue, upload) -> Evidence:
    """Attach a PDF or image (type read from the content, size limited by settings.UPLOAD_MAX_BYTES)."""
    unit = value.assessment.unit
    refuse_if_locked(value.assessment)
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
    audit_record(user=user, instance=evidence, action=AuditEntry.Action.CREATE, commune=commune_of(unit))
    return evidence


@transaction.atomic
def evidence_delete(*, user, evidence: Evidence) -> None:
    unit = evidence.value.assessment.unit
    refuse_if_locked(evidence.value.assessment)
    audit_record(user=user, instance=evidence, action=AuditEntry.Action.DELETE, commune=commune_of(unit))
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
    audit_record(user=user, instance=product, action=AuditEntry.Action.DELETE, commune=product.commune)
    product.delete()


@transaction.atomic
def criteria_set_copy(*, user, source: CriteriaSet, code: str, name: str) -> CriteriaSet:
    """A new version of a set, to edit or import into; assessments stay attached to the set they used."""
    copy = CriteriaSet.objects.get(pk=source.pk)
    copy.pk = None
    copy.code = _text(code)
    copy.name = _text(name)
    copy.base_set_code = source.code
    copy.legal_verified = False
    copy.full_clean()
    copy.save()
    for criterion in source.criteria.prefetch_related("indicators__year_targets"):
        indicators = list(criterion.indicators.all())
        criterion.pk = None
        criterion.criteria_set = copy
        criterion.save()
        for indicator in indicators:
            targets = list(indicator.year_targets.all())
            indicator.pk = None
            indicator.criterion = criterion
            indicator.save()
            for target in targets:
                target.pk = None
                target.indicator = indicator
                target.save()
    audit_record(user=user, instance=copy, action=AuditEntry.Action.CREATE)
    return copy


# --- programme periods and commune groups ---------------------------------------------------------------


@transaction.atomic
def commune_group_set(
    *,
    user,
    unit: AdministrativeUnit,
    period: ProgrammePeriod,
    group: str = "",
    not_assessed: bool = False,
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    note: str = "",
    record: UnitCommuneGroup | None = None,
) -> UnitCommuneGroup:
    """Record a commune's group for a period (or that it is not assessed), with the classifying decision.

    Without `record` a new one is made, refused when the unit already has one for the period (a unit has one
    group per period: correct the record instead, passing it as `record`). Audited either way.
    """
    if record is not None and (record.unit_id != unit.pk or record.period_id != period.pk):
        raise ValidationError(_("Bản ghi nhóm xã không thuộc đơn vị và giai đoạn đã chọn."))
    if record is None:
        existing = UnitCommuneGroup.objects.filter(unit=unit, period=period).first()
        if existing is not None:
            raise ValidationError(
                _(
                    "%(unit)s đã được ghi “%(label)s” cho giai đoạn %(period)s; một đơn vị chỉ có một nhóm trong "
                    "một giai đoạn: sửa bản ghi đã có thay vì thêm nhóm thứ hai."
                )
                % {"unit": unit.full_name, "label": existing.label, "period": period.years_label}
            )
    before = snapshot(record) if record else None
    record = record or UnitCommuneGroup(unit=unit, period=period)
    record.group = group
    record.not_assessed = not_assessed
    record.decision_number = _text(decision_number)
    record.decision_date = decision_date
    record.decision_issuer = _text(decision_issuer)
    record.note = _text(note)
    record.full_clean()
    record.save()
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(user=user, instance=record, action=action, before=before, commune=unit)
    return record


# --- recognition decisions (docs/adr/0016-recognition-records.md) ------------------------------------------


@transaction.atomic
def criterion_upsert(*, user, criteria_set: CriteriaSet, number: int, name: str, group: str = "") -> Criterion:
    """The set's criterion `number`, created or renamed; audited (an unchanged criterion leaves no entry)."""
    criterion = Criterion.objects.select_for_update().filter(criteria_set=criteria_set, number=number).first()
    before = snapshot(criterion) if criterion else None
    criterion = criterion or Criterion(criteria_set=criteria_set, number=number)
    criterion.name = _text(name)
    criterion.group = _text(group)
    criterion.full_clean()
    criterion.save()
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(user=user, instance=criterion, action=action, before=before)
    criteria_set_changed(criteria_set)
    return criterion


@transaction.atomic
def indicator_save(
    *, user, indicator: Indicator, year_targets: list[tuple[int, Decimal, bool]] | None = None
) -> Indicator:
    """Save an indicator's values (a threshold, its wording, its verification) and, when given, its targets
    by year (year, value, verified): years not listed are removed. Every row touched is audited."""
    stored = Indicator.objects.select_for_update().filter(pk=indicator.pk).first() if indicator.pk else None
    before = snapshot(stored) if stored else None
    for name in ("code", "content", "target_text", "source_note", "unit", "comparator"):
        setattr(indicator, name, _text(getattr(indicator, name)))
    indicator.full_clean()
    indicator.save()
    indicator.refresh_from_db(fields=["target_value"])  # as stored (13 → 13.00): an equal value is no change
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(user=user, instance=indicator, action=action, before=before)
    if year_targets is not None:
        _year_targets_set(user=user, indicator=indicator, targets=year_targets)
    criteria_set_changed(indicator.criterion.criteria_set)
    return indicator


def criteria_set_changed(criteria_set: CriteriaSet) -> None:
    """The set's criteria, indicators or targets changed: so may every count of the assessments made with it."""
    assessed = Assessment.objects.filter(criteria_set=criteria_set).values_list("unit_id", "year").distinct()
    years: dict[int, set] = {}
    for unit_id, year in assessed:
        years.setdefault(unit_id, set()).add(year)
    with records_changed.batch():
        for unit_id, unit_years in years.items():
            records_changed.notify(units=[unit_id], years=unit_years)


def _year_targets_set(*, user, indicator: Indicator, targets: list[tuple[int, Decimal, bool]]) -> None:
    existing = {target.year: target for target in indicator.year_targets.select_for_update()}
    wanted = {year: (value, verified) for year, value, verified in targets}
    for year, target in existing.items():
        if year not in wanted:
            audit_record(user=user, instance=target, action=AuditEntry.Action.DELETE)
            target.delete()
    for year, (value, verified) in wanted.items():
        target = existing.get(year)
        before = snapshot(target) if target else None
        target = target or IndicatorYearTarget(indicator=indicator, year=year)
        target.value, target.verified = value, verified
        target.full_clean()
        target.save()
        target.refresh_from_db(fields=["value"])
        action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
        audit_record(user=user, instance=target, action=action, before=before)
