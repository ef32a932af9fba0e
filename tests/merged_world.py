"""A small world across the 2025 reform, built with the services from the root conftest's units.

reform-2025.md §2: xã Quảng Hùng + xã Quảng Đại → xã Đại Hùng (01/01/2025, code 16516 reused); xã Quảng Giao
(huyện Quảng Xương) + phường Quảng Vinh + xã Quảng Minh + xã Đại Hùng → phường Nam Sầm Sơn (01/7/2025, directly
under tỉnh Thanh Hóa, code 16516 again); xã Quảng Hải + xã Quảng Nhân + xã Quảng Ninh → xã Quảng Ninh (01/7/2025,
code 16540 of Quảng Hải). The records are few and made up for the tests (not official figures): Quảng Giao's
kindergarten repair is left unfinished in 2024 and carried on by Nam Sầm Sơn. Used by the tests of
docs/adr/0095-years-across-a-merge.md in units, projects, funding and reports.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from criteria.models import (
    Assessment,
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    SetLevel,
)
from funding.models import FundingSource, SourceKind, Stage
from funding.services import money_line_create
from ops.services import membership_assign, unit_create
from ops.unit_changes import LegalAct, NewUnit, unit_change_apply
from projects.models import Work, WorkStatus
from projects.services import task_create, work_create
from units.models import AdministrativeUnit, ChangeKind, Kind, Level, Role

JULY_2025 = datetime.date(2025, 7, 1)
NQ_1686 = "1686/NQ-UBTVQH15"


@dataclass
class Reform:
    thanh_hoa: AdministrativeUnit
    quang_xuong: AdministrativeUnit
    sam_son: AdministrativeUnit
    quang_giao: AdministrativeUnit
    quang_vinh: AdministrativeUnit
    quang_minh: AdministrativeUnit
    quang_hung: AdministrativeUnit
    quang_dai: AdministrativeUnit
    dai_hung: AdministrativeUnit
    nam_sam_son: AdministrativeUnit
    quang_hai: AdministrativeUnit
    quang_ninh: AdministrativeUnit
    kindergarten: Work  # Quảng Giao's, unfinished: carried on by Nam Sầm Sơn
    road: Work  # Quảng Giao's, finished in 2024
    vinh_house: Work  # Quảng Vinh's, finished in 2024
    hung_drain: Work  # Quảng Hùng's, unfinished: carried on through Đại Hùng by Nam Sầm Sơn
    nss_work: Work
    ninh_work: Work
    criteria_set: CriteriaSet


def _set() -> CriteriaSet:
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
    assessment = Assessment.objects.create(unit=unit, year=year, criteria_set=criteria_set)
    indicators = Indicator.objects.filter(criterion__criteria_set=criteria_set).order_by("criterion__number")
    for indicator, value in zip(indicators, values, strict=True):
        IndicatorValue.objects.create(assessment=assessment, indicator=indicator, value_number=Decimal(value))
    return assessment


def _work(commune, code, name, *, start, end, status, total):
    return work_create(
        user=None,
        commune=commune,
        code=code,
        name=name,
        category="school",
        total_investment=total,
        planned_start_year=start,
        planned_end_year=end,
        planned_end_quarter=4 if end else None,
        status=status,
    )


def _money(commune, year, amount, *, stage=Stage.MOBILISED, work=None, source="ns-xa"):
    source = FundingSource.objects.get(code=source)
    return money_line_create(
        user=None, commune=commune, year=year, source=source, amount=amount, stage=stage, work=work
    )


def build_reform(thanh_hoa, quang_xuong, quang_giao, quang_hai) -> Reform:
    FundingSource.objects.get_or_create(
        code="ns-xa", defaults={"name": "Ngân sách xã", "kind": SourceKind.BUDGET, "sort_order": 40}
    )
    sam_son = unit_create(level=Level.DISTRICT, kind=Kind.PROVINCIAL_CITY, name="Sầm Sơn", parent=thanh_hoa)
    quang_vinh = unit_create(level=Level.COMMUNE, kind=Kind.WARD, name="Quảng Vinh", parent=sam_son, code="16534")
    quang_minh = unit_create(level=Level.COMMUNE, name="Quảng Minh", parent=sam_son, code="16513")
    quang_hung = unit_create(level=Level.COMMUNE, name="Quảng Hùng", parent=sam_son, code="16516")
    quang_dai = unit_create(level=Level.COMMUNE, name="Quảng Đại", parent=sam_son, code="16537")
    quang_nhan = unit_create(level=Level.COMMUNE, name="Quảng Nhân", parent=quang_xuong, code="16462")
    old_ninh = unit_create(level=Level.COMMUNE, name="Quảng Ninh", parent=quang_xuong, code="16465")
    criteria_set = _set()

    # Before the reform (2024, and the first half of 2025).
    kindergarten = _work(
        quang_giao,
        "QG-2023-02",
        "Sửa chữa trường Mầm non",
        start=2023,
        end=2024,
        status=WorkStatus.PLANNED,
        total=1_778_326_000,
    )
    road = _work(
        quang_giao,
        "QG-2024-03",
        "Đường Nỗ Điều đi ngõ ông Hương",
        start=2024,
        end=2024,
        status=WorkStatus.COMPLETED,
        total=1_620_000_000,
    )
    vinh_house = _work(
        quang_vinh,
        "QV-2024-01",
        "Nhà văn hóa tổ dân phố",
        start=2024,
        end=2024,
        status=WorkStatus.COMPLETED,
        total=5 * 10**8,
    )
    hung_drain = _work(
        quang_hung,
        "QH-2024-01",
        "Rãnh thoát nước ngõ đỏ",
        start=2024,
        end=2024,
        status=WorkStatus.UNDER_CONSTRUCTION,
        total=3 * 10**8,
    )
    hai_work = _work(
        quang_hai, "QHa-2024-01", "Đường thôn 2", start=2024, end=2024, status=WorkStatus.COMPLETED, total=10**9
    )
    _money(quang_giao, 2024, 2_000_000_000, stage=Stage.PLANNED)
    _money(quang_giao, 2024, 1_200_000_000, work=kindergarten)
    _money(quang_giao, 2025, 300_000_000, work=kindergarten)
    _money(quang_vinh, 2025, 200_000_000)
    _money(quang_vinh, 2024, 400_000_000, work=vinh_house)
    _money(quang_hung, 2024, 100_000_000)
    _money(quang_hai, 2024, 700_000_000, work=hai_work)
    task_create(user=None, commune=quang_giao, year=2024, quarter=4, text="Sửa chữa trường Mầm non", work=kindergarten)
    _assess(quang_giao, 2024, criteria_set, [60, 40])
    _assess(quang_vinh, 2024, criteria_set, [10, 10])

    # The reform.
    dai_hung = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=datetime.date(2025, 1, 1),
        predecessors=[quang_hung, quang_dai],
        successors=[NewUnit(level=Level.COMMUNE, name="Đại Hùng", parent=sam_son, kind=Kind.COMMUNE, code="16516")],
        act=LegalAct(number="1238/NQ-UBTVQH15"),
    ).successors.get()
    nam_sam_son = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[quang_giao, quang_vinh, quang_minh, dai_hung],
        successors=[NewUnit(level=Level.COMMUNE, name="Nam Sầm Sơn", parent=thanh_hoa, kind=Kind.WARD, code="16516")],
        act=LegalAct(number=NQ_1686, date=datetime.date(2025, 6, 16), clause="khoản 135", verified=True),
    ).successors.get()
    quang_ninh = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=[quang_hai, quang_nhan, old_ninh],
        successors=[NewUnit(level=Level.COMMUNE, name="Quảng Ninh", parent=thanh_hoa, kind=Kind.COMMUNE, code="16540")],
        act=LegalAct(number=NQ_1686, date=datetime.date(2025, 6, 16), clause="khoản 30", verified=True),
    ).successors.get()

    # After it: the successor's own records, and money it put into Quảng Giao's kindergarten in 2026.
    nss_work = _work(
        nam_sam_son,
        "NSS-2026-01",
        "Chỉnh trang tuyến phố",
        start=2026,
        end=2026,
        status=WorkStatus.PLANNED,
        total=9 * 10**8,
    )
    ninh_work = _work(
        quang_ninh,
        "QN-2026-01",
        "Trạm bơm Quảng Ninh",
        start=2026,
        end=2026,
        status=WorkStatus.PLANNED,
        total=8 * 10**8,
    )
    _money(nam_sam_son, 2026, 2_000_000_000)
    _money(quang_giao, 2026, 500_000_000, work=kindergarten)
    _money(quang_ninh, 2026, 900_000_000)
    task_create(user=None, commune=nam_sam_son, year=2026, quarter=1, text="Khởi công chỉnh trang tuyến phố")
    _assess(nam_sam_son, 2026, criteria_set, [70, 70])
    refreshed = {unit.pk: unit for unit in AdministrativeUnit.objects.all()}
    return Reform(
        thanh_hoa=refreshed[thanh_hoa.pk],
        quang_xuong=refreshed[quang_xuong.pk],
        sam_son=refreshed[sam_son.pk],
        quang_giao=refreshed[quang_giao.pk],
        quang_vinh=refreshed[quang_vinh.pk],
        quang_minh=refreshed[quang_minh.pk],
        quang_hung=refreshed[quang_hung.pk],
        quang_dai=refreshed[quang_dai.pk],
        dai_hung=refreshed[dai_hung.pk],
        nam_sam_son=refreshed[nam_sam_son.pk],
        quang_hai=refreshed[quang_hai.pk],
        quang_ninh=refreshed[quang_ninh.pk],
        kindergarten=kindergarten,
        road=road,
        vinh_house=vinh_house,
        hung_drain=hung_drain,
        nss_work=nss_work,
        ninh_work=ninh_work,
        criteria_set=criteria_set,
    )


def member(username: str, unit, role=Role.OFFICIAL):
    """A user of `unit` with `role` (the root conftest's make_member, without importing a conftest)."""
    user = get_user_model().objects.create_user(username=username, password="test-password-123")
    membership_assign(user=user, unit=unit, role=role)
    return user
