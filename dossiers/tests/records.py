"""A dossier of the seeded world (Quảng Giao, 2024, NTM nâng cao) with one upload and one posting, made by the
caller's test (inside its transaction): the permission matrix and the dossier tests read them."""

import datetime

from criteria.models import ProgrammePeriod
from dossiers import services
from dossiers.models import ChecklistItem, DossierFile, ItemSource, PlaceKind, Posting
from tests.conftest import png_upload

YEAR = 2024
LEVEL = "xa_ntm_nang_cao"


def upload_item() -> ChecklistItem:
    period = ProgrammePeriod.objects.of_year(YEAR)
    return ChecklistItem.objects.for_dossier(period=period, level=LEVEL).filter(source=ItemSource.UPLOAD).first()


def dossier_file(world) -> DossierFile:
    return services.dossier_file_add(
        user=None, unit=world.quang_giao, year=YEAR, level=LEVEL, item=upload_item(), upload=png_upload("bien-ban.png")
    )


def posting(world) -> Posting:
    return services.posting_add(
        user=None,
        unit=world.quang_giao,
        year=YEAR,
        level=LEVEL,
        place=PlaceKind.OFFICE,
        posted_on=datetime.date(2025, 1, 6),
    )
