"""Works, progress, the yearly plan and Excel import/export. Fetch-and-authorize, validate, call a service."""

import datetime
import io
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.excel import PendingImport, read_xlsx
from core.forms import XlsxUploadForm
from core.http import XLSX, attachment
from core.periods import default_year
from units.models import AdministrativeUnit
from units.scoping import can_edit, get_editable_or_403, get_visible_or_404, home_commune, require_edit

from . import progress, resources, services
from .forms import (
    ProgressForm,
    ProgressWithPhotosForm,
    TaskForm,
    WorkFilterForm,
    WorkForm,
    apply_service_errors,
    criteria_for_numbers,
)
from .history import history_for
from .locking import StaleEditError
from .models import QuarterlyTask, TaskStatus, Work
from .task_text import with_task_texts

PAGE_SIZE = 25


def _commune_or_404(user, commune_id):
    return get_visible_or_404(AdministrativeUnit.objects.communes(), user, pk=commune_id)


def _rebased_form(form_class, request, error: StaleEditError, *, initial: dict, **form_kwargs):
    """After a refused save: the user's input on the new version, with the other person's changes shown.

    Fields someone else changed take their new values (so saving again cannot undo that change unseen);
    the user's other edits are kept; the hidden version moves to the current one.
    """
    data = request.POST.copy()
    data["version"] = str(error.instance.version)
    for change in error.changes:
        name = {"criteria": "criteria_numbers"}.get(change.field, change.field.removesuffix("_qualifier"))
        if name not in form_class.base_fields or name not in initial:
            continue
        value = initial[name]
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        else:
            data[name] = _as_input(form_class.base_fields[name], value)
    form = form_class(data, initial=initial, **form_kwargs)
    form.is_valid()
    form.add_error(None, error)
    form.add_error(
        None,
        _("Các ô người khác vừa sửa đã được cập nhật theo dữ liệu mới; những gì bạn sửa ở ô khác vẫn giữ nguyên."),
    )
    return form


