from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read API for other systems (docs/adr/0100-read-api.md): personal tokens, /api/v1/, its schema."""

    name = "api"
    verbose_name = _("API đọc dữ liệu")

    def ready(self):
        from . import schema  # noqa: F401  # registers the token scheme with drf-spectacular
