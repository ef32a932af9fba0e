"""generate_demo_data: marked as demonstration, kept apart from the real units, replaceable."""

import io

import pytest
from django.core.management import CommandError, call_command

from criteria.models import Assessment, IndicatorValue
from funding.models import MoneyLine
from ops.demo import PROVINCE
from projects.models import QuarterlyTask, Work
from reports.dashboards import build_area_dashboard
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(quang_giao, quang_hai, thon_5):
    call_command("seed_portal", stdout=io.StringIO())
    return quang_giao


def generate(**options):
    out = io.StringIO()
    call_command("generate_demo_data", stdout=out, **{"communes": 3, "years": 2, "villages": 2, "works": 2, **options})
    return out.getvalue()


def real_counts(commune):
    return (
        Work.objects.filter(commune=commune).count(),
        MoneyLine.objects.filter(commune=commune).count(),
        QuarterlyTask.objects.filter(commune=commune).count(),
        IndicatorValue.objects.filter(assessment__unit=commune).count(),
    )


def test_demo_communes_are_marked_and_named_as_demonstration(seeded):
    generate()
    demo = AdministrativeUnit.objects.filter(is_demo=True)
    communes = demo.communes().order_by("name")
    assert [commune.name for commune in communes] == ["Xã minh họa 001", "Xã minh họa 002", "Xã minh họa 003"]
    assert demo.villages().count() == 6
    assert demo.get(parent=None).name == PROVINCE
    assert all("minh họa" in work.name for work in Work.objects.filter(commune__in=communes))
    assert all("minh họa" in line.note for line in MoneyLine.objects.filter(commune__in=communes))
    assert Assessment.objects.filter(unit__in=communes, year__in=(2023, 2024)).count() == 3 * 2 * 2


def test_the_real_units_keep_their_data(seeded):
    before = real_counts(seeded)
    generate()
    generate(replace=True, communes=2)
    assert real_counts(seeded) == before
    assert not AdministrativeUnit.objects.filter(is_demo=True, path__startswith=seeded.path).exists()


def test_a_second_run_needs_replace_and_replace_starts_afresh(seeded):
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    generate(replace=True, communes=2)
    assert AdministrativeUnit.objects.filter(is_demo=True).communes().count() == 2


def test_the_generator_needs_the_seed_first(db):
    with pytest.raises(CommandError, match="seed_portal"):
        generate()


def test_demo_communes_show_on_the_administrators_area_dashboard_with_a_badge(seeded, client_for, administrator):
    generate()
    page = client_for(administrator).get("/reports/dashboard/area/", {"year": 2024}).content.decode()
    assert "Xã minh họa 001" in page and "dữ liệu minh họa" in page
    rows = {row.commune.name: row for row in build_area_dashboard(AdministrativeUnit.objects.all(), 2024).rows}
    assert rows["Xã minh họa 001"].works_total > 0 and rows["Xã minh họa 001"].planned > 0


def test_the_coordinator_of_quang_xuong_never_sees_demo_communes(seeded, client_for, coordinator):
    generate()
    page = client_for(coordinator).get("/reports/dashboard/area/", {"year": 2024}).content.decode()
    assert "minh họa" not in page
