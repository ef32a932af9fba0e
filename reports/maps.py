"""The area map: communes as dots at their centroids, drawn on the server as one SVG (no tiles, no JavaScript).

Projection: equirectangular around the area's mid-latitude, x = longitude × cos(mid-latitude), y = latitude,
scaled uniformly to fit the bounding box of the dots drawn (so a degree of longitude and a degree of latitude
keep their true ratio near the area; for an area the size of a province the distortion is under 1 %). North is
up. Nothing else is drawn: no boundaries, no background, so it works offline and prints the same in a PDF.

Each dot's fill says the highest level the commune is recognised at (white: none), from light to dark green so
it stays apart in grey print; its radius grows with the share of criteria met (the count the area dashboard
shows); a dot without any counted criteria is the smallest, with a dashed ring. Each dot links
to the commune's dashboard and has a <title> for hover; `<desc>` lists every dot in words (docs/adr/0064).
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from criteria.models import SetLevel

from .charts import INK, MID, _legend, _prefix, _svg, _text

# Fill per recognised level code, lowest first (None: not recognised); shades of green, light to dark.
LEVEL_FILLS = {
    None: "#ffffff",
    SetLevel.XA_NTM: "#c7e9c0",
    SetLevel.XA_NTM_NANG_CAO: "#74c476",
    SetLevel.XA_NTM_KIEU_MAU: "#238b45",
    SetLevel.XA_NTM_HIEN_DAI: "#00441b",
}
MIN_RADIUS, MAX_RADIUS = 4.0, 11.0
WIDTH, MAX_PLOT_HEIGHT, MARGIN = 640, 440, 16


@dataclass
class MapDot:
    """One commune to draw. `level` is a key of LEVEL_FILLS; `met`/`total` are None when nothing is counted."""

    name: str
    url: str
    latitude: Decimal | float
    longitude: Decimal | float
    level: str | None = None
    level_label: str = ""
    met: int | None = None
    total: int | None = None
    criteria_label: str = ""  # which count `met`/`total` are ("NTM nâng cao")

    @property
    def share(self) -> float | None:
        return self.met / self.total if self.total else None

    @property
    def radius(self) -> float:
        share = self.share
        return MIN_RADIUS if share is None else MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * share

    def describe(self) -> str:
        recognised = self.level_label or _("chưa được công nhận")
        if self.total:
            criteria = _("đạt %(met)s/%(total)s tiêu chí %(level)s") % {
                "met": self.met,
                "total": self.total,
                "level": self.criteria_label,
            }
        else:
            criteria = _("chưa có tiêu chí được đếm")
        return f"{self.name}: {recognised}; {criteria}"


def project(dots: list[MapDot], width: float, max_height: float, margin: float) -> tuple[list, float]:
    """(x, y) of each dot in the SVG and the height used: equirectangular, scaled uniformly to the bounding box."""
    if not dots:
        return [], 0.0
    lats = [float(dot.latitude) for dot in dots]
    lons = [float(dot.longitude) for dot in dots]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    xs = [lon * squeeze for lon in lons]
    span_x, span_y = max(xs) - min(xs), max(lats) - min(lats)
    inner_w, inner_h = width - 2 * margin, max_height - 2 * margin
    if span_x == 0 and span_y == 0:
        scale = 0.0
    else:
        scale = min(inner_w / span_x if span_x else math.inf, inner_h / span_y if span_y else math.inf)
    used_h = span_y * scale if span_y else 0.0
    offset_x = margin + (inner_w - span_x * scale) / 2
    height = max(used_h + 2 * margin, 2 * margin + 2 * MAX_RADIUS)
    offset_y = margin + (height - 2 * margin - used_h) / 2
    left, top = min(xs), max(lats)
    points = [(offset_x + (x - left) * scale, offset_y + (top - lat) * scale) for x, lat in zip(xs, lats, strict=True)]
    return points, height


def area_map(dots: list[MapDot], *, title: str, level_labels: list[tuple[str | None, str]]) -> SafeString:
    """One <svg>: a dot per commune of `dots` (all with coordinates), then the legend.

    `level_labels`: (level code or None, label) of the legend's colours, lowest first.
    """
    prefix = _prefix()
    points, plot_h = project(dots, WIDTH, MAX_PLOT_HEIGHT, MARGIN)
    body = []
    # Biggest dots first so a small one beside a big one stays visible and clickable.
    order = sorted(range(len(dots)), key=lambda index: -dots[index].radius)
    for index in order:
        dot, (x, y) = dots[index], points[index]
        dash = ' stroke-dasharray="2 2"' if dot.share is None else ""
        body.append(
            f'<a href="{escape(dot.url)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{dot.radius:.1f}" '
            f'fill="{LEVEL_FILLS.get(dot.level, LEVEL_FILLS[None])}" stroke="{INK}" stroke-width="1"{dash}>'
            f"<title>{escape(dot.describe())}</title></circle></a>"
        )
    body.insert(0, f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{plot_h - 1:.1f}" fill="none" stroke="{MID}"/>')
    body.append(_text(WIDTH - 8, 16, _("Bắc ↑"), size=11, anchor="end", fill=MID))
    y = plot_h + 18
    body.append(_text(MARGIN, y, _("Màu: mức đã được công nhận"), size=11, fill=MID))
    body.append(_legend(prefix, MARGIN, y + 18, [(LEVEL_FILLS[level], label) for level, label in level_labels]))
    y += 44
    body.append(_text(MARGIN, y, _("Cỡ chấm: tỷ lệ tiêu chí đạt"), size=11, fill=MID))
    x = MARGIN + 175
    for share, label in ((0, "0 %"), (0.5, "50 %"), (1, "100 %")):
        radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * share
        body.append(f'<circle cx="{x + radius:.1f}" cy="{y - 4:.1f}" r="{radius:.1f}" fill="#fff" stroke="{INK}"/>')
        body.append(_text(x + 2 * radius + 5, y, label, size=11))
        x += 2 * radius + 50
    body.append(
        f'<circle cx="{x + MIN_RADIUS:.1f}" cy="{y - 4:.1f}" r="{MIN_RADIUS}" fill="#fff" stroke="{INK}" '
        'stroke-dasharray="2 2"/>'
    )
    body.append(_text(x + 2 * MIN_RADIUS + 5, y, _("chưa có tiêu chí được đếm"), size=11))
    desc = "; ".join(dot.describe() for dot in dots) or _("Không có xã nào có tọa độ.")
    return _svg(prefix, WIDTH, int(math.ceil(y + 16)), title, desc, "".join(body))
