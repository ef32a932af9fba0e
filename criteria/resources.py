"""A whole criteria set as one spreadsheet: one row per indicator, the criterion repeated on each row.

Export escapes cells that a spreadsheet would run as a formula; import refuses them (the prefixes and the
escaping are core/excel.py's). Import is
all-or-nothing (django-import-export in one transaction, rolled back on any error or on a dry run)
and only ever touches the set chosen on the page: a row naming another set is refused.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.excel import FORMULA_PREFIXES, escape_cell
from core.text import reject_markup

from .models import Criterion, Indicator, IndicatorYearTarget

YEAR_TARGET = re.compile(r"^\s*(\d{4})\s*:\s*(\d+(?:[.,]\d+)?)\s*(\*)?\s*$")

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


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if text in ("có", "co", "x", "1", "true", "đã đối chiếu"):
            return True
        if text in ("", "không", "khong", "0", "false", "chưa", "chưa đối chiếu"):
            return False
        raise ValueError(_("“%(value)s” không hợp lệ; ghi “có” hoặc “không”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "có" if value else "không"


class VnDecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            return Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation as error:
            raise ValueError(_("“%(value)s” không phải là một số.") % {"value": value}) from error

    def render(self, value, obj=None, **kwargs):
        return None if value is None else float(value) if value != value.to_integral_value() else int(value)


def parse_year_targets(text) -> list[tuple[int, Decimal, bool]]:
    """ "2022: 41; 2023: 44*" → [(2022, 41, False), (2023, 44, True)]; "*" marks a verified value."""
    targets = []
    for part in str(text or "").split(";"):
        if not part.strip():
            continue
        match = YEAR_TARGET.match(part)
        if match is None:
            raise ValidationError(
                _("Mức theo năm “%(part)s” không đúng dạng “2023: 44; 2024: 47” (thêm * sau số đã đối chiếu).")
                % {"part": part.strip()}
            )
        targets.append((int(match.group(1)), Decimal(match.group(2).replace(",", ".")), bool(match.group(3))))
    return targets


class IndicatorResource(resources.ModelResource):
    set_code = fields.Field(column_name=COLUMNS["set_code"], readonly=True)
    criterion_number = fields.Field(column_name=COLUMNS["criterion_number"], readonly=True)
    criterion_name = fields.Field(column_name=COLUMNS["criterion_name"], readonly=True)
    criterion_group = fields.Field(column_name=COLUMNS["criterion_group"], readonly=True)
    code = fields.Field(attribute="code", column_name=COLUMNS["code"])
    content = fields.Field(attribute="content", column_name=COLUMNS["content"])
    unit = fields.Field(attribute="unit", column_name=COLUMNS["unit"])
    comparator = fields.Field(attribute="comparator", column_name=COLUMNS["comparator"])
    target_value = fields.Field(attribute="target_value", column_name=COLUMNS["target_value"], widget=VnDecimalWidget())
    year_targets = fields.Field(column_name=COLUMNS["year_targets"], readonly=True)
    target_text = fields.Field(attribute="target_text", column_name=COLUMNS["target_text"])
    verified = fields.Field(attribute="verified", column_name=COLUMNS["verified"], widget=YesNoWidget())
    source_note = fields.Field(attribute="source_note", column_name=COLUMNS["source_note"])
    sort_order = fields.Field(attribute="sort_order", column_name=COLUMNS["sort_order"], widget=widgets.IntegerWidget())

    class Meta:
        model = Indicator
        fields = tuple(COLUMNS)
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    def __init__(self, criteria_set, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.criteria_set = criteria_set
        self.user = user
        self._criteria = {}
        self._before = {}
        # What the database held before this import touched it, for the preview's "unchanged" rows:
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

    def export_field(self, field, instance, **kwargs):
        return escape_cell(super().export_field(field, instance, **kwargs))

    def dehydrate_set_code(self, indicator):
        return indicator.criterion.criteria_set.code

    def dehydrate_criterion_number(self, indicator):
        return indicator.criterion.number

    def dehydrate_criterion_name(self, indicator):
        return indicator.criterion.name

    def dehydrate_criterion_group(self, indicator):
        return indicator.criterion.group

    def dehydrate_year_targets(self, indicator):
        return "; ".join(
            f"{target.year}: {format(target.value.normalize(), 'f')}{'*' if target.verified else ''}"
            for target in indicator.year_targets.all()
        )

    # --- import ---------------------------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            if isinstance(value, str) and value.strip().startswith(FORMULA_PREFIXES):
                raise ValidationError(
                    _("Ô “%(column)s” bắt đầu bằng “%(char)s”: công thức không được nhập; hãy ghi giá trị.")
                    % {"column": column, "char": value.strip()[0]}
                )
            if isinstance(value, str):
                try:
                    reject_markup(value)  # the same rule as the forms' CleanTextMixin
                except ValidationError as error:
                    raise ValidationError(f"{column}: {error.messages[0]}") from error
        code = str(row.get(COLUMNS["set_code"]) or "").strip()
        if code != self.criteria_set.code:
            raise ValidationError(
                _("Dòng thuộc bộ “%(code)s”, không phải bộ đang nhập “%(expected)s”.")
                % {"code": code, "expected": self.criteria_set.code}
            )
        number = self._criterion_number(row)
        name = str(row.get(COLUMNS["criterion_name"]) or "").strip()
        if not name:
            raise ValidationError(_("Thiếu tên tiêu chí."))
        criterion = Criterion.objects.filter(criteria_set=self.criteria_set, number=number).first()
        if number not in self.original_criteria:
            self.original_criteria[number] = (criterion.name, criterion.group) if criterion else None
        criterion = criterion or Criterion(criteria_set=self.criteria_set, number=number)
        criterion.name = name
        criterion.group = str(row.get(COLUMNS["criterion_group"]) or "").strip()
        criterion.full_clean()
        criterion.save()
        self._criteria[number] = criterion
        parse_year_targets(row.get(COLUMNS["year_targets"]))

    def _criterion_number(self, row) -> int:
        raw = row.get(COLUMNS["criterion_number"])
        try:
            number = int(Decimal(str(raw).strip()))
        except (InvalidOperation, ValueError, TypeError) as error:
            raise ValidationError(_("Số tiêu chí “%(value)s” không phải là số nguyên.") % {"value": raw}) from error
        if number < 1:
            raise ValidationError(_("Số tiêu chí phải từ 1 trở lên."))
        return number

    def get_instance(self, instance_loader, row):
        number = self._criterion_number(row)
        code = str(row.get(COLUMNS["code"]) or "").strip()
        return Indicator.objects.filter(
            criterion__criteria_set=self.criteria_set, criterion__number=number, code=code
        ).first()

    def import_instance(self, instance, row, **kwargs):
        self._before[id(instance)] = snapshot(instance) if instance.pk else None
        if instance.pk and instance.pk not in self.original_targets:
            self.original_targets[instance.pk] = [
                (target.year, target.value, target.verified) for target in instance.year_targets.order_by("year")
            ]
        super().import_instance(instance, row, **kwargs)
        instance.criterion = self._criteria[self._criterion_number(row)]
        instance.code = str(instance.code or "").strip()
        instance.sort_order = instance.sort_order or 0
        for name in ("content", "target_text", "source_note", "unit", "comparator"):
            setattr(instance, name, str(getattr(instance, name) or "").strip())

    def after_save_instance(self, instance, row, **kwargs):
        before = self._before.pop(id(instance), None)
        action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
        audit_record(user=self.user, instance=instance, action=action, before=before)
        wanted = parse_year_targets(row.get(COLUMNS["year_targets"]))
        instance.year_targets.exclude(year__in=[year for year, _value, _verified in wanted]).delete()
        for year, value, verified in wanted:
            IndicatorYearTarget.objects.update_or_create(
                indicator=instance, year=year, defaults={"value": value, "verified": verified}
            )
