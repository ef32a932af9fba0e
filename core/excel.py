"""Excel import and export shared by the apps (django-import-export with Vietnamese widgets).

The rules every import follows (docs/adr/0022-excel-import.md, docs/adr/0032-funding-excel.md):

- The upload is read with openpyxl ourselves (`read_xlsx`, `data_only=False`): a formula cell stays text
  ("=SUM(…)") so it can be refused, instead of arriving as its cached value or as an empty cell.
- The header row must be the template's Vietnamese headers, no more and no fewer (`check_headers`).
- Each row is parsed by an app's resource built on `CommuneResource`: Vietnamese widgets and messages,
  every field's error reported at once, a cell starting with = + - @ (or tab/CR) refused as a formula,
  a row naming another commune in "Xã" refused. Saving goes through the app's services (rules, audit).
- `run_import` runs the whole file in one transaction. With `dry_run` it is a rehearsal that is rolled
  back and becomes the preview (`ImportOutcome`: every row's action, changes and errors); a real run is
  kept only if every row passes: any error and nothing is saved.

Export (`write_xlsx`, `escape_cell`): a text cell that a spreadsheet would run as a formula is written
with a leading apostrophe.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal

import openpyxl
import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from openpyxl.styles import Font

from core.money import Money, group_thousands, parse_money
from core.text import clean_text, nfc

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value) -> str:
    """A cell as NFC text without surrounding spaces; a whole float (12.0) as an integer, None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def error_text(error) -> str:
    """An import error as the user should read it (a ValidationError's messages, not its repr)."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# --- widgets: Vietnamese in, Vietnamese errors ---------------------------------------------------------


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return clean_text(cell_text(value))  # the same rule as the forms' CleanTextMixin
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error


class MoneyWidget(widgets.Widget):
    """ "2.981.839.000", "22,3 tỷ", "gần 500 triệu", or a number cell; cleans to `Money` (or None)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or cell_text(value) == "":
            return None
        if isinstance(value, bool):
            raise ValueError(_("Số tiền không hợp lệ."))
        if isinstance(value, (int, float, Decimal)):
            if value < 0:
                raise ValueError(_("Số tiền không được âm."))
            if value != int(value):
                raise ValueError(_("Số tiền phải là số đồng nguyên."))
            return parse_money(str(int(value)))
        try:
            return parse_money(cell_text(value))
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from error

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, Money):
            text = group_thousands(value.amount)
            return f"{value.qualifier} {text}" if value.qualifier else text
        return group_thousands(value)


