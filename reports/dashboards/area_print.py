"""The area dashboard as a PDF: the map of every commune listed, then the table of every row (A4 landscape).

`area_pdf` needs no request: give it a dashboard built without `page` (every row), as the xlsx export does, so a
background job can call it as well as the view; it reads the rows from the area summary.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..renderers.pdf import html_to_pdf
from .area import recognition_filter_choices
from .exports import area_map_for

# The printed map fills the landscape page under the title (A4 landscape less its margins is about 1,020 × 690
# CSS px; the title, the notes and the legend take the rest).
MAP_WIDTH, MAP_HEIGHT = 1000, 470

# The columns a dashboard can be sorted by (reports.dashboards.area.SORTS), as the PDF names its order.
SORT_LABELS = {
    "name": gettext_lazy("tên xã"),
    "criteria": gettext_lazy("mức đã đạt"),
    "late": gettext_lazy("số công trình chậm"),
    "on_track": gettext_lazy("số công trình đúng tiến độ"),
    "mobilised": gettext_lazy("vốn đã huy động"),
    "share": gettext_lazy("tỷ lệ vốn huy động so với kế hoạch"),
    "updated": gettext_lazy("ngày cập nhật lần cuối"),
}


def area_pdf(dashboard, *, area_name: str = "", sort: str = "name") -> bytes:
    """Every row of `dashboard` (an `AreaDashboard` whose rows all have their figures) on A4 landscape: a title with
    `area_name` ("tỉnh Thanh Hóa") and the year, the map of the rows with its legend and the communes without
    coordinates, then the table with the page's columns, in the order of `sort` (as the rows were sorted)."""
    return html_to_pdf(area_print_html(dashboard, area_name=area_name, sort=sort))


def area_print_html(dashboard, *, area_name: str = "", sort: str = "name") -> str:
    """The HTML `area_pdf` prints (the map's SVG inside)."""
    if dashboard.page is not None:
        raise ValueError("area_pdf needs every row: build the dashboard without `page`")
    with translation.override("vi"):
        map_title = _("Bản đồ các xã năm %(year)s") % {"year": dashboard.year}
        area_map, unplaced = area_map_for(
            dashboard.rows, dashboard.year, title=map_title, links=False, width=MAP_WIDTH, max_height=MAP_HEIGHT
        )
        context = {
            "dashboard": dashboard,
            "title": _title(dashboard.year, area_name),
            "order": _order(sort),
            "filter_label": dict(recognition_filter_choices()).get(dashboard.recognised)
            if dashboard.recognised
            else "",
            "area_map": area_map,
            # Demonstration units never have coordinates: counted, not listed one by one.
            "unplaced": [row for row in unplaced if not row.commune.is_demo],
            "unplaced_demo": sum(row.commune.is_demo for row in unplaced),
            "unplaced_total": len(unplaced),
        }
        return render_to_string("reports/dashboard_area_print.html", context)


def _title(year: int, area_name: str) -> str:
    if area_name:
        return _("Bảng điều khiển các xã của %(area)s – năm %(year)s") % {"area": area_name, "year": year}
    return _("Bảng điều khiển các xã – năm %(year)s") % {"year": year}


def _order(sort: str) -> str:
    label = SORT_LABELS.get(sort.lstrip("-"), SORT_LABELS["name"])
    if sort.startswith("-"):
        return _("Sắp xếp theo %(column)s, giảm dần.") % {"column": label}
    return _("Sắp xếp theo %(column)s, tăng dần.") % {"column": label}