def _as_input(field, value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    prepared = field.prepare_value(value)
    return "" if prepared is None else str(prepared)


# --- works ----------------------------------------------------------------------------------------


@require_safe
def work_list(request):
    commune = home_commune(request.user)
    form = WorkFilterForm(request.GET or None, viewer=request.user, show_commune=commune is None)
    works = form.filter(Work.objects.visible_to(request.user).for_list()).order_by("-planned_start_year", "code")
    page = Paginator(works, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "commune": commune,
        "can_edit": commune is not None and can_edit(request.user, commune),
        # A commune formed by a merge also lists the works of the communes merged into it: say whose each is.
        "show_commune": commune is None or bool(commune.absorbed_paths),
    }
    return render(request, "projects/work_list.html", context)


@require_safe
def work_export(request):
    form = WorkFilterForm(request.GET or None, viewer=request.user, show_commune=home_commune(request.user) is None)
    works = form.filter(Work.objects.visible_to(request.user).for_list()).order_by("-planned_start_year", "code")
    return attachment(resources.export_works_xlsx(works), "cong-trinh.xlsx", XLSX)


@require_safe
def work_detail(request, pk):
    work = get_visible_or_404(Work.objects.select_related("commune", "village"), request.user, pk=pk)
    updates = list(work.updates.timeline())
    tasks = with_task_texts(work.tasks.order_by("year", "quarter", "position"))
    context = {
        "work": work,
        "latest": updates[0] if updates else None,
        "updates": updates,
        "tasks": tasks,
        "criteria": sorted({c.number: c.name for c in work.criteria.order_by("criteria_set__valid_from")}.items()),
        "history": history_for(work, update_ids=[u.pk for u in updates], task_ids=[t.pk for t in tasks]),
        "can_edit": can_edit(request.user, work.commune),
        "quick_form": ProgressForm(initial={"date": timezone.localdate()}),
    }
    return render(request, "projects/work_detail.html", context)


def work_create(request, commune_id):
    commune = _commune_or_404(request.user, commune_id)
    require_edit(request.user, commune)
    form = WorkForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        try:
            work = services.work_create(
                user=request.user,
                commune=commune,
                criteria=criteria_for_numbers(form.cleaned_data["criteria_numbers"]),
                **form.service_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm công trình %(code)s.") % {"code": work.code})
            return redirect("projects:work_detail", pk=work.pk)
    return render(request, "projects/work_form.html", {"form": form, "commune": commune, "work": None})


def work_edit(request, pk):
    work = get_editable_or_403(Work.objects.select_related("commune"), request.user, pk=pk)
    form = WorkForm(request.POST or None, commune=work.commune, initial=WorkForm.initial_for(work))
    if request.method == "POST" and form.is_valid():
        try:
            services.work_update(
                user=request.user,
                work=work,
                expected_version=form.cleaned_data["version"] or 0,
                criteria=criteria_for_numbers(form.cleaned_data["criteria_numbers"]),
                **form.service_fields(),
            )
        except StaleEditError as error:
            initial = WorkForm.initial_for(error.instance)
            form = _rebased_form(WorkForm, request, error, initial=initial, commune=work.commune)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu công trình %(code)s.") % {"code": work.code})
            return redirect("projects:work_detail", pk=work.pk)
    return render(request, "projects/work_form.html", {"form": form, "commune": work.commune, "work": work})


# --- progress -------------------------------------------------------------------------------------


def progress_create(request, pk):
    work = get_editable_or_403(Work.objects.select_related("commune"), request.user, pk=pk)
    form = ProgressWithPhotosForm(request.POST or None, request.FILES or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            progress.progress_record(user=request.user, work=work, photos=form.photos(), **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi tiến độ công trình %(code)s.") % {"code": work.code})
            return redirect("projects:work_detail", pk=work.pk)
    return render(request, "projects/progress_form.html", {"form": form, "work": work})


@require_POST
def progress_quick(request, pk):
    """htmx: record progress from the work page and swap in the new latest state, no full reload."""
    work = get_editable_or_403(Work.objects.select_related("commune"), request.user, pk=pk)
    form = ProgressForm(request.POST)
    saved = None
    if form.is_valid():
        try:
            saved = progress.progress_record(user=request.user, work=work, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            form = ProgressForm(initial={"date": saved.date})
    if not request.htmx:
        if saved:
            return redirect("projects:work_detail", pk=work.pk)
        return render(request, "projects/progress_form.html", {"work": work, "form": form})
    latest = saved or work.updates.order_by("-date", "-id").first()
    updates = list(work.updates.timeline()) if saved else None  # the timeline is swapped in out of band
    context = {"work": work, "quick_form": form, "saved": saved, "latest": latest, "updates": updates}
    return render(request, "projects/_quick_progress.html", context)


# --- the yearly plan and its tasks ----------------------------------------------------------------


@require_safe
def plan_home(request):
    """A commune's people go to their plan (the latest year with tasks); others choose a commune."""
    this_year = timezone.localdate().year
    commune = home_commune(request.user)
    if commune is not None:
        years = QuarterlyTask.objects.filter(commune=commune).values_list("year", flat=True).distinct()
        return redirect("projects:plan", commune_id=commune.pk, year=default_year(years, timezone.localdate()))
    communes = (
        AdministrativeUnit.objects.visible_to(request.user)
        .communes()
        .select_related("parent")
        .annotate(latest_year=Max("quarterly_tasks__year"))
        .order_by("parent__name", "name")
    )
    return render(request, "projects/plan_home.html", {"communes": communes, "this_year": this_year})


@require_safe
def plan(request, commune_id, year):
    commune = _commune_or_404(request.user, commune_id)
    today = timezone.localdate()
    tasks = with_task_texts(QuarterlyTask.objects.filter(commune=commune).for_year(year).with_overdue(today).for_plan())
    quarters = [(q, [t for t in tasks if t.quarter == q]) for q in (1, 2, 3, 4)]
    context = {
        "commune": commune,
        "year": year,
        "quarters": quarters,
        "overdue_count": sum(1 for t in tasks if t.is_overdue),
        "can_edit": can_edit(request.user, commune),
        "today": today,
    }
    return render(request, "projects/plan.html", context)


def task_create(request, commune_id, year):
    commune = _commune_or_404(request.user, commune_id)
    require_edit(request.user, commune)
    initial = {"year": year, "quarter": request.GET.get("quarter"), "status": "planned"}
    form = TaskForm(request.POST or None, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(user=request.user, commune=commune, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm nhiệm vụ quý %(q)s/%(y)s.") % {"q": task.quarter, "y": task.year})
            return redirect("projects:plan", commune_id=commune.pk, year=task.year)
    return render(request, "projects/task_form.html", {"form": form, "commune": commune, "task": None, "year": year})


def task_edit(request, pk):
    task = get_editable_or_403(QuarterlyTask.objects.select_related("commune"), request.user, pk=pk)
    form = TaskForm(request.POST or None, commune=task.commune, initial=TaskForm.initial_for(task))
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_update(
                user=request.user,
                task=task,
                expected_version=form.cleaned_data["version"] or 0,
                **form.service_fields(),
            )
        except StaleEditError as error:
            initial = TaskForm.initial_for(error.instance)
            form = _rebased_form(TaskForm, request, error, initial=initial, commune=task.commune)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("projects:plan", commune_id=task.commune_id, year=task.year)
    context = {"form": form, "commune": task.commune, "task": task, "year": task.year}
    return render(request, "projects/task_form.html", context)


@require_POST
def task_done(request, pk):
    """htmx from the plan page: mark a task done today; refused if it changed since the page was shown."""
    task = get_editable_or_403(QuarterlyTask.objects.select_related("commune"), request.user, pk=pk)
    error = None
    try:
        version = int(request.POST.get("version", ""))
        services.task_update(user=request.user, task=task, expected_version=version, status=TaskStatus.DONE)
    except (ValueError, ValidationError) as refusal:
        error = " ".join(refusal.messages) if isinstance(refusal, ValidationError) else _("Yêu cầu không hợp lệ.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("projects:plan", commune_id=task.commune_id, year=task.year)
    today = timezone.localdate()
    (task,) = with_task_texts([QuarterlyTask.objects.with_overdue(today).select_related("work").get(pk=task.pk)])
    return render(request, "projects/_task_item.html", {"task": task, "can_edit": True, "task_error": error})


@require_POST
def task_delete(request, pk):
    task = get_editable_or_403(QuarterlyTask.objects.select_related("commune"), request.user, pk=pk)
    commune_id, year = task.commune_id, task.year
    services.task_delete(user=request.user, task=task)
    messages.success(request, _("Đã xóa nhiệm vụ."))
    return redirect("projects:plan", commune_id=commune_id, year=year)


# --- Excel import ---------------------------------------------------------------------------------


@require_safe
def import_template(request, kind):
    if kind not in resources.RESOURCES:
        raise PermissionDenied
    return attachment(resources.template_xlsx(kind), f"mau-nhap-{kind}.xlsx", XLSX)


def import_upload(request, commune_id, kind):
    """Upload → dry run over every row → preview; the file waits in the session for the confirmation."""
    commune = _commune_or_404(request.user, commune_id)
    require_edit(request.user, commune)
    if kind not in resources.RESOURCES:
        raise PermissionDenied
    pending = PendingImport(request.session, kind=kind, scope=commune.pk)
    form = XlsxUploadForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST":
        pending.discard()  # a new upload replaces any file waiting to be confirmed
    if request.method == "POST" and form.is_valid():
        run = partial(resources.run_import, kind=kind, commune=commune, user=request.user, dry_run=True)
        outcome = pending.preview(form, run)
    context = {"form": form, "commune": commune, "kind": kind, "outcome": outcome}
    return render(request, "projects/import.html", context)


@require_POST
def import_confirm(request, commune_id, kind):
    commune = _commune_or_404(request.user, commune_id)
    require_edit(request.user, commune)
    waiting = PendingImport(request.session, kind=kind, scope=commune.pk).take()
    if waiting is None:
        messages.error(request, _("Không còn tệp chờ nhập; hãy tải tệp lên lại."))
        return redirect("projects:import", commune_id=commune.pk, kind=kind)
    outcome = resources.run_import(
        kind=kind,
        dataset=read_xlsx(io.BytesIO(waiting.content)),
        commune=commune,
        user=request.user,
        dry_run=False,
        expected_versions=waiting.data.get("versions", {}) if kind == "works" else None,
    )
    if not outcome.ok:
        messages.error(request, _("Có lỗi nên không dòng nào được lưu. Sửa tệp rồi tải lên lại."))
        context = {"form": XlsxUploadForm(), "commune": commune, "kind": kind, "outcome": outcome}
        return render(request, "projects/import.html", context)
    messages.success(request, _("Đã nhập %(count)s dòng.") % {"count": outcome.total})
    return redirect("projects:work_list")
