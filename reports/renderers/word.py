"""The plan as a Word file, for officials who edit before signing: Decree 30 margins, fonts and blocks.

Same content as the PDF, in the same order; the headings are the ones of print/plan_body.html.
"""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from core.money import format_percent, format_vnd_short

FONT = "Times New Roman"


def docx_from_plan(plan) -> bytes:
    with translation.override("vi"):
        doc = Document()
        _page_setup(doc)
        _header_block(doc, plan)
        _body(doc, plan)
        _closing(doc, plan)
        for table in plan.criteria_tables + plan.current_tables:
            _criteria_appendix(doc, table)
        buffer = BytesIO()
        doc.save(buffer)
        return buffer.getvalue()


def _page_setup(doc):
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    # Decree 30: page numbers centred at the top, none on the first page.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)


def _page_field(paragraph):
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _cell_line(cell, text, *, bold=False, italic=False, size=None, first=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _header_block(doc, plan):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6), Cm(10)
    for index, line in enumerate(plan.header.issuing_body_lines):
        _cell_line(left, line.upper(), bold=True, size=13, first=index == 0)
    _cell_line(left, "—————", size=10)
    _cell_line(left, plan.header.number_line, size=13)
    _cell_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12.5, first=True)
    _cell_line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13.5)
    _cell_line(right, "————————————", size=10)
    _cell_line(right, plan.header.place_date, italic=True, size=14)
    _centered(doc, plan.header.title.upper(), bold=True, space_before=12)
    _centered(doc, plan.header.subject, bold=True)


def _centered(doc, text, *, bold=False, space_before=0):
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    run = paragraph.add_run(text)
    run.bold = bold
    return paragraph


def _heading(doc, text, *, italic=False):
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(text)
    run.bold, run.italic = not italic, italic


def _para(doc, text):
    paragraph = doc.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)


def _section(doc, plan, key):
    for paragraph in plan.paragraphs(key):
        _para(doc, paragraph.text)


def _body(doc, plan):
    year, last = plan.year, plan.evaluated_year
    _centered(
        doc,
        _("PHẦN I: Đánh giá kết quả thực hiện các chương trình mục tiêu quốc gia xây dựng NTM năm %(year)s")
        % {"year": last},
        bold=True,
    )
    _heading(doc, _("I. KẾT QUẢ CHỈ ĐẠO THỰC HIỆN."))
    _heading(doc, _("1. Công tác chỉ đạo, điều hành"))
    _section(doc, plan, "direction")
    _heading(doc, _("2. Công tác truyền thông, đào tạo, tập huấn."))
    _heading(doc, _("a) Công tác truyền thông."), italic=True)
    _section(doc, plan, "communication")
    _heading(doc, _("b) Công tác đào tạo, tập huấn."), italic=True)
    _section(doc, plan, "training")
    _heading(doc, _("3. Phát triển sản xuất, ngành nghề, nâng cao thu nhập cho người dân"))
    _heading(doc, _("a) Phát triển sản xuất nông nghiệp."), italic=True)
    _section(doc, plan, "agriculture")
    _heading(
        doc,
        _("b) Công tác phát triển công nghiệp, tiểu thủ công nghiệp, dịch vụ và ngành nghề nông thôn."),
        italic=True,
    )
    _section(doc, plan, "industry")
    _heading(doc, _("c) Kết quả nâng cao thu nhập, giảm nghèo cho người dân."), italic=True)
    _section(doc, plan, "income")
    if plan.income_sentence:
        _para(doc, plan.income_sentence)
    _heading(doc, _("4. Chương trình OCOP."))
    if plan.ocop is not None:
        if not plan.ocop:
            _para(
                doc,
                _("Năm %(year)s, xã %(commune)s chưa có sản phẩm OCOP.") % {"year": last, "commune": plan.commune_name},
            )
        for product in plan.ocop:
            _para(
                doc,
                f"- {product.name} ({product.group}), {product.stars} sao, công nhận năm {product.year_recognised};",
            )
    _heading(doc, _("5. Kết quả huy động nguồn lực xây dựng nông thôn mới năm %(year)s.") % {"year": last})
    if plan.mobilisation:
        m = plan.mobilisation
        _para(
            doc,
            _("Tổng nguồn vốn thực hiện chương trình xây dựng NTM năm %(year)s là: %(total)s. Trong đó:")
            % {"year": m.year, "total": format_vnd_short(m.total)},
        )
        for index, row in enumerate(m.rows, start=1):
            share = f", chiếm {format_percent(row.share, 1)}" if row.share is not None else ""
            end = "." if index == len(m.rows) else ";"
            _para(doc, f"- {row.label}: {format_vnd_short(row.amount, row.qualifier)}{share}{end}")
    _heading(doc, _("6. Chính sách đầu tư công năm %(year)s.") % {"year": last})
    if plan.investment:
        inv = plan.investment
        if inv.stated_total is not None:
            _para(
                doc,
                _(
                    "Năm %(year)s, xã %(commune)s đã đầu tư các hạng mục công trình với tổng số tiền là: %(total)s. Cụ thể:"  # noqa: E501
                )
                % {"year": inv.year, "commune": plan.commune_name, "total": format_vnd_short(inv.stated_total)},
            )
        for index, row in enumerate(inv.rows, start=1):
            end = "." if index == len(inv.rows) else ";"
            _para(doc, f"- {row.label}: {format_vnd_short(row.amount, row.qualifier)}{end}")
    _centered(
        doc,
        _("PHẦN II: KẾ HOẠCH THỰC HIỆN CÁC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA XÂY DỰNG NTM NĂM %(year)s") % {"year": year},
        bold=True,
    )
    _heading(doc, _("I. MỤC ĐÍCH, YÊU CẦU"))
    _heading(doc, _("1. Mục đích:"))
    _section(doc, plan, "purpose")
    _heading(doc, _("2. Yêu cầu."))
    _section(doc, plan, "requirements")
    _heading(doc, _("3. Các nhiệm vụ"))
    _heading(doc, _("3.1. Nhiệm vụ cụ thể theo từng quý trong năm"))
    for quarter in plan.quarters:
        _heading(doc, _("Quý %(q)s/%(year)s:") % {"q": quarter.quarter, "year": quarter.year}, italic=True)
        for task in quarter.tasks:
            _para(doc, f"- {task.sentence}{task.end}")
    _heading(doc, _("3.2. Một số nhiệm vụ trọng tâm khác."))
    _section(doc, plan, "key_tasks")
    _heading(doc, _("4. Giải pháp và tổ chức thực hiện."))
    _section(doc, plan, "solutions")
    _heading(doc, _("II. Kiến nghị, đề xuất."))
    _section(doc, plan, "recommendations")


