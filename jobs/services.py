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
from .models import Job, JobState

logger = logging.getLogger(__name__)
RUN_TASK = "jobs.tasks.run_job"


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
    killed and the queue handed it over) is made again from the start."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.state == JobState.DONE:
        return
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, started_at=timezone.now(), done=0, total=0, error="", attempts=job.attempts + 1
    )

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    with translation.override(job.language):
        try:
            content, filename = registry.get(job.kind).run(job.owner, job.parameters, progress)
        except (Http404, PermissionDenied):
            _fail(job, _("Bạn không còn quyền xem dữ liệu của tệp này."))
        except ValidationError as error:
            _fail(job, " ".join(error.messages))
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _fail(job, _("Lỗi hệ thống khi tạo tệp. Hãy bấm “Thử lại”; nếu vẫn lỗi, hãy báo quản trị hệ thống."))
        else:
            _store(job, content, filename)


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
