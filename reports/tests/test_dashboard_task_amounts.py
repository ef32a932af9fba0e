"""The commune dashboard shows a task's amount next to its text (the text no longer states it, ADR 45)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_overdue_task_is_listed_with_its_amount_from_the_task(client_for, steering, quang_giao):
    call_command("seed_portal", stdout=io.StringIO())
    page = client_for(steering).get(reverse("reports:dashboard_commune", args=[quang_giao.pk]), {"year": 2024})
    html = page.content.decode()
    # Q1/2024 is long past: the Việt Trung task is overdue, the amount comes from its `amount` field.
    assert "Mở rộng khuôn viên xây dựng mới Nhà văn hóa thôn Việt Trung (đã triển khai xây dựng). " in html
    assert "(2.981.839.000 đồng)" in html
    assert "(gần 500.000.000 đồng)" in html
