"""The Celery application of the portal: its settings are Django's CELERY_* settings (docs/adr/0055).

A worker: `celery -A ntm_portal worker --beat` (`make worker`)."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")

app = Celery("ntm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def freeze_loaded(**_):
    """As in ntm_portal/wsgi.py: what a worker process holds once started (Django, the tasks, WeasyPrint) lives as long
    as the process, so the garbage collector's full collections leave it out (about 3 % of a plan PDF's CPU)."""
    gc.freeze()
