"""The dashboards in other forms: the commune's SVG charts (page and PDF), its PDF, the area's workbook."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.excel import MONEY_FORMAT, PERCENT_FORMAT, fraction, stream_xlsx
from core.money import format_decimal

from .. import charts
from ..maps import MAX_PLOT_HEIGHT, WIDTH, MapDot, area_map
from ..renderers.pdf import html_to_pdf
from .area_sheet import SheetRow, sheet_rows
from .common import COMMUNE_LEVELS, LEVEL_RANK, LEVEL_SHORT


def commune_charts(dashboard) -> dict:
    """The commune dashboard's SVG charts (the same markup the PDF embeds); `trends` as (trend, svg) in order."""
    result = {"levels": [], "trends": []}
    for status in dashboard.levels:
        counted = status.result.counted  # the appraisal's verdicts wherever one exists (docs/adr/0018)
        cells = [(criterion.criterion.number, criterion.verdict) for criterion in counted.criteria]
        title = _("%(level)s năm %(year)s: đạt %(met)s/%(total)s tiêu chí (%(counted)s)") % {
            "level": status.label,
            "year": status.year,
            "met": status.met_count,
            "total": status.total,
            "counted": status.result.counted_by,
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
        svg = charts.trend_line(
            [(point.year, point.value) for point in trend.points],
            title=f"{trend.label} ({trend.unit_label})",
            unit_label=str(trend.unit_label),
            target=trend.target,
            target_label=target_label,
        )
        result["trends"].append((trend, svg))
    return result


def area_map_for(
    rows, year: int, *, title: str, links: bool = True, width: int = WIDTH, max_height: int = MAX_PLOT_HEIGHT
) -> tuple[str, list]:
    """The map of `rows` (area dashboard rows: `AreaDashboard.map_rows`, every commune of the area from one query
    over the area summary, or every row for the PDF) and those of them whose commune has no coordinates in the unit
    catalogue, to be listed under it. No query: the coordinates came with the rows, the colours and sizes from
    their recognitions and counts. Without `links` (a printed map) the dots link nowhere; `width` and `max_height`
    bound the picture (`reports.maps.area_map`)."""
    placed = [row for row in rows if row.commune.latitude is not None and row.commune.longitude is not None]
    unplaced = [row for row in rows if row.commune.latitude is None or row.commune.longitude is None]
    link = _commune_link(year) if links else None
    dots = [_dot(row, link) for row in placed]
    legend = [(None, _("Chưa được công nhận"))] + [(level, str(LEVEL_SHORT[level])) for level in COMMUNE_LEVELS]
    drawn = area_map(dots, title=title, level_labels=legend, width=width, max_height=max_height) if dots else ""
    return drawn, unplaced


# A commune id no real one has: the commune dashboard's address is reversed once with it, then each dot's id put in
# its place (`reverse` once a dot took about 85 µs: a quarter of a second for the country's 3,321 communes).
SOME_COMMUNE = 987654321


def commune_address(year: int) -> tuple[str, str]:
    """The address of a commune's dashboard of `year` before and after the commune's id, from one `reverse`: the
    area dashboard's rows and the map's dots put each id between them."""
    address = f"{reverse('reports:dashboard_commune', args=[SOME_COMMUNE])}?year={year}"
    before, after = address.split(str(SOME_COMMUNE))
    return before, after


def _commune_link(year: int):
    """The link of a dot: the commune dashboard of `year`."""
    before, after = commune_address(year)
    return lambda pk: f"{before}{pk}{after}"


def _dot(row, link) -> MapDot:
    """Colour: the highest level recognised; size: the criteria met at the commune's next level (the lowest level
    assessed this year, above the one recognised, not yet reached; the highest assessed when there is none)."""
    recognised = max(row.recognised_levels & set(COMMUNE_LEVELS), key=LEVEL_RANK.__getitem__, default=None)
    floor = LEVEL_RANK[recognised] if recognised else -1
    assessed = [level for level in COMMUNE_LEVELS if level in row.levels]
    pending = [level for level in assessed if LEVEL_RANK[level] > floor and not row.levels[level].reached]
    shown = pending[0] if pending else (assessed[-1] if assessed else None)
    count = row.levels[shown] if shown else None
    return MapDot(
        name=row.name,
        url=link(row.commune.pk) if link else "",
        latitude=row.commune.latitude,
        longitude=row.commune.longitude,
        level=recognised,
        level_label=_("đã công nhận %(level)s") % {"level": LEVEL_SHORT[recognised]} if recognised else "",
        met=count.met if count else None,
        total=count.total if count else None,
        criteria_label=str(LEVEL_SHORT[shown]) if shown else "",
    )


def commune_pdf(context) -> bytes:
    """The commune dashboard on A4 with its SVG charts, through the plan's PDF renderer (vendored fonts)."""
    with translation.override("vi"):
        html = render_to_string("reports/dashboard_commune_print.html", context)
    return html_to_pdf(html)


def area_xlsx(dashboard) -> bytes:
    """Every row of the area dashboard (not only the page shown), Vietnamese headers, formulas escaped; the rows
    are read from the summary a chunk at a time (`area_sheet.sheet_rows`) and written out by XlsxWriter as they
    come."""
    with translation.override("vi"):
        levels = [
            header % {"level": label}
            for _short, label in dashboard.level_headers
            for header in (_("%(level)s (tiêu chí đạt, tự đánh giá)"), _("%(level)s (tiêu chí đạt, thẩm định)"))
        ]
        columns = [  # (header, number format)
            (_("Xã"), None),
            (_("Đơn vị cấp trên"), None),
            *((header, None) for header in levels),
            (_("Mức đã đạt (theo thẩm định nếu có)"), None),
            (_("Đã công nhận (đến 31/12/%(year)s)") % {"year": dashboard.year}, None),
            (_("Công trình đúng tiến độ"), None),
            (_("Công trình chậm"), None),
            (_("Kế hoạch vốn (đồng)"), MONEY_FORMAT),
            (_("Vốn đã huy động (đồng)"), MONEY_FORMAT),
            (_("Tỷ lệ huy động/kế hoạch (%)"), PERCENT_FORMAT),
            (_("Cập nhật lần cuối"), None),
            (_("Ghi chú"), None),
        ]
        formats = {index: number_format for index, (_header, number_format) in enumerate(columns) if number_format}
        demo = _("dữ liệu minh họa")
        rows = (_cells(row, demo) for row in sheet_rows(dashboard))
        title = _("Các xã năm %(year)s") % {"year": dashboard.year}
        return stream_xlsx([header for header, _format in columns], rows, title=title, number_formats=formats)


def _cells(row: SheetRow, demo: str) -> list:
    """The cells of a row, in the order of the headers: plain values (money in đồng, the share as a fraction)."""
    return [
        row.name,
        row.parent_name,
        *[cell for count in row.counts for cell in _level_cells(count)],
        str(row.level_reached_label),
        "; ".join(row.recognitions),
        row.works_on_track,
        row.works_late,
        row.planned,
        row.mobilised,
        fraction(row.mobilised_share),
        timezone.localtime(row.last_update).strftime("%d/%m/%Y") if row.last_update else "",
        _note(row, demo),
    ]


def _level_cells(count) -> list[str]:
    """The self-assessment's count, then the appraisal's ("" while there is none): the area workbook's two columns."""
    if count is None:
        return ["", ""]
    appraised = f"{count.met}/{count.total}" if count.appraised else ""
    return [f"{count.own_met}/{count.total}", appraised]


def _note(row: SheetRow, demo: str) -> str:
    """Demonstration data (`demo`, translated once for every row), and whose records a commune formed by a merge
    counts ("gồm số liệu của …")."""
    notes = [demo] if row.is_demo else []
    if row.merged:
        notes.append(_("gồm số liệu của %(units)s") % {"units": "; ".join(row.merged)})
    return "; ".join(str(note) for note in notes)
