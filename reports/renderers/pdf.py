"""PDF with WeasyPrint: the vendored Liberation Serif fonts and the print stylesheet, never system fonts."""

import gc
import threading
from contextlib import contextmanager

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .html import PRINT_CSS, print_html

# Parsing the stylesheet and loading the four font files takes about a third of a render; both are kept per
# thread (a FontConfiguration is not meant to be shared between threads) and reused by the next document.
_local = threading.local()


def _stylesheet() -> tuple[FontConfiguration, CSS]:
    mtime = PRINT_CSS.stat().st_mtime
    cached = getattr(_local, "stylesheet", None)
    if cached is None or cached[0] != mtime:
        font_config = FontConfiguration()
        # base_url makes the stylesheet's url("../fonts/…") resolve to file:// paths in static/fonts.
        cached = (mtime, font_config, CSS(filename=str(PRINT_CSS), font_config=font_config))
        _local.stylesheet = cached
    return cached[1], cached[2]


@contextmanager
def _collector_paused():
    """No automatic garbage collection during one render, then one collection of the youngest generation.

    A plan makes some 10^5 short-lived objects (boxes, styles, text layouts); the collections they trigger scan
    the process's long-lived objects too (Django, the worker) and cost a fifth of a render's CPU (docs/PERFORMANCE.md,
    "Plan PDF, session 23"). Paused, every object of the render stays in the youngest generation, which the
    collection afterwards frees without scanning the rest. Left disabled if something else had disabled it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect(0)


def html_to_pdf(html: str) -> bytes:
    """The print HTML (from `print_html`) as PDF bytes; touches no database, so it can run in a worker process."""
    font_config, stylesheet = _stylesheet()
    with _collector_paused():
        document = HTML(string=html, base_url=str(PRINT_CSS.parent))
        return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def pdf_from_plan(plan) -> bytes:
    return html_to_pdf(print_html(plan))
