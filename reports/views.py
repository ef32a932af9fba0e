"""The plan document: list, preview, edit, issue, downloads (one commune's file, or a zip of a year)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import attachment
from jobs.views import start_job
from units.models import AdministrativeUnit
from units.scoping import (
    can_approve,
    can_edit,
    get_editable_or_403,
    get_visible_or_404,
    home_commune,
    require_approve,
)

from . import services
from .forms import DocumentCreateForm, DocumentEditForm, IssueForm
from .job_kinds import YEAR_ZIP
from .models import IssuedDocument, PlanDocument
from .plan_builder import build_plan
from .plan_files import render as render_document
from .renderers import CONTENT_TYPES, FORMATS, filename_for, issued_filename


@require_safe
def document_list(request):
    documents = (
        PlanDocument.objects.visible_to(request.user).select_related("commune").order_by("-year", "commune__name")
    )
    years = sorted({document.year for document in documents}, reverse=True)
    commune = home_commune(request.user)
    create_for = commune if commune and can_edit(request.user, commune) else None
    context = {"documents": documents, "years": years, "create_for": create_for, "create_form": DocumentCreateForm()}
    return render(request, "reports/document_list.html", context)


@require_safe
def document_detail(request, pk):
    """The preview: the document as it would be issued now, the data warnings, the issued versions."""
    document = get_visible_or_404(PlanDocument.objects.with_parts(), request.user, pk=pk)
    context = {
        "document": document,
        "plan": build_plan(document),
        "issues": document.issues.select_related("issued_by"),
        "can_edit": can_edit(request.user, document.commune),
        "can_issue": can_approve(request.user, document.commune),
        "issue_form": IssueForm(),
    }
    return render(request, "reports/document_detail.html", context)


def document_edit(request, pk):
    document = get_editable_or_403(PlanDocument.objects.with_parts(), request.user, pk=pk)
    form = DocumentEditForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            # The form has written its values onto `document`; the service reads the saved row itself.
            services.document_save(
                document=document,
                expected_updated_at=form.cleaned_data["loaded_at"],
                metadata=form.metadata(),
                recipients=form.recipient_lines(),
                texts=form.section_texts(),
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("reports:document_detail", pk=pk)
    return render(request, "reports/document_edit.html", {"document": document, "form": form})


@require_POST
def document_create(request, commune_id):
    """Start a year's document for a commune, prefilled from the previous year's."""
    commune = get_editable_or_403(AdministrativeUnit.objects.communes(), request.user, pk=commune_id)
    form = DocumentCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm kế hoạch không hợp lệ."))
        return redirect("reports:document_list")
    existing = PlanDocument.objects.filter(commune=commune, year=form.cleaned_data["year"]).first()
    if existing:
        messages.info(request, _("Kế hoạch năm này đã có."))
        return redirect("reports:document_detail", pk=existing.pk)
    document = services.plan_document_create(commune=commune, year=form.cleaned_data["year"], user=request.user)
    return redirect("reports:document_edit", pk=document.pk)


@require_POST
def document_issue(request, pk):
    """Issue (freeze) the current rendering as a new version; only the commune's steering committee."""
    document = get_visible_or_404(PlanDocument.objects.with_parts(), request.user, pk=pk)
    require_approve(request.user, document.commune)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi chú phát hành không hợp lệ."))
        return redirect("reports:document_detail", pk=pk)
    # Figures that disagree are issued only knowingly: the document never silently picks one.
    if not form.cleaned_data["acknowledge"] and build_plan(document).warnings:
        messages.error(request, _("Số liệu còn cảnh báo: hãy xem lại và đánh dấu “đã xem các cảnh báo” để phát hành."))
        return redirect("reports:document_detail", pk=pk)
    issued = services.document_issue(document=document, user=request.user, note=form.cleaned_data["note"])
    messages.success(request, _("Đã phát hành phiên bản %(version)s.") % {"version": issued.version})
    return redirect("reports:document_detail", pk=pk)


@require_safe
def document_download(request, pk, fmt):
    """The current (not issued) rendering in one format: pdf, docx, xlsx or html."""
    if fmt not in FORMATS:
        raise Http404
    document = get_visible_or_404(PlanDocument.objects.with_parts(), request.user, pk=pk)
    return attachment(render_document(document, fmt), filename_for(document, fmt), CONTENT_TYPES[fmt])


@require_safe
def issued_download(request, pk):
    """An issued version, byte for byte as it was frozen (its SHA-256 is checked before sending)."""
    issued = get_visible_or_404(IssuedDocument.objects.select_related("document__commune"), request.user, pk=pk)
    try:
        data = services.issued_pdf_bytes(issued)
    except ValidationError:
        return HttpResponse(_("Tệp PDF đã phát hành bị thay đổi; hãy báo quản trị hệ thống."), status=409)
    response = attachment(data, issued_filename(issued), CONTENT_TYPES["pdf"])
    response["X-Content-SHA256"] = issued.sha256
    return response


@require_safe
def year_zip(request, year):
    """The PDF of every visible commune listed in the year (in force on its 31 December, ADR 0095): the latest
    issued version, or the current draft if none. A job (reports/job_kinds.py): the file, or the job's page."""
    return start_job(request, YEAR_ZIP, {"year": year})
