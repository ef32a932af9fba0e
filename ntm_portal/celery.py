"""The Celery application of the portal: its settings are Django's CELERY_* settings (docs/adr/0055).

A worker: `celery -A ntm_portal worker --beat` (`make worker`)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")

app = Celery("ntm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
