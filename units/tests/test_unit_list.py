"""The units page: today's communes or those that ended with a reform, paged, with the catalogue's source."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ops.services import membership_assign, unit_create
from ops.unit_changes import LegalAct, NewUnit, unit_change_apply
from units.models import ChangeKind, Kind, Level, Role, UnitCatalogue

pytestmark = pytest.mark.django_db
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def nam_sam_son(thanh_hoa, quang_giao, quang_xuong):
    sam_son = unit_create(level=Level.DISTRICT, kind=Kind.PROVINCIAL_CITY, name="Sầm Sơn", parent=thanh_hoa)
    quang_minh = unit_create(level=Level.COMMUNE, name="Quảng Minh", parent=sam_son)
    change = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=REFORM,
        predecessors=[quang_giao, quang_minh],
        successors=[NewUnit(level=Level.COMMUNE, kind=Kind.WARD, name="Nam Sầm Sơn", code="16516", parent=thanh_hoa)],
        act=LegalAct(number="1686/NQ-UBTVQH15", clause="Điều 1, khoản 135"),
    )
    return change.successors.get()


def names(response):
    return [commune.full_name for commune in response.context["page"].object_list]


def test_the_coordinator_sees_todays_communes_by_default_and_the_ended_ones_on_request(
    client_for, administrator, nam_sam_son, quang_hai
):
    client = client_for(administrator)
    assert names(client.get(reverse("units:list"))) == ["xã Quảng Hải", "phường Nam Sầm Sơn"]
    ended = client.get(reverse("units:list"), {"ended": "1"})
    assert sorted(names(ended)) == ["xã Quảng Giao", "xã Quảng Minh"]
    assert "01/07/2025" in ended.content.decode()


def test_the_successors_official_lists_his_ward_today_and_its_predecessors_before(client_for, nam_sam_son, quang_giao):
    official = get_user_model().objects.create_user(username="canbo.namsamson", password="test-password-123")
    membership_assign(user=official, unit=nam_sam_son, role=Role.OFFICIAL)
    client = client_for(official)
    assert names(client.get(reverse("units:list"))) == ["phường Nam Sầm Sơn"]
    assert sorted(names(client.get(reverse("units:list"), {"ended": "1"}))) == ["xã Quảng Giao", "xã Quảng Minh"]


def test_an_outsider_lists_nothing_of_the_province(client_for, outsider, nam_sam_son):
    client = client_for(outsider)
    for query in ({}, {"ended": "1"}):
        page = client.get(reverse("units:list"), query).content.decode()
        assert "Nam Sầm Sơn" not in page and "Quảng Giao" not in page


def test_the_page_names_the_catalogue_it_was_loaded_from(client_for, official):
    UnitCatalogue.objects.create(
        package="vietnamadminunits", version="1.0.4", licence="MIT", scope="Thanh Hóa", legal_basis="Danh mục TCTK"
    )
    page = client_for(official).get(reverse("units:list")).content.decode()
    assert "Gói dữ liệu vietnamadminunits phiên bản 1.0.4 (giấy phép MIT), phạm vi Thanh Hóa" in page
