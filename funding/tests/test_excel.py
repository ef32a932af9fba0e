"""Excel: export of the summary and the lines, import of lines with preview, all-or-nothing and scope rules."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding import resources
from funding.models import MoneyLine, Stage
from funding.summary import build_summary

pytestmark = pytest.mark.django_db

TRIEU = 10**6
HEADERS = [
    "Mã dòng",
    "Xã",
    "Năm",
    "Nguồn vốn",
    "Giai đoạn",
    "Quý",
    "Mã công trình",
    "Số tiền",
    "Số ngày công",
    "Diện tích hiến đất (m²)",
    "Ghi chú",
]


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("dong-von.xlsx", buffer.getvalue())


def row(**values):
    defaults = {
        "Xã": "Quảng Giao",
        "Năm": 2023,
        "Nguồn vốn": "Ngân sách xã",
        "Giai đoạn": "Kế hoạch",
        "Số tiền": "1 tỷ",
    }
    data = {**defaults, **values}
    return [data.get(header) for header in HEADERS]


def sheet_values(content: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def upload(client_for, official, quang_giao, ns_xa):
    client = client_for(official)

    def send(rows, **kwargs):
        url = reverse("funding:import", args=[quang_giao.pk])
        return client.post(url, {"file": xlsx(rows, **kwargs)})

    send.client = client
    send.url = reverse("funding:import", args=[quang_giao.pk])
    return send


def test_the_template_has_the_vietnamese_headers(client_for, official, quang_giao):
    response = client_for(official).get(reverse("funding:import_template", args=[quang_giao.pk]))
    assert sheet_values(response.getvalue())[0] == HEADERS


def test_preview_lists_the_rows_and_saves_nothing_then_confirm_saves_all(upload, make_work):
    make_work("Đường Thôn 9", code="QG-2023-01")
    response = upload([row(), row(**{"Mã công trình": "QG-2023-01", "Số tiền": "gần 500 triệu", "Quý": 2})])
    page = response.content.decode()
    assert "Tệp hợp lệ: 2 dòng (2 thêm mới, 0 cập nhật" in page
    assert not MoneyLine.objects.exists()
    confirm = upload.client.post(upload.url, {"confirm": "1"})
    assert confirm.status_code == 302
    lines = list(MoneyLine.objects.order_by("amount"))
    assert [(line.amount, line.amount_qualifier, line.quarter) for line in lines] == [
        (500 * TRIEU, "gần", 2),
        (1_000 * TRIEU, "", None),
    ]
    assert lines[0].work.code == "QG-2023-01"
    assert lines[1].stage == Stage.PLANNED


def test_one_bad_row_and_nothing_is_saved(upload):
    """Negative, overflowing and out-of-range values: every row's error shown, no row kept."""
    response = upload(
        [
            row(),
            row(**{"Số tiền": -3_000_000}),
            row(**{"Quý": 5}),
            row(**{"Số tiền": "-3 triệu"}),
            row(**{"Số tiền": "9999999 tỷ"}),
        ]
    )
    page = response.content.decode()
    assert "Số tiền không được âm." in page  # a number cell
    assert "Ô “-3 triệu” là công thức hoặc bắt đầu bằng “-”" in page  # text starting with "-" is a formula risk
    assert "không thể để trống" not in page  # and is not also reported as empty
    assert "Quý phải từ 1 đến 4." in page
    assert "Số tiền quá lớn" in page
    assert "Xác nhận nhập" not in page
    assert not MoneyLine.objects.exists()
    assert upload.client.post(upload.url, {"confirm": "1"}).status_code == 200  # nothing pending
    assert not MoneyLine.objects.exists()


def test_rows_for_another_commune_or_its_works_are_refused(upload, quang_hai, make_work):
    make_work("Đường xã bên", commune=quang_hai, code="QH-01")
    page = upload([row(**{"Xã": "Quảng Hải"}), row(**{"Mã công trình": "QH-01"})]).content.decode()
    assert "thuộc xã “Quảng Hải”, không phải xã Quảng Giao" in page
    assert "Không có công trình mã “QH-01” trong xã Quảng Giao" in page
    assert not MoneyLine.objects.exists()


def test_a_line_of_another_commune_cannot_be_changed_by_its_id(upload, quang_hai, ns_xa, make_line):
    foreign = make_line(ns_xa, 7 * TRIEU, commune=quang_hai)
    page = upload([row(**{"Mã dòng": foreign.pk, "Số tiền": "1 triệu"})]).content.decode()
    assert f"Không có dòng vốn mã {foreign.pk} của xã Quảng Giao" in page
    foreign.refresh_from_db()
    assert foreign.amount == 7 * TRIEU


