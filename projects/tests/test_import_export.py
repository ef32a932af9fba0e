import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from projects.models import ProgressUpdate, Work
from projects.resources import ProgressResource, WorkResource

PROGRESS_HEADERS = ["Mã công trình", "Xã", "Ngày", "Khối lượng hoàn thành (%)", "Giải ngân lũy kế", "Ghi chú", "Lý do"]
WORK_HEADERS = [
    "Mã công trình",
    "Xã",
    "Tên công trình",
    "Thôn",
    "Lĩnh vực",
    "Tổng mức đầu tư",
    "Năm khởi công",
    "Quý khởi công",
    "Năm hoàn thành",
    "Quý hoàn thành",
    "Tình trạng",
    "Địa điểm",
]


def xlsx(headers, rows, name="tiendo.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, commune, kind, file):
    return client.post(reverse("projects:import", args=[commune.pk, kind]), {"file": file})


def confirm(client, commune, kind):
    return client.post(reverse("projects:import_confirm", args=[commune.pk, kind]))


def test_the_templates_carry_the_vietnamese_headers(client_for, official):
    client = client_for(official)
    for kind, headers in (("progress", PROGRESS_HEADERS), ("works", WORK_HEADERS)):
        response = client.get(reverse("projects:import_template", args=[kind]))
        sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
        assert [cell.value for cell in sheet[1]] == headers
    assert WorkResource().headers() == WORK_HEADERS and ProgressResource().headers() == PROGRESS_HEADERS


def test_the_preview_lists_every_row_and_saves_nothing_until_confirmed(client_for, official, quang_giao, road):
    client = client_for(official)
    rows = [
        [road.code, "Quảng Giao", "01/03/2024", 20, "1 tỷ", "Đoạn 1", None],
        [road.code, "Quảng Giao", datetime.datetime(2024, 4, 1), "45,5", "2.500.000.000", None, None],
    ]
    response = upload(client, quang_giao, "progress", xlsx(PROGRESS_HEADERS, rows))
    content = response.content.decode()
    assert "Tệp hợp lệ: 2 dòng (2 thêm mới" in content and "Xác nhận nhập" in content
    assert "Đoạn 1" in content
    assert not ProgressUpdate.objects.exists()
    assert confirm(client, quang_giao, "progress").status_code == 302
    assert list(ProgressUpdate.objects.order_by("date").values_list("disbursed_cumulative", flat=True)) == [
        1_000_000_000,
        2_500_000_000,
    ]
    assert AuditEntry.objects.filter(content_type__model="progressupdate").count() == 2


def test_one_bad_row_lists_every_error_and_nothing_is_imported(client_for, official, quang_giao, road):
    client = client_for(official)
    rows = [
        [road.code, "Quảng Giao", "01/03/2024", 20, "1 tỷ", None, None],
        ["KHONG-CO", "Quảng Giao", "31/02/2024", 150, "-5", '=HYPERLINK("x")', None],
        [road.code, "Quảng Hải", "01/04/2024", 30, None, None, None],
        [road.code, "Quảng Giao", "02/04/2024", 10, None, None, None],
    ]
    content = upload(client, quang_giao, "progress", xlsx(PROGRESS_HEADERS, rows)).content.decode()
    assert "Không có công trình mã “KHONG-CO”" in content
    assert "không hợp lệ hoặc không tồn tại" in content  # 31/02
    assert "từ 0 đến 100" in content
    assert "công thức" in content
    assert "không phải xã Quảng Giao: bị từ chối" in content
    assert "Cần ghi lý do vì khối lượng giảm từ 20 % xuống 10 %" in content
    assert "Xác nhận nhập" not in content
    assert confirm(client, quang_giao, "progress").status_code == 302  # nothing pending: sent back to upload
    assert not ProgressUpdate.objects.exists()


def test_the_import_is_all_or_nothing_even_when_confirmed(official, quang_giao, road):
    """A row that fails only at save time (here: reason rule against a row earlier in the same file) rolls all back."""
    from core.excel import read_xlsx
    from projects.resources import run_import

    rows = [
        [road.code, "Quảng Giao", "01/03/2024", 60, None, None, None],
        [road.code, "Quảng Giao", "02/03/2024", 50, None, None, None],
    ]
    outcome = run_import(
        kind="progress",
        dataset=read_xlsx(xlsx(PROGRESS_HEADERS, rows)),
        commune=quang_giao,
        user=official,
        dry_run=False,
    )
    assert not outcome.ok and outcome.rows[1].errors
    assert not ProgressUpdate.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model="progressupdate").exists()


