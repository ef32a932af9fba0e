import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import ProgressPhoto, ProgressUpdate, QuarterlyTask, Work

from .conftest import png_bytes


def work_post(work=None, **overrides):
    data = {
        "code": work.code if work else "QG-NEW",
        "name": work.name if work else "Đường mới thôn 5",
        "village": "",
        "category": "road",
        "total_investment": "1,62 tỷ",
        "planned_start_year": "2024",
        "planned_start_quarter": "4",
        "planned_end_year": "2024",
        "planned_end_quarter": "4",
        "status": "planned",
        "place": "",
        "version": work.version if work else "",
    }
    data.update(overrides)
    return data


# --- permissions --------------------------------------------------------------------------------------------


def read_urls(work, task):
    commune = work.commune_id
    return [
        reverse("projects:work_detail", args=[work.pk]),
        reverse("projects:work_edit", args=[work.pk]),
        reverse("projects:progress_create", args=[work.pk]),
        reverse("projects:plan", args=[commune, 2024]),
        reverse("projects:task_create", args=[commune, 2024]),
        reverse("projects:task_edit", args=[task.pk]),
        reverse("projects:work_create", args=[commune]),
        reverse("projects:import", args=[commune, "progress"]),
    ]


def test_an_outsider_gets_404_on_every_page_of_a_commune(client_for, outsider, road, quang_giao, make_task):
    task = make_task(quang_giao)
    client = client_for(outsider)
    for url in read_urls(road, task):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("projects:progress_quick", args=[road.pk]),
        reverse("projects:task_delete", args=[task.pk]),
        reverse("projects:task_done", args=[task.pk]),
        reverse("projects:import_confirm", args=[road.commune_id, "works"]),
    ):
        assert client.post(url).status_code == 404, url


def test_an_outsider_sees_no_work_in_the_list_or_the_export(client_for, outsider, road):
    client = client_for(outsider)
    assert road.code not in client.get(reverse("projects:work_list")).content.decode()
    assert client.get(reverse("projects:work_export")).status_code == 200


def test_an_official_of_another_commune_cannot_open_this_communes_work(client_for, other_official, road):
    assert client_for(other_official).get(reverse("projects:work_detail", args=[road.pk])).status_code == 404


