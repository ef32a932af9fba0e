"""The seeded tasks hold each amount once, in `amount`; a database seeded when the texts still stated their
amounts is brought up to date by the next seed run, and an official's own wording is kept."""

import pytest

from core.money import format_vnd_short, group_thousands
from ops import seed as units_seed
from projects import seed as projects_seed
from projects.models import QuarterlyTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    units_seed.load(demo_accounts=False)
    projects_seed.load(demo_accounts=False)


def fixture_tasks() -> list[dict]:
    return [item for item in projects_seed._data()["tasks"] if item["year"] == 2024]


def tasks():
    return list(QuarterlyTask.objects.filter(year=2024).order_by("quarter", "position"))


def test_no_seeded_task_text_states_its_amount(seeded):
    with_amounts = [task for task in tasks() if task.amount is not None]
    assert len(with_amounts) >= 5, "the 2024 seed has tasks with amounts to check"
    for task in with_amounts:
        assert group_thousands(task.amount) not in task.text, task.text
        assert format_vnd_short(task.amount).removesuffix(" đồng") not in task.text, task.text
        assert "số tiền" not in task.text


def test_the_water_task_names_indicator_18_1_instead_of_typing_its_figures(seeded):
    water = QuarterlyTask.objects.get(text__startswith="Nâng tỷ lệ hộ sử dụng nước sạch")
    assert water.text.endswith("là [chỉ tiêu 18.1, đơn vị hộ].")
    assert "752" not in water.text and "60,16" not in water.text


def test_reseeding_a_database_seeded_with_amounts_in_the_texts_rewrites_those_texts_only(seeded):
    old = {(item["quarter"], item["replaces"]) for item in fixture_tasks() if "replaces" in item}
    assert len(old) == 8
    for task, item in zip(tasks(), fixture_tasks(), strict=True):
        if "replaces" in item:
            QuarterlyTask.objects.filter(pk=task.pk).update(text=item["replaces"])
    school = QuarterlyTask.objects.get(text__startswith="Sửa chữa trường Mầm non")
    QuarterlyTask.objects.filter(pk=school.pk).update(text="Sửa chữa trường Mầm non (cán bộ đã sửa câu chữ).")

    projects_seed.load(demo_accounts=False)

    after = {task.pk: task for task in tasks()}
    for task, item in zip(tasks(), fixture_tasks(), strict=True):
        if task.pk == school.pk:
            assert task.text == "Sửa chữa trường Mầm non (cán bộ đã sửa câu chữ)."
            assert task.version == 1
        else:
            assert task.text == item["text"]
            assert task.version == (2 if "replaces" in item else 1)
    water = next(task for task in after.values() if "18.1" in task.text)
    assert water.status == "done" and water.done_date is None

    projects_seed.load(demo_accounts=False)
    assert [(t.text, t.version) for t in tasks()] == [(t.text, t.version) for t in after.values()]
