from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the portal: the unit tree and accounts, seeds and demonstration data, backups, uploads, health."""

    name = "ops"
    verbose_name = _("Vận hành")
