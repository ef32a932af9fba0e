"""The change log page: a commune's changes, newest first, as people read them."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .display import describe_changes, related_names
from .forms import AuditFilterForm
from .models import AuditEntry


@require_safe
def audit_list(request):
    """A commune's changes, newest first, filtered by commune, person, record type, action and dates."""
    form = AuditFilterForm(request.GET or None, viewer=request.user)
    entries = AuditEntry.objects.visible_to(request.user).select_related("user", "commune", "content_type")
    if form.is_bound:
        form.is_valid()
        entries = form.filter(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    names = related_names((entry.content_type.model_class(), entry.changes) for entry in page)
    rows = [(entry, describe_changes(entry.content_type.model_class(), entry.changes, names=names)) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "rows": rows, "form": form, "query": query.urlencode()}
    return render(request, "audit/audit_list.html", context)
