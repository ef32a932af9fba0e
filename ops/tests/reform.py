"""The real reform around Quảng Giao, built on the root conftest's cast (docs/adr/0090, 0092, 0095): the one
builder of the merged world for the tests of every app. The root conftest registers this module as a plugin, so
its fixtures are everyone's; tests import its builders and constants from here.

Facts from ../shared/reference/reform-2025.md §2: on 01/01/2025 xã Quảng Hùng (16516) and xã Quảng Đại (16537)
of thành phố Sầm Sơn merged into xã Đại Hùng (16516; Nghị quyết 1238/NQ-UBTVQH15, number secondary, so not
marked verified); on 01/7/2025 phường Quảng Vinh (16534), xã Quảng Minh (16513), xã Đại Hùng and xã Quảng
Giao (16519) merged into phường Nam Sầm Sơn (16516), directly under tỉnh Thanh Hóa, and xã Quảng Nhân (16462),
xã Quảng Hải (16540) and xã Quảng Ninh (16465) into xã Quảng Ninh (16540), both by Nghị quyết 1686/NQ-UBTVQH15
of 16/6/2025 (Article 1, clauses 135 and 30; confirmed). Centroids and areas are left empty: the catalogue
loader brings them from the statistics office's list.

`reform_records` adds a few records around it, made up for the tests (not official figures): Quảng Giao's
kindergarten repair is left unfinished in 2024 and carried on by Nam Sầm Sơn, Quảng Hùng's drain through Đại
Hùng; the finished works, money lines, tasks and assessments of 2024 stay their communes'.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from criteria.models import (
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorUnit,
    SetLevel,
)
from criteria.services import assessment_create, indicator_value_save
from funding.models import FundingSource, SourceKind, Stage
from funding.services import money_line_create
from ops.services import unit_create, unit_update
from ops.tests.members import member
from ops.unit_changes import LegalAct, NewUnit, unit_change_apply
from projects.models import Work, WorkStatus
from projects.services import task_create, work_create
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
    thanh_hoa: AdministrativeUnit
    quang_xuong: AdministrativeUnit
    quang_giao: AdministrativeUnit
    quang_hai: AdministrativeUnit
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
    """The units and the three merges; the root conftest's units are brought up to date in place."""
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
        thanh_hoa=thanh_hoa,
        quang_xuong=quang_xuong,
        quang_giao=quang_giao,
        quang_hai=quang_hai,
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


# The records around the reform (docs/adr/0095).


@dataclass
class Records:
    kindergarten: Work  # Quảng Giao's, unfinished: carried on by Nam Sầm Sơn
    road: Work  # Quảng Giao's, finished in 2024
    vinh_house: Work  # Quảng Vinh's, finished in 2024
    hung_drain: Work  # Quảng Hùng's, unfinished: carried on through Đại Hùng by Nam Sầm Sơn
    hai_road: Work  # Quảng Hải's, finished in 2024
    nss_street: Work  # Nam Sầm Sơn's own, 2026
    ninh_pump: Work  # xã Quảng Ninh's own, 2026
    criteria_set: CriteriaSet


def _criteria_set() -> CriteriaSet:
    """Two criteria of one number indicator each (≥ 50): a value of 60 meets one, 40 does not."""
    criteria_set = CriteriaSet.objects.create(
        code="THU-SAP-NHAP", name="Bộ thử sắp xếp", level=SetLevel.XA_NTM, scope="commune"
    )
    for number in (1, 2):
        criterion = Criterion.objects.create(criteria_set=criteria_set, number=number, name=f"Tiêu chí {number}")
        Indicator.objects.create(
            criterion=criterion,
            code=f"{number}.1",
            content=f"Chỉ tiêu {number}.1",
            unit=IndicatorUnit.NUMBER,
            comparator=Comparator.GTE,
            target_value=Decimal(50),
        )
    return criteria_set


def _assess(unit, year, criteria_set, values):
    assessment = assessment_create(user=None, unit=unit, year=year, criteria_set=criteria_set)
    indicators = Indicator.objects.filter(criterion__criteria_set=criteria_set).order_by("criterion__number")
    for indicator, value in zip(indicators, values, strict=True):
        indicator_value_save(user=None, assessment=assessment, indicator=indicator, value_number=Decimal(value))
    return assessment


