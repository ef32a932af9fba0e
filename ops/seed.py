"""Seed: the unit tree of the seed document, the 2025 reform around it and, on request, demonstration accounts."""

import datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F

from units.models import AdministrativeUnit, ChangeKind, Kind, Level, Role, UnitChange

from . import catalogue
from .services import membership_assign, unit_create, unit_update
from .unit_changes import LegalAct, unit_change_apply

UNITS_FILE = Path(settings.BASE_DIR) / "fixtures" / "units.yaml"

# Demonstration accounts only: `make run` prints them; production never loads them.
# bandit B105 answered: a published demonstration password, set only with `seed_portal --demo-accounts`.
DEMO_PASSWORD = "demo-ntm-2024"  # nosec B105
DEMO_ACCOUNTS = [
    ("canbo.quanggiao", "Quảng Giao", Role.OFFICIAL, "Cán bộ phụ trách NTM xã Quảng Giao"),
    ("bcd.quanggiao", "Quảng Giao", Role.STEERING, "Thành viên Ban Chỉ đạo xã Quảng Giao"),
    ("vpdp.quangxuong", "Quảng Xương", Role.COORDINATOR, "Văn phòng điều phối NTM huyện Quảng Xương"),
    ("vpdp.thanhhoa", "Thanh Hóa", Role.COORDINATOR, "Văn phòng điều phối NTM tỉnh Thanh Hóa"),
    ("canbo.quanghai", "Quảng Hải", Role.OFFICIAL, "Cán bộ phụ trách NTM xã Quảng Hải"),
    ("quantri", "Thanh Hóa", Role.ADMIN, "Quản trị hệ thống"),
    # Since 1/7/2025: the ward Quảng Giao merged into and the commune Quảng Hải merged into.
    ("canbo.namsamson", "Nam Sầm Sơn", Role.OFFICIAL, "Cán bộ phụ trách NTM phường Nam Sầm Sơn"),
    ("bcd.namsamson", "Nam Sầm Sơn", Role.STEERING, "Thành viên Ban Chỉ đạo phường Nam Sầm Sơn"),
    ("canbo.quangninh", "Quảng Ninh", Role.OFFICIAL, "Cán bộ phụ trách NTM xã Quảng Ninh"),
]

# The reform around the seed commune (reference/reform-2025.md §2), from the catalogue: the two units of
# 1/7/2025 that Quảng Giao and Quảng Hải merged into, with every predecessor, and the clauses of NQ 1686.
REFORM_SUCCESSORS = {"phuongnamsamson": "Điều 1, khoản 135", "xaquangninh": "Điều 1, khoản 30"}
# Before that, on 1/1/2025, xã Quảng Hùng (16516) and xã Quảng Đại (16537) of thành phố Sầm Sơn became xã
# Đại Hùng (16516). The package lists units as of mid-2025, so these two come from the reference file; the
# resolution's number is from one secondary source and stays marked unverified.
DAI_HUNG_MERGE = datetime.date(2025, 1, 1)
DAI_HUNG_ACT = LegalAct(number="1238/NQ-UBTVQH15", verified=False)
DAI_HUNG_PREDECESSORS = [("Quảng Hùng", "16516"), ("Quảng Đại", "16537")]


def load(*, demo_accounts: bool, stdout=None):
    for node in yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8")):
        _load_node(node, parent=None)
    catalogue.load(province="Thanh Hóa", only=set(REFORM_SUCCESSORS), clauses=REFORM_SUCCESSORS)
    _load_dai_hung_merge()
    if demo_accounts:
        _load_demo_accounts(stdout)


def _load_node(node: dict, parent):
    unit = AdministrativeUnit.objects.filter(parent=parent, name=node["name"]).first()
    if unit is None:
        fields = {key: node[key] for key in ("code", "region", "zone") if key in node}
        unit = unit_create(level=node["level"], name=node["name"], parent=parent, **fields)
    for child in node.get("children", []):
        _load_node(child, parent=unit)


def _load_dai_hung_merge():
    dai_hung = AdministrativeUnit.objects.communes().get(code="16516", name="Đại Hùng")
    if UnitChange.objects.filter(effective_on=DAI_HUNG_MERGE, successors=dai_hung).exists():
        return
    dai_hung = unit_update(unit=dai_hung, valid_from=DAI_HUNG_MERGE)
    predecessors = [
        unit_create(
            level=Level.COMMUNE,
            kind=Kind.COMMUNE,
            name=name,
            code=code,
            parent=dai_hung.parent,
            dissolved_on=DAI_HUNG_MERGE,
        )
        for name, code in DAI_HUNG_PREDECESSORS
    ]
    unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=DAI_HUNG_MERGE,
        predecessors=predecessors,
        successors=[dai_hung],
        act=DAI_HUNG_ACT,
        note="Số nghị quyết theo một nguồn thứ cấp, chưa đối chiếu văn bản gốc.",
    )


def _unit_named(name: str) -> AdministrativeUnit:
    """The real unit of that name, today's before an ended one (two xã Quảng Ninh: before and after 2025)."""
    units = AdministrativeUnit.objects.filter(name=name, is_demo=False)
    return units.order_by(F("dissolved_on").desc(nulls_first=True)).first()


def _load_demo_accounts(stdout):
    User = get_user_model()
    for username, unit_name, role, title in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": title})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        membership_assign(user=user, unit=_unit_named(unit_name), role=role, title=title)
    if stdout:
        stdout.write("Tài khoản minh họa (chỉ để dùng thử) / demo accounts (demonstration only):")
        for username, _unit, role, title in DEMO_ACCOUNTS:
            stdout.write(f"  {username:<18} mật khẩu: {DEMO_PASSWORD:<14} {Role(role).label} – {title}")
