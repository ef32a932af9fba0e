"""Renderers turn one `PlanDataset` into HTML, PDF, XLSX or DOCX; none of them queries the database.

`reports.plan_files.render` builds the dataset and picks the renderer. This package imports no model and not the
builder: the PDF worker processes of `reports/bundle.py` import `renderers.pdf` before Django's app registry is
ready (they are spawned without it, to start fast and share no database connection).
"""

from django.utils.text import slugify

from core.text import strip_accents

FORMATS = {"pdf", "html", "xlsx", "docx"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def filename_for(document, extension: str) -> str:
    """ASCII file name, e.g. "ke-hoach-ntm-2024-quang-giao.pdf", with the commune's name of the plan's year."""
    return f"ke-hoach-ntm-{document.year}-{slugify(strip_accents(document.commune_name))}.{extension}"


def issued_filename(issued) -> str:
    """ "ke-hoach-ntm-2024-quang-giao-v2.pdf" """
    return filename_for(issued.document, "pdf").removesuffix(".pdf") + f"-v{issued.version}.pdf"
