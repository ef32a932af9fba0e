"""Writes on money lines and the source catalogue; every one validated, atomic and audited."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.signals import records_changed
from core.text import clean_text
from units.models import Level

from .models import FundingSource, MoneyLine

LINE_FIELDS = (
    "year",
    "source",
    "amount",
    "amount_qualifier",
    "stage",
    "quarter",
    "work",
    "labour_days",
    "land_m2",
    "note",
)


@transaction.atomic
def money_line_create(
    *,
    user,
    commune,
    year: int,
    source: FundingSource,
    amount: int,
    stage: str,
    amount_qualifier: str = "",
    quarter: int | None = None,
    work=None,
    labour_days: int | None = None,
    land_m2: Decimal | None = None,
    note: str = "",
) -> MoneyLine:
    _require_commune(commune)
    line = MoneyLine(
        commune=commune,
        year=year,
        source=source,
        amount=amount,
        amount_qualifier=amount_qualifier or "",
        stage=stage,
        quarter=quarter,
        work=work,
        labour_days=labour_days,
        land_m2=land_m2,
        note=clean_text(note),
    )
    line.full_clean()
    line.save()
    audit_record(user=user, instance=line, action=AuditEntry.Action.CREATE, commune=commune)
    records_changed.notify(units=[commune], years=[line.year])
    return line


@transaction.atomic
def money_line_update(*, user, line: MoneyLine, **changes) -> MoneyLine:
    """Change the given fields of a line; the commune never changes (a line moves by delete + create)."""
    unknown = set(changes) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"money_line_update() got unexpected fields: {sorted(unknown)}")
    before = snapshot(MoneyLine.objects.get(pk=line.pk))  # the caller's form may have changed `line` already
    for name, value in changes.items():
        if name == "note":
            value = clean_text(value)
        if name == "amount_qualifier":
            value = value or ""
        setattr(line, name, value)
    line.full_clean()
    line.save()
    audit_record(user=user, instance=line, action=AuditEntry.Action.UPDATE, before=before, commune=line.commune)
    records_changed.notify(units=[line.commune_id], years={before["year"], line.year})
    return line


@transaction.atomic
def money_line_delete(*, user, line: MoneyLine) -> None:
    audit_record(user=user, instance=line, action=AuditEntry.Action.DELETE, commune=line.commune)
    year = line.year
    line.delete()
    records_changed.notify(units=[line.commune_id], years=[year])


@transaction.atomic
def funding_source_save(*, user, source: FundingSource) -> FundingSource:
    """Create or change a catalogue entry (the administrator's admin form calls this)."""
    before = snapshot(FundingSource.objects.get(pk=source.pk)) if source.pk else None
    source.name = clean_text(source.name)
    source.full_clean()
    source.save()
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(user=user, instance=source, action=action, before=before)
    return source


def _require_commune(unit):
    if unit is None or unit.level != Level.COMMUNE:
        raise ValidationError({"commune": _("Dòng vốn phải thuộc một xã.")})
