"""A job: one download made in the background for one user, and the file it made (docs/adr/0055)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


ACTIVE = (JobState.QUEUED, JobState.RUNNING)


class JobQuerySet(models.QuerySet):
    """A job is its owner's alone: nobody else (an administrator neither) sees it or its file. Not a ScopedQuerySet
    (a job belongs to a person, not a place): backups leave jobs out, and MEDIA_URL does not serve their files;
    `jobs:download` does, through `get_visible_or_404` and `ops.media.serve_protected` (docs/adr/0051)."""

    def visible_to(self, user):
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def active(self):
        return self.filter(state__in=ACTIVE)


def result_path(job, filename: str) -> str:
    return f"jobs/{job.owner_id}/{job.token}/{filename}"


class Job(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=60)
    parameters = models.JSONField(default=dict)
    # owner + kind + parameters: starting the same job while one runs shows the running one.
    key = models.CharField(max_length=64, db_index=True)
    title = models.CharField(_("tệp"), max_length=200)
    language = models.CharField(max_length=10, default="vi")
    state = models.CharField(_("trạng thái"), max_length=10, choices=JobState, default=JobState.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    token = models.CharField(max_length=32)  # an unguessable folder for the result file
    result = models.FileField(upload_to=result_path, max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(state__in=ACTIVE), name="jobs_one_active_job_per_key"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class JobPiece(models.Model):
    """One piece of a job made by pieces (`registry.Pieces`): its content is kept until the job's file is made."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="pieces")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=100)
    name = models.CharField(max_length=300, blank=True)
    content = models.BinaryField(null=True)  # None until made

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="jobs_one_piece_per_key")]

    def __str__(self):
        return f"{self.job_id}/{self.key}"
