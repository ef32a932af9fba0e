import io
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.excel import PendingImport, read_xlsx
from core.forms import XlsxUploadForm
from core.http import XLSX, attachment
from core.periods import default_year, menu_years, parse_year
from core.text import strip_accents
from projects.models import Work
from units.models import AdministrativeUnit
from units.reporting import Succession, load_names, name_in, parent_name_in, year_scope
from units.scoping import can_edit, get_editable_or_403, get_visible_or_404, home_commune, require_edit

from . import resources, services
from .forms import MoneyLineForm
from .models import FundingSource, MoneyLine, Stage
from .summary import build_part_summaries, build_year_summaries, combine_summaries
from .work_money import build_work_money


def _commune(request, commune_id):
    return get_visible_or_404(AdministrativeUnit.objects.communes(), request.user, pk=commune_id)


def _latest_year(lines) -> int:
    return default_year(lines.values_list("year", flat=True).distinct(), timezone.localdate())


@require_safe
def funding_home(request):
    """A commune's people go to their commune's summary; the others see their area's communes side by side."""
    if commune := home_commune(request.user):
        return redirect("funding:summary", commune_id=commune.pk, year=_latest_year(MoneyLine.objects.within(commune)))
    year = _year_param(request) or _latest_year(MoneyLine.objects.visible_to(request.user))
    # The communes of the year, named and placed as then, each counting the communes merged into it (ADR 0095).
    visible = AdministrativeUnit.objects.visible_to(request.user).communes()
    communes = list(visible.in_year(year).select_related("parent"))
    load_names(communes)
    succession = Succession(communes)
    summaries = build_part_summaries([succession.part(commune, year) for commune in communes], year)
    rows = [
        (commune, summary, name_in(commune, year), parent_name_in(commune, year))
        for commune, summary in zip(communes, summaries, strict=True)
    ]
    area = combine_summaries(summaries, year=year)
    return render(request, "funding/area.html", {"rows": rows, "year": year, "area": area})


def _year_param(request) -> int | None:
    return parse_year(request.GET.get("year"))


def _years_of(commune, year) -> list[int]:
    """The year menu: years with money lines of the commune or of a commune merged into it, the year shown, and
    this year while the commune exists (a ward whose lines so far are all its predecessors' adds its own there)."""
    today = timezone.localdate()
    years = MoneyLine.objects.within(commune).values_list("year", flat=True).distinct()
    return menu_years(years, year, today, exists_this_year=commune.existed_in(today.year))


@require_safe
def summary(request, commune_id, year):
    """The year's mobilisation; a commune formed by a merge counts its predecessors' lines from the merge on, and
    shows them, each on its own or combined (`?combined=1`), for the years before (docs/adr/0095). A year's money
    is added to a unit of that year: before the commune began, to each predecessor its user may edit."""
    commune = _commune(request, commune_id)
    scope = year_scope(commune, year)
    combined = request.GET.get("combined") == "1"
    shown, summaries = build_year_summaries(scope)
    before_start = scope.before_start
    context = {
        "commune": commune,
        "year": year,
        "years": _years_of(commune, year),
        "scope": scope,
        "combined": combined,
        "summary": shown,
        "parts": list(zip(scope.parts, summaries, strict=True)) if before_start and not combined else [],
        "can_edit": can_edit(request.user, commune) and not before_start,
        "editable_parts": {part.unit.pk for part in scope.parts if before_start and can_edit(request.user, part.unit)},
        "stages": Stage,
    }
    return render(request, "funding/summary.html", context)


@require_safe
def line_list(request, commune_id, year):
    commune = _commune(request, commune_id)
    lines = MoneyLine.objects.filter(commune=commune, year=year).select_related("source", "work")
    stage, source = request.GET.get("stage", ""), request.GET.get("source", "")
    if stage in Stage.values:
        lines = lines.filter(stage=stage)
    if source.isdigit():
        lines = lines.filter(source_id=int(source))
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    context = {
        "commune": commune,
        "year": year,
        "page": page,
        "stages": Stage.choices,
        "sources": FundingSource.objects.all(),
        "selected": {"stage": stage, "source": source},
        "query": urlencode({key: value for key, value in (("stage", stage), ("source", source)) if value}),
        "can_edit": can_edit(request.user, commune),
    }
    return render(request, "funding/line_list.html", context)


