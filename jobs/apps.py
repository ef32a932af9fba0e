from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Downloads that take long, made in the background (Celery) or in the web process (docs/adr/0055)."""

    name = "jobs"
    verbose_name = _("Tệp đang tạo")
