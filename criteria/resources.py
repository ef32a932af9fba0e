"""A whole criteria set as one spreadsheet: one row per indicator, the criterion repeated on each row.

Import follows the one pipeline of core/excel (docs/adr/0022-excel-import.md): read with formulas kept as
text, every bad cell of a row reported at once, a row naming another set refused (`scope_check`), a dry
run as the preview (new / changed / unchanged / error), then all or nothing. Rows are saved through the
audited services `criterion_upsert` and `indicator_save`; export goes through `core.excel.write_xlsx`.
"""

import re
from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core import excel
from core.excel import Change, ImportOutcome, ScopedResource, TextWidget, cell_text, integer_field, write_xlsx
from core.numbers import parse_vn_decimal

from . import services
from .models import Criterion, Indicator

YEAR_TARGET = re.compile(r"^\s*(\d{4})\s*:\s*(\d[\d.,]*)\s*(\*)?\s*$")

COLUMNS = {
    "set_code": "Mã bộ tiêu chí",
    "criterion_number": "Số tiêu chí",
    "criterion_name": "Tên tiêu chí",
    "criterion_group": "Nhóm tiêu chí",
    "code": "Mã chỉ tiêu",
    "content": "Nội dung chỉ tiêu",
    "unit": "Đơn vị tính",
    "comparator": "So sánh",
    "target_value": "Mức chỉ tiêu",
    "year_targets": "Mức theo năm",
    "target_text": "Chỉ tiêu ghi theo văn bản",
    "verified": "Đã đối chiếu văn bản gốc",
    "source_note": "Ghi chú nguồn",
    "sort_order": "Thứ tự",
}
# The indicator's own values that the preview compares with what the database held.
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


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).lower()
        if text in ("có", "co", "x", "1", "true", "đã đối chiếu"):
            return True
        if text in ("", "không", "khong", "0", "false", "chưa", "chưa đối chiếu"):
            return False
        raise ValueError(_("“%(value)s” không hợp lệ; ghi “có” hoặc “không”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "có" if value else "không"


class VnDecimalWidget(widgets.Widget):
    """A number as officials write it ("60,16", "1.250,5"; core.numbers), or a number cell."""

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_vn_decimal(cell_text(value) if isinstance(value, str) else value)
        except ValueError as error:
            raise ValueError(_("“%(value)s” không phải là một số.") % {"value": value}) from error

    def render(self, value, obj=None, **kwargs):
        return None if value is None else float(value) if value != value.to_integral_value() else int(value)


class YearTargetsWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        try:
            return parse_year_targets(value)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error


def parse_year_targets(text) -> list[tuple[int, Decimal, bool]]:
    """ "2022: 41; 2023: 44*" → [(2022, 41, False), (2023, 44, True)]; "*" marks a verified value."""
    targets = []
    for part in str(text or "").split(";"):
        if not part.strip():
            continue
        match = YEAR_TARGET.match(part)
        try:
            value = parse_vn_decimal(match.group(2)) if match else None
        except ValueError:
            match = None
        if match is None:
            raise ValidationError(
                _("Mức theo năm “%(part)s” không đúng dạng “2023: 44; 2024: 47” (thêm * sau số đã đối chiếu).")
                % {"part": part.strip()}
            )
        targets.append((int(match.group(1)), value, bool(match.group(3))))
    return targets


def year_targets_text(targets) -> str:
    return "; ".join(
        f"{year}: {format(value.normalize(), 'f')}{'*' if verified else ''}" for year, value, verified in targets
    )


class IndicatorResource(ScopedResource):
    set_code = fields.Field(column_name=COLUMNS["set_code"], readonly=True)
    # The criterion's columns are kept on the row's indicator until it is saved (see save_instance).
    criterion_number = integer_field(
        "criterion_number", COLUMNS["criterion_number"], minimum=1, maximum=999, required=_("Thiếu số tiêu chí.")
    )
    criterion_name = fields.Field(
        attribute="criterion_name",
        column_name=COLUMNS["criterion_name"],
        widget=TextWidget(required=_("Thiếu tên tiêu chí.")),
    )
    criterion_group = fields.Field(
        attribute="criterion_group", column_name=COLUMNS["criterion_group"], widget=TextWidget()
    )
    code = fields.Field(attribute="code", column_name=COLUMNS["code"], widget=TextWidget())
    content = fields.Field(attribute="content", column_name=COLUMNS["content"], widget=TextWidget())
    unit = fields.Field(attribute="unit", column_name=COLUMNS["unit"], widget=TextWidget())
    comparator = fields.Field(attribute="comparator", column_name=COLUMNS["comparator"], widget=TextWidget())
    target_value = fields.Field(attribute="target_value", column_name=COLUMNS["target_value"], widget=VnDecimalWidget())
    year_targets = fields.Field(
        attribute="wanted_year_targets", column_name=COLUMNS["year_targets"], widget=YearTargetsWidget()
    )
    target_text = fields.Field(attribute="target_text", column_name=COLUMNS["target_text"], widget=TextWidget())
    verified = fields.Field(attribute="verified", column_name=COLUMNS["verified"], widget=YesNoWidget())
    source_note = fields.Field(attribute="source_note", column_name=COLUMNS["source_note"], widget=TextWidget())
    sort_order = integer_field("sort_order", COLUMNS["sort_order"], minimum=0, maximum=32767)

    class Meta:
        model = Indicator
        fields = tuple(COLUMNS)
        import_id_fields = ()
        skip_diff = True
        store_instance = True
        use_transactions = True

    def __init__(self, criteria_set=None, *, user=None):
        super().__init__(scope=criteria_set, user=user)
        self.criteria_set = criteria_set
        # What the database held before this import touched it, for the preview's changes:
        # criterion number → (name, group) or None when new; indicator pk → [(year, value, verified), ...].
        self.original_criteria = {}
        self.original_targets = {}

    # --- export ---------------------------------------------------------------------------------------

    def get_queryset(self):
        return (
            Indicator.objects.filter(criterion__criteria_set=self.criteria_set)
            .select_related("criterion__criteria_set")
            .prefetch_related("year_targets")
            .order_by("criterion__number", "sort_order", "code")
        )

    def dehydrate_set_code(self, indicator):
        return indicator.criterion.criteria_set.code

    def dehydrate_criterion_number(self, indicator):
        return indicator.criterion.number

    def dehydrate_criterion_name(self, indicator):
        return indicator.criterion.name

    def dehydrate_criterion_group(self, indicator):
        return indicator.criterion.group

    def dehydrate_year_targets(self, indicator):
        return year_targets_text((t.year, t.value, t.verified) for t in indicator.year_targets.all())

    def dehydrate_sort_order(self, indicator):
        return indicator.sort_order

    # --- import ---------------------------------------------------------------------------------------

    def scope_check(self, row) -> dict:
        code = cell_text(row.get(COLUMNS["set_code"]))
        if code != self.criteria_set.code:
            message = _("Dòng thuộc bộ “%(code)s”, không phải bộ đang nhập “%(expected)s”.") % {
                "code": code,
                "expected": self.criteria_set.code,
            }
            return {COLUMNS["set_code"]: message}
        return {}

    def get_instance(self, instance_loader, row):
        try:
            number = int(cell_text(row.get(COLUMNS["criterion_number"])))
        except ValueError:
            return None  # the field reports the bad number
        code = cell_text(row.get(COLUMNS["code"]))
        return Indicator.objects.filter(
            criterion__criteria_set=self.criteria_set, criterion__number=number, code=code
        ).first()

    def import_instance(self, instance, row, **kwargs):
        if instance.pk and instance.pk not in self.original_targets:
            self.original_targets[instance.pk] = [
                (target.year, target.value, target.verified) for target in instance.year_targets.order_by("year")
            ]
        instance.original = {name: getattr(instance, name) for name in COMPARED_FIELDS} if instance.pk else None
        instance.wanted_year_targets = []
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            instance.sort_order = instance.sort_order or 0
            number = getattr(instance, "criterion_number", None)
            if number is not None and number not in self.original_criteria:
                criterion = Criterion.objects.filter(criteria_set=self.criteria_set, number=number).first()
                self.original_criteria[number] = (criterion.name, criterion.group) if criterion else None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's checks, but not of the criterion: it is saved with the row (a new one has no id yet)."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "criterion"], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.criterion = services.criterion_upsert(
            user=self.user,
            criteria_set=self.criteria_set,
            number=instance.criterion_number,
            name=instance.criterion_name,
            group=instance.criterion_group or "",
        )
        services.indicator_save(user=self.user, indicator=instance, year_targets=instance.wanted_year_targets)

    def describe_changes(self, instance) -> list[Change]:
        """What the row changes, compared with the database before the import (nothing for a new row)."""
        if instance.original is None:
            return []
        changes = []
        for name in COMPARED_FIELDS:
            old, new = instance.original[name], getattr(instance, name)
            if old != new:
                label = str(Indicator._meta.get_field(name).verbose_name)
                changes.append(Change(label, "" if old is None else str(old), "" if new is None else str(new)))
        criterion_before = self.original_criteria.get(instance.criterion_number)
        if criterion_before is not None:
            after = (instance.criterion_name, instance.criterion_group or "")
            labels = (COLUMNS["criterion_name"], COLUMNS["criterion_group"])
            changes += [Change(*c) for c in zip(labels, criterion_before, after, strict=True) if c[1] != c[2]]
        wanted = sorted(instance.wanted_year_targets)
        before = self.original_targets.get(instance.pk, [])
        if wanted != before:
            changes.append(Change(COLUMNS["year_targets"], year_targets_text(before), year_targets_text(wanted)))
        return changes


def export_xlsx(criteria_set) -> bytes:
    dataset = IndicatorResource(criteria_set).export()
    return write_xlsx(dataset.headers, dataset, title=criteria_set.code)


def run_import(*, criteria_set, user, dataset: tablib.Dataset, dry_run: bool) -> ImportOutcome:
    """Import (or, with dry_run, rehearse) a whole set's rows; any error rolls everything back."""
    resource = IndicatorResource(criteria_set, user=user)
    return excel.run_import(
        resource, dataset, kind="criteria_set", dry_run=dry_run, describe_changes=resource.describe_changes
    )
