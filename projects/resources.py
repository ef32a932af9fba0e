"""Excel import and export of works and progress updates (django-import-export).

The generic part (reading with formulas kept as text, the Vietnamese header check, formula and foreign-commune
refusal, the widgets, the all-or-nothing run with its dry-run preview, export escaping) is core/excel.py;
here are the works and progress resources, whose `save_instance` calls the same services as the forms, so
audit and rules apply (docs/adr/0022-excel-import.md).
"""

from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from audit.display import describe_change
from audit.services import snapshot
from core import excel
from core.excel import (
    ChoiceLabelWidget,
    CommuneResource,
    DateWidget,
    ImportOutcome,
    MoneyField,
    MoneyWidget,
    TextWidget,
    cell_text,
    integer_field,
    write_xlsx,
)
from core.money import format_vnd, group_thousands
from core.numbers import parse_vn_decimal
from core.periods import YEAR_MAX, YEAR_MIN

from . import locking, progress, services
from .models import Category, ProgressUpdate, Work, WorkStatus


class PercentWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).rstrip("%").strip()
        if text == "":
            raise ValueError(_("Chưa nhập khối lượng hoàn thành."))
        try:
            number = parse_vn_decimal(value if isinstance(value, int | float) else text)
        except ValueError as error:
            raise ValueError(_("Khối lượng hoàn thành “%(value)s” không phải là số.") % {"value": text}) from error
        if not Decimal(0) <= number <= Decimal(100):
            raise ValueError(_("Khối lượng hoàn thành phải từ 0 đến 100 %."))
        return number.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value).replace(".", ",")


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
    planned_start_year = integer_field("planned_start_year", _("Năm khởi công"), minimum=YEAR_MIN, maximum=YEAR_MAX)
    planned_start_quarter = integer_field("planned_start_quarter", _("Quý khởi công"), minimum=1, maximum=4)
    planned_end_year = integer_field("planned_end_year", _("Năm hoàn thành"), minimum=YEAR_MIN, maximum=YEAR_MAX)
    planned_end_quarter = integer_field("planned_end_quarter", _("Quý hoàn thành"), minimum=1, maximum=4)
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

    def __init__(self, *, commune=None, user=None, expected_versions: dict | None = None):
        super().__init__(commune=commune, user=user)
        # Code → version seen by the preview (None: the code was new then); given only when confirming.
        self.expected_versions = expected_versions
        self.seen_versions: dict[str, int | None] = {}

    def before_import(self, dataset, **kwargs):
        self._villages = {v.name.lower(): v for v in self.commune.children.all()}
        works = Work.objects.filter(commune=self.commune)
        # Hold the works until the confirmation commits: run_import (core.excel) wraps the whole file in one
        # transaction, so the lock lasts until every row is saved.
        if self.expected_versions is not None:
            works = works.select_for_update()
        self._existing = {w.code: w for w in works}
        codes = [cell_text(code) for code in dataset[_("Mã công trình")]]
        self.seen_versions = {
            code: self._existing[code].version if code in self._existing else None for code in codes if code
        }
        if self.expected_versions is not None:
            self._refuse_works_changed_since_preview()

    def _refuse_works_changed_since_preview(self):
        """All or nothing: a work saved (or created) by anyone after the preview stops the whole file."""
        stale = []
        for code, version in self.seen_versions.items():
            expected = self.expected_versions.get(code)
            if version == expected:
                continue
            work = self._existing.get(code)
            if work is None:
                stale.append(_("%(code)s (đã bị xóa)") % {"code": code})
                continue
            editors = locking.editors_since(work, expected or 0)
            stale.append(
                _("%(code)s – %(name)s (%(who)s)")
                % {"code": code, "name": work.name, "who": ", ".join(editors) or _("người khác")}
            )
        if stale:
            raise ValidationError(
                _(
                    "Từ lúc xem trước, các công trình sau đã được sửa hoặc thêm: %(works)s. "
                    "Không dòng nào được lưu, để không ghi đè lên thay đổi đó; hãy tải tệp lên lại để xem trước "
                    "với dữ liệu mới."
                )
                % {"works": "; ".join(stale)}
            )

    def get_instance(self, instance_loader, row):
        return self._existing.get(cell_text(row.get(_("Mã công trình"))))

    def init_instance(self, row=None):
        return Work(commune=self.commune)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "village":
            name = cell_text(row.get(field.column_name))
            village = self._villages.get(name.lower()) if name else None
            if name and village is None:
                raise ValueError(
                    _("Không có thôn “%(name)s” trong xã %(commune)s.") % {"name": name, "commune": self.commune}
                )
            instance.village = village
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._before = None if new else snapshot(instance)

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
        # Rows are parsed one by one but saved together by progress.progress_record_many (see after_import):
        # one savepoint and a few queries per row made 5,000 rows take minutes.
        use_bulk = True

    def before_import(self, dataset, **kwargs):
        self._works = {w.code.lower(): w for w in Work.objects.filter(commune=self.commune).select_related("commune")}
        self._pending: list[tuple[int, dict, progress.ProgressEntry]] = []

    def init_instance(self, row=None):
        return ProgressUpdate()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "work":
            code = cell_text(row.get(field.column_name))
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
        entry = progress.ProgressEntry(
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
            progress.progress_record_many(user=self.user, entries=[entry for _n, _r, entry in self._pending])
        except progress.ProgressBatchError as error:
            for index, field_errors in error.errors.items():
                number, row, _entry = self._pending[index]
                result.append_invalid_row(number, row, ValidationError(field_errors))

    def dehydrate_work_code(self, update):
        return update.work.code

    def dehydrate_disbursed_cumulative(self, update):
        value = update.disbursed_cumulative
        return "" if value is None else group_thousands(value)


RESOURCES = {"works": WorkResource, "progress": ProgressResource}


TEMPLATE_NOTES = {
    "works": [
        _("Mỗi dòng là một công trình của xã. Giữ nguyên dòng tiêu đề; chỉ nhập dữ liệu từ dòng 2 ở trang đầu."),
        _("Mã công trình đã có thì cập nhật công trình đó; mã mới thì thêm công trình mới."),
        _(
            "Cột Xã: tên xã của bạn (dòng ghi xã khác sẽ bị từ chối). Để trống thì công trình được hiểu là của xã "
            "bạn đang nhập."
        ),
        _(
            "Sau khi xem trước, nếu có người sửa hoặc thêm một công trình trong tệp thì bước xác nhận bị từ chối "
            "(không lưu gì); hãy tải tệp lên lại để xem trước với dữ liệu mới."
        ),
        _("Cột Thôn: tên thôn như trong cổng, để trống nếu công trình của cả xã."),
        _("Lĩnh vực: %(choices)s.") % {"choices": ", ".join(str(label) for _v, label in Category.choices)},
        _("Tình trạng: %(choices)s.") % {"choices": ", ".join(str(label) for _v, label in WorkStatus.choices)},
        _("Tổng mức đầu tư: 2.981.839.000 hoặc 22,3 tỷ hoặc 800 triệu; số ước tính ghi “gần 500 triệu”."),
        _("Quý: 1 đến 4. Không dùng công thức."),
    ],
    "progress": [
        _("Mỗi dòng là một lần cập nhật tiến độ của một công trình đã có trong cổng (theo Mã công trình)."),
        _("Cột Xã: tên xã của bạn (dòng ghi xã khác sẽ bị từ chối). Để trống thì hiểu là xã bạn đang nhập."),
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


# --- the import workflow: preview, then all-or-nothing (core.excel.run_import) -------------------------


def run_import(
    *, kind: str, dataset: tablib.Dataset, commune, user, dry_run: bool, expected_versions: dict | None = None
) -> ImportOutcome:
    """Import (or, with dry_run, rehearse) a works or progress file; any error rolls everything back.

    A works run reports in `outcome.versions` each row's work version (None for a new code); passing the
    preview's versions back as `expected_versions` refuses the whole file if any of those works changed since.
    """
    if kind == "works":
        resource = WorkResource(commune=commune, user=user, expected_versions=expected_versions)
    else:
        resource = RESOURCES[kind](commune=commune, user=user)
    describe_changes = _work_changes if kind == "works" else None
    outcome = excel.run_import(resource, dataset, kind=kind, dry_run=dry_run, describe_changes=describe_changes)
    outcome.versions = dict(getattr(resource, "seen_versions", {}))
    return outcome


def _work_changes(work) -> list:
    before = getattr(work, "_before", None)
    if before is None:
        return []
    after = snapshot(work)
    return [
        describe_change(Work, name, before.get(name), after.get(name))
        for name in services.WORK_FIELDS
        if before.get(name) != after.get(name)
    ]
