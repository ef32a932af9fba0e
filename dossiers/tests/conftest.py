"""The dossier tests run on the seed of Quảng Giao (tests/conftest.py's seeded world, loaded once per module)."""

import pytest

from tests.conftest import (  # noqa: F401 - fixtures, registered by being imported here
    former_official,
    nam_sam_son,
    official,
    other_official,
    quang_giao,
    quang_hai,
    quang_ninh,
    quang_xuong,
    seeded_world,
    steering,
    thanh_hoa,
    thon_5,
    world,
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
