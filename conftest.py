"""The named cast every test uses (healthchecks' alice/bob/charlie, here by role and commune).

- official: cán bộ of Quảng Giao, may edit Quảng Giao
- other_official: cán bộ of Quảng Hải, a neighbouring commune of the same district
- steering: Ban Chỉ đạo of Quảng Giao, reads and approves
- coordinator: Văn phòng điều phối of Quảng Xương district, reads every commune under it
- outsider: coordinator of another province, sees nothing of Thanh Hóa
- administrator: sees and edits everything
"""

import pytest
from django.contrib.auth import get_user_model

from ops.services import membership_assign, unit_create
from units.models import Level, Role

# The one Playwright + Chromium every browser test shares (fixtures playwright_chromium, browser_page).
pytest_plugins = ["tests.browser_support"]


@pytest.fixture
def thanh_hoa(db):
    return unit_create(level=Level.PROVINCE, name="Thanh Hóa", code="38")


@pytest.fixture
def quang_xuong(thanh_hoa):
    return unit_create(level=Level.DISTRICT, name="Quảng Xương", parent=thanh_hoa)


@pytest.fixture
def quang_giao(quang_xuong):
    return unit_create(level=Level.COMMUNE, name="Quảng Giao", parent=quang_xuong, region="BTB")


@pytest.fixture
def thon_5(quang_giao):
    return unit_create(level=Level.VILLAGE, name="Thôn 5", parent=quang_giao)


@pytest.fixture
def quang_hai(quang_xuong):
    return unit_create(level=Level.COMMUNE, name="Quảng Hải", parent=quang_xuong, region="BTB")


@pytest.fixture
def other_province(db):
    return unit_create(level=Level.PROVINCE, name="Tỉnh thử nghiệm (dữ liệu kiểm thử)")


def make_member(username, unit, role):
    user = get_user_model().objects.create_user(username=username, password="test-password-123")
    membership_assign(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def official(quang_giao):
    return make_member("canbo.quanggiao", quang_giao, Role.OFFICIAL)


@pytest.fixture
def other_official(quang_hai):
    return make_member("canbo.quanghai", quang_hai, Role.OFFICIAL)


@pytest.fixture
def steering(quang_giao):
    return make_member("bcd.quanggiao", quang_giao, Role.STEERING)


@pytest.fixture
def coordinator(quang_xuong):
    return make_member("vpdp.quangxuong", quang_xuong, Role.COORDINATOR)


@pytest.fixture
def outsider(other_province):
    return make_member("vpdp.tinhkhac", other_province, Role.COORDINATOR)


@pytest.fixture
def administrator(thanh_hoa):
    return make_member("quantri", thanh_hoa, Role.ADMIN)


@pytest.fixture
def no_unit_user(db):
    return get_user_model().objects.create_user(username="chuagan", password="test-password-123")


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
