"""The recognition dossier's zip, made as a job (jobs/, docs/adr/0055): dozens of PDFs and uploads."""

from django.http import Http404
from django.utils.translation import gettext as _

from jobs.registry import JobKind, register
from units.models import AdministrativeUnit
from units.scoping import get_visible_or_404

from .package import dossier_filename, dossier_zip
from .reading import dossier_state
from .services import COMMUNE_LEVELS

DOSSIER_ZIP = "dossiers.dossier_zip"


def visible_dossier_unit(user, unit_id: int, year: int, level: str) -> AdministrativeUnit:
    """The commune of a dossier address, if the user may see it and the year and level are a dossier's; else 404."""
    if level not in COMMUNE_LEVELS or not 2000 <= year <= 2100:
        raise Http404
    return get_visible_or_404(AdministrativeUnit.objects.communes().select_related("parent"), user, pk=unit_id)


def prepare(user, parameters: dict) -> tuple[dict, str]:
    unit = visible_dossier_unit(user, parameters["unit_id"], parameters["year"], parameters["level"])
    title = _("Hồ sơ công nhận %(unit)s, năm %(year)s (ZIP)") % {"unit": unit.name, "year": parameters["year"]}
    return {key: parameters[key] for key in ("unit_id", "year", "level")}, title


def run(user, parameters: dict, progress) -> tuple[bytes, str]:
    progress(0, 1)
    unit = visible_dossier_unit(user, parameters["unit_id"], parameters["year"], parameters["level"])
    state = dossier_state(unit, parameters["year"], parameters["level"])
    return dossier_zip(state), dossier_filename(state)


def register_kinds() -> None:
    register(JobKind(DOSSIER_ZIP, prepare, run))
