"""The area map: communes as dots at their centroids, drawn on the server as one SVG (no tiles, no JavaScript).

Projection: equirectangular around the area's mid-latitude, x = longitude × cos(mid-latitude), y = latitude,
scaled uniformly to fit the bounding box of the dots drawn (so a degree of longitude and a degree of latitude
keep their true ratio near the area; for an area the size of a province the distortion is under 1 %). North is
up. Nothing else is drawn: no boundaries, no background, so it works offline and prints the same in a PDF.

Each dot's fill says the highest level the commune is recognised at (white: none), from light to dark green so
it stays apart in grey print; its radius grows with the share of criteria met (the count the area dashboard
shows); a dot without any counted criteria is the smallest, with a dashed ring. The sizes shrink with the
density of the dots (`Sizes.for_points`), so 500 communes of a province do not cover each other. Each dot links
to the commune's dashboard (when it has a link) and has a <title> for hover; `<desc>` lists every dot in words
(docs/adr/0064).
"""

import math
import statistics
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
MIN_RADIUS, MAX_RADIUS = 4.0, 11.0  # the sizes of a sparse map; a dense one draws smaller dots
FLOOR_RADIUS = 2.5  # no dot is smaller, however dense the map
WIDTH, MAX_PLOT_HEIGHT, MARGIN = 640, 440, 16
NORTH_BAND = 18  # the band above the frame that holds the north arrow, clear of the dots
MIN_SPAN = 0.2  # degrees: the least extent of a map, so two neighbouring communes are not drawn at its corners
LEGEND_WIDTH = 620  # the legend's longest line, in the SVG's units


@dataclass(frozen=True)
class Sizes:
    """The radii of one map: `smallest` for no criterion met (or none counted), `largest` for all."""

    smallest: float = MIN_RADIUS
    largest: float = MAX_RADIUS

    @classmethod
    def for_points(cls, points: list[tuple[float, float]]) -> "Sizes":
        """Half the median distance to the nearest dot, at most MAX_RADIUS and at least twice FLOOR_RADIUS, for
        the largest dot: two neighbouring full dots touch rather than cover each other; the smallest keeps the
        sparse map's proportion, or FLOOR_RADIUS."""
        largest = min(MAX_RADIUS, max(2 * FLOOR_RADIUS, _median_spacing(points) / 2))
        return cls(max(FLOOR_RADIUS, largest * MIN_RADIUS / MAX_RADIUS), largest)

    def radius(self, share: float | None) -> float:
        return self.smallest if share is None else self.smallest + (self.largest - self.smallest) * share


def _median_spacing(points: list[tuple[float, float]]) -> float:
    """The median of each point's distance to its nearest neighbour (a sweep along the longer side of the points'
    box, so a tall area is not swept across its narrow width; inf for fewer than two)."""
    if len(points) < 2:
        return math.inf
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    if max(ys) - min(ys) > max(xs) - min(xs):
        points = [(y, x) for x, y in points]  # distances are the same with the axes swapped
    ordered = sorted(points)
    nearest = []
    for index, point in enumerate(ordered):
        best = math.inf
        for step in (-1, 1):
            other = index + step
            while 0 <= other < len(ordered) and abs(ordered[other][0] - point[0]) < best:
                best = min(best, math.dist(point, ordered[other]))
                other += step
        nearest.append(best)
    return statistics.median(nearest)


@dataclass
class MapDot:
    """One commune to draw. `level` is a key of LEVEL_FILLS; `met`/`total` are None when nothing is counted."""

    name: str
    url: str  # "" for none (a printed map)
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


