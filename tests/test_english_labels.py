"""English mode: unit names with their level and quarter labels, built in Python, are translated too.

The official plan document stays Vietnamese on purpose: its header is written in Vietnamese whoever starts it.
"""

from django.urls import reverse
from django.utils import translation

from core.periods import quarter_label
from projects.models import QuarterlyTask, Work
from reports.services import plan_document_create


def english_client(client_for, user):
    client = client_for(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_a_units_full_name_is_translated(quang_giao, quang_xuong, thanh_hoa):
    with translation.override("vi"):
        assert (quang_giao.full_name, quang_xuong.full_name) == ("xã Quảng Giao", "huyện Quảng Xương")
    with translation.override("en"):
        names = [quang_giao.full_name, quang_xuong.full_name, thanh_hoa.full_name]
    assert all(unit.name in name for unit, name in zip((quang_giao, quang_xuong, thanh_hoa), names, strict=True))
    assert not any(name.startswith(("xã", "huyện", "tỉnh")) for name in names), names


def test_a_quarter_reads_in_the_language_of_the_page():
    with translation.override("vi"):
        assert quarter_label(2, 2024) == "Quý 2/2024"
        assert quarter_label(None, 2024) == "2024"
        assert quarter_label(3, None) == ""
    with translation.override("en"):
        assert quarter_label(2, 2024) == "Quarter 2/2024"


def test_models_use_the_translated_quarter_label(world):
    work = Work.objects.exclude(planned_start_quarter=None).first()
    task = QuarterlyTask.objects.first()
    assert work is not None and task is not None
    with translation.override("en"):
        assert work.planned_start_label.startswith("Quarter ")
        assert str(task).startswith(f"Quarter {task.quarter}/{task.year}: ")
    with translation.override("vi"):
        assert str(task).startswith(f"Quý {task.quarter}/{task.year}: ")


def test_pages_in_english_show_no_vietnamese_level_or_quarter(client_for, official, quang_giao):
    client = english_client(client_for, official)
    plan = client.get(reverse("projects:plan", args=[quang_giao.pk, 2024])).content.decode()
    assert ">Quarter 1/2024</h2>" in plan and ">Quý 1/2024<" not in plan  # a task's own text may say "Quý"
    funding = client.get(reverse("funding:summary", args=[quang_giao.pk, 2023])).content.decode()
    assert "Quảng Giao" in funding and "xã Quảng Giao" not in funding
    task = QuarterlyTask.objects.filter(commune=quang_giao, work__isnull=False).first()
    assert task is not None
    work_page = client.get(reverse("projects:work_detail", args=[task.work_id])).content.decode()
    assert f">Quarter {task.quarter}/{task.year}</a>" in work_page
    assert f">Quý {task.quarter}/{task.year}<" not in work_page


def test_the_official_documents_header_stays_vietnamese(quang_giao):
    with translation.override("en"):
        document = plan_document_create(commune=quang_giao, year=2031)
    assert document.issuing_body == "ỦY BAN NHÂN DÂN\nXÃ QUẢNG GIAO"


def test_a_page_in_english_leaves_the_thread_in_the_portals_language(client_for, official):
    # The language is the request's: what runs next in the same thread (a job in the web process, the next test)
    # speaks Vietnamese again, not the last visitor's English.
    client = english_client(client_for, official)
    response = client.get(reverse("home"), follow=True)
    assert response.headers["Content-Language"] == "en"
    assert translation.get_language() == "vi"
    assert quarter_label(1, 2024) == "Quý 1/2024"
