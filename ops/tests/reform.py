"""The real reform around Quảng Giao, built on the root conftest's cast (docs/adr/0090, 0092).

Facts from ../shared/reference/reform-2025.md §2: on 01/01/2025 xã Quảng Hùng (16516) and xã Quảng Đại (16537)
of thành phố Sầm Sơn merged into xã Đại Hùng (16516; Nghị quyết 1238/NQ-UBTVQH15, number secondary, so not
marked verified); on 01/7/2025 phường Quảng Vinh (16534), xã Quảng Minh (16513), xã Đại Hùng and xã Quảng
Giao (16519) merged into phường Nam Sầm Sơn (16516), and xã Quảng Nhân (16462), xã Quảng Hải (16540) and
xã Quảng Ninh (16465) into xã Quảng Ninh (16540), both by Nghị quyết 1686/NQ-UBTVQH15 of 16/6/2025
(Article 1, clauses 135 and 30; confirmed). Centroids and areas are left empty: the catalogue loader
brings them from the statistics office's list.

Modules that use these fixtures import them in their conftest.py.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from ops.services import membership_assign, unit_create, unit_update
from ops.unit_changes import LegalAct, NewUnit, unit_change_apply
from units.models import AdministrativeUnit, ChangeKind, Kind, Level, Role, UnitChange

JAN_2025 = datetime.date(2025, 1, 1)
JULY_2025 = datetime.date(2025, 7, 1)
NQ_1238 = LegalAct(number="1238/NQ-UBTVQH15")
NQ_1686_NAM_SAM_SON = LegalAct(
    number="1686/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), clause="Điều 1, khoản 135", verified=True
)
NQ_1686_QUANG_NINH = LegalAct(
    number="1686/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), clause="Điều 1, khoản 30", verified=True
)


@dataclass
class Reform:
    sam_son: AdministrativeUnit
    quang_hung: AdministrativeUnit
    quang_dai: AdministrativeUnit
    quang_minh: AdministrativeUnit
    quang_vinh: AdministrativeUnit
    quang_nhan: AdministrativeUnit
    old_quang_ninh: AdministrativeUnit
    dai_hung: AdministrativeUnit
    nam_sam_son: AdministrativeUnit
    quang_ninh: AdministrativeUnit
    merge_2025_01: UnitChange
    merge_nam_sam_son: UnitChange
    merge_quang_ninh: UnitChange


def commune(name, parent, code, kind=Kind.COMMUNE):
    return unit_create(level=Level.COMMUNE, name=name, parent=parent, code=code, kind=kind, region="BTB")


def merge_into_dai_hung(quang_hung, quang_dai, sam_son):
    return unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JAN_2025,
        predecessors=[quang_hung, quang_dai],
        successors=[NewUnit(level=Level.COMMUNE, name="Đại Hùng", parent=sam_son, kind=Kind.COMMUNE, code="16516")],
        act=NQ_1238,
    )


def merge_into_nam_sam_son(predecessors, thanh_hoa):
    return unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=predecessors,
        successors=[NewUnit(level=Level.COMMUNE, name="Nam Sầm Sơn", parent=thanh_hoa, kind=Kind.WARD, code="16516")],
        act=NQ_1686_NAM_SAM_SON,
    )


def build_reform(thanh_hoa, quang_xuong, quang_giao, quang_hai) -> Reform:
    unit_update(unit=thanh_hoa, kind=Kind.PROVINCE)
    unit_update(unit=quang_xuong, code="406")
    unit_update(unit=quang_giao, code="16519")
    unit_update(unit=quang_hai, code="16540")
    sam_son = unit_create(level=Level.DISTRICT, name="Sầm Sơn", parent=thanh_hoa, code="382", kind=Kind.PROVINCIAL_CITY)
    quang_hung = commune("Quảng Hùng", sam_son, "16516")
    quang_dai = commune("Quảng Đại", sam_son, "16537")
    quang_minh = commune("Quảng Minh", sam_son, "16513")
    quang_vinh = commune("Quảng Vinh", sam_son, "16534", kind=Kind.WARD)
    quang_nhan = commune("Quảng Nhân", quang_xuong, "16462")
    old_quang_ninh = commune("Quảng Ninh", quang_xuong, "16465")
    merge_2025_01 = merge_into_dai_hung(quang_hung, quang_dai, sam_son)
    dai_hung = merge_2025_01.successors.get()
    merge_nam_sam_son = merge_into_nam_sam_son([quang_vinh, quang_minh, dai_hung, quang_giao], thanh_hoa)
    merge_quang_ninh = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[quang_nhan, quang_hai, old_quang_ninh],
        successors=[NewUnit(level=Level.COMMUNE, name="Quảng Ninh", parent=thanh_hoa, kind=Kind.COMMUNE, code="16540")],
        act=NQ_1686_QUANG_NINH,
    )
    for unit in (thanh_hoa, quang_xuong, quang_giao, quang_hai, dai_hung):
        unit.refresh_from_db()
    return Reform(
        sam_son=sam_son,
        quang_hung=quang_hung,
        quang_dai=quang_dai,
        quang_minh=quang_minh,
        quang_vinh=quang_vinh,
        quang_nhan=quang_nhan,
        old_quang_ninh=old_quang_ninh,
        dai_hung=dai_hung,
        nam_sam_son=merge_nam_sam_son.successors.get(),
        quang_ninh=merge_quang_ninh.successors.get(),
        merge_2025_01=merge_2025_01,
        merge_nam_sam_son=merge_nam_sam_son,
        merge_quang_ninh=merge_quang_ninh,
    )


@pytest.fixture
def reform(thanh_hoa, quang_xuong, quang_giao, quang_hai):
    return build_reform(thanh_hoa, quang_xuong, quang_giao, quang_hai)


def member(username, unit, role):
    user = get_user_model().objects.create_user(username=username, password="test-password-123")
    membership_assign(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def nss_official(reform):
    """Cán bộ of phường Nam Sầm Sơn (the successor)."""
    return member("canbo.namsamson", reform.nam_sam_son, Role.OFFICIAL)


@pytest.fixture
def nss_steering(reform):
    return member("bcd.namsamson", reform.nam_sam_son, Role.STEERING)


@pytest.fixture
def quang_ninh_official(reform):
    """Cán bộ of the new xã Quảng Ninh (successor of Quảng Hải): an outsider to Nam Sầm Sơn."""
    return member("canbo.quangninh", reform.quang_ninh, Role.OFFICIAL)


@pytest.fixture
def province_coordinator(thanh_hoa):
    return member("vpdp.thanhhoa", thanh_hoa, Role.COORDINATOR)


@pytest.fixture
def quang_hung_official(reform):
    """Cán bộ of xã Quảng Hùng, ended on 01/01/2025 and never moved by the administrator."""
    return member("canbo.quanghung", reform.quang_hung, Role.OFFICIAL)