@require_http_methods(["GET", "POST"])
def line_create(request, commune_id):
    commune = _commune(request, commune_id)
    require_edit(request.user, commune)
    work = request.GET.get("work", "")
    initial = {
        "year": _year_param(request) or timezone.localdate().year,
        "stage": Stage.MOBILISED,
        "work": int(work) if work.isdigit() else None,
    }
    form = MoneyLineForm(request.POST or None, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.money_line_create(user=request.user, commune=commune, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thêm dòng vốn."))
            return redirect("funding:lines", commune_id=commune.pk, year=line.year)
    return render(request, "funding/line_form.html", {"form": form, "commune": commune, "line": None})


@require_http_methods(["GET", "POST"])
def line_edit(request, pk):
    line = get_editable_or_403(MoneyLine.objects.select_related("commune", "source", "work"), request.user, pk=pk)
    form = MoneyLineForm(request.POST or None, instance=line, commune=line.commune)
    if request.method == "POST" and form.is_valid():
        try:
            services.money_line_update(user=request.user, line=line, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu dòng vốn."))
            return redirect("funding:lines", commune_id=line.commune_id, year=line.year)
    return render(request, "funding/line_form.html", {"form": form, "commune": line.commune, "line": line})


@require_http_methods(["GET", "POST"])
def line_delete(request, pk):
    line = get_editable_or_403(MoneyLine.objects.select_related("commune", "source", "work"), request.user, pk=pk)
    if request.method == "POST":
        commune_id, year = line.commune_id, line.year
        services.money_line_delete(user=request.user, line=line)
        messages.success(request, _("Đã xóa dòng vốn."))
        return redirect("funding:lines", commune_id=commune_id, year=year)
    return render(request, "funding/line_confirm_delete.html", {"line": line})


@require_safe
def work_money(request, work_id):
    work = get_visible_or_404(Work.objects.select_related("commune"), request.user, pk=work_id)
    lines = work.money_lines.select_related("source").order_by("year", "stage", "quarter", "id")
    context = {
        "work": work,
        "money": build_work_money(work),
        "lines": lines,
        "can_edit": can_edit(request.user, work.commune),
    }
    return render(request, "funding/work_money.html", context)


# --- Excel ------------------------------------------------------------------------------------------


@require_safe
def export_summary(request, commune_id, year):
    """The summary the page shows (for a year before a merged commune began: its predecessors added up)."""
    commune = _commune(request, commune_id)
    shown, _parts = build_year_summaries(year_scope(commune, year))
    content = resources.export_summary_xlsx(shown, commune=commune)
    return attachment(content, f"nguon-von-{slugify(strip_accents(commune.name))}-{year}.xlsx", XLSX)


@require_safe
def export_lines(request, commune_id, year):
    commune = _commune(request, commune_id)
    lines = MoneyLine.objects.filter(commune=commune, year=year).with_related()
    filename = f"dong-von-{slugify(strip_accents(commune.name))}-{year}.xlsx"
    return attachment(resources.export_lines_xlsx(lines), filename, XLSX)


@require_safe
def import_template(request, commune_id):
    _commune(request, commune_id)
    return attachment(resources.template_xlsx(), "mau-nhap-dong-von.xlsx", XLSX)


@require_http_methods(["GET", "POST"])
def line_import(request, commune_id):
    """Upload → preview of every row (nothing saved) → confirm → all rows saved, or none."""
    commune = _commune(request, commune_id)
    require_edit(request.user, commune)
    pending = PendingImport(request.session, kind="money_lines", scope=commune.pk)
    form, outcome = XlsxUploadForm(), None
    if request.method == "POST" and "confirm" in request.POST:
        outcome = _confirm_import(request, commune, pending)
        if outcome is not None and outcome.ok:
            messages.success(request, _("Đã nhập %(count)s dòng vốn.") % {"count": outcome.total})
            return redirect("funding:home")
    elif request.method == "POST":
        pending.discard()  # a new upload replaces any file waiting to be confirmed
        form = XlsxUploadForm(request.POST, request.FILES)
        if form.is_valid():
            run = partial(resources.run_import, commune=commune, user=request.user, dry_run=True)
            outcome = pending.preview(form, run)
    context = {"commune": commune, "form": form, "outcome": outcome}
    return render(request, "funding/import.html", context)


def _confirm_import(request, commune, pending):
    waiting = pending.take()
    if waiting is None:
        messages.error(request, _("Không còn tệp chờ nhập; hãy tải tệp lên lại."))
        return None
    dataset = read_xlsx(io.BytesIO(waiting.content))
    return resources.run_import(dataset=dataset, commune=commune, user=request.user, dry_run=False)
