"""A zip of many communes' PDFs for the coordination office."""

import multiprocessing
import os
import zipfile
from concurrent.futures import ProcessPoolExecutor
from io import BytesIO

from .models import IssuedDocument
from .plan_builder import build_printed_plan
from .renderers import filename_for, issued_filename
from .renderers.html import print_html
from .renderers.pdf import html_to_pdf
from .services import issued_pdf_bytes

MAX_WORKERS = 4


def default_workers() -> int:
    """One CPU is left to the web and database processes: on this 2-CPU machine two workers were slower (23,4 s
    against 19,9 s for 30 communes) unless the machine was saturated by other work (docs/PERFORMANCE.md)."""
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))


def year_zip_bytes(documents, *, workers: int | None = None, progress=None) -> bytes:
    """One PDF per document: its latest issued version when there is one (as signed), else the draft as of now.

    Drafts are read from the database here, then laid out by WeasyPrint in `workers` processes (spawned, so
    they share no database connection or lock with this one): layout is CPU-bound and takes most of the time.
    `progress(done, total)`, if given, hears of every PDF ready.
    """
    progress = progress or (lambda done, total: None)
    documents = list(documents)
    by_pk = {document.pk: document for document in documents}
    latest = {}
    for issued in IssuedDocument.objects.filter(document__in=documents).latest_per_document():
        issued.document = by_pk[issued.document_id]  # with its commune's names, fetched once (`with_parts`)
        latest[issued.document_id] = issued
    files: dict[str, bytes] = {}
    drafts: dict[str, str] = {}
    for document in documents:
        issued = latest.get(document.pk)
        if issued is not None:
            files[issued_filename(issued)] = issued_pdf_bytes(issued)
        else:
            drafts[draft_filename(document)] = print_html(build_printed_plan(document))
    progress(len(files), len(documents))
    rendered = _render_all(list(drafts.values()), workers or default_workers())
    for name, pdf in zip(drafts, rendered, strict=True):
        files[name] = pdf
        progress(len(files), len(documents))
    return zip_bytes(files)


def plan_pdf(document) -> tuple[str, bytes]:
    """One document's file of the zip, alone (a piece of the year zip's job): as `year_zip_bytes` makes it."""
    issued = IssuedDocument.objects.filter(document=document).latest_per_document().first()
    if issued is not None:
        issued.document = document
        return issued_filename(issued), issued_pdf_bytes(issued)
    return draft_filename(document), html_to_pdf(print_html(build_printed_plan(document)))


def draft_filename(document) -> str:
    return filename_for(document, "pdf").removesuffix(".pdf") + "-du-thao.pdf"


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The files in a zip, by name."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(name, files[name])
    return buffer.getvalue()


def _render_all(htmls: list[str], workers: int):
    """The PDFs in the order of `htmls`, each yielded as soon as it is made."""
    # A worker process costs about a second to start (Django settings, WeasyPrint, fonts): not worth it for few.
    if workers <= 1 or len(htmls) < 4:
        yield from (html_to_pdf(html) for html in htmls)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(htmls)), mp_context=context) as pool:
        yield from pool.map(html_to_pdf, htmls)
