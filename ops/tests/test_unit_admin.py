"""The administrator's tools on units over time: merges and splits through `unit_change_apply`, the catalogue
read-only, the unit form with its period, type, centroid and area; every refusal a Vietnamese form error."""

import datetime
import html

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from ops.services import unit_change, unit_create
from tests.conftest import row_counts
from units.models import AdministrativeUnit, ChangeKind, Kind, Level, UnitCatalogue, UnitChange

from .reform import JULY_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for, administrator):
    return client_for(administrator)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def merge_form(**overrides) -> dict:
    data = {
        "kind": ChangeKind.MERGE,
        "effective_on": "01/07/2025",
        "legal_number": "1686/NQ-UBTVQH15",
        "legal_date": "16/06/2025",
        "legal_clause": "Điều 1, khoản 135",
        "legal_verified": "on",
        "note": "",
        "new_name": "Nam Sầm Sơn",
        "new_kind": Kind.WARD,
        "new_code": "16516",
        "new_latitude": "",
        "new_longitude": "",
        "new_area_km2": "",
    }
    data.update(overrides)
    return data


def add_url():
    return reverse("admin:units_unitchange_add")


def test_the_changes_list_shows_kind_date_act_and_both_sides(admin_client, reform):
    text = text_of(admin_client.get(reverse("admin:units_unitchange_changelist")))
    assert "1686/NQ-UBTVQH15, Điều 1, khoản 135" in text
    assert "1238/NQ-UBTVQH15 (chưa đối chiếu)" in text
    for name in ("phường Quảng Vinh", "xã Quảng Minh", "xã Quảng Giao", "phường Nam Sầm Sơn", "xã Đại Hùng"):
        assert name in text


def test_the_add_form_renders_with_autocomplete_widgets(admin_client, thanh_hoa):
    text = text_of(admin_client.get(add_url()))
    assert "Ghi một lần sáp nhập hoặc chia tách" in text
    assert text.count('data-ajax--url="/admin/autocomplete/"') == 3  # predecessors, successors, the new parent


def test_an_administrator_merges_four_units_into_a_new_ward(
    admin_client, administrator, thanh_hoa, quang_giao, quang_hai
):
    response = admin_client.post(
        add_url(),
        merge_form(predecessors=[quang_giao.pk, quang_hai.pk], new_parent=thanh_hoa.pk),
    )
    change = UnitChange.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:units_unitchange_change", args=[change.pk])
    new = change.successors.get()
    assert (new.full_name, new.code, new.parent, new.valid_from) == (
        "phường Nam Sầm Sơn",
        "16516",
        thanh_hoa,
        JULY_2025,
    )
    assert set(change.predecessors.all()) == {quang_giao, quang_hai}
    assert change.legal_verified and change.legal_date == datetime.date(2025, 6, 16)
    assert AuditEntry.objects.for_object(change).get().user == administrator


