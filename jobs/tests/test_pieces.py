"""A kind made by pieces (`registry.Pieces`): with a queue, the job's task queues one task per piece and the last
piece made puts them together; pieces already made are not made again, a failed piece fails the job, and a retry
makes every piece again. The queue is a list here (what was sent, run in the order the test chooses); the year zip
on a real worker and Redis is reports/tests/test_jobs_worker.py."""

import pytest
from django.http import Http404

from jobs import registry, services
from jobs.models import Job, JobPiece, JobState
from jobs.registry import JobKind, Pieces

KIND = "tests.letters"
MADE = []
BROKEN = set()


def make(user, parameters, key):
    if key in BROKEN:
        raise Http404
    MADE.append(key)
    return f"{key}.txt", key.upper().encode()


def join(user, parameters, files):
    return b"".join(files[name] for name in sorted(files)), "chu-cai.txt"


def run_whole(user, parameters, progress):
    return b"made whole, in the web process", "chu-cai.txt"


@pytest.fixture(autouse=True)
def letters_kind(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT, settings.JOBS_EMBEDDED = tmp_path, False
    MADE.clear()
    BROKEN.clear()
    sent = []
    monkeypatch.setattr(services.current_app, "send_task", lambda name, args, retry: sent.append((name, *args)))
    pieces = Pieces(lambda user, parameters: list(parameters["letters"]), make, join)
    registry.register(JobKind(KIND, lambda user, parameters: (parameters, "Chữ cái"), run_whole, pieces))
    yield sent
    registry.KINDS.pop(KIND)


def run_sent(sent, *, only=None):
    """Run what was sent (or the pieces named in `only`), as a worker would, emptying the list."""
    for name, *args in list(sent):
        if name == services.RUN_TASK:
            services.run(*args)
        elif only is None or JobPiece.objects.get(pk=args[1]).key in only:
            services.run_piece(*args)
        else:
            continue
        sent.remove((name, *args))


def test_each_piece_is_a_task_and_the_last_one_made_puts_them_together(official, letters_kind):
    job = services.start(official, KIND, {"letters": "abc"})
    assert job.state == JobState.QUEUED and letters_kind == [(services.RUN_TASK, job.pk)]
    run_sent(letters_kind)
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.RUNNING, 0, 3)
    assert [name for name, *_ in letters_kind] == [services.PIECE_TASK] * 3

    run_sent(letters_kind, only={"c", "a"})
    job.refresh_from_db()
    assert (job.state, job.done, job.total, sorted(MADE)) == (JobState.RUNNING, 2, 3, ["a", "c"])
    run_sent(letters_kind)
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.DONE, 3, 3)
    assert job.result.open("rb").read() == b"ABC" and not JobPiece.objects.exists()


def test_a_piece_delivered_twice_or_after_the_end_is_not_made_again(official, letters_kind):
    job = services.start(official, KIND, {"letters": "ab"})
    run_sent(letters_kind)
    again = list(letters_kind)
    run_sent(letters_kind, only={"a"})
    services.run_piece(*again[0][1:])  # the same piece once more (a redelivery)
    assert MADE == ["a"]
    run_sent(letters_kind)
    for _name, *args in again:  # after the job is done
        services.run_piece(*args)
    job.refresh_from_db()
    assert job.state == JobState.DONE and MADE == ["a", "b"]


def test_a_job_handed_over_after_a_lost_worker_makes_only_the_pieces_missing(official, letters_kind):
    job = services.start(official, KIND, {"letters": "abc"})
    run_sent(letters_kind)
    run_sent(letters_kind, only={"b"})
    letters_kind.clear()  # the worker was lost: the queue hands the job's task over
    services.run(job.pk)
    assert len(letters_kind) == 2
    run_sent(letters_kind)
    job.refresh_from_db()
    assert (job.state, job.attempts, sorted(MADE)) == (JobState.DONE, 2, ["a", "b", "c"])
    assert job.result.open("rb").read() == b"ABC"


def test_a_failed_piece_fails_the_job_and_a_retry_makes_every_piece_again(official, letters_kind):
    BROKEN.add("b")
    job = services.start(official, KIND, {"letters": "abc"})
    run_sent(letters_kind)
    run_sent(letters_kind, only={"a", "b"})
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error == "Bạn không còn quyền xem dữ liệu của tệp này."
    run_sent(letters_kind)  # the piece still queued is dropped
    assert MADE == ["a"]

    BROKEN.clear()
    job = services.retry(job)
    assert job.state == JobState.QUEUED and not JobPiece.objects.exists()
    run_sent(letters_kind)
    run_sent(letters_kind)
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts) == (JobState.DONE, "", 2)
    assert sorted(MADE) == ["a", "a", "b", "c"] and job.result.open("rb").read() == b"ABC"


def test_without_a_queue_the_kind_is_made_whole_in_the_web_process(official, settings, letters_kind):
    settings.JOBS_EMBEDDED = True
    job = services.start(official, KIND, {"letters": "abc"})
    assert job.state == JobState.DONE and job.result.open("rb").read() == b"made whole, in the web process"
    assert MADE == [] and letters_kind == [] and Job.objects.count() == 1