def test_a_spreadsheet_with_a_wrong_header_is_refused(client_for, official, quang_giao, road):
    headers = [*PROGRESS_HEADERS[:-1], "Ghi chu 2"]
    content = upload(client_for(official), quang_giao, "progress", xlsx(headers, [])).content.decode()
    assert "Tiêu đề cột không đúng mẫu" in content and "thiếu cột “Lý do”" in content


def test_a_file_that_is_not_xlsx_is_refused(client_for, official, quang_giao):
    fake = SimpleUploadedFile("a.xlsx", b"Ma cong trinh;Xa\n1;2\n")
    content = upload(client_for(official), quang_giao, "progress", fake).content.decode()
    assert "không phải là tệp Excel" in content


def test_works_import_creates_and_updates_by_code_and_shows_the_changes(client_for, official, quang_giao, thon_5, road):
    client = client_for(official)
    rows = [
        [
            road.code,
            "Quảng Giao",
            road.name,
            "Thôn 5",
            "Giao thông",
            "8 tỷ",
            2023,
            None,
            2024,
            2,
            "Đang thi công",
            None,
        ],
        [
            "QG-2024-03",
            "Quảng Giao",
            "Đường Nỗ Điều đi ngõ ông Hương",
            None,
            "Giao thông",
            "1,62 tỷ",
            2024,
            4,
            2024,
            4,
            "Kế hoạch",
            None,
        ],
        [
            "QG-2024-01",
            "Quảng Giao",
            "Chỉnh trang NVH thôn 5",
            "thôn 5",
            "Văn hóa",
            "gần 500 triệu",
            2024,
            1,
            2024,
            2,
            "Đang thi công",
            None,
        ],
    ]
    content = upload(client, quang_giao, "works", xlsx(WORK_HEADERS, rows, "ct.xlsx")).content.decode()
    assert "2 thêm mới, 1 cập nhật" in content
    assert "7.600.000.000 đồng → 8.000.000.000 đồng" in content
    assert confirm(client, quang_giao, "works").status_code == 302
    road.refresh_from_db()
    assert road.total_investment == 8_000_000_000 and road.version == 2
    hall = Work.objects.get(code="QG-2024-01")
    assert (hall.total_investment, hall.total_investment_qualifier, hall.village) == (500_000_000, "gần", thon_5)


def test_works_import_refuses_an_unknown_village_and_a_bad_category(client_for, official, quang_giao, thon_5):
    rows = [["X1", "Quảng Giao", "Đường", "Thôn 99", "Xe cộ", "1 tỷ", 2024, 1, 2024, 4, "Kế hoạch", None]]
    content = upload(client_for(official), quang_giao, "works", xlsx(WORK_HEADERS, rows)).content.decode()
    assert "Không có thôn “Thôn 99”" in content and "“Xe cộ” không có trong danh mục" in content
    assert not Work.objects.exists()


