"""The plan states the commune's recognition beside the appendix count of the same level, when the document says so
(new documents do; the seed's 2024 plan does not and regenerates as before). docs/adr/0016-recognition-records.md"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from ops.services import membership_assign
from reports.models import PlanDocument
from reports.plan_builder import build_printed_plan
from reports.plan_files import render
from reports.services import plan_document_create, plan_document_update
from reports.tests.conftest import pdf_text
from units.models import Role

STATUS = "Đã công nhận xã NTM (trước 2019, chưa nhập số quyết định)"

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_plan(db):
    call_command("seed_portal", stdout=StringIO())
    return PlanDocument.objects.with_parts().get(commune__name="Quảng Giao", year=2024)


def totals(plan) -> dict[str, str]:
    return {table.title: table.total_line for table in plan.criteria_tables}


def test_the_seed_plan_keeps_its_appendix_lines_and_knows_the_recognition(seed_plan):
    assert seed_plan.states_recognition is False
    plan = build_printed_plan(seed_plan)
    assert [r.status_label for r in plan.recognitions] == [STATUS]
    lines = list(totals(plan).values())
    assert len(lines) == 2 and all(line.startswith("Tổng số tiêu chí đạt: ") for line in lines)
    assert not any("công nhận" in line or "tự đánh giá" in line for line in lines)


def test_a_plan_that_states_it_prints_the_recognition_beside_the_count_of_the_same_level_only(seed_plan):
    plan_document_update(document=seed_plan, states_recognition=True)
    plan = build_printed_plan(PlanDocument.objects.with_parts().get(pk=seed_plan.pk))
    ntm = next(table for table in plan.criteria_tables if table.title.startswith("Bộ tiêu chí xã nông thôn mới tỉnh"))
    assert ntm.total_line == (f"Tổng số tiêu chí đạt: {ntm.met_count}/{ntm.total} (theo tự đánh giá). {STATUS}.")
    assert ntm.met_count < ntm.total  # the very case: a recognised commune whose data is incomplete
    others = [table.total_line for table in plan.criteria_tables if table is not ntm]
    assert others and not any("công nhận" in line for line in others)
    text = " ".join(pdf_text(render(PlanDocument.objects.with_parts().get(pk=seed_plan.pk), "pdf")).split())
    assert f"{ntm.met_count}/{ntm.total} (theo tự đánh giá). {STATUS}." in text


def test_a_new_document_states_the_recognition(seed_plan):
    document = plan_document_create(commune=seed_plan.commune, year=2025)
    assert document.states_recognition is True


def test_the_preview_page_shows_the_recognition_even_when_the_document_does_not_print_it(client, seed_plan):
    user = get_user_model().objects.create_user(username="bcd.qg.kiemthu", password="x-unused-x-123")
    membership_assign(user=user, unit=seed_plan.commune, role=Role.STEERING)
    client.force_login(user)
    page = client.get(reverse("reports:document_detail", args=[seed_plan.pk])).content.decode()
    assert "Tình trạng công nhận (đến 31/12/2023)" in page and STATUS in page
    assert "Văn bản này không ghi tình trạng công nhận" in page
