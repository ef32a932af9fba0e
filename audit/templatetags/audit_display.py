"""{{ entry.user|display_name }}: the editor as every page names them (audit.display)."""

from django import template

from audit.display import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user):
    return _display_name(user)
