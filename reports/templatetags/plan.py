"""`{{ block|block_html }}`: one block of the plan's outline as HTML, for the print template and the preview."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from reports.document import Block, BlockKind

register = template.Library()

# Each kind of text block as an element and its class (static/css/print.css lays them out); the tables are the
# appendices, laid out by print/plan_body.html.
BLOCK_ELEMENTS = {
    BlockKind.PART: ("h2", ""),
    BlockKind.SECTION: ("h3", ""),
    BlockKind.HEADING: ("h4", ""),
    BlockKind.MINOR: ("h4", "minor"),
    BlockKind.PARAGRAPH: ("p", ""),
    BlockKind.BULLET: ("p", "bullet"),
    BlockKind.NOTE: ("p", "note"),
}


@register.filter
def block_html(block: Block) -> SafeString:
    """ "<h4 class="minor">a) Công tác truyền thông.</h4>" """
    element, css_class = BLOCK_ELEMENTS[block.kind]
    if css_class:
        return format_html('<{0} class="{1}">{2}</{0}>', element, css_class, block.text)
    return format_html("<{0}>{1}</{0}>", element, block.text)
