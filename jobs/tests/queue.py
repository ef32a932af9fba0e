"""Point the portal's Celery application at another broker (and queue) in a test, and back."""

from django.conf import settings

from ntm_portal.celery import app


def use_broker(url: str = "", queue: str = "") -> None:
    """`url` and `queue`, or the settings' when not given. The connection pools of the former broker are dropped:
    Celery makes them anew, for the new broker, on the next message."""
    app.conf.update(
        broker_url=url or settings.CELERY_BROKER_URL, task_default_queue=queue or settings.CELERY_TASK_DEFAULT_QUEUE
    )
    app._pool = None
    app.amqp._producer_pool = None
