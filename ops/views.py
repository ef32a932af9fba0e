"""Operations: the health check for the load balancer and uploads served to those who may see them."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .media import find_visible_file, serve_protected

logger = logging.getLogger(__name__)


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


@require_GET
def media_file(request, path):
    """An upload, to a user who may see the record holding it; anyone else gets 404."""
    file_field = find_visible_file(request.user, path)
    if file_field is None:
        raise Http404
    return serve_protected(request, file_field)
