"""The change log page: a commune's changes, newest first, as people read them."""

import re
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .forms import AuditFilterForm
from .models import AuditEntry

DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")


def audit_list(request):
    """A commune's changes, newest first, filtered by commune, person, record type, action and dates."""
    form = AuditFilterForm(request.GET or None, viewer=request.user)
    entries = AuditEntry.objects.visible_to(request.user).select_related("user", "commune", "content_type")
    if form.is_bound:
        form.is_valid()
        entries = form.filter(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [(entry, _labelled_changes(entry)) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "rows": rows, "form": form, "query": query.urlencode()}
    return render(request, "audit/audit_list.html", context)


def _labelled_changes(entry) -> list[tuple[str, object, object]]:
    """(field label, old, new) for each change, labelled as the model names its fields (no query)."""
    model = entry.content_type.model_class()
    labelled = []
    for name, (old, new) in entry.changes.items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = field.verbose_name if field is not None else name
        labelled.append((str(label), _shown(field, old), _shown(field, new)))
    return labelled


def _shown(field, value):
    """A stored snapshot value as people read it: choice labels, dd/mm/yyyy dates, Có/Không."""
    if value is None or value == "":
        return None
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, str) and DATE_PREFIX.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return date_format(moment.date(), "SHORT_DATE_FORMAT")
        return date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "SHORT_DATETIME_FORMAT")
    return value
