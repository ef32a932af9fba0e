"""The shared Excel helpers (core/excel.py) where the apps' import tests do not reach them."""

import io

import openpyxl
import pytest
import tablib
from django.core.exceptions import ValidationError

from core.excel import (
    MONEY_FORMAT,
    PERCENT_FORMAT,
    PendingImport,
    cell_text,
    check_headers,
    error_text,
    escape_cell,
    fraction,
    money,
    pending,
    percent,
    read_xlsx,
    stream_xlsx,
    write_xlsx,
)


def xlsx(*rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_read_xlsx_keeps_a_formula_as_its_text_not_its_cached_value():
    dataset = read_xlsx(xlsx(["Số tiền", "Ghi chú"], ["=SUM(1,2)", "a"]))
    assert dataset.headers == ["Số tiền", "Ghi chú"]
    assert dataset[0] == ("=SUM(1,2)", "a")


def test_read_xlsx_drops_trailing_empty_headers_and_blank_rows_and_pads_short_rows():
    dataset = read_xlsx(xlsx(["Mã", " Tên ", None], ["A1", "Đường", None], [None, "  ", None], ["A2"]))
    assert dataset.headers == ["Mã", "Tên"]
    assert [tuple(row) for row in dataset] == [("A1", "Đường"), ("A2", None)]


def test_read_xlsx_refuses_a_damaged_file_and_an_empty_sheet_in_vietnamese():
    with pytest.raises(ValidationError, match="Không đọc được tệp Excel"):
        read_xlsx(io.BytesIO(b"PK\x03\x04 not really a workbook"))
    with pytest.raises(ValidationError, match="Tệp Excel trống"):
        read_xlsx(xlsx())


def test_check_headers_names_the_missing_and_the_unknown_columns_together():
    dataset = tablib.Dataset(headers=["Mã", "Tên cũ"])
    with pytest.raises(ValidationError) as error:
        check_headers(dataset, ["Mã", "Tên", "Xã"])
    message = error.value.messages[0]
    assert message.startswith("Tiêu đề cột không đúng mẫu:")
    assert "thiếu cột “Tên”, “Xã”" in message and "cột không nhận ra “Tên cũ”" in message


def test_check_headers_accepts_the_template_in_any_column_order():
    check_headers(tablib.Dataset(headers=["Xã", "Mã"]), ["Mã", "Xã"])


@pytest.mark.parametrize("text", ["=1+1", "+84 912", "-3 triệu", "@SUM(A1)", "\t=1", "\r=1"])
def test_escape_cell_keeps_text_that_would_run_as_a_formula_as_text(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Đường thôn 5", "", 12, -5, None, 1.5])
def test_escape_cell_leaves_other_values_alone(value):
    assert escape_cell(value) == value


def test_write_xlsx_escapes_formulas_in_the_rows_and_in_the_notes_sheet():
    content = write_xlsx(["Tên"], [['=HYPERLINK("x")'], [-7]], title="Danh sách", notes=["-ghi chú"])
    book = openpyxl.load_workbook(io.BytesIO(content))
    data, guide = book.worksheets
    assert [cell.value for cell in data["A"]] == ["Tên", '\'=HYPERLINK("x")', -7]
    assert data["A1"].font.bold
    assert guide["A1"].value == "'-ghi chú"


def test_cell_text_normalises_what_a_spreadsheet_hands_back():
    assert cell_text(None) == ""
    assert cell_text(2024.0) == "2024"
    assert cell_text(1.5) == "1.5"
    assert cell_text("  Quảng Giao ") == "Quảng Giao"
    assert cell_text("Qua\u0309ng") == "Quảng"  # decomposed input is stored composed (NFC)


def test_error_text_shows_a_validation_errors_messages_not_its_repr():
    assert error_text(ValidationError(["Thiếu tên.", "Sai năm."])) == "Thiếu tên. Sai năm."
    assert error_text(ValueError("Ô trống.")) == "Ô trống."


def test_write_xlsx_writes_money_and_shares_as_numbers_with_their_formats():
    content = write_xlsx(
        ["Nguồn", "Số tiền", "Tỷ lệ"], [["Ngân sách xã", money(19_700_000_000), percent(88.3)], []], title="Nguồn vốn"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert (sheet["B2"].value, sheet["B2"].number_format) == (19_700_000_000, "#,##0")
    assert sheet["C2"].value == pytest.approx(0.883) and sheet["C2"].number_format == "0.0%"
    assert money(None) is None and percent(None) is None


class Session(dict):
    """What PendingImport needs of a Django session."""


def test_a_pending_import_is_taken_once_under_its_kind_and_scope():
    session = Session()
    PendingImport(session, kind="works", scope=7).put(b"PK\x03\x04", versions={"QG-01": 2})
    assert list(session) == ["import:works:7"]
    assert PendingImport(session, kind="works", scope=8).take() is None  # another commune's
    waiting = PendingImport(session, kind="works", scope=7).take()
    assert (waiting.content, waiting.data) == (b"PK\x03\x04", {"versions": {"QG-01": 2}})
    assert PendingImport(session, kind="works", scope=7).take() is None and not session


def test_a_pending_import_expires_and_expired_ones_are_dropped_by_the_next_upload(monkeypatch):
    session = Session()
    PendingImport(session, kind="works", scope=7).put(b"old")
    later = pending.time.time() + pending.MAX_AGE_SECONDS + 1
    monkeypatch.setattr(pending.time, "time", lambda: later)
    PendingImport(session, kind="money_lines", scope=7).put(b"new")
    assert list(session) == ["import:money_lines:7"]  # the expired file went with the next upload
    session["import:works:7"] = {"at": later - pending.MAX_AGE_SECONDS - 1, "content": ""}
    assert PendingImport(session, kind="works", scope=7).take() is None
    assert PendingImport(session, kind="money_lines", scope=7).take().content == b"new"


def test_stream_xlsx_writes_what_write_xlsx_writes_and_never_reads_text_as_a_formula_link_or_number():
    rows = iter([["=1+1", "https://example.org", "0012", 19_700_000_000, fraction(88.3), 7, None, ""]])
    headers = ["Tên", "Trang", "Mã", "Số tiền", "Tỷ lệ", "Số", "Trống", "Rỗng"]
    content = stream_xlsx(headers, rows, title="Các xã", number_formats={3: MONEY_FORMAT, 4: PERCENT_FORMAT})
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Các xã" and sheet["A1"].font.bold and sheet["A1"].value == "Tên"
    assert [sheet.cell(row=2, column=c).value for c in (1, 2, 3, 6, 7, 8)] == [
        "'=1+1",
        "https://example.org",
        "0012",
        7,
        None,
        None,
    ]
    assert sheet["B2"].hyperlink is None
    assert (sheet["D2"].value, sheet["D2"].number_format) == (19_700_000_000, "#,##0")
    assert sheet["E2"].value == pytest.approx(0.883) and sheet["E2"].number_format == "0.0%"
