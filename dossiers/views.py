"""The dossier page and its writes (docs/adr/0080): fetch-and-authorize through units.scoping, a form, a service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import PDF, attachment
from jobs.views import start_job
from ops.media import serve_protected
from units.scoping import can_edit, get_visible_or_404, require_edit

from . import services
from .documents import context_for, default_texts, document_pdf, generated_document, texts_of
from .forms import PostingForm, SurveyForm, TextsForm, UploadForm
from .job_kinds import DOSSIER_ZIP, visible_dossier_unit
from .models import GENERATED, ChecklistItem, DossierFile, ItemSource, Posting
from .reading import dossier_state
from .rules import POSTING_RULE, POSTING_WINDOW_DAYS, POSTINGS_REQUIRED


def _unit(request, unit_id, year, level):
    return visible_dossier_unit(request.user, unit_id, year, level)


def _page(request, unit, year, level, *, posting_form=None, survey_form=None):
    state = dossier_state(unit, year, level)
    editable = can_edit(request.user, unit) and state.is_open
    context = {"state": state, "unit": unit, "year": year, "level": level, "can_edit": editable}
    context.update(rule=POSTING_RULE, required=POSTINGS_REQUIRED, days=POSTING_WINDOW_DAYS)
    if editable:
        dossier = state.dossier
        survey = {"note": dossier.survey_note, **{f: getattr(dossier, f) for f in SURVEY_FIELDS}} if dossier else {}
        context["upload_form"] = UploadForm()
        context["posting_form"] = posting_form or PostingForm(unit=unit)
        context["survey_form"] = survey_form or SurveyForm(initial=survey)
    return render(request, "dossiers/dossier_detail.html", context)


SURVEY_FIELDS = ("households_asked", "households_answered", "households_satisfied")


def _back(unit, year, level):
    return redirect("dossiers:dossier", unit.pk, year, level)


@require_safe
def dossier_detail(request, unit_id, year, level):
    return _page(request, _unit(request, unit_id, year, level), year, level)


def texts_edit(request, unit_id, year, level):
    unit = _unit(request, unit_id, year, level)
    require_edit(request.user, unit)
    state = dossier_state(unit, year, level)
    form = TextsForm(request.POST or None, initial=texts_of(state.dossier, _context(state)))
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_texts_save(user=request.user, unit=unit, year=year, level=level, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu lời văn của tờ trình và báo cáo."))
            return _back(unit, year, level)
    defaults = default_texts(_context(state))
    context = {"state": state, "unit": unit, "year": year, "level": level, "form": form, "defaults": defaults}
    return render(request, "dossiers/texts_form.html", context)


def _context(state):
    return context_for(state.unit, state.year, state.level, state.assessment)


@require_POST
def file_upload(request, unit_id, year, level, item_id):
    unit = _unit(request, unit_id, year, level)
    require_edit(request.user, unit)
    item = get_object_or_404(ChecklistItem.objects.filter(source=ItemSource.UPLOAD), pk=item_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.dossier_file_add(
                user=request.user, unit=unit, year=year, level=level, item=item, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
    if form.errors:
        failed = _("Chưa tải lên “%(item)s”: %(errors)s") % {"item": item.title, "errors": _errors(form)}
        messages.error(request, failed)
    else:
        messages.success(request, _("Đã tải lên tệp cho “%(item)s”.") % {"item": item.title})
    return _back(unit, year, level)


def _errors(form) -> str:
    return " ".join(message for errors in form.errors.values() for message in errors)


@require_POST
def posting_add(request, unit_id, year, level):
    unit = _unit(request, unit_id, year, level)
    require_edit(request.user, unit)
    form = PostingForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            services.posting_add(user=request.user, unit=unit, year=year, level=level, **form.cleaned_data)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Đã ghi lần niêm yết."))
            return _back(unit, year, level)
    return _page(request, unit, year, level, posting_form=form)


def _attach(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_POST
def survey_save(request, unit_id, year, level):
    unit = _unit(request, unit_id, year, level)
    require_edit(request.user, unit)
    form = SurveyForm(request.POST)
    if form.is_valid():
        try:
            services.survey_save(user=request.user, unit=unit, year=year, level=level, **form.cleaned_data)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Đã lưu kết quả lấy ý kiến sự hài lòng."))
            return _back(unit, year, level)
    return _page(request, unit, year, level, survey_form=form)


def _record_for_edit(request, queryset, pk):
    record = get_visible_or_404(queryset.select_related("dossier__unit"), request.user, pk=pk)
    require_edit(request.user, record.dossier.unit)
    return record


def _delete(request, dossier, service, done: str, **record):
    try:
        service(user=request.user, **record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return _back(dossier.unit, dossier.year, dossier.level)


@require_POST
def file_delete(request, pk):
    stored = _record_for_edit(request, DossierFile.objects, pk)
    done = _("Đã xóa tệp “%(name)s”.") % {"name": stored.original_name}
    return _delete(request, stored.dossier, services.dossier_file_delete, done, dossier_file=stored)


@require_POST
def posting_delete(request, pk):
    posting = _record_for_edit(request, Posting.objects, pk)
    return _delete(request, posting.dossier, services.posting_delete, _("Đã xóa lần niêm yết."), posting=posting)


@require_safe
def file_download(request, pk):
    stored = get_visible_or_404(DossierFile.objects, request.user, pk=pk)
    return serve_protected(request, stored.file)


@require_safe
def document_pdf_view(request, unit_id, year, level, kind):
    """A generated item as it stands now (the same PDF the zip holds)."""
    if kind not in GENERATED:
        raise Http404
    state = dossier_state(_unit(request, unit_id, year, level), year, level)
    ctx = _context(state)
    document = generated_document(kind, ctx, texts_of(state.dossier, ctx), state.postings)
    return attachment(document_pdf(document), f"{kind.replace('_', '-')}-{year}.pdf", PDF)


@require_safe
def dossier_download(request, unit_id, year, level):
    """The whole dossier as a zip: a job (dossiers/job_kinds.py), the file or the job's page."""
    return start_job(request, DOSSIER_ZIP, {"unit_id": unit_id, "year": year, "level": level})
