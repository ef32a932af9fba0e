from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from ops.services import membership_assign, unit_change, unit_create
from units.models import AdministrativeUnit, Level, Membership, Role

pytestmark = pytest.mark.django_db


def test_a_commune_can_sit_directly_under_a_province(thanh_hoa):
    commune = unit_create(level=Level.COMMUNE, name="Xã thử nghiệm", parent=thanh_hoa)
    assert commune.path == f"{thanh_hoa.path}{commune.pk}/"
    assert AdministrativeUnit.objects.within(thanh_hoa).communes().get() == commune


def test_moving_a_commune_out_of_an_abolished_district_keeps_scopes_right(thanh_hoa, quang_xuong, quang_giao, thon_5):
    unit_change(unit=quang_giao, effective=date(2025, 7, 1), parent=thanh_hoa, note="Bỏ cấp huyện")
    thon_5.refresh_from_db()
    assert quang_giao.path == f"{thanh_hoa.path}{quang_giao.pk}/"
    assert thon_5.path == f"{quang_giao.path}{thon_5.pk}/"
    assert not AdministrativeUnit.objects.within(quang_xuong).filter(pk=thon_5.pk).exists()
    assert quang_giao.history.get().parent == quang_xuong


def test_reports_for_an_earlier_year_use_the_name_valid_then(quang_giao):
    unit_change(unit=quang_giao, effective=date(2025, 7, 1), name="Tên mới (kiểm thử)")
    unit_change(unit=quang_giao, effective=date(2026, 1, 1), name="Tên mới hơn (kiểm thử)")
    quang_giao = AdministrativeUnit.objects.prefetch_related("history").get(pk=quang_giao.pk)
    assert quang_giao.name_on(date(2024, 4, 9)) == "Quảng Giao"
    assert quang_giao.name_on(date(2025, 7, 1)) == "Tên mới (kiểm thử)"
    assert quang_giao.name_on(date(2026, 6, 1)) == "Tên mới hơn (kiểm thử)"


def test_unit_changes_are_audited(quang_giao, official):
    unit_change(unit=quang_giao, effective=date(2025, 7, 1), name="Tên mới (kiểm thử)", user=official)
    entry = AuditEntry.objects.for_object(quang_giao).filter(action="update").get()
    assert entry.changes["name"] == ["Quảng Giao", "Tên mới (kiểm thử)"]
    assert entry.user == official


def test_commune_roles_must_belong_to_a_commune(no_unit_user, quang_xuong):
    with pytest.raises(ValidationError):
        membership_assign(user=no_unit_user, unit=quang_xuong, role=Role.OFFICIAL)
    assert not Membership.objects.filter(user=no_unit_user).exists()


def test_coordinators_belong_to_a_district_or_province(no_unit_user, quang_giao):
    with pytest.raises(ValidationError):
        membership_assign(user=no_unit_user, unit=quang_giao, role=Role.COORDINATOR)


def test_duplicate_names_under_one_parent_are_refused(quang_giao):
    with pytest.raises(ValidationError):
        unit_create(level=Level.COMMUNE, name="Quảng Giao", parent=quang_giao.parent)
