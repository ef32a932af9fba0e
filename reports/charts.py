"""Server-rendered SVG charts: the same markup in the page and in WeasyPrint PDFs (no JavaScript).

Every chart says its figures in text (Vietnamese labels, the project's number formats from core.money)
and tells series apart by pattern as well as by shade, so it stays readable printed in grey
(docs/adr/0061-svg-charts.md). Each function returns a SafeString holding one <svg> element with a
<title> and <desc>; pattern ids carry a per-chart prefix so several charts can share one page.
"""

import itertools
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.money import format_decimal, format_percent, format_vnd_short

FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
INK = "#212529"
DARK = "#1f6f43"  # the portal's green: prints as a dark grey
MID = "#6c757d"
LIGHT = "#dee2e6"
LABEL_CHARS = 34

_ids = itertools.count(1)


def _prefix() -> str:
    return f"ntmc{next(_ids)}"


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(x, y, content, *, size=12, anchor="start", weight="normal", fill=INK) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}">{escape(content)}</text>'
    )


def _patterns(prefix: str) -> str:
    """Hatching (diagonal lines) and dots: series stay distinct without colour."""
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/>'
        "</pattern>"
        f'<pattern id="{prefix}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.1" fill="{INK}"/>'
        "</pattern>"
        "</defs>"
    )


def _svg(prefix: str, width: int, height: int, title: str, desc: str, body: str) -> SafeString:
    # Every text inside went through escape() (in _text and here); the rest is markup built from numbers.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ntm-chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" '
        f'aria-labelledby="{prefix}-t {prefix}-d">'
        f'<title id="{prefix}-t">{escape(title)}</title><desc id="{prefix}-d">{escape(desc)}</desc>'
        f"{_patterns(prefix)}{body}</svg>"
    )


def _legend(prefix: str, x: float, y: float, items: list[tuple[str, str]]) -> str:
    """items: (fill, label); fill may be a pattern name ("hatch", "dots") or a colour."""
    parts = []
    for fill, label in items:
        paint = f"url(#{prefix}-{fill})" if fill in ("hatch", "dots") else fill
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="14" height="12" fill="{paint}" stroke="{INK}"/>')
        parts.append(_text(x + 19, y, label, size=11))
        x += 30 + len(label) * 6.2
    return "".join(parts)


# --------------------------------------------------------------------------------------------- charts


def criteria_meter(cells: list[tuple[int, str]], *, title: str) -> SafeString:
    """One square per criterion, numbered: solid = đạt, hatched = chưa đạt, blank = chưa đánh giá."""
    prefix = _prefix()
    size, gap, left = 26, 4, 4
    width = max(left * 2 + len(cells) * (size + gap), 330)
    met = sum(1 for _number, verdict in cells if verdict == "met")
    not_met = sum(1 for _number, verdict in cells if verdict == "not_met")
    body = []
    for index, (number, verdict) in enumerate(cells):
        x = left + index * (size + gap)
        fill = {"met": DARK, "not_met": f"url(#{prefix}-hatch)"}.get(verdict, "#fff")
        dash = "" if verdict in ("met", "not_met") else ' stroke-dasharray="3 2"'
        body.append(f'<rect x="{x}" y="4" width="{size}" height="{size}" fill="{fill}" stroke="{INK}"{dash}/>')
        ink = "#fff" if verdict == "met" else INK
        if verdict == "not_met":
            body.append(f'<rect x="{x + 5}" y="10" width="{size - 10}" height="14" fill="#fff"/>')
        body.append(_text(x + size / 2, 21, str(number), size=11, anchor="middle", weight="bold", fill=ink))
    body.append(
        _legend(prefix, left, size + 26, [(DARK, _("Đạt")), ("hatch", _("Chưa đạt")), ("#fff", _("Chưa đánh giá"))])
    )
    desc = _("Đạt %(met)s/%(total)s tiêu chí; chưa đạt %(not_met)s; chưa đánh giá %(rest)s.") % {
        "met": met,
        "total": len(cells),
        "not_met": not_met,
        "rest": len(cells) - met - not_met,
    }
    return _svg(prefix, width, size + 34, title, desc, "".join(body))


def paired_bars(
    rows: list[tuple[str, int, int]],
    *,
    title: str,
    first_label: str,
    second_label: str,
    formatter=format_vnd_short,
) -> SafeString:
    """Two horizontal bars per row (e.g. planned hatched, mobilised solid), each with its figure in text."""
    prefix = _prefix()
    label_width, bar_width, row_height = 230, 300, 38
    width = label_width + bar_width + 150
    top = 8
    height = top + max(len(rows), 1) * row_height + 28
    peak = max([value for _label, *values in rows for value in values if value] or [1])
    body = []
    descs = []
    for index, (label, first, second) in enumerate(rows):
        y = top + index * row_height
        body.append(f"<g><title>{escape(label)}</title>{_text(0, y + 19, _short(label))}</g>")
        for offset, value, fill in ((0, first, f"url(#{prefix}-hatch)"), (16, second, DARK)):
            length = bar_width * (value or 0) / peak
            body.append(
                f'<rect x="{label_width}" y="{y + offset + 2}" width="{max(length, 0.5):.1f}" height="13" '
                f'fill="{fill}" stroke="{INK}" stroke-width="0.8"/>'
            )
            body.append(_text(label_width + length + 5, y + offset + 13, formatter(value or 0), size=11))
        descs.append(f"{label}: {first_label} {formatter(first or 0)}, {second_label} {formatter(second or 0)}")
    body.append(
        _legend(prefix, label_width, height - 8, [("hatch", first_label), (DARK, second_label)]),
    )
    return _svg(prefix, width, height, title, "; ".join(descs), "".join(body))


