"""PDF with WeasyPrint: the vendored Liberation Serif fonts and the print stylesheet, never system fonts."""

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .html import PRINT_CSS, print_html


def pdf_from_plan(plan) -> bytes:
    font_config = FontConfiguration()
    # base_url makes the stylesheet's url("../fonts/…") resolve to file:// paths in static/fonts.
    stylesheet = CSS(filename=str(PRINT_CSS), font_config=font_config)
    html = HTML(string=print_html(plan), base_url=str(PRINT_CSS.parent))
    return html.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def render_pdf(document) -> bytes:
    from ..document import build_plan

    return pdf_from_plan(build_plan(document))
