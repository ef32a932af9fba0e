"""Excel for money lines (import and export) and the mobilisation summary (export).

The reading, header check, formula refusal, widgets and the all-or-nothing run with its preview are the
shared ones of core/excel/, as for every import (docs/adr/0032-funding-excel.md). A row may name
an existing line by "Mã dòng" to change it; a line, a work or a commune of another commune is refused.
"""

import tablib
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core import excel
from core.excel import (
    ChoiceLabelWidget,
    CommuneResource,
    ImportOutcome,
    MoneyField,
    TextWidget,
    cell_text,
    integer_field,
    money,
    percent,
    write_xlsx,
)
from core.money import format_decimal, group_thousands
from core.numbers import parse_vn_decimal
from core.periods import YEAR_MAX, YEAR_MIN
from projects.models import Work

from . import services
from .models import FundingSource, MoneyLine, Stage
from .summary import MobilisationSummary


class SourceWidget(widgets.Widget):
    """A source by its code ("ns-xa") or its name ("Ngân sách xã")."""

    def __init__(self, sources):
        super().__init__()
        self.sources = sources

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            raise ValueError(_("Chưa ghi nguồn vốn."))
        for source in self.sources:
            if text.lower() in (source.code, source.name.lower()):
                return source
        raise ValueError(_("Nguồn vốn “%(value)s” không có trong danh mục nguồn vốn.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if text == "":
            return None
        try:
            number = parse_vn_decimal(text)
        except ValueError as error:
            raise ValueError(_("Diện tích “%(value)s” không phải là số.") % {"value": text}) from error
        if number < 0:
            raise ValueError(_("Diện tích không được âm."))
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else format_decimal(value, 1)


class MoneyLineResource(CommuneResource):
    line_id = integer_field("id", _("Mã dòng"), minimum=1, maximum=10**12)
    commune_name = fields.Field(attribute="commune__name", column_name=_("Xã"), readonly=True)
    year = integer_field("year", _("Năm"), minimum=YEAR_MIN, maximum=YEAR_MAX)
    source = fields.Field(attribute="source", column_name=_("Nguồn vốn"), widget=TextWidget())
    stage = fields.Field(
        attribute="stage", column_name=_("Giai đoạn"), widget=ChoiceLabelWidget(Stage.choices, label=_("Giai đoạn"))
    )
    quarter = integer_field("quarter", _("Quý"), minimum=1, maximum=4)
    work = fields.Field(attribute="work", column_name=_("Mã công trình"), widget=TextWidget())
    amount = MoneyField(attribute="amount", qualifier_attribute="amount_qualifier", column_name=_("Số tiền"))
    labour_days = integer_field("labour_days", _("Số ngày công"), minimum=0, maximum=10**9)
    land_m2 = fields.Field(attribute="land_m2", column_name=_("Diện tích hiến đất (m²)"), widget=DecimalWidget())
    note = fields.Field(attribute="note", column_name=_("Ghi chú"), widget=TextWidget())

    class Meta:
        model = MoneyLine
        fields = (
            "line_id",
            "commune_name",
            "year",
            "source",
            "stage",
            "quarter",
            "work",
            "amount",
            "labour_days",
            "land_m2",
            "note",
        )
        import_id_fields = ()
        force_init_instance = True
        clean_model_instances = True
        skip_diff = True
        store_instance = True
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        self._sources = list(FundingSource.objects.all())
        self._works = {w.code.lower(): w for w in Work.objects.filter(commune=self.commune)}
        ids = [int(v) for v in dataset[_("Mã dòng")] if cell_text(v).isdigit()] if dataset.height else []
        self._lines = MoneyLine.objects.filter(pk__in=ids).select_related("commune").in_bulk()

    def init_instance(self, row=None):
        return MoneyLine(commune=self.commune)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        text = cell_text(row.get(field.column_name))
        if field.attribute == "id":
            number = field.clean(row, **kwargs)
            if number is not None:
                instance._existing = self._existing_line(number)
            return
        if field.attribute == "source":
            instance.source = SourceWidget(self._sources).clean(text)
            return
        if field.attribute == "work":
            instance.work = self._work(text) if text else None
            return
        if field.attribute == "stage" and text == "":
            raise ValueError(_("Chưa ghi giai đoạn (%(choices)s).") % {"choices": _stage_labels()})
        if field.attribute == "amount" and text == "":
            raise ValueError(_("Chưa nhập số tiền."))
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def preview_action(self, row_result) -> str:
        """Rows are always initialised anew; one naming an existing line ("Mã dòng") is an update."""
        action = super().preview_action(row_result)
        if action == "new" and getattr(row_result.instance, "_existing", None) is not None:
            return "update"
        return action

    def _existing_line(self, number: int) -> MoneyLine:
        line = self._lines.get(number)
        if line is None or line.commune_id != self.commune.pk:
            raise ValueError(
                _("Không có dòng vốn mã %(id)s của xã %(commune)s.") % {"id": number, "commune": self.commune}
            )
        return line

    def _work(self, code: str) -> Work:
        work = self._works.get(code.lower())
        if work is None:
            raise ValueError(
                _("Không có công trình mã “%(code)s” trong xã %(commune)s.") % {"code": code, "commune": self.commune}
            )
        return work

    def save_instance(self, instance, is_create, row, **kwargs):
        values = {name: getattr(instance, name) for name in services.LINE_FIELDS}
        existing = getattr(instance, "_existing", None)
        if existing is None:
            saved = services.money_line_create(user=self.user, commune=self.commune, **values)
        else:
            saved = services.money_line_update(user=self.user, line=existing, **values)
        instance.pk = saved.pk

    def dehydrate_line_id(self, line):
        return line.pk

    def dehydrate_source(self, line):
        return line.source.name

    def dehydrate_stage(self, line):
        return line.get_stage_display()

    def dehydrate_work(self, line):
        return line.work.code if line.work_id else ""

    def dehydrate_amount(self, line):
        text = group_thousands(line.amount)
        return f"{line.amount_qualifier} {text}" if line.amount_qualifier else text


def _stage_labels() -> str:
    return ", ".join(str(label) for _value, label in Stage.choices)


TEMPLATE_NOTES = [
    _("Mỗi dòng là một dòng vốn của xã. Giữ nguyên dòng tiêu đề; nhập dữ liệu từ dòng 2 ở trang đầu."),
    _("Mã dòng: để trống để thêm dòng mới; ghi mã (lấy từ tệp tải về) để sửa dòng đó."),
    _("Cột Xã: tên xã của bạn (dòng ghi xã khác sẽ bị từ chối)."),
    _("Nguồn vốn: tên hoặc mã trong danh mục nguồn vốn, ví dụ “Ngân sách xã” hoặc “ns-xa”."),
    _("Giai đoạn: %(choices)s.") % {"choices": _stage_labels()},
    _("Mã công trình: để trống khi dòng là số tổng của nguồn hoặc khoản không gắn công trình."),
    _("Số tiền: 2.981.839.000 hoặc 22,3 tỷ hoặc 800 triệu; số ước tính ghi “gần 500 triệu”. Quý: 1 đến 4."),
    _("Cả tệp được nhập hoặc không dòng nào được nhập: có lỗi ở một dòng thì không lưu gì. Không dùng công thức."),
]


def template_xlsx() -> bytes:
    return write_xlsx(MoneyLineResource().headers(), [], title=_("Mẫu nhập dòng vốn"), notes=TEMPLATE_NOTES)


def export_lines_xlsx(lines) -> bytes:
    """`lines` with commune, source and work selected."""
    resource = MoneyLineResource()
    export_fields = resource.get_import_fields()
    rows = [[resource.export_field(f, line) for f in export_fields] for line in lines]
    return write_xlsx(resource.headers(), rows, title=_("Dòng vốn"))


def export_summary_xlsx(summary: MobilisationSummary, *, commune) -> bytes:
    """The summary's sources, then its works, then its warnings: one sheet, the page's figures."""
    headers = [_("Nguồn vốn"), _("Kế hoạch"), _("Đã huy động"), _("Tỷ lệ (%)"), _("Đã giải ngân"), _("Năm trước")]
    rows = [
        [
            row.name,
            money(row.planned),
            money(row.mobilised),
            percent(row.share),
            money(row.disbursed),
            money(row.previous),
        ]
        for row in summary.sources
    ]
    rows.append(
        [
            _("Tổng cộng"),
            money(summary.planned),
            money(summary.total),
            percent(100) if summary.shares_computable else None,
            money(summary.disbursed),
            money(summary.previous_total),
        ]
    )
    rows += [
        [],
        [
            _("Công trình"),
            _("Tổng mức đầu tư"),
            _("Bố trí trong năm"),
            _("Đã bố trí (lũy kế)"),
            _("Đã giải ngân (lũy kế)"),
            _("Còn thiếu"),
        ],
    ]
    rows += [
        [
            work.name,
            money(work.total_investment),
            money(work.allocated_year),
            money(work.allocated_total),
            money(work.disbursed_total),
            money(work.remaining),
        ]
        for work in summary.works
    ]
    if summary.warnings:
        rows += [[], [_("Cảnh báo số liệu")]] + [[warning.message] for warning in summary.warnings]
    title = _("Nguồn vốn %(year)s") % {"year": summary.year}
    notes = [
        _("Huy động nguồn lực năm %(year)s – %(commune)s. Số tiền tính bằng đồng.")
        % {"year": summary.year, "commune": commune.full_name}
    ]
    return write_xlsx(headers, rows, title=title, notes=notes)


# --- the import workflow: preview, then all-or-nothing ---------------------------------------------


def run_import(*, dataset: tablib.Dataset, commune, user, dry_run: bool) -> ImportOutcome:
    """Import (or, with dry_run, rehearse) every row in one transaction; any error rolls everything back."""
    resource = MoneyLineResource(commune=commune, user=user)
    # A file with headers only gives an empty outcome here (the works import refuses it): kept as it was.
    return excel.run_import(resource, dataset, kind="money_lines", dry_run=dry_run, allow_empty=True)
