"""The jobs app with a kind of its own (the reports' and dossiers' kinds are tested in their apps): jobs run in the
web process (the embedded default of the tests), a refused start creates nothing, a failure can be retried, an
unanswering broker refuses the start, old files are purged, and a job is its owner's alone."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.http import Http404
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from jobs import registry, services
from jobs.models import Job, JobState
from jobs.registry import JobKind, JobRefused

from .queue import use_broker

KIND = "tests.numbers"
CALLS = []


def prepare(user, parameters):
    if parameters["count"] < 0:
        raise Http404
    if parameters["count"] == 0:
        raise JobRefused("Không có gì để tạo.", "/")
    return {"count": parameters["count"]}, f"Các số đến {parameters['count']}"


def run(user, parameters, progress):
    CALLS.append(parameters)
    if parameters["count"] == 13 and len(CALLS) == 1:
        raise RuntimeError("a worker's bad luck")
    lines = []
    for number in range(1, parameters["count"] + 1):
        lines.append(str(number))
        progress(number, parameters["count"])
    return "\n".join(lines).encode(), "cac-so.txt"


@pytest.fixture(autouse=True)
def numbers_kind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    CALLS.clear()
    registry.register(JobKind(KIND, prepare, run))
    yield
    registry.KINDS.pop(KIND)


def test_a_job_runs_in_the_web_process_and_keeps_its_file(official):
    job = services.start(official, KIND, {"count": 3})
    assert (job.state, job.done, job.total, job.attempts) == (JobState.DONE, 3, 3, 1)
    assert job.title == "Các số đến 3" and job.finished_at is not None
    assert job.result.name.startswith(f"jobs/{official.pk}/{job.token}/")
    assert job.result.open("rb").read() == b"1\n2\n3"


@pytest.mark.parametrize("count, refusal", [(-1, Http404), (0, JobRefused)])
def test_a_refused_start_creates_no_job(official, count, refusal):
    with pytest.raises(refusal):
        services.start(official, KIND, {"count": count})
    assert not Job.objects.exists() and CALLS == []


def test_a_failed_job_shows_its_error_in_vietnamese_and_is_retried(official, client_for):
    with translation.override("vi"):  # the language of the request that starts it
        job = services.start(official, KIND, {"count": 13})
    assert job.state == JobState.FAILED and "Thử lại" in job.error and not job.result
    client = client_for(official)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert job.error in page and reverse("jobs:retry", args=[job.pk]) in page
    response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts, job.done) == (JobState.DONE, "", 2, 13)
    assert Job.objects.count() == 1


def test_the_same_job_while_one_runs_is_the_running_one(official, other_official):
    running = Job.objects.create(
        owner=official,
        kind=KIND,
        parameters={"count": 3},
        key=services.job_key(official, KIND, {"count": 3}),
        state=JobState.RUNNING,
        token="r" * 32,
    )
    assert services.start(official, KIND, {"count": 3}) == running
    assert services.start(other_official, KIND, {"count": 3}) != running  # another user's is his own
    assert services.start(official, KIND, {"count": 4}) != running
    assert CALLS == [{"count": 3}, {"count": 4}]


def test_a_job_already_done_is_not_made_again(official):
    job = services.start(official, KIND, {"count": 2})
    services.run(job.pk)  # the queue delivered it twice
    assert len(CALLS) == 1


def test_a_job_found_running_is_made_again_from_the_start(official):
    """Its worker was killed: the queue hands the unacknowledged job to another worker."""
    job = services.start(official, KIND, {"count": 2})
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, done=1)
    services.run(job.pk)
    job.refresh_from_db()
    assert (job.state, job.done, job.attempts, len(CALLS)) == (JobState.DONE, 2, 2, 2)
    assert job.result.open("rb").read() == b"1\n2"


@override_settings(JOBS_EMBEDDED=False)
def test_an_unanswering_broker_refuses_the_start_and_leaves_no_job(official, client_for):
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with pytest.raises(services.QueueUnavailable):
            services.start(official, KIND, {"count": 3})
        assert not Job.objects.exists() and CALLS == []
    finally:
        use_broker()


def test_the_job_page_polls_while_the_job_runs_and_stops_when_it_ends(official, client_for):
    job = Job.objects.create(
        owner=official, kind=KIND, parameters={"count": 4}, key="k", state=JobState.RUNNING, done=1, total=4, token="t"
    )
    client = client_for(official)
    url = reverse("jobs:detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 3s"' in page and "Đang tạo: 1 / 4" in page and "<html" in page
    Job.objects.filter(pk=job.pk).update(state=JobState.DONE, done=4)
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in part and "<html" not in part
    assert reverse("jobs:download", args=[job.pk]) in part


def test_my_files_lists_my_jobs_only_in_one_query(official, other_official, client_for, django_assert_num_queries):
    services.start(other_official, KIND, {"count": 9})
    client = client_for(official)
    services.start(official, KIND, {"count": 1})
    with django_assert_num_queries(7):
        client.get(reverse("jobs:list"))
    for count in (2, 3):
        services.start(official, KIND, {"count": count})
    with django_assert_num_queries(7):  # the session, the user, the navigation's and the inbox's, then the jobs
        page = client.get(reverse("jobs:list")).content.decode()
    assert "Các số đến 3" in page and "Các số đến 9" not in page


def test_a_file_is_downloaded_by_its_owner_only(official, other_official, administrator, client_for):
    job = services.start(official, KIND, {"count": 2})
    response = client_for(official).get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"1\n2"
    assert response["Content-Disposition"] == 'attachment; filename="cac-so.txt"'
    media = "/media/" + job.result.name
    assert client_for(official).get(media).status_code == 404  # a job's file is served by jobs:download alone
    for other in (other_official, administrator):
        assert client_for(other).get(reverse("jobs:download", args=[job.pk])).status_code == 404
        assert client_for(other).get(reverse("jobs:detail", args=[job.pk])).status_code == 404
        assert client_for(other).get(media).status_code == 404
        assert client_for(other).post(reverse("jobs:retry", args=[job.pk])).status_code == 404


def test_old_files_are_purged_by_the_command(official, settings):
    settings.JOB_RESULT_DAYS = 7
    old, recent = (services.start(official, KIND, {"count": count}) for count in (1, 2))
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    path = old.result.path
    out = io.StringIO()
    call_command("purge_jobs", stdout=out)
    assert out.getvalue() == "1 job(s) deleted.\n"
    assert list(Job.objects.all()) == [recent]
    assert not (settings.MEDIA_ROOT / path).exists()
