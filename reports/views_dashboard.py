"""Dashboards: the commune's (steering committee, officials) and the area's (coordination office)."""

from urllib.parse import urlencode

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from core.http import PDF, attachment
from core.text import strip_accents
from jobs.views import start_job
from units.models import AdministrativeUnit
from units.scoping import can_edit, get_visible_or_404, home_commune

from .dashboards import SORTS, build_area_dashboard, build_commune_dashboard, recognition_filter_choices
from .dashboards.area_map import area_map_part
from .dashboards.exports import commune_address, commune_charts, commune_pdf
from .job_kinds import AREA_EXPORT


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@require_GET
def dashboard_home(request):
    """The address of the former nav entry: a commune's people to their commune, everybody else to the area."""
    if commune := home_commune(request.user):
        return redirect("reports:dashboard_commune", commune_id=commune.pk)
    return redirect("reports:dashboard_area")


# A page that only reads: under READ COMMITTED the request's transaction gave its queries no common snapshot, only
# a BEGIN and a COMMIT more (two round trips of a page whose target is 60 ms, issue 14).
@transaction.non_atomic_requests
@require_GET
def commune_dashboard(request, commune_id, fmt="html"):
    communes = AdministrativeUnit.objects.communes().select_related("parent")
    commune = get_visible_or_404(communes, request.user, pk=commune_id)
    combined = request.GET.get("combined") == "1"
    dashboard = build_commune_dashboard(commune, year=_year(request), combined=combined)
    context = {
        "dashboard": dashboard,
        "commune": commune,
        "charts": commune_charts(dashboard),
        "can_edit": can_edit(request.user, commune),
    }
    if fmt == "pdf":  # the same page and the same SVG charts, printed by WeasyPrint
        name = slugify(strip_accents(f"bang-dieu-khien-{commune.name}-{dashboard.year}"))
        return attachment(commune_pdf(context), f"{name}.pdf", PDF)
    return render(request, "reports/dashboard_commune.html", context)


@require_GET
def area_dashboard(request):
    sort = request.GET.get("sort", "name")
    sort = sort if sort.lstrip("-") in SORTS else "name"
    communes = AdministrativeUnit.objects.visible_to(request.user)
    page, recognised = request.GET.get("page") or 1, request.GET.get("recognised", "")
    dashboard = build_area_dashboard(communes, year=_year(request), sort=sort, page=page, recognised=recognised)
    context = {
        "dashboard": dashboard,
        "page": dashboard.page,
        "sort": sort,
        "recognition_choices": recognition_filter_choices(),
        "query": urlencode({"year": dashboard.year, "sort": sort, "recognised": dashboard.recognised}),
        "map_query": urlencode({"year": dashboard.year, "recognised": dashboard.recognised}),
        "commune_address": commune_address(dashboard.year),  # a `reverse` for the page, not one a row
        "sort_links": {name: f"-{name}" if sort == name else name for name in SORTS},
        "sorted_by": sort.lstrip("-"),
        "descending": sort.startswith("-"),
    }
    return render(request, "reports/dashboard_area.html", context)


@require_GET
@vary_on_headers("HX-Request")
def area_map(request):
    """The map of the area dashboard (every commune, the page's year and recognition filter), which the page loads
    through htmx, or a page of its own; drawn once for each state of what it shows (docs/adr/0064, addendum)."""
    communes = AdministrativeUnit.objects.visible_to(request.user)
    dashboard = build_area_dashboard(communes, year=_year(request), recognised=request.GET.get("recognised", ""))
    if not dashboard.count:  # an area without communes (an outsider's) or a filter keeping none: the page has no map
        raise Http404
    part = area_map_part(dashboard)
    if request.htmx:
        return HttpResponse(part)
    context = {
        "dashboard": dashboard,
        "area_map_part": part,
        "filter_label": dict(recognition_filter_choices()).get(dashboard.recognised, ""),
        "query": urlencode({"year": dashboard.year, "recognised": dashboard.recognised}),
    }
    return render(request, "reports/dashboard_area_map.html", context)


@require_GET
def area_export(request, fmt="xlsx"):
    """Every row in the order of the page's sort, as a workbook or a PDF with the map: a job (reports/job_kinds.py)."""
    sort, recognised = request.GET.get("sort", "name"), request.GET.get("recognised", "")
    parameters = {"fmt": fmt, "year": _year(request), "sort": sort, "recognised": recognised}
    return start_job(request, AREA_EXPORT, parameters)
