"""Seed: the unit tree of the seed document and, on request, demonstration accounts."""

from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model

from units.models import AdministrativeUnit, Role

from .services import membership_assign, unit_create

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
]


def load(*, demo_accounts: bool, stdout=None):
    for node in yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8")):
        _load_node(node, parent=None)
    if demo_accounts:
        _load_demo_accounts(stdout)


def _load_node(node: dict, parent):
    unit = AdministrativeUnit.objects.filter(parent=parent, name=node["name"]).first()
    if unit is None:
        fields = {key: node[key] for key in ("code", "region", "zone") if key in node}
        unit = unit_create(level=node["level"], name=node["name"], parent=parent, **fields)
    for child in node.get("children", []):
        _load_node(child, parent=unit)


def _load_demo_accounts(stdout):
    User = get_user_model()
    for username, unit_name, role, title in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": title})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        membership_assign(user=user, unit=AdministrativeUnit.objects.get(name=unit_name), role=role, title=title)
    if stdout:
        stdout.write("Tài khoản minh họa (chỉ để dùng thử) / demo accounts (demonstration only):")
        for username, _unit, role, title in DEMO_ACCOUNTS:
            stdout.write(f"  {username:<18} mật khẩu: {DEMO_PASSWORD:<14} {Role(role).label} – {title}")