def _closing(doc, plan):
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _cell_line(left, _("Nơi nhận:"), bold=True, italic=True, size=12, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in [*plan.recipients, f"{_('Lưu:')} {plan.filing}."]:
        _cell_line(left, f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in (plan.signature.authority, plan.signature.title):
        if line:
            _cell_line(right, line, bold=True, first=first)
            first = False
    for _blank in range(4):
        _cell_line(right, "")
    _cell_line(right, plan.signature.name, bold=True)
    # Keep the signature block's rows together, as in the PDF.
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        properties.append(cant_split)


def _criteria_appendix(doc, table):
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    if table.partial:
        heading = _("PHỤ LỤC: CHỈ TIÊU ĐÃ CÓ SỐ LIỆU NĂM %(year)s") % {"year": table.year}
    else:
        heading = _("PHỤ LỤC: KẾT QUẢ TỰ ĐÁNH GIÁ TIÊU CHÍ NĂM %(year)s") % {"year": table.year}
    _centered(doc, heading, bold=True)
    _centered(doc, f"{table.title} ({table.legal_basis})" if table.legal_basis else table.title)
    grid = doc.add_table(rows=1, cols=5)
    grid.style = "Table Grid"
    headers = [_("Mã"), _("Chỉ tiêu"), _("Chỉ tiêu chuẩn"), _("Kết quả"), _("Đánh giá")]
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        _cell_line(cell, text, bold=True, size=12, first=True)
    header_properties = grid.rows[0]._tr.get_or_add_trPr()
    header_properties.append(OxmlElement("w:tblHeader"))  # repeat the header row on every page
    for row in table.rows:
        if row.first_of_criterion:
            values = [str(row.criterion_number), row.criterion_name, "", "", row.criterion_verdict]
            _grid_row(grid, values, bold=True)
        target = row.target if row.verified else f"{row.target} (*)"
        _grid_row(grid, [row.code, row.content, target, row.value, row.verdict])
    if not table.partial:
        total = _("Tổng số tiêu chí đạt: %(met)s/%(total)s") % {"met": table.met_count, "total": table.total}
        _grid_row(grid, [total, "", "", "", ""], bold=True)
    _para(doc, _("(*) Ngưỡng chưa đối chiếu văn bản gốc."))


def _grid_row(grid, values, *, bold=False):
    cells = grid.add_row().cells
    for cell, text in zip(cells, values, strict=True):
        _cell_line(cell, text, bold=bold, size=12, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
