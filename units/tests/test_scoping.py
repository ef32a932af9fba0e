import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from units.models import AdministrativeUnit
from units.scoping import can_approve, can_edit, get_editable_or_403, get_visible_or_404

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(unit.name for unit in queryset)


def test_official_sees_his_commune_and_its_villages_only(official, quang_giao, thon_5, quang_hai):
    assert names(AdministrativeUnit.objects.visible_to(official)) == ["Quảng Giao", "Thôn 5"]


def test_coordinator_sees_every_commune_under_his_district(coordinator, quang_giao, quang_hai):
    assert names(AdministrativeUnit.objects.visible_to(coordinator).communes()) == ["Quảng Giao", "Quảng Hải"]


def test_outsider_sees_nothing_of_thanh_hoa(outsider, quang_giao):
    assert not AdministrativeUnit.objects.visible_to(outsider).filter(pk=quang_giao.pk).exists()


def test_a_user_without_a_unit_sees_nothing(no_unit_user, quang_giao):
    assert AdministrativeUnit.objects.visible_to(no_unit_user).count() == 0


def test_administrator_sees_everything(administrator, quang_giao, other_province):
    assert AdministrativeUnit.objects.visible_to(administrator).count() == AdministrativeUnit.objects.count()


def test_only_officials_and_administrators_may_edit(official, steering, coordinator, administrator, quang_giao):
    assert can_edit(official, quang_giao)
    assert can_edit(administrator, quang_giao)
    assert not can_edit(steering, quang_giao)
    assert not can_edit(coordinator, quang_giao)
    assert not can_edit(steering, quang_giao.children.first() or quang_giao)


def test_official_cannot_edit_another_commune(official, quang_hai):
    assert not can_edit(official, quang_hai)
    assert not any(can_edit(official, unit) for unit in AdministrativeUnit.objects.within(quang_hai))


def test_steering_committee_approves_its_own_commune_only(steering, official, quang_giao, quang_hai):
    assert can_approve(steering, quang_giao)
    assert not can_approve(steering, quang_hai)
    assert not can_approve(official, quang_giao)
    communes = AdministrativeUnit.objects.communes()
    assert [commune for commune in communes if can_approve(steering, commune)] == [quang_giao]


def test_fetch_helpers_give_404_to_outsiders_and_403_to_readers(official, steering, quang_giao, quang_hai):
    units = AdministrativeUnit.objects.all()
    assert get_editable_or_403(units, official, pk=quang_giao.pk) == quang_giao
    with pytest.raises(Http404):
        get_visible_or_404(units, official, pk=quang_hai.pk)
    with pytest.raises(Http404):
        get_editable_or_403(units, official, pk=quang_hai.pk)
    with pytest.raises(PermissionDenied):
        get_editable_or_403(units, steering, pk=quang_giao.pk)


def test_membership_is_looked_up_once_per_user_object(official, quang_giao, django_assert_num_queries):
    AdministrativeUnit.objects.visible_to(official).count()
    with django_assert_num_queries(1):
        AdministrativeUnit.objects.visible_to(official).count()
