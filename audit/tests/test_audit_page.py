from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from units.models import AdministrativeUnit, Membership

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
URL = reverse("audit_list")


def entry(*, commune, user=None, model=AdministrativeUnit, action=AuditEntry.Action.UPDATE, at=None, text="bản ghi"):
    created = AuditEntry.objects.create(
        commune=commune,
        user=user,
        content_type=ContentType.objects.get_for_model(model),
        object_id="1",
        object_repr=text,
        action=action,
        changes={"name": ["cũ", "mới"]},
    )
    if at:
        AuditEntry.objects.filter(pk=created.pk).update(at=at)
    return created


def shown(response):
    return [item.object_repr for item in response.context["page"]]


@pytest.fixture
def cast(official, other_official, steering, coordinator, administrator, quang_giao, quang_hai):
    AuditEntry.objects.all().delete()  # the fixtures' own unit and membership entries
    return {"official": official, "other_official": other_official}


def test_the_page_lists_only_the_viewers_commune(client_for, cast, official, quang_giao, quang_hai):
    entry(commune=quang_giao, text="thay đổi ở Quảng Giao")
    entry(commune=quang_hai, text="thay đổi ở Quảng Hải")
    response = client_for(official).get(URL)
    assert response.status_code == 200
    assert shown(response) == ["thay đổi ở Quảng Giao"]


def test_an_outsider_sees_no_change_and_cannot_filter_his_way_in(client_for, cast, outsider, quang_giao):
    entry(commune=quang_giao, text="thay đổi ở Quảng Giao")
    response = client_for(outsider).get(URL, {"commune": quang_giao.pk})
    assert response.status_code == 200
    assert shown(response) == []
    assert "commune" in response.context["form"].errors  # not one of his choices


def test_a_coordinator_filters_by_commune(client_for, cast, coordinator, quang_giao, quang_hai):
    entry(commune=quang_giao, text="Quảng Giao")
    entry(commune=quang_hai, text="Quảng Hải")
    response = client_for(coordinator).get(URL, {"commune": quang_hai.pk})
    assert shown(response) == ["Quảng Hải"]


def test_filter_by_person_record_type_and_action(client_for, cast, coordinator, official, quang_giao):
    entry(commune=quang_giao, user=official, text="sửa đơn vị của cán bộ")
    entry(commune=quang_giao, user=official, model=Membership, text="thành viên")
    entry(commune=quang_giao, user=official, action=AuditEntry.Action.CREATE, text="tạo mới")
    entry(commune=quang_giao, user=None, text="hệ thống")
    client = client_for(coordinator)
    unit_type = ContentType.objects.get_for_model(AdministrativeUnit)
    response = client.get(URL, {"user": official.pk, "content_type": unit_type.pk, "action": "update"})
    assert shown(response) == ["sửa đơn vị của cán bộ"]


def test_filter_by_dates_written_day_first_includes_both_ends(client_for, cast, official, quang_giao):
    entry(commune=quang_giao, at=datetime(2024, 4, 8, 23, 0, tzinfo=HCM), text="08/04")
    entry(commune=quang_giao, at=datetime(2024, 4, 9, 0, 30, tzinfo=HCM), text="09/04 sáng sớm")
    entry(commune=quang_giao, at=datetime(2024, 4, 10, 23, 59, tzinfo=HCM), text="10/04 khuya")
    entry(commune=quang_giao, at=datetime(2024, 4, 11, 0, 1, tzinfo=HCM), text="11/04")
    response = client_for(official).get(URL, {"date_from": "09/04/2024", "date_to": "10/04/2024"})
    assert shown(response) == ["10/04 khuya", "09/04 sáng sớm"]


def test_an_impossible_date_gets_a_vietnamese_message(client_for, cast, official, quang_giao):
    entry(commune=quang_giao, text="một thay đổi")
    response = client_for(official).get(URL, {"date_from": "31/02/2024"})
    assert response.status_code == 200
    assert "Ngày không hợp lệ hoặc không tồn tại; nhập theo dạng dd/mm/yyyy" in response.content.decode()
    assert shown(response) == ["một thay đổi"]


def test_an_end_before_the_start_is_refused(client_for, cast, official):
    response = client_for(official).get(URL, {"date_from": "10/04/2024", "date_to": "09/04/2024"})
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in response.content.decode()


def test_pagination_keeps_the_filters(client_for, cast, official, quang_giao):
    for number in range(60):
        entry(commune=quang_giao, action=AuditEntry.Action.CREATE, text=f"tạo {number}")
    entry(commune=quang_giao, action=AuditEntry.Action.DELETE, text="xóa")
    client = client_for(official)
    response = client.get(URL, {"action": "create"})
    assert response.context["page"].paginator.count == 60
    page = response.content.decode()
    assert "?action=create&amp;page=2" in page
    second = client.get(URL, {"action": "create", "page": 2})
    assert len(shown(second)) == 10
    assert "xóa" not in shown(second)


def test_the_filter_choices_list_only_what_the_viewer_may_see(client_for, cast, official, other_official, quang_giao):
    entry(commune=quang_giao, user=official)
    form = client_for(official).get(URL).context["form"]
    assert list(form.fields["commune"].queryset) == [quang_giao]
    assert other_official not in form.fields["user"].queryset
    assert official in form.fields["user"].queryset


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("filters", [{}, {"action": "update", "date_from": "01/01/2020"}])
def test_the_page_costs_the_same_queries_however_many_changes(
    client_for, cast, coordinator, official, quang_giao, quang_hai, django_assert_num_queries, filters
):
    client = client_for(coordinator)

    def add(count):
        for number in range(count):
            entry(commune=quang_giao if number % 2 else quang_hai, user=official, text=f"thay đổi {number}")

    add(5)
    client.get(URL, filters)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        client.get(URL, filters)
    add(10)
    with django_assert_num_queries(len(small)):
        response = client.get(URL, filters)
    assert response.context["page"].paginator.count == 15


def test_each_change_shows_the_fields_vietnamese_name_with_old_and_new_values(client_for, cast, official, quang_giao):
    entry(commune=quang_giao, text="đổi tên")
    page = client_for(official).get(URL).content.decode()
    assert "Tên</span>: cũ → mới" in page


def test_dates_choices_and_flags_in_changes_read_the_vietnamese_way(client_for, cast, official, quang_giao):
    AuditEntry.objects.create(
        commune=quang_giao,
        content_type=ContentType.objects.get_for_model(AdministrativeUnit),
        object_id="1",
        object_repr="đơn vị",
        action=AuditEntry.Action.UPDATE,
        changes={"dissolved_on": [None, "2025-07-01"], "level": ["village", "commune"], "is_demo": [True, False]},
    )
    page = client_for(official).get(URL).content.decode()
    assert "Ngừng hoạt động từ ngày</span>: — → 01/07/2025" in page
    assert "Cấp</span>: Thôn/Bản → Xã/Phường" in page
    assert "Dữ liệu minh họa</span>: Có → Không" in page
