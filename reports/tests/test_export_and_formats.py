"""`export_plan` and the non-PDF renderings: Word for officials, Excel tables with formulas escaped, HTML."""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape
from docx import Document
from openpyxl import load_workbook

from core.excel import escape_cell
from ops.services import unit_create
from reports.models import PlanDocument
from reports.plan_builder import build_printed_plan
from reports.plan_files import render
from units.models import AdministrativeUnit, Level


def export(tmp_path, name, **options):
    output = tmp_path / name
    call_command("export_plan", output=str(output), stdout=StringIO(), **options)
    return output.read_bytes()


def test_export_plan_chooses_the_format_from_the_extension(tmp_path, document):
    assert export(tmp_path, "plan.pdf", commune="Quảng Giao", year=2024).startswith(b"%PDF")
    assert export(tmp_path, "plan.docx", commune="quảng giao", year=2024).startswith(b"PK")
    assert export(tmp_path, "plan.xlsx", commune="Quảng Giao", year=2024).startswith(b"PK")
    html = export(tmp_path, "plan.html", commune="Quảng Giao", year=2024).decode()
    assert "<style>" in html and "Phạm Văn Bình" in html and "file://" in html


def test_export_plan_finds_a_commune_by_its_code(tmp_path, document):
    document.commune.code = "15820"
    document.commune.save()
    assert export(tmp_path, "plan.pdf", commune="15820", year=2024).startswith(b"%PDF")


@pytest.mark.parametrize(
    "options, message",
    [
        ({"commune": "Không Có", "year": 2024, "name": "p.pdf"}, "Không tìm thấy xã"),
        ({"commune": "Quảng Giao", "year": 2030, "name": "p.pdf"}, "chưa có kế hoạch năm 2030"),
        ({"commune": "Quảng Giao", "year": 2024, "name": "p.odt"}, "Không hỗ trợ định dạng"),
    ],
)
def test_export_plan_explains_bad_arguments_in_vietnamese(tmp_path, document, options, message):
    name = options.pop("name")
    with pytest.raises(CommandError, match=message):
        export(tmp_path, name, **options)
    assert not (tmp_path / name).exists()


def test_word_file_has_decree_30_margins_fonts_and_the_signature(document):
    doc = Document(io.BytesIO(render(document, "docx")))
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.different_first_page_header_footer
    assert doc.styles["Normal"].font.name == "Times New Roman"
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    assert "Đảng uỷ xã Quảng Giao đã ban hành Nghị quyết." in text
    assert "Quảng Giao, ngày 09 tháng 4 năm 2024" in cells
    assert "Phạm Văn Bình" in cells and "- Lưu: VT." in cells


def test_excel_holds_the_tables_with_vietnamese_headers(document, add_task, ns_xa, add_money):
    add_task("Lắp biển chỉ dẫn", quarter=3, amount=624_926_000)
    add_money(ns_xa, 19_700_000_000)
    book = load_workbook(io.BytesIO(render(document, "xlsx")))
    assert book.sheetnames[:3] == ["Thông tin", "Huy động 2023", "Nhiệm vụ 2024"]
    money = book["Huy động 2023"]
    assert [cell.value for cell in money[1]] == ["Nguồn vốn", "Số tiền (đồng)", "Ghi chú", "Tỷ lệ (%)"]
    assert [cell.value for cell in money[2]] == ["Ngân sách xã", 19_700_000_000, None, 1]
    assert [money["B2"].number_format, money["D2"].number_format] == ["#,##0", "0.0%"]  # a share is a number
    tasks = book["Nhiệm vụ 2024"]
    assert [cell.value for cell in tasks[2]][:3] == ["3/2024", "Lắp biển chỉ dẫn", 624_926_000]


def test_excel_escapes_text_that_a_spreadsheet_would_run_as_a_formula(document, add_task):
    add_task('=HYPERLINK("http://x")', quarter=1)
    book = load_workbook(io.BytesIO(render(document, "xlsx")))
    assert book["Nhiệm vụ 2024"]["B2"].value == '\'=HYPERLINK("http://x")'
    assert escape_cell("+1") == "'+1" and escape_cell("@x") == "'@x" and escape_cell("-1") == "'-1"
    assert escape_cell("Đường Thôn 9") == "Đường Thôn 9" and escape_cell(5) == 5


def test_the_word_file_and_the_print_html_lay_out_the_same_outline(document, add_task, ns_xa, add_money):
    add_task("Lắp biển chỉ dẫn", quarter=3, amount=624_926_000)
    add_money(ns_xa, 19_700_000_000)
    plan = build_printed_plan(PlanDocument.objects.with_parts().get(pk=document.pk))
    texts = [block.text for block in plan.outline]
    assert "Tổng nguồn vốn thực hiện chương trình xây dựng NTM năm 2023 là: 19,7 tỷ đồng. Trong đó:" in texts
    assert "(Chưa có số liệu sản phẩm OCOP.)" in texts
    paragraphs = [p.text for p in Document(io.BytesIO(render(document, "docx"))).paragraphs]
    start = paragraphs.index(texts[0])
    assert paragraphs[start : start + len(texts)] == texts
    html = render(document, "html").decode()
    positions = [html.index(escape(text)) for text in texts]
    assert positions == sorted(positions)


def test_export_plan_finds_a_reused_code_by_the_plans_year(tmp_path, document):
    """16540 was xã Quảng Hải until 30/6/2025 and is xã Quảng Ninh since: the year picks the unit."""
    AdministrativeUnit.objects.filter(pk=document.commune.pk).update(
        code="16540", dissolved_on=datetime.date(2025, 7, 1)
    )
    later = unit_create(
        level=Level.COMMUNE,
        name="Quảng Ninh",
        code="16540",
        parent=document.commune.parent.parent,
        valid_from=datetime.date(2025, 7, 1),
    )
    assert "Phạm Văn Bình" in export(tmp_path, "plan.html", commune="16540", year=document.year).decode()
    with pytest.raises(CommandError, match="Xã Quảng Ninh chưa có kế hoạch năm 2026"):
        export(tmp_path, "x.html", commune="16540", year=2026)
    assert later.pk != document.commune.pk
