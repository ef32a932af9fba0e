# The Celery application is loaded with Django, so `shared_task` tasks use it (docs/adr/0055).
from .celery import app as celery_app

__all__ = ("celery_app",)
