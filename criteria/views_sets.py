"""Export and import of a whole criteria set as an Excel file (administrators only for import)."""

import io
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.excel import PendingImport, read_xlsx
from core.forms import XlsxUploadForm
from core.http import XLSX, attachment
from units.models import is_administrator

from . import resources
from .models import CriteriaSet


@require_safe
def set_export(request, pk):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    return attachment(resources.export_xlsx(criteria_set), f"bo-tieu-chi-{criteria_set.code}.xlsx", XLSX)


def set_import(request, pk):
    """Upload → dry run over every row → preview; "confirm" imports the waiting file, all or nothing."""
    if not is_administrator(request.user):
        raise PermissionDenied
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    pending = PendingImport(request.session, kind="criteria_set", scope=criteria_set.pk)
    form, outcome = XlsxUploadForm(), None
    if request.method == "POST" and "confirm" in request.POST:
        waiting = pending.take()
        if waiting is None:
            messages.error(request, _("Không còn tệp chờ nhập; hãy tải tệp lên lại."))
            return redirect("criteria:set_import", criteria_set.pk)
        dataset = read_xlsx(io.BytesIO(waiting.content))
        outcome = resources.run_import(criteria_set=criteria_set, user=request.user, dataset=dataset, dry_run=False)
        if outcome.ok:
            messages.success(request, _("Đã nhập %(count)s dòng vào bộ tiêu chí.") % {"count": outcome.total})
            return redirect("criteria:set", criteria_set.pk)
    elif request.method == "POST":
        pending.discard()  # a new upload replaces any file waiting to be confirmed
        form = XlsxUploadForm(request.POST, request.FILES)
        if form.is_valid():
            run = partial(resources.run_import, criteria_set=criteria_set, user=request.user, dry_run=True)
            outcome = pending.preview(form, run)
    context = {"criteria_set": criteria_set, "form": form, "outcome": outcome}
    return render(request, "criteria/set_import.html", context)
