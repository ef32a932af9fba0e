"""The unit page across a merge, and the banner for people whose own unit has ended (docs/adr/0090, 0092)."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from ops.services import unit_update
from ops.tests.reform import JULY_2025, commune
from ops.unit_changes import NewUnit, unit_change_apply, unit_end
from units.lineage import ending_of
from units.models import AdministrativeUnit, ChangeKind, Level

pytestmark = pytest.mark.django_db

BANNER = (
    "Xã Quảng Giao đã sáp nhập vào phường Nam Sầm Sơn từ 01/07/2025. Tài khoản của bạn chỉ xem được dữ liệu cũ; "
    "đề nghị quản trị chuyển tài khoản sang đơn vị mới."
)


def page(client, unit) -> str:
    response = client.get(reverse("units:detail", args=[unit.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def link(unit) -> str:
    return f'href="{reverse("units:detail", args=[unit.pk])}"'


def test_the_successors_page_shows_its_type_period_code_and_predecessors(client_for, nss_official, reform, quang_giao):
    # Test values, not the catalogue's: the page shows a centroid and an area when the unit has them.
    unit_update(unit=reform.nam_sam_son, latitude=Decimal("19.7"), longitude=Decimal("105.9"), area_km2=Decimal("12.5"))
    text = page(client_for(nss_official), reform.nam_sam_son)
    assert "Phường Nam Sầm Sơn" in text
    assert "Phường" in text and "16516" in text
    assert "hoạt động từ 01/07/2025" in text and "ngừng hoạt động từ" not in text
    assert "19,7; 105,9" in text and "12,5 km²" in text
    assert "Hình thành từ" in text and "1686/NQ-UBTVQH15, Điều 1, khoản 135 (ngày 16/06/2025)" in text
    for predecessor in (reform.quang_vinh, reform.quang_minh, reform.dai_hung, quang_giao):
        assert link(predecessor) in text
    assert "Đơn vị đã sáp nhập" not in text
    assert BANNER not in text


def test_a_predecessors_page_says_what_it_merged_into_and_when(client_for, nss_official, reform, quang_giao, thon_5):
    text = page(client_for(nss_official), quang_giao)
    assert "Đơn vị đã sáp nhập vào phường Nam Sầm Sơn từ 01/07/2025." in text
    assert "ngừng hoạt động từ 01/07/2025" in text
    assert "Sắp xếp thành" in text and link(reform.nam_sam_son) in text
    assert "Thôn 5" in text  # its villages stay with it


def test_the_ended_units_own_official_sees_the_successor_named_but_not_linked(client_for, official, reform, quang_giao):
    text = page(client_for(official), quang_giao)
    assert "Đơn vị đã sáp nhập vào phường Nam Sầm Sơn từ 01/07/2025." in text
    assert link(reform.nam_sam_son) not in text
    assert "Chỉ xem" in text


def test_dai_hungs_page_shows_both_changes_and_marks_an_unchecked_legal_act(client_for, nss_official, reform):
    text = page(client_for(nss_official), reform.dai_hung)
    assert "hoạt động từ 01/01/2025; ngừng hoạt động từ 01/07/2025" in text
    assert link(reform.quang_hung) in text and link(reform.quang_dai) in text
    assert "1238/NQ-UBTVQH15" in text and "chưa đối chiếu văn bản gốc" in text


def test_people_of_an_ended_unit_see_the_banner_on_every_page(client_for, official, reform):
    client = client_for(official)
    for url in (reverse("units:list"), reverse("projects:work_list"), reverse("audit_list")):
        assert BANNER in html.unescape(client.get(url).content.decode())


def test_people_of_units_in_force_see_no_banner(client_for, nss_official, province_coordinator, reform):
    for user in (nss_official, province_coordinator):
        text = html.unescape(client_for(user).get(reverse("units:list")).content.decode())
        assert "Tài khoản của bạn chỉ xem được dữ liệu cũ" not in text


def test_an_outsider_to_the_merge_gets_404(client_for, quang_ninh_official, reform, quang_giao):
    client = client_for(quang_ninh_official)
    for unit in (reform.nam_sam_son, quang_giao, reform.dai_hung):
        assert client.get(reverse("units:detail", args=[unit.pk])).status_code == 404


def test_the_unit_page_costs_the_same_queries_whatever_the_lineage(
    client_for, nss_official, reform, quang_giao, django_assert_max_num_queries
):
    client = client_for(nss_official)
    client.get(reverse("units:detail", args=[quang_giao.pk]))  # sessions and caches warmed
    with django_assert_max_num_queries(50) as simple:
        client.get(reverse("units:detail", args=[reform.quang_vinh.pk]))
    with django_assert_max_num_queries(50) as merged:
        client.get(reverse("units:detail", args=[reform.nam_sam_son.pk]))
    assert len(merged.captured_queries) == len(simple.captured_queries)


def test_the_notices_say_whether_a_unit_merged_split_or_only_ended(reform, quang_xuong, thanh_hoa):
    divided = commune("Hải Hòa (kiểm thử)", quang_xuong, "")
    unit_change_apply(
        kind=ChangeKind.SPLIT,
        effective_on=JULY_2025,
        predecessors=[divided],
        successors=[NewUnit(level=Level.COMMUNE, name=name, parent=thanh_hoa) for name in ("Hải Nam", "Hải Bắc")],
    )
    unit_end(unit=quang_xuong, on=JULY_2025)
    notices = {
        unit.name: (ending_of(unit).sentence(), ending_of(unit).page_notice())
        for unit in AdministrativeUnit.objects.filter(pk__in=[reform.quang_giao.pk, divided.pk, quang_xuong.pk])
    }
    assert notices == {
        "Quảng Giao": (
            "Xã Quảng Giao đã sáp nhập vào phường Nam Sầm Sơn từ 01/07/2025.",
            "Đơn vị đã sáp nhập vào phường Nam Sầm Sơn từ 01/07/2025.",
        ),
        "Hải Hòa (kiểm thử)": (
            "Xã Hải Hòa (kiểm thử) đã chia tách thành xã Hải Bắc, xã Hải Nam từ 01/07/2025.",
            "Đơn vị đã chia tách thành xã Hải Bắc, xã Hải Nam từ 01/07/2025.",
        ),
        "Quảng Xương": (
            "Huyện Quảng Xương đã ngừng hoạt động từ 01/07/2025.",
            "Đơn vị đã ngừng hoạt động từ 01/07/2025.",
        ),
    }