def test_an_exported_line_can_be_corrected_by_reimport(upload, ns_xa, make_line):
    line = make_line(ns_xa, 19_700 * TRIEU)
    page = upload([row(**{"Mã dòng": line.pk, "Giai đoạn": "Đã huy động, bố trí", "Số tiền": "19,8 tỷ"})])
    assert "0 thêm mới, 1 cập nhật" in page.content.decode()
    upload.client.post(upload.url, {"confirm": "1"})
    line.refresh_from_db()
    assert line.amount == 19_800 * TRIEU
    assert MoneyLine.objects.count() == 1


def test_formula_cells_are_refused(upload):
    page = upload([row(**{"Ghi chú": '=HYPERLINK("http://x")'})]).content.decode()
    assert "là công thức" in page
    assert not MoneyLine.objects.exists()


def test_unknown_source_and_missing_stage_are_explained(upload):
    page = upload([row(**{"Nguồn vốn": "Ngân hàng thế giới"}), row(**{"Giai đoạn": None})]).content.decode()
    assert "Nguồn vốn “Ngân hàng thế giới” không có trong danh mục" in page
    assert "Chưa ghi giai đoạn" in page


def test_a_wrong_header_is_refused(upload):
    page = upload([["x"] * 3], headers=["Năm", "Tiền", "Nguồn"]).content.decode()
    assert "Tiêu đề cột không đúng mẫu" in page


def test_a_file_that_is_not_xlsx_is_refused(client_for, official, quang_giao):
    fake = SimpleUploadedFile("dong-von.xlsx", b"<html>not a spreadsheet</html>")
    response = client_for(official).post(reverse("funding:import", args=[quang_giao.pk]), {"file": fake})
    assert "Tệp không phải là tệp Excel .xlsx." in response.content.decode()


def test_lines_export_escapes_formulas(client_for, steering, quang_giao, ns_xa, make_line):
    make_line(ns_xa, 19_700 * TRIEU, note="=1+1")
    response = client_for(steering).get(reverse("funding:export_lines", args=[quang_giao.pk, 2023]))
    rows = sheet_values(response.getvalue())
    assert rows[0] == HEADERS
    assert rows[1][7] == "19.700.000.000"
    assert rows[1][10] == "'=1+1"


def test_summary_export_has_the_pages_figures_and_warnings(
    client_for, steering, quang_giao, ns_xa, nha_o, make_line, make_work
):
    make_line(ns_xa, 19_700 * TRIEU)
    make_line(nha_o, 2_600 * TRIEU)
    make_line(ns_xa, 20_102 * TRIEU, work=make_work("Đường Thôn 9"))
    response = client_for(steering).get(reverse("funding:export_summary", args=[quang_giao.pk, 2023]))
    rows = sheet_values(response.getvalue())
    assert rows[1] == ["Ngân sách xã", 0, 19_700 * TRIEU, pytest.approx(0.883), 0, 0]
    assert rows[3][:3] == ["Tổng cộng", 0, 22_300 * TRIEU]
    assert any(r[0] and "402 triệu đồng" in str(r[0]) for r in rows)


def test_export_summary_function_matches_build_summary(quang_giao, ns_xa, make_line):
    make_line(ns_xa, 5 * TRIEU)
    content = resources.export_summary_xlsx(build_summary(quang_giao, 2023), commune=quang_giao)
    assert sheet_values(content)[1][2] == 5 * TRIEU


def test_a_new_upload_with_errors_drops_the_file_waiting_for_confirmation(upload):
    upload([row()])
    upload([row(**{"Quý": 9})])
    assert upload.client.post(upload.url, {"confirm": "1"}).status_code == 200
    assert not MoneyLine.objects.exists()


def test_the_summary_sheet_writes_shares_and_money_as_formatted_numbers(quang_giao, ns_xa, nha_o, make_line):
    """A share is a number shown as a percentage (it was the text "88,3"); money shows its thousands."""
    make_line(ns_xa, 19_700 * TRIEU)
    make_line(nha_o, 2_600 * TRIEU)
    content = resources.export_summary_xlsx(build_summary(quang_giao, 2023), commune=quang_giao)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    share, amount, total_share = sheet["D2"], sheet["C2"], sheet["D4"]
    assert isinstance(share.value, float) and share.number_format == "0.0%"
    assert (amount.value, amount.number_format) == (19_700 * TRIEU, "#,##0")
    assert (total_share.value, total_share.number_format) == (1, "0.0%")
