"""The document's tables as an Excel workbook (one sheet per table), Vietnamese headers, formulas escaped."""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment

from core.excel import fill_sheet, money, percent


def xlsx_from_plan(plan) -> bytes:
    with translation.override("vi"):
        book = Workbook()
        book.remove(book.active)
        _sheet(book, _("Thông tin"), [_("Mục"), _("Nội dung")], _metadata_rows(plan))
        if plan.mobilisation:
            rows = _mobilisation_rows(plan.mobilisation)
            for unit in plan.money_by_unit:  # a commune formed by a merge: each unit's own sources after the total
                if unit.mobilisation:
                    rows += [[], [unit.label], *_mobilisation_rows(unit.mobilisation)]
            headers = [_("Nguồn vốn"), _("Số tiền (đồng)"), _("Ghi chú"), _("Tỷ lệ (%)")]
            _sheet(book, _("Huy động %(year)s") % {"year": plan.mobilisation.year}, headers, rows)
        if plan.investment:
            rows = [[row.label, money(row.amount), row.qualifier] for row in plan.investment.rows]
            headers = [_("Công trình"), _("Số tiền (đồng)"), _("Ghi chú")]
            if plan.money_by_unit:  # a commune formed by a merge: whose work each is
                units = [unit for unit in plan.money_by_unit if unit.investment]
                rows = [
                    [row.label, money(row.amount), row.qualifier, unit.label]
                    for unit in units
                    for row in unit.investment.rows
                ]
                headers.append(_("Đơn vị"))
            _sheet(book, _("Đầu tư công %(year)s") % {"year": plan.investment.year}, headers, rows)
        task_rows = [
            [f"{quarter.quarter}/{quarter.year}", task.text, money(task.amount), task.qualifier, task.note]
            for quarter in plan.quarters
            for task in quarter.tasks
        ]
        headers = [_("Quý"), _("Nhiệm vụ"), _("Số tiền (đồng)"), _("Ghi chú số tiền"), _("Tình trạng")]
        _sheet(book, _("Nhiệm vụ %(year)s") % {"year": plan.year}, headers, task_rows)
        for index, table in enumerate(plan.criteria_tables + plan.current_tables, start=1):
            headers, rows = _criteria_sheet(table)
            _sheet(book, _("Tiêu chí %(year)s (%(n)s)") % {"year": table.year, "n": index}, headers, rows)
        if plan.warnings:
            _sheet(book, _("Cảnh báo"), [_("Cảnh báo số liệu")], [[warning] for warning in plan.warnings])
        buffer = BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _criteria_sheet(table) -> tuple[list, list[list]]:
    """A criteria table's headers and rows; an appraised table (docs/adr/0018) adds the office's result, verdicts
    and note after the commune's."""
    headers = [
        _("TT"),
        _("Tiêu chí"),
        _("Mã chỉ tiêu"),
        _("Chỉ tiêu"),
        _("Chỉ tiêu chuẩn"),
        _("Ngưỡng"),
        _("Kết quả"),
        _("Đánh giá chỉ tiêu"),
        _("Đánh giá tiêu chí"),
    ]
    if table.appraised:
        headers[6:9] = [_("Kết quả tự đánh giá"), _("Tự đánh giá: chỉ tiêu"), _("Tự đánh giá: tiêu chí")]
        headers += [
            _("Kết quả thẩm định"),
            _("Thẩm định: chỉ tiêu"),
            _("Thẩm định: tiêu chí"),
            _("Ghi chú thẩm định"),
        ]
    rows = []
    for row in table.rows:
        line = [
            row.criterion_number,
            row.criterion_name,
            row.code,
            row.content,
            row.target,
            "" if row.verified else _("chưa đối chiếu văn bản gốc"),
            row.value,
            row.verdict,
            row.criterion_verdict,
        ]
        if table.appraised:
            line += [row.appraised_value, row.appraised_verdict, row.criterion_appraised_verdict, row.appraisal_note]
        rows.append(line)
    if table.total_line:
        rows.append([table.total_line])
    return headers, rows


def _mobilisation_rows(mobilisation) -> list[list]:
    rows = [[row.label, money(row.amount), row.qualifier, percent(row.share)] for row in mobilisation.rows]
    return [*rows, [_("Tổng cộng"), money(mobilisation.total), "", percent(100)]]


def _metadata_rows(plan):
    header = plan.header
    return [
        [_("Cơ quan ban hành"), " ".join(header.issuing_body_lines)],
        [_("Số"), header.number_line],
        [_("Địa danh, ngày"), header.place_date],
        [_("Tên loại"), header.title],
        [_("Trích yếu"), header.subject],
        [_("Người ký"), f"{plan.signature.authority} {plan.signature.title} {plan.signature.name}".strip()],
        [_("Nơi nhận"), "; ".join(plan.recipients)],
    ]


def _sheet(book, title, headers, rows):
    sheet = book.create_sheet(title[:31])
    fill_sheet(sheet, headers, rows)
    for cell in sheet[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, _header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 60 if index in (1, 2, 4) and len(headers) > 2 else 22
    sheet.freeze_panes = "A2"
    return sheet
