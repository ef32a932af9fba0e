"""A zip of many communes' PDFs for the coordination office."""

import zipfile
from io import BytesIO

from .models import IssuedDocument
from .renderers import filename_for, issued_filename
from .renderers.pdf import render_pdf
from .services import issued_pdf_bytes


def year_zip_bytes(documents) -> bytes:
    """One PDF per document: its latest issued version when there is one (as signed), else the draft as of now."""
    documents = list(documents)
    latest = {
        issued.document_id: issued
        for issued in IssuedDocument.objects.filter(document__in=documents)
        .latest_per_document()
        .select_related("document__commune")
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            issued = latest.get(document.pk)
            if issued is not None:
                archive.writestr(issued_filename(issued), issued_pdf_bytes(issued))
            else:
                archive.writestr(filename_for(document, "pdf").replace(".pdf", "-du-thao.pdf"), render_pdf(document))
    return buffer.getvalue()
