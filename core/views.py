import logging
import re
from datetime import datetime

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from units.models import Role, is_administrator, membership_of

from .forms import AuditFilterForm
from .media import find_visible_file, serve_protected
from .models import AuditEntry

logger = logging.getLogger(__name__)
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")


def home(request):
    """Take each role to its dashboard: a commune's people to their commune's, the others to their area's."""
    membership = membership_of(request.user)
    if membership is None and not is_administrator(request.user):
        return render(request, "core/no_unit.html", status=403)
    if membership and membership.role in (Role.OFFICIAL, Role.STEERING):
        return redirect("reports:dashboard_commune", commune_pk=membership.unit_id)
    return redirect("reports:dashboard_area")


@login_not_required
@transaction.non_atomic_requests  # ATOMIC_REQUESTS would touch the database before the view could answer 503
@require_GET
def health(request):
    """For the load balancer: the process answers and the database answers (503 when it does not)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        message = {"status": "error", "message": _("Không kết nối được cơ sở dữ liệu.")}
        return JsonResponse(message, status=503, json_dumps_params={"ensure_ascii": False})
    return JsonResponse({"status": "ok"})


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
    return render(request, "core/audit_list.html", context)


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


@require_GET
def media_file(request, path):
    """An upload, to a user who may see the record holding it; anyone else gets 404."""
    file_field = find_visible_file(request.user, path)
    if file_field is None:
        raise Http404
    return serve_protected(request, file_field)