def progress_bars(rows: list[tuple[str, Decimal | None, bool]], *, title: str) -> SafeString:
    """Physical progress of works, 0–100 %; late works dotted and marked "chậm" in words."""
    prefix = _prefix()
    label_width, bar_width, row_height = 250, 280, 24
    width = label_width + bar_width + 150
    height = 8 + max(len(rows), 1) * row_height + 26
    body, descs = [], []
    for index, (label, percent, late) in enumerate(rows):
        y = 8 + index * row_height
        body.append(f"<g><title>{escape(label)}</title>{_text(0, y + 13, _short(label, 38))}</g>")
        body.append(f'<rect x="{label_width}" y="{y + 2}" width="{bar_width}" height="14" fill="#fff" stroke="{MID}"/>')
        fill = f"url(#{prefix}-dots)" if late else DARK
        length = bar_width * float(percent or 0) / 100
        if length:
            body.append(
                f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="14" fill="{fill}" stroke="{INK}"/>'
            )
        figure = format_percent(percent, 0) if percent is not None else _("chưa cập nhật")
        status = f"{figure} · {_('chậm')}" if late else figure
        body.append(_text(label_width + bar_width + 6, y + 13, status, size=11, weight="bold" if late else "normal"))
        descs.append(f"{label}: {status}")
    body.append(_legend(prefix, label_width, height - 6, [(DARK, _("Đúng tiến độ")), ("dots", _("Chậm tiến độ"))]))
    return _svg(prefix, width, height, title, "; ".join(descs), "".join(body))


def count_bars(rows: list[tuple[str, int]], *, title: str) -> SafeString:
    """Counts as horizontal bars with the number written at the end (works by status)."""
    prefix = _prefix()
    label_width, bar_width, row_height = 130, 220, 22
    width = label_width + bar_width + 60
    height = 6 + max(len(rows), 1) * row_height
    peak = max([count for _label, count in rows] or [1]) or 1
    body = []
    for index, (label, count) in enumerate(rows):
        y = 6 + index * row_height
        length = bar_width * count / peak
        body.append(_text(0, y + 12, _short(label, 20)))
        if count:
            body.append(
                f'<rect x="{label_width}" y="{y + 1}" width="{length:.1f}" height="14" fill="{DARK}" stroke="{INK}"/>'
            )
        body.append(_text(label_width + length + 5, y + 12, format_decimal(count, 0), size=11))
    desc = "; ".join(f"{label}: {count}" for label, count in rows)
    return _svg(prefix, width, height, title, desc, "".join(body))


def trend_line(
    points: list[tuple[int, Decimal]],
    *,
    title: str,
    unit_label: str,
    target: Decimal | None = None,
    target_label: str = "",
    places: int = 2,
) -> SafeString:
    """Values across years: a line with square markers, each value written above it; target dashed."""
    prefix = _prefix()
    width, height = 420, 200
    left, right, top, bottom = 48, 20, 26, 34
    values = [Decimal(value) for _year, value in points] + ([Decimal(target)] if target is not None else [])
    peak = max(values or [Decimal(1)]) * Decimal("1.15") or Decimal(1)
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(value) -> float:
        return top + plot_h - float(Decimal(value) / peak) * plot_h

    count = len(points)

    def x_of(index) -> float:
        return left + (plot_w / 2 if count == 1 else index * plot_w / (count - 1))

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{INK}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{INK}"/>',
        _text(4, 14, unit_label, size=11, fill=MID),
        _text(left - 6, top + plot_h + 4, "0", size=10, anchor="end"),
    ]
    if target is not None:
        y = y_of(target)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{INK}" '
            'stroke-dasharray="6 4" stroke-width="1.2"/>'
        )
        body.append(_text(width - right, y - 4, target_label, size=10, anchor="end"))
    coords = [(x_of(index), y_of(value)) for index, (_year, value) in enumerate(points)]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{DARK}" stroke-width="2.5"/>')
    for (x, y), (year, value) in zip(coords, points, strict=True):
        body.append(f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{DARK}" stroke="{INK}"/>')
        body.append(_text(x, y - 9, format_decimal(value, places), size=11, anchor="middle", weight="bold"))
        body.append(_text(x, top + plot_h + 18, str(year), size=11, anchor="middle"))
    if not points:
        body.append(_text(left + plot_w / 2, top + plot_h / 2, _("Chưa có số liệu"), anchor="middle", fill=MID))
    desc = "; ".join(f"{year}: {format_decimal(value, places)} {unit_label}" for year, value in points)
    if target is not None:
        desc += f"; {target_label}"
    return _svg(prefix, width, height, title, desc or _("Chưa có số liệu"), "".join(body))