@pytest.mark.parametrize("reader", ["steering", "coordinator"])
def test_read_only_roles_see_the_work_but_get_403_on_every_write(
    request, client_for, reader, road, quang_giao, make_task
):
    user = request.getfixturevalue(reader)
    task = make_task(quang_giao)
    client = client_for(user)
    assert client.get(reverse("projects:work_detail", args=[road.pk])).status_code == 200
    assert client.get(reverse("projects:plan", args=[quang_giao.pk, 2024])).status_code == 200
    writes = [
        (reverse("projects:work_edit", args=[road.pk]), work_post(road, name="Đổi tên")),
        (reverse("projects:work_create", args=[quang_giao.pk]), work_post()),
        (reverse("projects:progress_create", args=[road.pk]), {"date": "01/04/2024", "physical_percent": "50"}),
        (reverse("projects:progress_quick", args=[road.pk]), {"date": "01/04/2024", "physical_percent": "50"}),
        (reverse("projects:task_create", args=[quang_giao.pk, 2024]), {"year": 2024, "quarter": 1, "text": "x"}),
        (reverse("projects:task_edit", args=[task.pk]), {"year": 2024, "quarter": 1, "text": "x", "status": "done"}),
        (reverse("projects:task_delete", args=[task.pk]), {}),
        (reverse("projects:task_done", args=[task.pk]), {"version": 1}),
        (reverse("projects:import", args=[quang_giao.pk, "works"]), {}),
        (reverse("projects:import_confirm", args=[quang_giao.pk, "works"]), {}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    road.refresh_from_db()
    assert road.version == 1 and road.name.startswith("Đường trục")
    assert Work.objects.count() == 1 and not ProgressUpdate.objects.exists()
    assert QuarterlyTask.objects.get().text == "Nhiệm vụ thử"


# --- works -------------------------------------------------------------------------------------------------


def test_an_official_adds_a_work_with_money_written_as_officials_write_it(client_for, official, quang_giao):
    response = client_for(official).post(reverse("projects:work_create", args=[quang_giao.pk]), work_post())
    work = Work.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("projects:work_detail", args=[work.pk])
    assert work.total_investment == 1_620_000_000 and work.commune == quang_giao


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "<script>alert(1)</script>", "không được chứa mã HTML"),
        ("total_investment", "-5 tỷ", "không được âm"),
        ("total_investment", "9999999999 tỷ", "quá lớn"),
        ("planned_end_year", "2023", "không được trước thời gian khởi công"),
        ("planned_start_quarter", "5", "Select a valid choice"),
    ],
)
def test_bad_work_input_shows_a_message_and_saves_nothing(client_for, official, quang_giao, field, value, message):
    response = client_for(official).post(
        reverse("projects:work_create", args=[quang_giao.pk]), work_post(**{field: value})
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content or "Hãy chọn" in content or "Lựa chọn" in content
    assert not Work.objects.exists()


def test_the_second_of_two_concurrent_edits_is_refused_and_shows_what_changed(client_for, official, road):
    client = client_for(official)
    url = reverse("projects:work_edit", args=[road.pk])
    first = client.post(url, work_post(road, total_investment="8 tỷ"))
    assert first.status_code == 302
    second = client.post(url, work_post(road, name="Tên sửa đồng thời"))  # still carries version 1
    content = second.content.decode()
    assert second.status_code == 200
    assert "CHƯA được lưu" in content and "7.600.000.000 đồng" in content and "8.000.000.000 đồng" in content
    road.refresh_from_db()
    assert road.total_investment == 8_000_000_000 and road.name.startswith("Đường trục")
    # The refused form now carries the new version and the other person's figure; saving it keeps both edits.
    form = second.context["form"]
    assert form.data["version"] == "2" and form.data["total_investment"] == "8.000.000.000 đồng"
    assert form.data["name"] == "Tên sửa đồng thời"
    third = client.post(url, form.data)
    assert third.status_code == 302
    road.refresh_from_db()
    assert (road.name, road.total_investment, road.version) == ("Tên sửa đồng thời", 8_000_000_000, 3)


def test_a_stale_task_edit_is_refused_and_offered_again_on_the_new_version(client_for, official, quang_giao, make_task):
    task = make_task(quang_giao, quarter=3, text="Lắp biển chỉ dẫn")
    client = client_for(official)
    url = reverse("projects:task_edit", args=[task.pk])
    base = {"year": 2024, "quarter": 3, "text": "Lắp biển chỉ dẫn", "status": "planned", "version": 1}
    assert client.post(url, {**base, "amount": "624.926.000"}).status_code == 302
    second = client.post(url, {**base, "responsible": "Công chức địa chính"})
    assert "CHƯA được lưu" in second.content.decode() and "624.926.000 đồng" in second.content.decode()
    task.refresh_from_db()
    assert task.responsible == "" and task.amount == 624_926_000


def test_the_work_page_shows_the_latest_state_timeline_and_history(client_for, official, road, record):
    record(road, datetime.date(2024, 3, 1), "20", 1_000_000_000, note="Đổ bê tông đoạn 1")
    record(road, datetime.date(2024, 4, 1), "45.5", 2_500_000_000)
    content = client_for(official).get(reverse("projects:work_detail", args=[road.pk])).content.decode()
    assert "45,5 %" in content and "2.500.000.000 đồng" in content
    assert "Đổ bê tông đoạn 1" in content
    assert "Lịch sử thay đổi" in content and "Tạo mới" in content


def test_the_list_filters_by_year_village_status_and_category(client_for, official, road, make_work, quang_giao):
    other = make_work(quang_giao, code="QG-OTHER", category="school", planned_start_year=2025, planned_end_year=2025)
    client = client_for(official)
    url = reverse("projects:work_list")

    def codes(**params):
        content = client.get(url, params).content.decode()
        return {code for code in (road.code, other.code) if code in content}

    assert codes() == {road.code, other.code}
    assert codes(year=2024) == {road.code}
    assert codes(village=road.village_id) == {road.code}
    assert codes(status="planned") == {other.code}
    assert codes(category="school") == {other.code}


def test_the_list_answers_a_bad_filter_with_specific_vietnamese_messages(client_for, official, road):
    client = client_for(official)
    url = reverse("projects:work_list")
    for year in ("2101", "1999"):
        form = client.get(url, {"year": year}).context["form"]
        assert form.errors["year"] == ["Năm phải từ 2000 đến 2100."]
    response = client.get(url, {"year": "năm ngoái", "status": "xong", "category": "khac", "village": "999999"})
    errors = response.context["form"].errors
    assert errors["year"] == ["Năm phải là số, ví dụ 2024."]
    assert errors["status"] == ["Tình trạng đã chọn không có trong danh sách."]
    assert errors["category"] == ["Lĩnh vực đã chọn không có trong danh sách."]
    assert errors["village"] == ["Thôn đã chọn không có trong danh sách bạn được xem."]
    content = client.get(url, {"year": "2101"}).content.decode()
    assert "Năm phải từ 2000 đến 2100." in content
    assert "Đảm bảo giá trị này" not in content


# --- progress -----------------------------------------------------------------------------------------------


def test_quick_progress_with_htmx_returns_the_new_state_without_a_page(client_for, official, road):
    response = client_for(official).post(
        reverse("projects:progress_quick", args=[road.pk]),
        {"date": "01/04/2024", "physical_percent": "45,5", "disbursed_cumulative": "2,5 tỷ"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "45,5 %" in content and "Đã ghi tiến độ" in content
    update = ProgressUpdate.objects.get()
    assert update.physical_percent == Decimal("45.50") and update.disbursed_cumulative == 2_500_000_000


def test_quick_progress_going_down_without_reason_is_refused_in_place(client_for, official, road, record):
    record(road, datetime.date(2024, 3, 1), "60")
    response = client_for(official).post(
        reverse("projects:progress_quick", args=[road.pk]),
        {"date": "01/04/2024", "physical_percent": "50"},
        HTTP_HX_REQUEST="true",
    )
    assert "Cần ghi lý do" in response.content.decode()
    assert ProgressUpdate.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "31/02/2024", "physical_percent": "10"}, "không tồn tại"),
        ({"date": "01/04/2024", "physical_percent": "101"}, "từ 0 đến 100"),
        ({"date": "01/04/2024", "physical_percent": "10", "note": "<b>x</b>"}, "mã HTML"),
        ({"date": "01/04/2024", "physical_percent": "10", "disbursed_cumulative": "gần 1 tỷ"}, "số chính xác"),
    ],
)
def test_bad_progress_input_is_refused_with_a_vietnamese_message(client_for, official, road, data, message):
    response = client_for(official).post(reverse("projects:progress_create", args=[road.pk]), data)
    assert message in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_progress_with_photos_keeps_them_by_stage(client_for, official, road, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("truoc.png", png_bytes(), content_type="image/png")
    response = client_for(official).post(
        reverse("projects:progress_create", args=[road.pk]),
        {"date": "01/04/2024", "physical_percent": "10", "photo_before": photo},
    )
    assert response.status_code == 302
    photo = ProgressPhoto.objects.get()
    assert photo.stage == "before" and photo.image.name.endswith(".png")


def test_a_photo_is_stored_under_the_extension_of_its_content(client_for, official, outsider, road, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    disguised = SimpleUploadedFile("trang.html", png_bytes(), content_type="text/html")
    client = client_for(official)
    response = client.post(
        reverse("projects:progress_create", args=[road.pk]),
        {"date": "01/04/2024", "physical_percent": "10", "photo_during": disguised},
    )
    assert response.status_code == 302
    photo = ProgressPhoto.objects.get()
    assert photo.image.name.endswith(".png")
    served = client.get(photo.image.url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert client_for(outsider).get(photo.image.url).status_code == 404


def test_a_photo_that_is_not_an_image_is_refused(client_for, official, road, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("anh.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client_for(official).post(
        reverse("projects:progress_create", args=[road.pk]),
        {"date": "01/04/2024", "physical_percent": "10", "photo_during": fake},
    )
    assert "không phải là ảnh" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_photo_that_is_too_large_is_refused(client_for, official, road, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 100
    big = SimpleUploadedFile("lon.png", png_bytes((200, 200)), content_type="image/png")
    response = client_for(official).post(
        reverse("projects:progress_create", args=[road.pk]),
        {"date": "01/04/2024", "physical_percent": "10", "photo_after": big},
    )
    assert "quá lớn" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


# --- plan and tasks ------------------------------------------------------------------------------------------


def test_the_plan_shows_four_quarter_columns_with_tasks_and_overdue(client_for, official, quang_giao, make_task):
    make_task(quang_giao, quarter=1, text="Mở rộng khuôn viên NVH", amount=2_981_839_000)
    make_task(quang_giao, quarter=2, text="Chỉnh trang NVH thôn 5", amount=500_000_000, amount_qualifier="gần")
    content = client_for(official).get(reverse("projects:plan", args=[quang_giao.pk, 2024])).content.decode()
    for quarter in (1, 2, 3, 4):
        assert f"Quý {quarter}/2024" in content
    assert "2.981.839.000 đồng" in content and "gần 500.000.000 đồng" in content
    assert "Quá hạn" in content


def test_an_official_adds_edits_and_deletes_a_task(client_for, official, quang_giao):
    client = client_for(official)
    data = {"year": 2024, "quarter": 3, "text": "Lắp biển chỉ dẫn", "amount": "624.926.000 đồng", "status": "planned"}
    assert client.post(reverse("projects:task_create", args=[quang_giao.pk, 2024]), data).status_code == 302
    task = QuarterlyTask.objects.get()
    assert task.amount == 624_926_000 and task.due_date == datetime.date(2024, 9, 30)
    edit = {**data, "status": "done", "done_date": "15/09/2024", "version": 1}
    assert client.post(reverse("projects:task_edit", args=[task.pk]), edit).status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.done_date == datetime.date(2024, 9, 15)
    assert client.post(reverse("projects:task_delete", args=[task.pk])).status_code == 302
    assert not QuarterlyTask.objects.exists()


def test_a_done_date_on_an_open_task_is_refused(client_for, official, quang_giao):
    data = {"year": 2024, "quarter": 3, "text": "x", "status": "planned", "done_date": "15/09/2024"}
    response = client_for(official).post(reverse("projects:task_create", args=[quang_giao.pk, 2024]), data)
    assert "Chỉ ghi ngày hoàn thành" in response.content.decode()
    assert not QuarterlyTask.objects.exists()


# --- query counts --------------------------------------------------------------------------------------------


def _queries_for(client, url) -> int:
    """Queries of one request, after a first one has warmed the per-process caches (content types)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _same_count(client, url, expected, django_assert_num_queries):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_works_list_runs_a_constant_number_of_queries(
    client_for, official, quang_giao, make_work, record, django_assert_num_queries
):
    client = client_for(official)
    url = reverse("projects:work_list")

    def grow(n):
        for _ in range(n):
            work = make_work(quang_giao)
            record(work, datetime.date(2024, 4, 1), "10", 1_000)

    grow(2)
    few = _queries_for(client, url)
    grow(6)
    _same_count(client, url, few, django_assert_num_queries)


def test_the_work_page_runs_a_constant_number_of_queries(
    client_for, official, road, record, settings, tmp_path, django_assert_num_queries
):
    from projects.progress import photo_add

    settings.MEDIA_ROOT = tmp_path
    client = client_for(official)
    url = reverse("projects:work_detail", args=[road.pk])

    def grow(n, start):
        for day in range(start, start + n):
            update = record(road, datetime.date(2024, 3, day), str(day))
            photo_add(
                user=official,
                update=update,
                stage="during",
                image=SimpleUploadedFile("a.png", png_bytes(), "image/png"),
            )

    grow(2, 1)
    few = _queries_for(client, url)
    grow(6, 3)
    _same_count(client, url, few, django_assert_num_queries)


def test_the_plan_page_runs_a_constant_number_of_queries(
    client_for, official, quang_giao, make_task, road, django_assert_num_queries
):
    client = client_for(official)
    url = reverse("projects:plan", args=[quang_giao.pk, 2024])
    for quarter in (1, 2):
        make_task(quang_giao, quarter=quarter, work=road)
    few = _queries_for(client, url)
    for quarter in (1, 2, 3, 4, 1, 2):
        make_task(quang_giao, quarter=quarter, work=road)
    _same_count(client, url, few, django_assert_num_queries)


def test_a_coordinator_chooses_a_communes_plan_and_filters_works_by_commune(
    client_for, coordinator, quang_giao, road, hai_work, make_task
):
    make_task(quang_giao, year=2024)
    client = client_for(coordinator)
    content = client.get(reverse("projects:plan_home")).content.decode()
    assert reverse("projects:plan", args=[quang_giao.pk, 2024]) in content and "Quảng Hải" in content
    listed = client.get(reverse("projects:work_list"), {"commune": quang_giao.pk}).content.decode()
    assert road.code in listed and hai_work.code not in listed


def test_an_official_is_taken_to_the_latest_year_of_his_communes_plan(client_for, official, quang_giao, make_task):
    make_task(quang_giao, year=2024)
    response = client_for(official).get(reverse("projects:plan_home"))
    assert response["Location"] == reverse("projects:plan", args=[quang_giao.pk, 2024])


def test_marking_a_task_done_from_the_plan_swaps_the_task_in_place(client_for, official, quang_giao, make_task):
    task = make_task(quang_giao, quarter=1, text="Ký kết hợp đồng thu gom rác thải nguy hại.")
    client = client_for(official)
    url = reverse("projects:task_done", args=[task.pk])
    response = client.post(url, {"version": 1}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert f'id="task-{task.pk}"' in content and "Hoàn thành" in content and "Quá hạn" not in content
    task.refresh_from_db()
    assert task.status == "done" and task.done_date is not None and task.version == 2
    stale = client.post(url, {"version": 1}, HTTP_HX_REQUEST="true").content.decode()
    assert "CHƯA được lưu" in stale
