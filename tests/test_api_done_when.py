"""Issue 15's check, on a fresh database with the seed and its demonstration accounts: a token made by
`manage.py create_api_token` for Quảng Hải's official lists no work of Quảng Giao; the province office's lists them."""

import io

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from projects.models import Work


def token_from_command(username: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", username, "--name", "test", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def works_listed(raw: str) -> set[int]:
    answer = Client().get(reverse("api:work-list"), {"page_size": 100}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 200
    return {row["id"] for row in answer.json()["results"]}


def test_a_neighbours_token_lists_no_work_of_quang_giao_and_the_province_offices_lists_them(db):
    call_command("seed_portal", "--demo-accounts", stdout=io.StringIO())
    quang_giao = set(Work.objects.filter(commune__name="Quảng Giao").values_list("pk", flat=True))
    assert quang_giao
    assert works_listed(token_from_command("canbo.quanghai")).isdisjoint(quang_giao)
    assert quang_giao <= works_listed(token_from_command("vpdp.thanhhoa"))
