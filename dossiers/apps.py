from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Hồ sơ công nhận")

    def ready(self):
        # Once every app is loaded (tests/test_layers.py allows imports here).
        from . import job_kinds

        job_kinds.register_kinds()
