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

from ops.services import unit_create
from ops.tests.members import member
from units.models import Level, Role

# The one Playwright + Chromium every browser test shares (fixtures playwright_chromium, browser_page), and the
# 2025 reform around Quảng Giao with its people and records (fixtures reform, reform_records, nss_official…).
pytest_plugins = ["tests.browser_support", "ops.tests.reform"]


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


@pytest.fixture
def official(quang_giao):
    return member("canbo.quanggiao", quang_giao, Role.OFFICIAL)


@pytest.fixture
def other_official(quang_hai):
    return member("canbo.quanghai", quang_hai, Role.OFFICIAL)


@pytest.fixture
def steering(quang_giao):
    return member("bcd.quanggiao", quang_giao, Role.STEERING)


@pytest.fixture
def coordinator(quang_xuong):
    return member("vpdp.quangxuong", quang_xuong, Role.COORDINATOR)


@pytest.fixture
def office(thanh_hoa):
    """The province's coordination office: the office above every commune since 1/7/2025 (appraises)."""
    return member("vpdp.thanhhoa", thanh_hoa, Role.COORDINATOR)


@pytest.fixture
def outsider(other_province):
    return member("vpdp.tinhkhac", other_province, Role.COORDINATOR)


@pytest.fixture
def administrator(thanh_hoa):
    return member("quantri", thanh_hoa, Role.ADMIN)


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
