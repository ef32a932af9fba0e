"""The area dashboard's "last update" is the last change to a commune's records, not to the commune itself."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from funding.models import Stage
from funding.services import money_line_create
from ops.services import membership_assign, unit_create
from reports.dashboards import build_area_dashboard
from units.models import AdministrativeUnit, Level, Role

from .dashboard_data import source

pytestmark = pytest.mark.django_db


def row_of(quang_xuong, name):
    dashboard = build_area_dashboard(AdministrativeUnit.objects.within(quang_xuong), 2024, datetime.date(2024, 5, 15))
    return {row.commune.name: row for row in dashboard.rows}[name]


def test_a_commune_with_no_records_has_no_last_update(quang_xuong, administrator):
    # Creating the commune and its accounts is audited (as seed_portal --demo-accounts does for Quảng Hải),
    # but nothing of the commune's programme has been recorded yet.
    commune = unit_create(level=Level.COMMUNE, name="Quảng Mới", parent=quang_xuong, user=administrator)
    official = get_user_model().objects.create_user("canbo.quangmoi", password="x")
    membership_assign(user=official, unit=commune, role=Role.OFFICIAL, by=administrator)
    assert row_of(quang_xuong, "Quảng Mới").last_update is None


def test_a_record_of_the_commune_is_its_last_update(quang_xuong, quang_giao, official):
    money_line_create(user=official, commune=quang_giao, source=source(), year=2024, stage=Stage.PLANNED, amount=1000)
    assert row_of(quang_xuong, "Quảng Giao").last_update is not None