class IntegerWidget(widgets.Widget):
    def __init__(self, *, label, minimum, maximum):
        super().__init__()
        self.label, self.minimum, self.maximum = label, minimum, maximum

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return None
        try:
            number = int(text)
        except ValueError as error:
            raise ValueError(
                _("%(label)s “%(value)s” không phải là số nguyên.") % {"label": self.label, "value": text}
            ) from error
        if not self.minimum <= number <= self.maximum:
            raise ValueError(
                _("%(label)s phải từ %(min)s đến %(max)s.")
                % {"label": self.label, "min": self.minimum, "max": self.maximum}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if text == "":
            raise ValueError(_("Chưa nhập ngày."))
        try:
            return datetime.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError as error:
            raise ValueError(
                _("Ngày “%(value)s” không hợp lệ hoặc không tồn tại; nhập theo dạng dd/mm/yyyy.") % {"value": text}
            ) from error

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class ChoiceLabelWidget(widgets.Widget):
    """Choices by their Vietnamese label ("Giao thông"), the stored value accepted too."""

    def __init__(self, choices, *, label):
        super().__init__()
        self.choices, self.label = choices, label

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return None
        for stored, shown in self.choices:
            if text.lower() in (str(shown).lower(), stored):
                return stored
        allowed = ", ".join(str(shown) for _stored, shown in self.choices)
        raise ValueError(
            _("%(label)s “%(value)s” không có trong danh mục (%(allowed)s).")
            % {"label": self.label, "value": text, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class MoneyField(fields.Field):
    """Sets the amount and its qualifier ("gần") together."""

    def __init__(self, *, qualifier_attribute, **kwargs):
        super().__init__(widget=MoneyWidget(), **kwargs)
        self.qualifier_attribute = qualifier_attribute

    def save(self, instance, row, is_m2m=False, **kwargs):
        money = self.clean(row, **kwargs)
        setattr(instance, self.attribute, money.amount if money else None)
        setattr(instance, self.qualifier_attribute, money.qualifier if money else "")

    def get_value(self, instance):
        amount = getattr(instance, self.attribute)
        return None if amount is None else Money(amount, getattr(instance, self.qualifier_attribute))


def integer_field(attribute: str, label, *, minimum: int, maximum: int) -> fields.Field:
    """A whole-number column whose header is also the name used in its error messages."""
    return fields.Field(
        attribute=attribute, column_name=label, widget=IntegerWidget(label=label, minimum=minimum, maximum=maximum)
    )


# --- the base resource ---------------------------------------------------------------------------------


class CommuneResource(resources.ModelResource):
    """Rows of one commune, imported by one user; a row naming another commune is refused."""

    def __init__(self, *, commune=None, user=None):
        super().__init__()
        self.commune, self.user = commune, user

    def headers(self) -> list[str]:
        return [f.column_name for f in self.get_import_fields()]

    def before_import_row(self, row, **kwargs):
        """Note the row's formula cells and a foreign commune; import_instance reports them with the rest."""
        errors = {}
        for header, value in row.items():
            if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                errors[header] = _("Ô “%(value)s” là công thức hoặc bắt đầu bằng “%(char)s”; không được nhận.") % {
                    "value": value[:40],
                    "char": value[0],
                }
        commune_name = cell_text(row.get(_("Xã")))
        if commune_name and self.commune and commune_name.lower() != self.commune.name.lower():
            errors[_("Xã")] = _("Dòng này thuộc xã “%(row)s”, không phải xã %(commune)s: bị từ chối.") % {
                "row": commune_name,
                "commune": self.commune.name,
            }
        self._row_errors = errors

    def import_instance(self, instance, row, **kwargs):
        """Every field's error at once (a formula cell is reported, not parsed)."""
        errors = {key: ValidationError(message) for key, message in self._row_errors.items()}
        for field in self.get_import_fields():
            if field.column_name in errors:
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def preview_action(self, row_result) -> str:
        """How the preview names the row's effect: "new", "update", "skip" (a resource may refine it)."""
        return row_result.import_type


# --- reading and writing xlsx ---------------------------------------------------------------------


def read_xlsx(upload) -> tablib.Dataset:
    """The first sheet as a Dataset; formulas stay text ("=SUM(...)") so they can be refused."""
    try:
        book = openpyxl.load_workbook(upload, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.")) from error
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ValidationError(_("Tệp Excel trống."))
    headers = [cell_text(cell) for cell in header]
    while headers and headers[-1] == "":
        headers.pop()
    dataset = tablib.Dataset(headers=headers)
    for values in rows:
        values = list(values[: len(headers)]) + [None] * (len(headers) - len(values))
        if all(v is None or cell_text(v) == "" for v in values):
            continue
        dataset.append(values)
    book.close()
    return dataset


def check_headers(dataset: tablib.Dataset, expected: list[str]):
    duplicated = sorted({h for h in dataset.headers if h and dataset.headers.count(h) > 1})
    if duplicated:
        raise ValidationError(_("Tiêu đề cột bị trùng: %(cols)s.") % {"cols": ", ".join(f"“{h}”" for h in duplicated)})
    missing = [h for h in expected if h not in dataset.headers]
    extra = [h for h in dataset.headers if h not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append(_("thiếu cột %(cols)s") % {"cols": ", ".join(f"“{h}”" for h in missing)})
        if extra:
            parts.append(_("cột không nhận ra %(cols)s") % {"cols": ", ".join(f"“{h}”" for h in extra)})
        raise ValidationError(
            _("Tiêu đề cột không đúng mẫu: %(detail)s. Hãy tải mẫu Excel và giữ nguyên dòng tiêu đề.")
            % {"detail": "; ".join(parts)}
        )


def escape_cell(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# Number formats for `write_xlsx(number_formats=…)`: the cells stay numbers a reader can sum and sort.
MONEY_FORMAT = "#,##0"  # whole đồng, thousands grouped
PERCENT_FORMAT = "0.0%"  # a share written as a fraction (0.883), shown as 88.3 %


def write_xlsx(
    headers: list[str], rows, *, title: str, notes: list[str] = (), number_formats: dict[int, str] | None = None
) -> bytes:
    """One sheet: bold headers, then `rows`, formulas escaped; `number_formats` maps a column index (from 0)
    to a format such as MONEY_FORMAT or PERCENT_FORMAT; `notes` go on a second sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_cell(value) for value in row])
    for column, number_format in (number_formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = number_format
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(12, min(50, len(header) + 6))
    if notes:
        guide = book.create_sheet(_("Hướng dẫn"))
        for line in notes:
            guide.append([escape_cell(line)])
        guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the import workflow: preview, then all-or-nothing ---------------------------------------------


@dataclass
class PreviewRow:
    number: int
    action: str  # "new", "update", "skip", "invalid", "error"
    values: dict
    changes: list = dataclass_field(default_factory=list)
    errors: list = dataclass_field(default_factory=list)


@dataclass
class ImportOutcome:
    kind: str
    rows: list[PreviewRow]
    file_errors: list[str]
    total: int
    # Record key → version as this run found it (a resource that guards against lost updates fills it in,
    # so that the confirmation can refuse when a record changed after the preview).
    versions: dict = dataclass_field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors) + len(self.file_errors)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.action == "new")

    @property
    def update_count(self) -> int:
        return sum(1 for row in self.rows if row.action == "update")


def run_import(
    resource: CommuneResource,
    dataset: tablib.Dataset,
    *,
    kind: str,
    dry_run: bool,
    describe_changes: Callable[[object], list] | None = None,
    allow_empty: bool = False,
) -> ImportOutcome:
    """Import (or, with dry_run, rehearse) every row in one transaction; any error rolls everything back.

    `describe_changes(instance)` lists a saved row's field changes for the preview; `allow_empty` accepts a
    file with headers only (an outcome of no rows) instead of refusing it.
    """
    check_headers(dataset, resource.headers())
    if not len(dataset) and not allow_empty:
        raise ValidationError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
        )
        outcome = import_outcome(resource, dataset, result, kind=kind, describe_changes=describe_changes)
        if dry_run or not outcome.ok:
            transaction.set_rollback(True)
    return outcome


def import_outcome(resource, dataset, result, *, kind: str, describe_changes=None) -> ImportOutcome:
    """Every row of an import-export `result` with its action, changes, values and Vietnamese errors."""
    labels = {f.attribute: f.column_name for f in resource.get_import_fields()}
    labels["__all__"] = _("Dòng")
    rows: dict[int, PreviewRow] = {}
    for number, row_result in enumerate(result.rows, 1):
        rows[number] = PreviewRow(number=number, action=resource.preview_action(row_result), values={})
        if describe_changes is not None and row_result.instance is not None:
            rows[number].changes = describe_changes(row_result.instance)
    for invalid in result.invalid_rows:
        row = rows.setdefault(invalid.number, PreviewRow(number=invalid.number, action="invalid", values={}))
        row.action = "invalid"
        for name, messages in invalid.error_dict.items():
            for message in messages:
                row.errors.append(f"{labels.get(name, name)}: {message}")
    for number, errors in result.row_errors():
        row = rows.setdefault(number, PreviewRow(number=number, action="error", values={}))
        row.action = "error"
        row.errors.extend(error_text(error.error) for error in errors)
    for number, values in enumerate(dataset.dict, 1):
        if number in rows:
            rows[number].values = {key: _shown(value) for key, value in values.items()}
    file_errors = [error_text(error.error) for error in result.base_errors]
    return ImportOutcome(kind=kind, rows=[rows[n] for n in sorted(rows)], file_errors=file_errors, total=len(dataset))


def _shown(value) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%d/%m/%Y")
    return cell_text(value)
