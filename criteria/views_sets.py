"""Export and import of a whole criteria set as an Excel file (administrators only for import)."""

import re
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from units.models import is_administrator

from .forms import SetImportForm
from .models import CriteriaSet
from .resources import IndicatorResource
from .services import criteria_set_import, read_xlsx

PENDING_DIR = "criteria/imports"
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def set_export(request, pk):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    dataset = IndicatorResource(criteria_set).export()
    response = HttpResponse(
        dataset.export("xlsx"), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bo-tieu-chi-{criteria_set.code}.xlsx"'
    return response


def set_import(request, pk):
    """Step 1 uploads and previews (dry run); step 2 confirms the same stored file, all or nothing."""
    if not is_administrator(request.user):
        raise PermissionDenied
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    context = {"criteria_set": criteria_set, "form": SetImportForm()}
    if request.method != "POST":
        return render(request, "criteria/set_import.html", context)
    token = request.POST.get("token", "")
    if token:
        return _confirm(request, criteria_set, token, context)
    form = SetImportForm(request.POST, request.FILES)
    context["form"] = form
    if form.is_valid():
        try:
            dataset = read_xlsx(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            report = criteria_set_import(user=request.user, criteria_set=criteria_set, dataset=dataset, dry_run=True)
            token = uuid.uuid4().hex if report.ok else ""
            if token:  # kept only until the administrator confirms the preview
                form.cleaned_data["file"].seek(0)
                default_storage.save(f"{PENDING_DIR}/{token}.xlsx", form.cleaned_data["file"])
            context.update(report=report, token=token)
    return render(request, "criteria/set_import.html", context)


def _confirm(request, criteria_set, token, context):
    path = f"{PENDING_DIR}/{token}.xlsx"
    if not TOKEN.match(token) or not default_storage.exists(path):
        messages.error(request, _("Tệp đã hết hạn hoặc không tồn tại; hãy tải lên lại."))
        return redirect("criteria:set_import", criteria_set.pk)
    with default_storage.open(path, "rb") as stored:
        dataset = read_xlsx(stored)
    report = criteria_set_import(user=request.user, criteria_set=criteria_set, dataset=dataset, dry_run=False)
    if not report.ok:
        # bandit B106 answered: `token` names the stored upload awaiting confirmation, not a password.
        context.update(report=report, token="")  # nosec B106
        return render(request, "criteria/set_import.html", context)
    default_storage.delete(path)
    messages.success(request, _("Đã nhập %(count)s dòng vào bộ tiêu chí.") % {"count": len(report.rows)})
    return redirect("criteria:set", criteria_set.pk)
