"""Renderers turn one `PlanDataset` into HTML, PDF, XLSX or DOCX; none of them queries the database."""

from django.utils.text import slugify

FORMATS = {"pdf", "html", "xlsx", "docx"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def filename_for(document, extension: str) -> str:
    """ASCII file name, e.g. "ke-hoach-ntm-2024-quang-giao.pdf"."""
    return f"ke-hoach-ntm-{document.year}-{slugify(_ascii(document.commune.name))}.{extension}"


def issued_filename(issued) -> str:
    """ "ke-hoach-ntm-2024-quang-giao-v2.pdf" """
    return filename_for(issued.document, "pdf").removesuffix(".pdf") + f"-v{issued.version}.pdf"


def _ascii(text: str) -> str:
    from core.text import strip_accents

    return strip_accents(text)


def render(document, extension: str) -> bytes:
    """The document in the given format (pdf, html, xlsx, docx)."""
    from ..document import build_plan

    plan = build_plan(document)
    if extension == "pdf":
        from .pdf import pdf_from_plan

        return pdf_from_plan(plan)
    if extension == "html":
        from .html import standalone_html

        return standalone_html(plan).encode("utf-8")
    if extension == "xlsx":
        from .xlsx import xlsx_from_plan

        return xlsx_from_plan(plan)
    if extension == "docx":
        from .word import docx_from_plan

        return docx_from_plan(plan)
    raise ValueError(extension)
