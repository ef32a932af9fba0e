"""Jobs of the matrix's official (tests/conftest.py's "canbo.namsamson"), made directly in their end states."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from jobs.models import Job, JobState

OWNER = "canbo.namsamson"


def job(state: str, *, owner: str = OWNER, **fields) -> Job:
    user = get_user_model().objects.get(username=owner)
    parameters = {"fmt": "xlsx", "year": 2024, "sort": "name", "recognised": ""}
    fields = {"kind": "reports.area_export", "parameters": parameters, "key": f"{state}-{owner}", **fields}
    return Job.objects.create(
        owner=user, state=state, title="Bảng điều khiển các xã (Excel), 2024", token="t" * 32, **fields
    )


def done_job(**fields) -> Job:
    made = job(JobState.DONE, done=1, total=1, finished_at=timezone.now(), **fields)
    made.result.save("bang-dieu-khien-cac-xa-2024.xlsx", ContentFile(b"PK\x03\x04 workbook"))
    return made


def failed_job(**fields) -> Job:
    return job(JobState.FAILED, error="Lỗi hệ thống khi tạo tệp.", finished_at=timezone.now(), **fields)
