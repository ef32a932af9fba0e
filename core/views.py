from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from units.models import Role, is_administrator, membership_of

from .models import AuditEntry


def home(request):
    """Take each role to its place: a commune's people to their commune, the others to their area."""
    membership = membership_of(request.user)
    if membership is None and not is_administrator(request.user):
        return render(request, "core/no_unit.html", status=403)
    if membership and membership.role in (Role.OFFICIAL, Role.STEERING):
        return redirect("units:detail", pk=membership.unit_id)
    return redirect("units:list")


@login_not_required
@require_GET
def health(request):
    """For the load balancer: the process answers and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def audit_list(request):
    entries = AuditEntry.objects.visible_to(request.user).select_related("user", "commune", "content_type")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page})
