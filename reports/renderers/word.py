"""The plan as a Word file, for officials who edit before signing: Decree 30 margins, fonts and blocks.

Same content as the PDF, in the same order: both walk the dataset's outline (reports/plan_builder.py), so this
module lays out blocks and writes no words of its own.
"""

from io import BytesIO

from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..document import Block, BlockKind

FONT = "Times New Roman"


def docx_from_plan(plan) -> bytes:
    with translation.override("vi"):
        doc = Document()
        _page_setup(doc)
        _header_block(doc, plan)
        _body(doc, plan)
        _closing(doc, plan)
        for block in plan.appendices:
            _criteria_appendix(doc, plan, block)
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
    _cell_line(right, plan.header.nation, bold=True, size=12.5, first=True)
    _cell_line(right, plan.header.motto, bold=True, size=13.5)
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


def _para(doc, text, *, italic=False):
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.add_run(text).italic = italic


# Each kind of text block as Word lays it out; tables are the appendices (`_criteria_appendix`).
BLOCK_LAYOUT = {
    BlockKind.PART: lambda doc, text: _centered(doc, text, bold=True),
    BlockKind.SECTION: _heading,
    BlockKind.HEADING: _heading,
    BlockKind.MINOR: lambda doc, text: _heading(doc, text, italic=True),
    BlockKind.PARAGRAPH: _para,
    BlockKind.BULLET: _para,
    BlockKind.NOTE: lambda doc, text: _para(doc, text, italic=True),
}


def _body(doc, plan):
    for block in plan.outline:
        BLOCK_LAYOUT[block.kind](doc, block.text)


def _closing(doc, plan):
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _cell_line(left, plan.recipients_label, bold=True, italic=True, size=12, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in [*plan.recipients, plan.filing_line]:
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


def _criteria_appendix(doc, plan, block: Block):
    table = block.table
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    _centered(doc, block.text, bold=True)
    _centered(doc, table.caption)
    grid = _criteria_header(doc, plan, table.appraised)
    for row in table.rows:
        office_value = f"{row.appraised_value}\n{row.appraisal_note}" if row.appraisal_note else row.appraised_value
        appraised = [office_value, row.appraised_verdict] if table.appraised else []
        if row.first_of_criterion:
            values = [str(row.criterion_number), row.criterion_name, "", "", row.criterion_verdict]
            _grid_row(grid, values + (["", row.criterion_appraised_verdict] if table.appraised else []), bold=True)
        target = row.target if row.verified else f"{row.target} (*)"
        _grid_row(grid, [row.code, row.content, target, row.value, row.verdict, *appraised])
    if table.total_line:
        _grid_row(grid, [table.total_line] + [""] * (len(grid.columns) - 1), bold=True)
    _para(doc, plan.table_note)


def _criteria_header(doc, plan, appraised: bool):
    """The header row(s), repeated on every page: an appraised table (docs/adr/0018) groups the result and verdict
    columns under the self-assessment, then the appraisal, as the PDF does."""
    columns = plan.table_columns
    grid = doc.add_table(rows=2 if appraised else 1, cols=7 if appraised else 5)
    grid.style = "Table Grid"
    if appraised:
        top, sub = grid.rows[0].cells, grid.rows[1].cells
        for index in range(3):
            _cell_line(top[index].merge(sub[index]), columns[index], bold=True, size=12, first=True)
        for start, group in zip((3, 5), plan.table_groups, strict=True):
            _cell_line(top[start].merge(top[start + 1]), group, bold=True, size=12, first=True)
            for offset in range(2):
                _cell_line(sub[start + offset], columns[3 + offset], bold=True, size=12, first=True)
    else:
        for cell, text in zip(grid.rows[0].cells, columns, strict=True):
            _cell_line(cell, text, bold=True, size=12, first=True)
    for row in grid.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat the header row(s) on every page
    return grid


def _grid_row(grid, values, *, bold=False):
    cells = grid.add_row().cells
    for cell, text in zip(cells, values, strict=True):
        _cell_line(cell, text, bold=bold, size=12, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
