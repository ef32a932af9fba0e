"""A task's text is shown the same everywhere: "[chỉ tiêu 18.1, đơn vị hộ]" is filled with the figure the
criteria app holds for the task's commune and year, on the plan page as in the plan document
(docs/adr/0045-figures-come-from-data.md)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from projects.models import QuarterlyTask
from projects.services import task_create
from projects.task_text import with_task_texts

pytestmark = pytest.mark.django_db

WATER_FIGURE = "của Quảng Giao là 752/1.250 hộ đạt 60,16 %."


@pytest.fixture
def seeded(quang_giao, quang_hai, thon_5):
    call_command("seed_portal", stdout=io.StringIO())
    return quang_giao


def test_the_plan_page_shows_the_water_figure_not_the_reference(seeded, client_for, official):
    page = client_for(official).get(reverse("projects:plan", args=[seeded.pk, 2024])).content.decode()
    assert WATER_FIGURE in page
    assert "[chỉ tiêu 18.1" not in page


def test_a_task_of_a_year_without_the_figure_keeps_its_reference(seeded, official):
    task = task_create(
        user=official, commune=seeded, year=2022, quarter=1, text="Nước sạch: [chỉ tiêu 18.1, đơn vị hộ]."
    )
    (shown,) = with_task_texts([task])
    assert shown.filled_text == "Nước sạch: [chỉ tiêu 18.1, đơn vị hộ]."


def test_tasks_that_quote_no_indicator_cost_no_query(seeded, django_assert_num_queries):
    tasks = list(QuarterlyTask.objects.filter(commune=seeded, year=2024, quarter=4))
    with django_assert_num_queries(0):
        shown = with_task_texts(tasks)
    assert [task.filled_text for task in shown] == [task.text for task in tasks]
