"""Start, run, retry and purge jobs (docs/adr/0055).

`start` checks the user's right through the kind, then either runs the job here (the embedded default, without
CELERY_BROKER_URL) or hands it to the queue. A queue that does not answer refuses the start: the job row is rolled
back with it, so nothing waits that no worker will ever take.
"""

import hashlib
import json
import logging
import secrets
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError, OperationalError

from . import registry
from .models import Job, JobPiece, JobState

logger = logging.getLogger(__name__)
RUN_TASK, PIECE_TASK = "jobs.tasks.run_job", "jobs.tasks.run_piece"


class QueueUnavailable(Exception):
    """The broker does not answer: the job was not created."""


def embedded() -> bool:
    """No broker configured: jobs run in the web process, during the request that starts them."""
    return settings.JOBS_EMBEDDED


def job_key(user, kind: str, parameters: dict) -> str:
    text = json.dumps([user.pk, kind, parameters], sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def start(user, kind_name: str, parameters: dict) -> Job:
    """The user's job of this kind with these parameters: the one already waiting or running, else a new one."""
    kind = registry.get(kind_name)
    parameters, title = kind.prepare(user, parameters)
    key = job_key(user, kind_name, parameters)
    if running := Job.objects.active().filter(key=key).first():
        return running
    try:
        with transaction.atomic():
            job = Job.objects.create(
                owner=user,
                kind=kind_name,
                parameters=parameters,
                key=key,
                title=title,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                token=secrets.token_hex(16),
            )
            _dispatch(job)
    except IntegrityError:  # the same job was started at the same moment by another request
        return Job.objects.active().get(key=key)
    job.refresh_from_db()
    return job


def retry(job: Job) -> Job:
    """A failed job again, with the same parameters; the one already running if the same job was restarted."""
    if job.state != JobState.FAILED:
        return job
    if running := Job.objects.active().filter(key=job.key).first():
        return running
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED, done=0, total=0, error="", finished_at=None)
        job.pieces.all().delete()  # made again: what they were made from may have changed since
        _dispatch(job)
    job.refresh_from_db()
    return job


def _dispatch(job: Job) -> None:
    if embedded():
        run(job.pk)
        return
    try:
        # No retry: a broker that does not answer now is reported now (the caller's transaction rolls back).
        current_app.send_task(RUN_TASK, args=(job.pk,), retry=False)
    except (OperationalError, KombuError, OSError) as error:
        logger.warning("Job %s not queued: the broker does not answer (%s)", job.pk, error)
        raise QueueUnavailable from error


def run(job_id: int) -> None:
    """Make the job's file. Idempotent: a job already done is left alone; one found running (its worker was
    killed and the queue handed it over) is made again from the start, but for the pieces already made."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.state == JobState.DONE:
        return
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, started_at=timezone.now(), done=0, total=0, error="", attempts=job.attempts + 1
    )
    kind = registry.get(job.kind)
    if kind.pieces is not None and not embedded():
        _attempt(job, lambda: _split(job, kind.pieces))
        return

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    if made := _attempt(job, lambda: kind.run(job.owner, job.parameters, progress)):
        _store(job, *made)


def _split(job: Job, pieces: registry.Pieces) -> None:
    """The job's pieces, each queued as a task of its own (`run_piece`); the last one made puts them together."""
    keys = pieces.keys(job.owner, job.parameters)
    job.pieces.exclude(key__in=keys).delete()  # made before a worker was lost, of what is no longer there
    JobPiece.objects.bulk_create(
        [JobPiece(job=job, position=position, key=key) for position, key in enumerate(keys)], ignore_conflicts=True
    )
    Job.objects.filter(pk=job.pk).update(total=len(keys))
    job.total = len(keys)
    waiting = list(job.pieces.filter(content__isnull=True).values_list("pk", flat=True))
    for piece_id in waiting:
        current_app.send_task(PIECE_TASK, args=(job.pk, piece_id), retry=False)
    if not waiting:  # every piece was made before a worker was lost (or there is none)
        _advance(job)


def run_piece(job_id: int, piece_id: int) -> None:
    """Make one piece of a running job, then, if it was the last, the job's file. Idempotent: a piece already made
    is not made again; a piece of a job that failed, finished or was restarted (its pieces deleted) is dropped."""
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    piece = JobPiece.objects.filter(pk=piece_id, job_id=job_id).first()
    if job is None or job.state != JobState.RUNNING or piece is None:  # purged, failed, done or restarted
        return
    if piece.content is None:
        made = _attempt(job, lambda: registry.get(job.kind).pieces.make(job.owner, job.parameters, piece.key))
        if made is None:
            return
        JobPiece.objects.filter(pk=piece.pk).update(name=made[0], content=made[1])
    _advance(job)


def _advance(job: Job) -> None:
    made = JobPiece.objects.filter(job=job, content__isnull=False).count()
    Job.objects.filter(pk=job.pk, done__lt=made).update(done=made)
    if made < job.total:
        return
    with transaction.atomic():  # the job's row locked: of two last pieces made at once, one puts them together
        job = Job.objects.select_for_update().select_related("owner").get(pk=job.pk)
        if job.state != JobState.RUNNING:
            return
        files = {piece.name: bytes(piece.content) for piece in job.pieces.all()}
        joined = _attempt(job, lambda: registry.get(job.kind).pieces.join(job.owner, job.parameters, files))
        if joined:
            _store(job, *joined)
            job.pieces.all().delete()


def _attempt(job: Job, work):
    """What `work()` returns, in the job's language; None when it failed, the job marked failed with a message."""
    with translation.override(job.language):
        try:
            return work()
        except (Http404, PermissionDenied):
            _fail(job, _("Bạn không còn quyền xem dữ liệu của tệp này."))
        except ValidationError as error:
            _fail(job, " ".join(error.messages))
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _fail(job, _("Lỗi hệ thống khi tạo tệp. Hãy bấm “Thử lại”; nếu vẫn lỗi, hãy báo quản trị hệ thống."))
    return None


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=message, finished_at=timezone.now())


def _store(job: Job, content: bytes, filename: str) -> None:
    job.refresh_from_db()
    if job.result:
        job.result.delete(save=False)  # a file of an earlier attempt
    job.result.save(filename, ContentFile(content), save=False)
    job.state, job.finished_at = JobState.DONE, timezone.now()
    job.done = job.total = max(job.total, 1)
    job.save(update_fields=["result", "state", "finished_at", "done", "total"])


def purge(*, days: int | None = None) -> int:
    """Delete the jobs (and their files) finished more than `days` (JOB_RESULT_DAYS) ago; how many."""
    days = settings.JOB_RESULT_DAYS if days is None else days
    old = Job.objects.filter(finished_at__lt=timezone.now() - timedelta(days=days))
    count = 0
    for job in old:
        if job.result:
            job.result.delete(save=False)
        job.delete()
        count += 1
    return count
