"""The Celery tasks: acknowledged once the job is finished (acks_late), so a worker killed mid-way leaves its job
to another worker (docs/adr/0055)."""

from celery import shared_task

from . import services
from .models import Job


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=10)
def run_job(self, job_id: int) -> None:
    try:
        services.run(job_id)
    except Job.DoesNotExist as missing:
        # Published inside the request's transaction: the row appears when that commits (or never, if it rolls back).
        raise self.retry(countdown=1) from missing


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=10)
def run_piece(self, job_id: int, piece_id: int) -> None:
    services.run_piece(job_id, piece_id)


@shared_task
def purge_jobs() -> int:
    return services.purge()