def _work(commune, code, name, years, status, total):
    start, end = years
    return work_create(
        user=None,
        commune=commune,
        code=code,
        name=name,
        category="school",
        total_investment=total,
        planned_start_year=start,
        planned_end_year=end,
        planned_end_quarter=4,
        status=status,
    )


def _money(commune, year, amount, *, stage=Stage.MOBILISED, work=None):
    source = FundingSource.objects.get(code="ns-xa")
    return money_line_create(
        user=None, commune=commune, year=year, source=source, amount=amount, stage=stage, work=work
    )


def build_records(reform: Reform) -> Records:
    """Works, money lines, tasks and assessments of the years before and after the merges."""
    FundingSource.objects.get_or_create(
        code="ns-xa", defaults={"name": "Ngân sách xã", "kind": SourceKind.BUDGET, "sort_order": 40}
    )
    criteria_set = _criteria_set()
    giao, vinh, hung, hai = reform.quang_giao, reform.quang_vinh, reform.quang_hung, reform.quang_hai
    planned, building, completed = WorkStatus.PLANNED, WorkStatus.UNDER_CONSTRUCTION, WorkStatus.COMPLETED
    # Before the reform (2024, and the first half of 2025).
    kindergarten = _work(giao, "QG-2023-02", "Sửa chữa trường Mầm non", (2023, 2024), planned, 1_778_326_000)
    road = _work(giao, "QG-2024-03", "Đường Nỗ Điều đi ngõ ông Hương", (2024, 2024), completed, 1_620_000_000)
    vinh_house = _work(vinh, "QV-2024-01", "Nhà văn hóa tổ dân phố", (2024, 2024), completed, 5 * 10**8)
    hung_drain = _work(hung, "QH-2024-01", "Rãnh thoát nước ngõ đỏ", (2024, 2024), building, 3 * 10**8)
    hai_road = _work(hai, "QHa-2024-01", "Đường thôn 2", (2024, 2024), completed, 10**9)
    _money(giao, 2024, 2_000_000_000, stage=Stage.PLANNED)
    _money(giao, 2024, 1_200_000_000, work=kindergarten)
    _money(giao, 2025, 300_000_000, work=kindergarten)
    _money(vinh, 2025, 200_000_000)
    _money(vinh, 2024, 400_000_000, work=vinh_house)
    _money(hung, 2024, 100_000_000)
    _money(hai, 2024, 700_000_000, work=hai_road)
    task_create(user=None, commune=giao, year=2024, quarter=4, text="Sửa chữa trường Mầm non", work=kindergarten)
    _assess(giao, 2024, criteria_set, [60, 40])
    _assess(vinh, 2024, criteria_set, [10, 10])
    # After it: the successors' own records, and money Nam Sầm Sơn put into Quảng Giao's kindergarten in 2026.
    nss, ninh = reform.nam_sam_son, reform.quang_ninh
    nss_street = _work(nss, "NSS-2026-01", "Chỉnh trang tuyến phố", (2026, 2026), planned, 9 * 10**8)
    ninh_pump = _work(ninh, "QN-2026-01", "Trạm bơm Quảng Ninh", (2026, 2026), planned, 8 * 10**8)
    _money(nss, 2026, 2_000_000_000)
    _money(giao, 2026, 500_000_000, work=kindergarten)
    _money(ninh, 2026, 900_000_000)
    task_create(user=None, commune=nss, year=2026, quarter=1, text="Khởi công chỉnh trang tuyến phố")
    _assess(nss, 2026, criteria_set, [70, 70])
    return Records(
        kindergarten=kindergarten,
        road=road,
        vinh_house=vinh_house,
        hung_drain=hung_drain,
        hai_road=hai_road,
        nss_street=nss_street,
        ninh_pump=ninh_pump,
        criteria_set=criteria_set,
    )


# Fixtures


@pytest.fixture
def reform(thanh_hoa, quang_xuong, quang_giao, quang_hai) -> Reform:
    return build_reform(thanh_hoa, quang_xuong, quang_giao, quang_hai)


@pytest.fixture
def reform_records(reform) -> Records:
    return build_records(reform)


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
