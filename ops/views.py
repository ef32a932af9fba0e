"""Operations: the health check for the load balancer and uploads served to those who may see them."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from kombu import Connection
from kombu.exceptions import KombuError

from .media import find_visible_file, serve_protected

logger = logging.getLogger(__name__)


@login_not_required
@transaction.non_atomic_requests  # ATOMIC_REQUESTS would touch the database before the view could answer 503
@require_GET
def health(request):
    """For the load balancer: the process answers and the database answers (503 when it does not); and for the
    monitoring, whether the job queue's broker answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        message = {"status": "error", "message": _("Không kết nối được cơ sở dữ liệu.")}
        return JsonResponse(message, status=503, json_dumps_params={"ensure_ascii": False})
    return JsonResponse({"status": "ok", "broker": broker_status()})


def broker_status() -> str:
    """The job queue's broker (docs/adr/0055): "embedded" without one (jobs run in the web process), "ok" when it
    answers, else "error". A broker down does not take the web process out of service: the pages still work, and a
    download asked for meanwhile is refused with a message."""
    if settings.JOBS_EMBEDDED:
        return "embedded"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0)  # kombu's own errors when it fails
    except (KombuError, OSError):
        logger.exception("Health check: the job queue's broker does not answer")
        return "error"
    return "ok"


@require_GET
def media_file(request, path):
    """An upload, to a user who may see the record holding it; anyone else gets 404."""
    file_field = find_visible_file(request.user, path)
    if file_field is None:
        raise Http404
    return serve_protected(request, file_field)
