from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        # Django connects receivers once every app is loaded; the import cannot hide a cycle (tests/test_layers.py).
        from . import job_kinds, receivers  # noqa: F401

        job_kinds.register_kinds()
