"""Reading an uploaded workbook and writing one: formulas kept as text, one writer with number formats."""

import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

import openpyxl
import tablib
import xlsxwriter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from core.text import nfc

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0"  # whole đồng; a Vietnamese Excel shows the thousands with dots
PERCENT_FORMAT = "0.0%"
NO_FORMATS: Mapping[int, str] = MappingProxyType({})


def cell_text(value) -> str:
    """A cell as NFC text without surrounding spaces; a whole float (12.0) as an integer, None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


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


@dataclass(frozen=True)
class Formatted:
    """A number written with a number format (see `money` and `percent`)."""

    value: object
    number_format: str


def money(amount) -> Formatted | None:
    """An amount in đồng, written as a whole number shown with thousands separators."""
    return None if amount is None else Formatted(int(amount), MONEY_FORMAT)


def percent(share) -> Formatted | None:
    """A share given in percent (88.3 for 88,3 %), written as the number 0.883 shown as a percentage.

    Every sheet writes a share this way: a number a spreadsheet can compute with, never the text "88,3".
    """
    return None if share is None else Formatted(fraction(share), PERCENT_FORMAT)


def fraction(share) -> Decimal | None:
    """A share given in percent (88.3) as the number a sheet shows as a percentage (0.883); None stays None."""
    return None if share is None else Decimal(str(share)) / 100


def fill_sheet(sheet, headers: list[str], rows):
    """A bold header row, then `rows`: `Formatted` values (money, percent) keep their number format, text a
    spreadsheet would run as a formula is escaped. Every workbook the portal writes fills its sheets here."""
    sheet.append([escape_cell(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        values = list(row)
        sheet.append([value.value if isinstance(value, Formatted) else escape_cell(value) for value in values])
        for column, value in enumerate(values, start=1):
            if isinstance(value, Formatted):
                sheet.cell(row=number, column=column).number_format = value.number_format


def write_xlsx(headers: list[str], rows, *, title: str, notes: list[str] = ()) -> bytes:
    """One sheet: a bold header row, then `rows`; `Formatted` values keep their number format.

    Text that a spreadsheet would run as a formula is escaped; `notes` become a second sheet "Hướng dẫn".
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    fill_sheet(sheet, headers, rows)
    _set_widths(sheet, headers)
    if notes:
        guide = book.create_sheet(_("Hướng dẫn"))
        for line in notes:
            guide.append([escape_cell(line)])
        guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def stream_xlsx(headers: list[str], rows, *, title: str, number_formats: Mapping[int, str] = NO_FORMATS) -> bytes:
    """`write_xlsx` for many rows, by XlsxWriter: `rows` is any iterable (a generator reading the database a chunk at
    a time) of plain values (text, numbers, None or "" for an empty cell), each row written whole; the columns of
    `number_formats` (column index → MONEY_FORMAT, PERCENT_FORMAT…) hold numbers shown with that format (the
    column's, which each of its cells takes). The same bold headers, column widths and escaping as `write_xlsx`; no
    text is ever read as a formula, a number or a link.

    The workbook is kept in memory, not in constant-memory mode: a sheet's repeated texts (parents, notes, counts)
    are written once as shared strings, instead of each cell's text escaped and written in line (constant-memory
    mode took 0,33 s of CPU against 0,28 s for the country's 3,321 rows × 15 columns, docs/PERFORMANCE.md); the
    cells of a country's rows hold a few megabytes.
    """
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(buffer, options)
    sheet = book.add_worksheet(title[:31])
    for index, header in enumerate(headers):
        number_format = number_formats.get(index)
        column_format = book.add_format({"num_format": number_format}) if number_format else None
        sheet.set_column(index, index, _width(header), column_format)
    sheet.write_row(0, 0, [escape_cell(header) for header in headers], book.add_format({"bold": True}))
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, [escape_cell(value) for value in row])
    book.close()
    return buffer.getvalue()


def _set_widths(sheet, headers: list[str]) -> None:
    """Each column as wide as its header needs, between 12 and 50 characters."""
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = _width(header)


def _width(header: str) -> int:
    return max(12, min(50, len(header) + 6))
