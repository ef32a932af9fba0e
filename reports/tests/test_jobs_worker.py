"""End to end on a real queue: a Celery worker process, fed through Redis, makes the year zip of plan PDFs as a
job; a job that fails (an issued PDF altered on disk) shows its error and, once the file is put back, is retried to
the end. The worker has a Redis database and a queue of its own, so it cannot take another run's jobs."""

import io
import os
import subprocess
import sys
import time
import uuid
import zipfile

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from jobs.models import Job, JobState
from jobs.tests.queue import use_broker
from reports import services

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads what the test has committed
REDIS_URL = "redis://127.0.0.1:6379/13"


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(settings):
    queue = f"ntm-portal-test-{uuid.uuid4().hex[:12]}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ntm_portal.settings",
        "SECRET_KEY": "test-worker-secret-key",
        "DEBUG": "false",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
    }
    command = [sys.executable, "-m", "celery", "-A", "ntm_portal", "worker", "-Q", queue, "-c", "1"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"]
    process = subprocess.Popen(command, env=environment, cwd=django_settings.BASE_DIR)  # noqa: S603
    settings.JOBS_EMBEDDED = False
    use_broker(REDIS_URL, queue)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=60)
        use_broker()
        redis.Redis.from_url(REDIS_URL).delete(queue, f"{queue}.unacked", "unacked", "unacked_index")


def finished(job: Job, *, seconds: int = 180) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job.pk} still {job.state} after {seconds} s")


def test_a_worker_makes_the_year_zip_and_a_failed_job_is_retried(
    worker, client_for, coordinator, steering, document, other_document
):
    issued = services.document_issue(document=document, user=steering)
    signed = issued.pdf.open("rb").read()
    with open(issued.pdf.path, "wb") as altered:
        altered.write(signed + b"%% altered")
    client = client_for(coordinator)

    response = client.get(reverse("reports:year_zip", args=[2024]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.state in (JobState.QUEUED, JobState.RUNNING)  # queued: the request returned at once

    job = finished(job)
    assert job.state == JobState.FAILED and job.error == "Tệp PDF đã phát hành bị thay đổi (mã băm SHA-256 không khớp)."
    with open(issued.pdf.path, "wb") as restored:
        restored.write(signed)
    assert client.post(reverse("jobs:retry", args=[job.pk]))["Location"] == job.get_absolute_url()

    job = finished(job)
    assert (job.state, job.done, job.total, job.attempts) == (JobState.DONE, 2, 2, 2)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page and reverse("jobs:download", args=[job.pk]) in page
    download = client.get(reverse("jobs:download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = ["ke-hoach-ntm-2024-quang-giao-v1.pdf", "ke-hoach-ntm-2024-quang-hai-du-thao.pdf"]
    assert sorted(archive.namelist()) == names
    assert archive.read("ke-hoach-ntm-2024-quang-giao-v1.pdf") == signed
