"""Writes of the criteria app: atomic, validated with full_clean, audited. Views, imports and seed call these.

Services trust their caller: the views fetch and authorize first (docs/adr/0004); `user` is for the audit log.
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import openpyxl
import tablib
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.excel import error_text
from core.text import clean_text
from units.models import AdministrativeUnit, Level

from .models import Assessment, CriteriaSet, Evidence, Indicator, IndicatorValue, OcopProduct
from .resources import COLUMNS, IndicatorResource, parse_year_targets
from .validators import evidence_content_type


def _commune_of(unit: AdministrativeUnit):
    return unit.parent if unit.level == Level.VILLAGE else unit


def _text(value: str) -> str:
    return clean_text(value)


@transaction.atomic
def assessment_create(
    *, user, unit: AdministrativeUnit, year: int, criteria_set: CriteriaSet, note: str = ""
) -> Assessment:
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


# --- whole-set import (django-import-export) ------------------------------------------------------------


@dataclass
class ImportRow:
    number: int
    kind: str
    code: str
    changes: list[tuple[str, str, str]]
    errors: list[str]


@dataclass
class ImportReport:
    rows: list[ImportRow]
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    @property
    def counts(self) -> dict:
        counts: dict = {}
        for row in self.rows:
            counts[row.kind] = counts.get(row.kind, 0) + 1
        return counts


def read_xlsx(upload) -> tablib.Dataset:
    """The first sheet as a dataset; a clear Vietnamese error when the file is not a readable workbook.

    Read with formulas kept as text (data_only=False), so a formula cell reaches the import as "=…"
    and is refused, instead of arriving as its cached result or as an empty cell.
    """
    upload.seek(0)
    try:
        book = openpyxl.load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=False)
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx.")) from error
    headers = [str(cell).strip() if cell is not None else "" for cell in (rows[0] if rows else [])]
    missing = [column for column in COLUMNS.values() if column not in headers]
    if missing:
        raise ValidationError(_("Tệp thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
    body = [row + [None] * (len(headers) - len(row)) for row in rows[1:] if any(cell not in (None, "") for cell in row)]
    if not body:
        raise ValidationError(_("Tệp không có dòng dữ liệu nào."))
    return tablib.Dataset(*[row[: len(headers)] for row in body], headers=headers)


IMPORT_KINDS = {
    "new": gettext_lazy("Thêm mới"),
    "update": gettext_lazy("Cập nhật"),
    "unchanged": gettext_lazy("không đổi"),
    "skip": gettext_lazy("Bỏ qua"),
    "invalid": gettext_lazy("Lỗi"),
    "error": gettext_lazy("Lỗi"),
}
COMPARED_FIELDS = (
    "content",
    "unit",
    "comparator",
    "target_value",
    "target_text",
    "verified",
    "source_note",
    "sort_order",
)


def criteria_set_import(*, user, criteria_set: CriteriaSet, dataset, dry_run: bool) -> ImportReport:
    """Import a whole set's rows: a dry run reports every row's change and errors; a real run saves all or nothing."""
    resource = IndicatorResource(criteria_set, user=user)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        retain_instance_in_row_result=True,
    )
    rows = []
    for number, row in enumerate(result.rows, start=2):  # row 1 holds the column headers
        errors = [error_text(error.error) for error in row.errors]
        if row.validation_error is not None:
            errors += _validation_messages(row.validation_error)
        values = dict(zip(dataset.headers, dataset[number - 2], strict=False))
        changes = _changes(row, values, resource) if not errors else []
        kind = row.import_type
        if kind == "update" and not changes:
            kind = "unchanged"
        rows.append(
            ImportRow(
                number, str(IMPORT_KINDS.get(kind, kind)), str(values.get(COLUMNS["code"]) or ""), changes, errors
            )
        )
    base_errors = [error_text(error.error) for error in result.base_errors]
    return ImportReport(rows=rows, errors=base_errors)


def _changes(row, values: dict, resource: IndicatorResource) -> list[tuple[str, str, str]]:
    """(label, old, new) for every value the row changes, compared with the database before the import."""
    instance, original = row.instance, row.original
    if instance is None:
        return []
    changes = []
    for name in COMPARED_FIELDS:
        new = getattr(instance, name)
        old = getattr(original, name) if original is not None else None
        if original is None or old != new:
            label = str(Indicator._meta.get_field(name).verbose_name)
            changes.append((label, "" if old is None else str(old), "" if new is None else str(new)))
    if original is None or original.pk is None:
        return changes
    criterion_before = resource.original_criteria.get(instance.criterion.number)
    if criterion_before is not None:
        for label, old, new in zip(
            (COLUMNS["criterion_name"], COLUMNS["criterion_group"]),
            criterion_before,
            (instance.criterion.name, instance.criterion.group),
            strict=True,
        ):
            if old != new:
                changes.append((label, old, new))
    try:
        wanted = sorted(parse_year_targets(values.get(COLUMNS["year_targets"])))
    except ValidationError:
        return changes
    targets_before = resource.original_targets.get(original.pk, [])
    if wanted != targets_before:
        changes.append((COLUMNS["year_targets"], _year_targets_text(targets_before), _year_targets_text(wanted)))
    return changes


def _year_targets_text(targets) -> str:
    return "; ".join(
        f"{year}: {format(value.normalize(), 'f')}{'*' if verified else ''}" for year, value, verified in targets
    )


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        messages = []
        for field, items in error.message_dict.items():
            label = _field_label(field)
            messages += [f"{label}: {item}" if label else item for item in items]
        return messages
    return list(error.messages)


def _field_label(field: str) -> str:
    if field == "__all__":
        return ""
    column = COLUMNS.get(field)
    return column or field