def test_a_unit_merged_into_an_existing_one_through_the_form(admin_client, quang_giao, quang_hai):
    response = admin_client.post(
        add_url(),
        merge_form(predecessors=[quang_hai.pk], existing_successors=[quang_giao.pk], new_name="", new_kind=""),
    )
    assert response.status_code == 302
    quang_giao.refresh_from_db()
    assert quang_giao.absorbed_paths == quang_hai.path


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("ended", "Xã Quảng Hùng đã ngừng hoạt động từ 01/01/2025; không sắp xếp được từ ngày 01/07/2025."),
        ("code", "Mã 16540 đã thuộc một đơn vị khác trong cùng thời gian"),
        ("no successor", "Chọn đơn vị sau sắp xếp đã có hoặc nhập tên đơn vị mới."),
        ("bad date", "Ngày không hợp lệ hoặc không tồn tại"),
    ],
)
def test_a_refused_merge_shows_a_vietnamese_error_and_writes_nothing(
    case, message, admin_client, reform, thanh_hoa, quang_xuong
):
    fresh = unit_create(level=Level.COMMUNE, name="Xã kiểm thử", parent=quang_xuong)
    data = {
        "ended": merge_form(predecessors=[reform.quang_hung.pk], new_parent=thanh_hoa.pk, new_code=""),
        "code": merge_form(predecessors=[fresh.pk], new_parent=thanh_hoa.pk, new_code="16540", new_name="Tên thử"),
        "no successor": merge_form(predecessors=[fresh.pk], new_name=""),
        "bad date": merge_form(predecessors=[fresh.pk], new_parent=thanh_hoa.pk, effective_on="31/02/2025"),
    }[case]
    before = row_counts()
    response = admin_client.post(add_url(), data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert row_counts() == before


def test_a_code_error_is_shown_on_the_new_units_code_field(admin_client, reform, thanh_hoa, quang_xuong):
    fresh = unit_create(level=Level.COMMUNE, name="Xã kiểm thử", parent=quang_xuong)
    response = admin_client.post(
        add_url(), merge_form(predecessors=[fresh.pk], new_parent=thanh_hoa.pk, new_code="16540", new_name="Tên thử")
    )
    assert "Mã 16540" in " ".join(response.context["form"].errors["new_code"])


def test_only_the_legal_act_of_a_recorded_change_may_be_corrected(admin_client, administrator, reform):
    change = reform.merge_2025_01
    url = reverse("admin:units_unitchange_change", args=[change.pk])
    response = admin_client.post(
        url,
        {
            "legal_number": "1238/NQ-UBTVQH15",
            "legal_date": "",
            "legal_clause": "",
            "legal_verified": "on",
            "note": "Đã đối chiếu",
        },
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.legal_verified and change.note == "Đã đối chiếu"
    assert change.effective_on == datetime.date(2025, 1, 1)
    entry = AuditEntry.objects.for_object(change).filter(action="update").get()
    assert entry.changes["legal_verified"] == [False, True] and entry.user == administrator
    assert (
        admin_client.post(reverse("admin:units_unitchange_delete", args=[change.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_the_catalogue_is_read_only(admin_client, db):
    catalogue = UnitCatalogue.objects.create(
        package="vietnamadminunits", version="0.0-kiem-thu", legal_basis="(kiểm thử)", scope="Thanh Hóa"
    )
    assert admin_client.get(reverse("admin:units_unitcatalogue_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:units_unitcatalogue_add")).status_code == 403
    page = admin_client.get(reverse("admin:units_unitcatalogue_change", args=[catalogue.pk]))
    assert page.status_code == 200 and 'name="version"' not in page.content.decode()


def test_the_unit_form_shows_period_type_centroid_area_and_what_the_unit_absorbed(admin_client, reform):
    text = text_of(admin_client.get(reverse("admin:units_administrativeunit_change", args=[reform.nam_sam_son.pk])))
    for name in ("kind", "valid_from", "dissolved_on", "latitude", "longitude", "area_km2"):
        assert f'name="{name}"' in text
    assert 'name="absorbed_paths"' not in text
    assert "xã Quảng Giao" in text and "xã Quảng Hùng" in text  # read-only: the subtrees it answers for


def unit_form(unit, **overrides) -> dict:
    data = {
        "kind": unit.kind,
        "name": unit.name,
        "code": unit.code,
        "parent": unit.parent_id or "",
        "valid_from": unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "",
        "dissolved_on": unit.dissolved_on.strftime("%d/%m/%Y") if unit.dissolved_on else "",
        "latitude": "",
        "longitude": "",
        "area_km2": "",
        "region": unit.region,
        "zone": unit.zone,
        "effective_from": "",
        "change_note": "",
        "legal_number": "",
        "legal_clause": "",
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
        "history-MIN_NUM_FORMS": "0",
        "history-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_renaming_a_unit_in_the_admin_records_a_change_with_its_legal_act(admin_client, quang_hai):
    url = reverse("admin:units_administrativeunit_change", args=[quang_hai.pk])
    response = admin_client.post(
        url,
        unit_form(
            quang_hai,
            name="Quảng Hải Mới (kiểm thử)",
            effective_from="01/01/2026",
            legal_number="Số kiểm thử",
            latitude="19.65",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    quang_hai.refresh_from_db()
    assert quang_hai.name == "Quảng Hải Mới (kiểm thử)" and str(quang_hai.latitude) == "19.650000"
    change = UnitChange.objects.get()
    assert (change.kind, change.legal_number, list(change.successors.all())) == (
        ChangeKind.RENAME,
        "Số kiểm thử",
        [quang_hai],
    )
    assert quang_hai.history.get().name == "Quảng Hải"


def test_a_refused_rename_or_overlapping_period_is_a_form_error_and_writes_nothing(admin_client, reform, quang_giao):
    unit_change(unit=reform.quang_ninh, effective=datetime.date(2026, 1, 1), name="Quảng Ninh (kiểm thử)")
    reform.quang_ninh.refresh_from_db()
    url = reverse("admin:units_administrativeunit_change", args=[reform.quang_ninh.pk])
    before = row_counts()
    response = admin_client.post(url, unit_form(reform.quang_ninh, name="Tên sớm hơn", effective_from="01/09/2025"))
    assert response.status_code == 200
    assert "hãy ghi các thay đổi theo thứ tự thời gian" in text_of(response)
    response = admin_client.post(url, unit_form(reform.quang_ninh, valid_from="01/06/2025"))
    assert "Mã 16540 đã thuộc một đơn vị khác trong cùng thời gian" in text_of(response)
    assert row_counts() == before


def test_adding_a_unit_in_the_admin_goes_through_the_service(admin_client, thanh_hoa):
    data = unit_form(
        AdministrativeUnit(level="commune", name="Xã thêm (kiểm thử)", parent=thanh_hoa, kind=Kind.COMMUNE),
        level="commune",
        valid_from="01/07/2025",
        code="99999",
    )
    response = admin_client.post(reverse("admin:units_administrativeunit_add"), data)
    assert response.status_code == 302
    unit = AdministrativeUnit.objects.get(name="Xã thêm (kiểm thử)")
    assert unit.path == f"{thanh_hoa.path}{unit.pk}/" and unit.valid_from == JULY_2025
    assert AuditEntry.objects.for_object(unit).filter(action="create").exists()


def test_the_form_may_give_the_new_unit_another_level_than_its_predecessors(admin_client, thanh_hoa):
    island = unit_create(level=Level.DISTRICT, name="Huyện đảo (kiểm thử)", parent=thanh_hoa)
    data = merge_form(
        predecessors=[island.pk],
        new_parent=thanh_hoa.pk,
        new_name="Đảo (kiểm thử)",
        new_level=Level.COMMUNE,
        new_kind=Kind.SPECIAL_ZONE,
        new_code="",
    )
    assert admin_client.post(add_url(), data).status_code == 302
    zone = UnitChange.objects.get().successors.get()
    assert (zone.level, zone.full_name) == (Level.COMMUNE, "đặc khu Đảo (kiểm thử)")
