"""Dashboards: the commune's (steering committee, officials) and the area's (coordination office)."""

from io import BytesIO

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from core.excel import escape_cell
from core.money import format_decimal
from core.text import strip_accents
from units.models import AdministrativeUnit, Role, membership_of
from units.scoping import can_edit, get_visible_or_404

from . import charts
from .dashboards import SORTS, build_area_dashboard, build_commune_dashboard
from .renderers.html import PRINT_CSS
from .renderers.xlsx import MONEY_FORMAT


def _year(request) -> int | None:
    value = request.GET.get("nam", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@require_GET
def dashboard_home(request):
    """The nav entry: a commune's people to their commune, everybody else to the area."""
    membership = membership_of(request.user)
    if membership and membership.role in (Role.OFFICIAL, Role.STEERING):
        return redirect("reports:dashboard_commune", commune_pk=membership.unit_id)
    return redirect("reports:dashboard_area")


@require_GET
def commune_dashboard(request, commune_pk):
    communes = AdministrativeUnit.objects.communes().select_related("parent")
    commune = get_visible_or_404(communes, request.user, pk=commune_pk)
    dashboard = build_commune_dashboard(commune, year=_year(request))
    context = {
        "dashboard": dashboard,
        "commune": commune,
        "charts": commune_charts(dashboard),
        "can_edit": can_edit(request.user, commune),
    }
    if request.GET.get("dinh_dang") == "pdf":  # the same page and the same SVG charts, printed by WeasyPrint
        response = HttpResponse(commune_pdf(context), content_type="application/pdf")
        name = slugify(strip_accents(f"bang-dieu-khien-{commune.name}-{dashboard.year}"))
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return render(request, "reports/dashboard_commune.html", context)


@require_GET
def area_dashboard(request):
    sort = request.GET.get("sap_xep", "ten")
    sort = sort if sort.lstrip("-") in SORTS else "ten"
    communes = AdministrativeUnit.objects.visible_to(request.user)
    dashboard = build_area_dashboard(communes, year=_year(request), sort=sort, page=request.GET.get("page") or 1)
    context = {
        "dashboard": dashboard,
        "page": dashboard.page,
        "sort": sort,
        "query": f"nam={dashboard.year}&sap_xep={sort}",
        "sort_links": {name: f"-{name}" if sort == name else name for name in SORTS},
        "sorted_by": sort.lstrip("-"),
        "descending": sort.startswith("-"),
    }
    return render(request, "reports/dashboard_area.html", context)


@require_GET
def area_export(request):
    """Every row (not only the page shown), in the order of the page's sort."""
    communes = AdministrativeUnit.objects.visible_to(request.user)
    dashboard = build_area_dashboard(communes, year=_year(request), sort=request.GET.get("sap_xep", "ten"))
    response = HttpResponse(
        area_xlsx(dashboard, dashboard.rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = slugify(strip_accents(_("bang-dieu-khien-cac-xa")))
    response["Content-Disposition"] = f'attachment; filename="{name}-{dashboard.year}.xlsx"'
    return response


# ------------------------------------------------------------------------------------------ renderers


def commune_charts(dashboard) -> dict:
    """The commune dashboard's SVG charts (the same markup a PDF would embed)."""
    result = {"levels": [], "trends": {}}
    for status in dashboard.levels:
        cells = [(criterion.criterion.number, criterion.verdict) for criterion in status.result.criteria]
        title = _("%(level)s năm %(year)s: đạt %(met)s/%(total)s tiêu chí") % {
            "level": status.label,
            "year": status.year,
            "met": status.met_count,
            "total": status.total,
        }
        result["levels"].append((status, charts.criteria_meter(cells, title=title)))
    result["works"] = charts.progress_bars(
        [(f"{work.code} {work.name}", work.percent, work.is_late) for work in dashboard.works],
        title=_("Tiến độ thực hiện các công trình năm %(year)s") % {"year": dashboard.year},
    )
    result["status"] = charts.count_bars(
        [(row.label, row.count) for row in dashboard.works_by_status],
        title=_("Công trình theo tình trạng"),
    )
    if dashboard.money and dashboard.money.sources:
        result["money"] = charts.paired_bars(
            [(row.name, row.planned, row.mobilised) for row in dashboard.money.sources],
            title=_("Vốn huy động so với kế hoạch theo nguồn, năm %(year)s") % {"year": dashboard.year},
            first_label=_("Kế hoạch"),
            second_label=_("Đã huy động"),
        )
    for trend in dashboard.trends:
        target_label = ""
        if trend.target is not None:
            target_label = _("Chỉ tiêu ≥ %(value)s %(unit)s") % {
                "value": format_decimal(trend.target, 2),
                "unit": trend.unit_label,
            }
        result["trends"][trend.key] = charts.trend_line(
            [(point.year, point.value) for point in trend.points],
            title=f"{trend.label} ({trend.unit_label})",
            unit_label=str(trend.unit_label),
            target=trend.target,
            target_label=target_label,
        )
    return result


def commune_pdf(context) -> bytes:
    """The commune dashboard on A4 with its SVG charts; vendored Liberation fonts (static/fonts)."""
    with translation.override("vi"):
        html = render_to_string("reports/dashboard_commune_print.html", context)
    font_config = FontConfiguration()
    return HTML(string=html, base_url=str(PRINT_CSS.parent)).write_pdf(font_config=font_config)


def area_xlsx(dashboard, rows) -> bytes:
    """Every row of the area dashboard (not only the page shown), Vietnamese headers, formulas escaped."""
    with translation.override("vi"):
        book = Workbook()
        sheet = book.active
        sheet.title = _("Các xã năm %(year)s") % {"year": dashboard.year}
        level_headers = [_("%(level)s (tiêu chí đạt)") % {"level": label} for _level, label in dashboard.level_columns]
        headers = [
            _("Xã"),
            _("Đơn vị cấp trên"),
            *level_headers,
            _("Mức đã đạt"),
            _("Công trình đúng tiến độ"),
            _("Công trình chậm"),
            _("Kế hoạch vốn (đồng)"),
            _("Vốn đã huy động (đồng)"),
            _("Tỷ lệ huy động/kế hoạch (%)"),
            _("Cập nhật lần cuối"),
            _("Ghi chú"),
        ]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            counts = [row.count_for(level) for level, _label in dashboard.level_columns]
            sheet.append(
                [
                    escape_cell(row.commune.name),
                    escape_cell(row.commune.parent.name if row.commune.parent else ""),
                    *[f"{count.met}/{count.total}" if count else "" for count in counts],
                    escape_cell(row.level_reached_label),
                    row.works_on_track,
                    row.works_late,
                    row.planned,
                    row.mobilised,
                    float(row.mobilised_share) if row.mobilised_share is not None else None,
                    timezone.localtime(row.last_update).strftime("%d/%m/%Y") if row.last_update else "",
                    _("dữ liệu minh họa") if row.commune.is_demo else "",
                ]
            )
        money_columns = (len(headers) - 4, len(headers) - 3)
        for column in money_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = MONEY_FORMAT
        buffer = BytesIO()
        book.save(buffer)
        return buffer.getvalue()
