"""The plan document as a file: its dataset built once, in Vietnamese, then rendered in the format asked."""

from .plan_builder import build_printed_plan
from .renderers.html import standalone_html
from .renderers.pdf import pdf_from_plan
from .renderers.word import docx_from_plan
from .renderers.xlsx import xlsx_from_plan


def render(document, extension: str) -> bytes:
    """The document in the given format (pdf, html, xlsx, docx)."""
    plan = build_printed_plan(document)
    if extension == "pdf":
        return pdf_from_plan(plan)
    if extension == "html":
        return standalone_html(plan).encode("utf-8")
    if extension == "xlsx":
        return xlsx_from_plan(plan)
    if extension == "docx":
        return docx_from_plan(plan)
    raise ValueError(extension)


def render_pdf(document) -> bytes:
    return render(document, "pdf")