def project(
    dots: list[MapDot], width: float, max_height: float, margin: float, min_width: float | None = None
) -> tuple[list, float, float]:
    """(x, y) of each dot in the SVG, the width and the height used: equirectangular, scaled uniformly to fit the
    bounding box in `width` × `max_height`. With `min_width` the picture is only as wide as the dots need (a tall
    area leaves no empty band on the sides), but never narrower than `min_width`."""
    if not dots:
        return [], width, 0.0
    lats = [float(dot.latitude) for dot in dots]
    lons = [float(dot.longitude) for dot in dots]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    xs = [lon * squeeze for lon in lons]
    span_x, span_y = max(xs) - min(xs), max(lats) - min(lats)
    # A small cluster is drawn at the scale of MIN_SPAN, centred, rather than stretched to the corners.
    pad = max(0.0, MIN_SPAN - max(span_x, span_y)) / 2
    span_x, span_y = span_x + 2 * pad, span_y + 2 * pad
    inner_w, inner_h = width - 2 * margin, max_height - 2 * margin
    scale = min(inner_w / span_x if span_x else math.inf, inner_h / span_y if span_y else math.inf)
    used_h = span_y * scale
    if min_width is not None:
        width = min(width, max(min_width, span_x * scale + 2 * margin))
    offset_x = margin + (width - 2 * margin - span_x * scale) / 2
    height = max(used_h + 2 * margin, 2 * margin + 2 * MAX_RADIUS)
    offset_y = margin + (height - 2 * margin - used_h) / 2
    left, top = min(xs) - pad, max(lats) + pad
    points = [(offset_x + (x - left) * scale, offset_y + (top - lat) * scale) for x, lat in zip(xs, lats, strict=True)]
    return points, width, height


def area_map(
    dots: list[MapDot],
    *,
    title: str,
    level_labels: list[tuple[str | None, str]],
    width: int = WIDTH,
    max_height: int = MAX_PLOT_HEIGHT,
) -> SafeString:
    """One <svg> at most `width` wide: a dot per commune of `dots` (all with coordinates), then the legend.

    `level_labels`: (level code or None, label) of the legend's colours, lowest first. The plot is at most
    `max_height` high (the printed map is bigger than the page's), and as wide as the dots need, but never
    narrower than the legend.
    """
    prefix = _prefix()
    points, width, plot_h = project(dots, width, max_height, MARGIN, min_width=min(width, LEGEND_WIDTH))
    width = math.ceil(width)
    sizes = Sizes.for_points(points)
    stroke = 1 if sizes.largest >= MAX_RADIUS / 2 else 0.6
    body = [
        _text(width - 8, NORTH_BAND - 5, _("Bắc ↑"), size=11, anchor="end", fill=MID),
        f'<g transform="translate(0 {NORTH_BAND})">',
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{plot_h - 1:.1f}" fill="none" stroke="{MID}"/>',
    ]
    # Biggest dots first so a small one beside a big one stays visible and clickable.
    described = [dot.describe() for dot in dots]  # once a dot: its <title> and the <desc> say the same
    for index in sorted(range(len(dots)), key=lambda index: -sizes.radius(dots[index].share)):
        dot, (x, y) = dots[index], points[index]
        dash = f' stroke-dasharray="{stroke * 2:g} {stroke * 2:g}"' if dot.share is None else ""
        circle = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{sizes.radius(dot.share):.1f}" '
            f'fill="{LEVEL_FILLS.get(dot.level, LEVEL_FILLS[None])}" stroke="{INK}" stroke-width="{stroke:g}"{dash}>'
            f"<title>{escape(described[index])}</title></circle>"
        )
        body.append(f'<a href="{escape(dot.url)}">{circle}</a>' if dot.url else circle)
    body.append("</g>")
    y = NORTH_BAND + plot_h + 18
    body.append(_text(MARGIN, y, _("Màu: mức đã được công nhận"), size=11, fill=MID))
    body.append(_legend(prefix, MARGIN, y + 18, [(LEVEL_FILLS[level], label) for level, label in level_labels]))
    y += 44
    body.append(_text(MARGIN, y, _("Cỡ chấm: tỷ lệ tiêu chí đạt"), size=11, fill=MID))
    x = MARGIN + 175
    for share, label in ((0, "0 %"), (0.5, "50 %"), (1, "100 %")):
        radius = sizes.radius(share)
        body.append(f'<circle cx="{x + radius:.1f}" cy="{y - 4:.1f}" r="{radius:.1f}" fill="#fff" stroke="{INK}"/>')
        body.append(_text(x + 2 * radius + 5, y, label, size=11))
        x += 2 * radius + 50
    body.append(
        f'<circle cx="{x + sizes.smallest:.1f}" cy="{y - 4:.1f}" r="{sizes.smallest:.1f}" fill="#fff" '
        f'stroke="{INK}" stroke-dasharray="2 2"/>'
    )
    body.append(_text(x + 2 * sizes.smallest + 5, y, _("chưa có tiêu chí được đếm"), size=11))
    desc = "; ".join(described) or _("Không có xã nào có tọa độ.")
    return _svg(prefix, width, int(math.ceil(y + 16)), title, desc, "".join(body))
