"""Excel import and export of works and progress updates (django-import-export).

Rows are read with openpyxl ourselves (formulas kept as text, so a formula cell can be refused rather
than silently replaced by its cached value), checked against the Vietnamese headers, then handed to an
import-export resource whose `save_instance` calls the same services as the forms: audit and rules apply.
The whole file is one transaction: any row error and nothing is kept (docs/adr/0022-excel-import.md).
"""

import datetime
import io
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation

import openpyxl
import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from openpyxl.styles import Font

from core.money import Money, format_vnd, group_thousands, parse_money
from core.text import nfc, reject_markup

from . import services
from .models import Category, ProgressUpdate, Work, WorkStatus

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# --- widgets: Vietnamese in, Vietnamese errors ---------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        try:
            reject_markup(text)  # the same rule as the forms' CleanTextMixin
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error
        return text


class MoneyWidget(widgets.Widget):
    """ "2.981.839.000", "22,3 tỷ", "gần 500 triệu", or a number cell; cleans to `Money` (or None)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or _text(value) == "":
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
            return parse_money(_text(value))
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
        text = _text(value)
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


class PercentWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value).rstrip("%").strip()
        if text == "":
            raise ValueError(_("Chưa nhập khối lượng hoàn thành."))
        try:
            number = Decimal(text.replace(",", ".")) if not isinstance(value, (int, float)) else Decimal(str(value))
        except InvalidOperation as error:
            raise ValueError(_("Khối lượng hoàn thành “%(value)s” không phải là số.") % {"value": text}) from error
        if not Decimal(0) <= number <= Decimal(100):
            raise ValueError(_("Khối lượng hoàn thành phải từ 0 đến 100 %."))
        return number.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value).replace(".", ",")


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
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
        text = _text(value)
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


# --- resources -------------------------------------------------------------------------------------


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
        commune_name = _text(row.get(_("Xã")))
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


class WorkResource(CommuneResource):
    code = fields.Field(attribute="code", column_name=_("Mã công trình"), widget=TextWidget())
    commune_name = fields.Field(attribute="commune__name", column_name=_("Xã"), readonly=True)
    name = fields.Field(attribute="name", column_name=_("Tên công trình"), widget=TextWidget())
    village = fields.Field(attribute="village", column_name=_("Thôn"), widget=TextWidget())
    category = fields.Field(
        attribute="category", column_name=_("Lĩnh vực"), widget=ChoiceLabelWidget(Category.choices, label=_("Lĩnh vực"))
    )
    total_investment = MoneyField(
        attribute="total_investment", qualifier_attribute="total_investment_qualifier", column_name=_("Tổng mức đầu tư")
    )
    planned_start_year = fields.Field(
        attribute="planned_start_year",
        column_name=_("Năm khởi công"),
        widget=IntegerWidget(label=_("Năm khởi công"), minimum=2000, maximum=2100),
    )
    planned_start_quarter = fields.Field(
        attribute="planned_start_quarter",
        column_name=_("Quý khởi công"),
        widget=IntegerWidget(label=_("Quý khởi công"), minimum=1, maximum=4),
    )
    planned_end_year = fields.Field(
        attribute="planned_end_year",
        column_name=_("Năm hoàn thành"),
        widget=IntegerWidget(label=_("Năm hoàn thành"), minimum=2000, maximum=2100),
    )
    planned_end_quarter = fields.Field(
        attribute="planned_end_quarter",
        column_name=_("Quý hoàn thành"),
        widget=IntegerWidget(label=_("Quý hoàn thành"), minimum=1, maximum=4),
    )
    status = fields.Field(
        attribute="status",
        column_name=_("Tình trạng"),
        widget=ChoiceLabelWidget(WorkStatus.choices, label=_("Tình trạng")),
    )
    place = fields.Field(attribute="place", column_name=_("Địa điểm"), widget=TextWidget())

    class Meta:
        model = Work
        fields = (
            "code",
            "commune_name",
            "name",
            "village",
            "category",
            "total_investment",
            "planned_start_year",
            "planned_start_quarter",
            "planned_end_year",
            "planned_end_quarter",
            "status",
            "place",
        )
        import_id_fields = ("code",)
        skip_diff = True
        store_instance = True
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        self._villages = {v.name.lower(): v for v in self.commune.children.all()}
        self._existing = {w.code: w for w in Work.objects.filter(commune=self.commune)}

    def get_instance(self, instance_loader, row):
        return self._existing.get(_text(row.get(_("Mã công trình"))))

    def init_instance(self, row=None):
        return Work(commune=self.commune)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "village":
            name = _text(row.get(field.column_name))
            village = self._villages.get(name.lower()) if name else None
            if name and village is None:
                raise ValueError(
                    _("Không có thôn “%(name)s” trong xã %(commune)s.") % {"name": name, "commune": self.commune}
                )
            instance.village = village
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._before = None if new else services.snapshot(instance)

    def save_instance(self, instance, is_create, row, **kwargs):
        values = {name: getattr(instance, name) for name in services.WORK_FIELDS}
        if is_create:
            saved = services.work_create(user=self.user, commune=self.commune, **values)
        else:
            saved = services.work_update(user=self.user, work=instance, expected_version=instance.version, **values)
        instance.pk, instance.version = saved.pk, saved.version

    def dehydrate_village(self, work):
        return work.village.name if work.village_id else ""


class ProgressResource(CommuneResource):
    work_code = fields.Field(attribute="work", column_name=_("Mã công trình"), widget=TextWidget())
    commune_name = fields.Field(attribute="work__commune__name", column_name=_("Xã"), readonly=True)
    date = fields.Field(attribute="date", column_name=_("Ngày"), widget=DateWidget())
    physical_percent = fields.Field(
        attribute="physical_percent", column_name=_("Khối lượng hoàn thành (%)"), widget=PercentWidget()
    )
    disbursed_cumulative = fields.Field(
        attribute="disbursed_cumulative", column_name=_("Giải ngân lũy kế"), widget=MoneyWidget()
    )
    note = fields.Field(attribute="note", column_name=_("Ghi chú"), widget=TextWidget())
    reason = fields.Field(attribute="reason", column_name=_("Lý do"), widget=TextWidget())

    class Meta:
        model = ProgressUpdate
        fields = ("work_code", "commune_name", "date", "physical_percent", "disbursed_cumulative", "note", "reason")
        import_id_fields = ()
        force_init_instance = True
        skip_diff = True
        store_row_values = True
        use_transactions = True
        # Rows are parsed one by one but saved together by services.progress_record_many (see after_import):
        # one savepoint and a few queries per row made 5,000 rows take minutes.
        use_bulk = True

    def before_import(self, dataset, **kwargs):
        self._works = {w.code.lower(): w for w in Work.objects.filter(commune=self.commune).select_related("commune")}
        self._pending: list[tuple[int, dict, services.ProgressEntry]] = []

    def init_instance(self, row=None):
        return ProgressUpdate()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "work":
            code = _text(row.get(field.column_name))
            work = self._works.get(code.lower())
            if work is None:
                raise ValueError(
                    _("Không có công trình mã “%(code)s” trong xã %(commune)s.")
                    % {"code": code, "commune": self.commune}
                )
            instance.work = work
            return
        if field.attribute == "disbursed_cumulative":
            money = field.clean(row, **kwargs)
            if money is not None and money.is_approximate:
                raise ValueError(_("Giải ngân lũy kế phải là số chính xác, không ghi “gần/khoảng”."))
            instance.disbursed_cumulative = money.amount if money else None
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        entry = services.ProgressEntry(
            work=instance.work,
            date=instance.date,
            physical_percent=instance.physical_percent,
            disbursed_cumulative=instance.disbursed_cumulative,
            note=instance.note or "",
            reason=instance.reason or "",
        )
        self._pending.append((kwargs["row_number"], row, entry))

    def bulk_create(self, *args, **kwargs):
        """Nothing to do per batch: after_import saves every row through the service."""

    def after_import(self, dataset, result, **kwargs):
        # Rows that parsed are checked against the rules even when others did not, so every row's error shows;
        # any error makes import_data roll the whole file back.
        try:
            services.progress_record_many(user=self.user, entries=[entry for _n, _r, entry in self._pending])
        except services.ProgressBatchError as error:
            for index, field_errors in error.errors.items():
                number, row, _entry = self._pending[index]
                result.append_invalid_row(number, row, ValidationError(field_errors))

    def dehydrate_work_code(self, update):
        return update.work.code

    def dehydrate_disbursed_cumulative(self, update):
        value = update.disbursed_cumulative
        return "" if value is None else group_thousands(value)


RESOURCES = {"works": WorkResource, "progress": ProgressResource}


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
    headers = [_text(cell) for cell in header]
    while headers and headers[-1] == "":
        headers.pop()
    dataset = tablib.Dataset(headers=headers)
    for values in rows:
        values = list(values[: len(headers)]) + [None] * (len(headers) - len(values))
        if all(v is None or _text(v) == "" for v in values):
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


def write_xlsx(headers: list[str], rows, *, title: str, notes: list[str] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_cell(value) for value in row])
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


TEMPLATE_NOTES = {
    "works": [
        _("Mỗi dòng là một công trình của xã. Giữ nguyên dòng tiêu đề; chỉ nhập dữ liệu từ dòng 2 ở trang đầu."),
        _("Mã công trình đã có thì cập nhật công trình đó; mã mới thì thêm công trình mới."),
        _("Cột Xã: tên xã của bạn (dòng ghi xã khác sẽ bị từ chối)."),
        _("Cột Thôn: tên thôn như trong cổng, để trống nếu công trình của cả xã."),
        _("Lĩnh vực: %(choices)s.") % {"choices": ", ".join(str(label) for _v, label in Category.choices)},
        _("Tình trạng: %(choices)s.") % {"choices": ", ".join(str(label) for _v, label in WorkStatus.choices)},
        _("Tổng mức đầu tư: 2.981.839.000 hoặc 22,3 tỷ hoặc 800 triệu; số ước tính ghi “gần 500 triệu”."),
        _("Quý: 1 đến 4. Không dùng công thức."),
    ],
    "progress": [
        _("Mỗi dòng là một lần cập nhật tiến độ của một công trình đã có trong cổng (theo Mã công trình)."),
        _("Ngày theo dạng dd/mm/yyyy, ví dụ 09/04/2024. Khối lượng hoàn thành: 0 đến 100."),
        _("Giải ngân lũy kế: số tiền chính xác, ví dụ 2.981.839.000 hoặc 1,5 tỷ."),
        _("Khối lượng giảm, giải ngân giảm hoặc vượt tổng mức đầu tư thì phải ghi Lý do."),
        _("Cả tệp được nhập hoặc không dòng nào được nhập: có lỗi ở một dòng thì không lưu gì."),
        _("Không dùng công thức."),
    ],
}


def template_xlsx(kind: str) -> bytes:
    resource = RESOURCES[kind]()
    return write_xlsx(resource.headers(), [], title=_("Mẫu nhập"), notes=TEMPLATE_NOTES[kind])


def export_works_xlsx(works) -> bytes:
    """The filtered works list, with their latest progress (`works` annotated by with_latest_progress)."""
    resource = WorkResource()
    headers = resource.headers() + [_("Khối lượng mới nhất (%)"), _("Giải ngân lũy kế"), _("Ngày cập nhật")]
    export_fields = resource.get_import_fields()
    rows = []
    for work in works:
        row = [resource.export_field(f, work) for f in export_fields]
        row[1] = work.commune.name
        row += [
            "" if work.latest_percent is None else str(work.latest_percent).replace(".", ","),
            "" if work.latest_disbursed is None else format_vnd(work.latest_disbursed),
            work.latest_date.strftime("%d/%m/%Y") if work.latest_date else "",
        ]
        rows.append(row)
    return write_xlsx(headers, rows, title=_("Công trình"))


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


def run_import(*, kind: str, dataset: tablib.Dataset, commune, user, dry_run: bool) -> ImportOutcome:
    """Import (or, with dry_run, rehearse) every row in one transaction; any error rolls everything back."""
    resource = RESOURCES[kind](commune=commune, user=user)
    check_headers(dataset, resource.headers())
    if not len(dataset):
        raise ValidationError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
        )
        outcome = _outcome(kind, resource, dataset, result)
        if dry_run or not outcome.ok:
            transaction.set_rollback(True)
    return outcome


def _outcome(kind, resource, dataset, result) -> ImportOutcome:
    labels = {f.attribute: f.column_name for f in resource.get_import_fields()}
    labels["__all__"] = _("Dòng")
    rows: dict[int, PreviewRow] = {}
    for number, row_result in enumerate(result.rows, 1):
        rows[number] = PreviewRow(number=number, action=row_result.import_type, values={})
        if kind == "works" and row_result.instance is not None:
            rows[number].changes = _work_changes(row_result.instance)
    for invalid in result.invalid_rows:
        row = rows.setdefault(invalid.number, PreviewRow(number=invalid.number, action="invalid", values={}))
        row.action = "invalid"
        for name, messages in invalid.error_dict.items():
            for message in messages:
                row.errors.append(f"{labels.get(name, name)}: {message}")
    for number, errors in result.row_errors():
        row = rows.setdefault(number, PreviewRow(number=number, action="error", values={}))
        row.action = "error"
        row.errors.extend(str(error.error) for error in errors)
    for number, values in enumerate(dataset.dict, 1):
        if number in rows:
            rows[number].values = {key: _shown(value) for key, value in values.items()}
    file_errors = [str(error.error) for error in result.base_errors]
    return ImportOutcome(kind=kind, rows=[rows[n] for n in sorted(rows)], file_errors=file_errors, total=len(dataset))


def _shown(value) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%d/%m/%Y")
    return _text(value)


def _work_changes(work) -> list:
    before = getattr(work, "_before", None)
    if before is None:
        return []
    after = services.snapshot(work)
    return [
        services.FieldChange(
            name,
            services.describe_label(Work, name),
            *services.describe_pair(Work, name, before.get(name), after.get(name)),
        )
        for name in services.WORK_FIELDS
        if before.get(name) != after.get(name)
    ]