def test_the_export_escapes_formula_cells(client_for, official, quang_giao, make_work):
    make_work(quang_giao, code="F1", name='=HYPERLINK("http://x")')
    response = client_for(official).get(reverse("projects:work_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ['\'=HYPERLINK("http://x")']


def test_the_export_follows_the_filters(client_for, official, quang_giao, make_work):
    make_work(quang_giao, code="A", category="school")
    make_work(quang_giao, code="B", category="road")
    response = client_for(official).get(reverse("projects:work_export"), {"category": "school"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["A"]


@pytest.mark.parametrize("kind", ["works", "progress"])
def test_an_official_of_another_commune_cannot_import_here(client_for, other_official, quang_giao, kind):
    response = upload(client_for(other_official), quang_giao, kind, xlsx(PROGRESS_HEADERS, []))
    assert response.status_code == 404


def test_an_empty_sheet_or_duplicated_headers_are_refused(client_for, official, quang_giao):
    client = client_for(official)
    empty = upload(client, quang_giao, "progress", xlsx(PROGRESS_HEADERS, [])).content.decode()
    assert "không có dòng dữ liệu nào" in empty and "Xác nhận nhập" not in empty
    twice = upload(client, quang_giao, "progress", xlsx([*PROGRESS_HEADERS, "Ngày"], [])).content.decode()
    assert "Tiêu đề cột bị trùng: “Ngày”" in twice


def work_row(work, *, total, name=None):
    return [
        work.code,
        "Quảng Giao",
        name or work.name,
        None,
        "Giao thông",
        total,
        2023,
        None,
        2024,
        2,
        "Kế hoạch",
        None,
    ]


def test_a_works_import_confirmed_after_someone_else_edited_a_work_saves_nothing_and_names_them(
    client_for, official, administrator, quang_giao, road
):
    from projects.services import work_update

    client = client_for(official)
    new_work = ["QG-MOI-01", "Quảng Giao", "Nhà văn hóa thôn mới", None, "Văn hóa", "1 tỷ", 2024, None, 2024, 4]
    rows = [work_row(road, total="8 tỷ"), [*new_work, "Kế hoạch", None]]
    preview = upload(client, quang_giao, "works", xlsx(WORK_HEADERS, rows, "ct.xlsx"))
    assert "1 thêm mới, 1 cập nhật" in preview.content.decode()
    work_update(user=administrator, work=road, expected_version=road.version, total_investment=9_000_000_000)
    audit_entries = AuditEntry.objects.count()

    response = confirm(client, quang_giao, "works")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Từ lúc xem trước, các công trình sau đã được sửa hoặc thêm" in content
    assert f"{road.code} – {road.name} (quantri)" in content
    road.refresh_from_db()
    assert (road.total_investment, road.version) == (9_000_000_000, 2)  # the other edit stands
    assert not Work.objects.filter(code="QG-MOI-01").exists()  # all or nothing
    assert AuditEntry.objects.count() == audit_entries


def test_a_works_import_is_refused_when_a_new_code_of_the_file_was_created_after_the_preview(
    client_for, official, administrator, quang_giao, road, make_work
):
    client = client_for(official)
    rows = [work_row(road, total="7,6 tỷ"), ["QG-MOI-02", "Quảng Giao", "Cống thôn 2", None, "Giao thông", "1 tỷ"]]
    rows[1] += [2024, None, 2024, 4, "Kế hoạch", None]
    upload(client, quang_giao, "works", xlsx(WORK_HEADERS, rows, "ct.xlsx"))
    make_work(quang_giao, code="QG-MOI-02", name="Cống thôn 2 (bản khác)")

    content = confirm(client, quang_giao, "works").content.decode()

    assert "QG-MOI-02 – Cống thôn 2 (bản khác) (canbo.quanggiao)" in content
    assert Work.objects.get(code="QG-MOI-02").name == "Cống thôn 2 (bản khác)"


def test_a_works_import_confirmed_without_intervening_edits_applies_every_row(client_for, official, quang_giao, road):
    client = client_for(official)
    upload(client, quang_giao, "works", xlsx(WORK_HEADERS, [work_row(road, total="8 tỷ")], "ct.xlsx"))
    assert confirm(client, quang_giao, "works").status_code == 302
    road.refresh_from_db()
    assert road.total_investment == 8_000_000_000


def test_the_import_templates_explain_that_a_blank_commune_means_ones_own(client_for, official):
    client = client_for(official)
    for kind in ("works", "progress"):
        response = client.get(reverse("projects:import_template", args=[kind]))
        notes = [row[0] for row in openpyxl.load_workbook(io.BytesIO(response.getvalue())).worksheets[1].values]
        assert any("Cột Xã" in note and "Để trống" in note for note in notes)
