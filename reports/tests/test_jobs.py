"""The reports' and the dossier's downloads as jobs (reports/job_kinds.py, dossiers/job_kinds.py): with a broker the
address queues the job and shows its page; a year outside the bounds or an area the user cannot see is 404 and
creates no job; with nothing to make, the user is told so."""

import pytest
from django.urls import reverse

from jobs.models import Job, JobState
from jobs.tests.queue import use_broker


@pytest.fixture
def queued(settings):
    """A broker that keeps what it is sent (kombu's memory transport): jobs wait, as they would for a worker."""
    settings.JOBS_EMBEDDED = False
    use_broker()  # memory://, the settings' when CELERY_BROKER_URL is not set
    yield


@pytest.mark.parametrize(
    "name, args, query, title",
    [
        ("reports:year_zip", [2024], {}, "Kế hoạch năm 2024 của các xã (ZIP)"),
        ("reports:dashboard_area_export", [], {"year": "2024"}, "Bảng điều khiển các xã (Excel), 2024"),
        ("reports:dashboard_area_pdf", [], {"year": "2024", "sort": "-late"}, "Bảng điều khiển các xã (PDF), 2024"),
    ],
)
def test_with_a_broker_a_download_address_queues_a_job_and_shows_its_page(
    queued, client_for, coordinator, document, name, args, query, title
):
    client = client_for(coordinator)
    response = client.get(reverse(name, args=args), query)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.owner, job.state, job.title) == (coordinator, JobState.QUEUED, title)
    page = client.get(job.get_absolute_url()).content.decode()
    assert title in page and 'hx-trigger="every 3s"' in page and "Đang chờ đến lượt" in page
    again = client.get(reverse(name, args=args), query)  # the same download while it waits: the same job
    assert again["Location"] == job.get_absolute_url() and Job.objects.count() == 1


@pytest.mark.parametrize("year", [1999, 2101])
def test_a_year_outside_the_bounds_is_404_and_creates_no_job(client_for, coordinator, document, year):
    assert client_for(coordinator).get(reverse("reports:year_zip", args=[year])).status_code == 404
    assert not Job.objects.exists()


def test_a_year_without_plans_is_said_so_and_creates_no_job(client_for, coordinator, document):
    response = client_for(coordinator).get(reverse("reports:year_zip", args=[2030]), follow=True)
    assert "Chưa có kế hoạch nào của năm 2030." in response.content.decode() and not Job.objects.exists()


def test_an_area_the_user_cannot_see_is_404_and_creates_no_job(client_for, other_official, quang_giao):
    url = reverse("dossiers:download", args=[quang_giao.pk, 2024, "xa_ntm_nang_cao"])
    assert client_for(other_official).get(url).status_code == 404
    assert not Job.objects.exists()


def test_without_a_broker_the_download_is_the_file_and_is_kept_in_my_files(client_for, coordinator, document):
    client = client_for(coordinator)
    response = client.get(reverse("reports:dashboard_area_export"), {"year": "2024"})
    assert response["Content-Disposition"] == 'attachment; filename="bang-dieu-khien-cac-xa-2024.xlsx"'
    job = Job.objects.get(state=JobState.DONE)
    assert b"".join(response.streaming_content) == job.result.open("rb").read()
    assert reverse("jobs:download", args=[job.pk]) in client.get(reverse("jobs:list")).content.decode()


def test_redis_down_refuses_the_download_with_a_message_and_leaves_no_job(settings, client_for, coordinator, document):
    settings.JOBS_EMBEDDED = False
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        response = client_for(coordinator).get(reverse("reports:year_zip", args=[2024]), follow=True)
    finally:
        use_broker()
    assert response.redirect_chain == [(reverse("jobs:list"), 302)]
    assert "Hàng đợi tạo tệp đang không hoạt động nên chưa tạo được tệp." in response.content.decode()
    assert not Job.objects.exists()
