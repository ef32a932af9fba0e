"""HTML of the plan: the print template, always in Vietnamese (a legal document is issued in Vietnamese)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

PRINT_CSS = settings.BASE_DIR / "static" / "css" / "print.css"


def print_html(plan) -> str:
    """The document for WeasyPrint: no stylesheet link, the print CSS is passed to WeasyPrint directly."""
    with translation.override("vi"):
        return render_to_string("print/plan.html", {"plan": plan})


def standalone_html(plan) -> str:
    """One self-contained HTML file (for `export_plan --output plan.html`): the print CSS inlined."""
    html = print_html(plan)
    fonts_url = (settings.BASE_DIR / "static" / "fonts").as_uri()
    css = PRINT_CSS.read_text(encoding="utf-8").replace('url("../fonts/', f'url("{fonts_url}/')
    return html.replace("</head>", f"<style>{css}</style></head>", 1)
