"""Investment works (công trình), their progress, and the quarterly tasks of a commune's yearly plan.

A work is modelled once even when it spans years: the seed's 2023 works reappear as 2024 quarterly
tasks, progress updates and yearly money lines, and all of them point at the same `Work`
(docs/adr/0020-works-span-years.md).
"""

from .progress import PhotoStage, ProgressPhoto, ProgressPhotoQuerySet, ProgressUpdate, ProgressUpdateQuerySet
from .tasks import CLOSED_TASK_STATUSES, QuarterlyTask, QuarterlyTaskQuerySet, TaskStatus
from .validators import AMOUNT_VALIDATORS, QUARTER_VALIDATORS, YEAR_VALIDATORS
from .works import (
    CRITERIA_SETS,
    OPEN_WORK_STATUSES,
    Category,
    Work,
    WorkQuerySet,
    WorkStatus,
    late_from,
    planned_end_key,
    runs_in,
    search_key_of,
)

__all__ = [
    "AMOUNT_VALIDATORS",
    "CLOSED_TASK_STATUSES",
    "CRITERIA_SETS",
    "OPEN_WORK_STATUSES",
    "QUARTER_VALIDATORS",
    "YEAR_VALIDATORS",
    "Category",
    "PhotoStage",
    "ProgressPhoto",
    "ProgressPhotoQuerySet",
    "ProgressUpdate",
    "ProgressUpdateQuerySet",
    "QuarterlyTask",
    "QuarterlyTaskQuerySet",
    "TaskStatus",
    "Work",
    "WorkQuerySet",
    "WorkStatus",
    "late_from",
    "planned_end_key",
    "runs_in",
    "search_key_of",
]
