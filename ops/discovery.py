"""Modules each app may provide by name (`seed`, `demo`), found in INSTALLED_APPS order.

Found by name, not imported: `ops` sits below the domain apps and never imports them (docs/adr/0008).
"""

import importlib
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> list[ModuleType]:
    """Each installed app's module `name`, in INSTALLED_APPS order (apps without one are skipped)."""
    found = []
    for config in apps.get_app_configs():
        try:
            found.append(importlib.import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise
    return found
