"""generate_demo_data: marked as demonstration, kept apart from the real units, replaceable."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from criteria.models import Assessment, IndicatorValue
from funding.models import MoneyLine
from ops.demo import PROVINCE
from projects.models import QuarterlyTask, Work
from reports.dashboards import build_area_dashboard
from reports.models import AreaSummary
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


def test_the_summary_of_generated_communes_has_no_drift(seeded):
    generate(communes=4, years=3)
    out = io.StringIO()
    call_command("check_area_summary", stdout=out)
    assert "khớp" in out.getvalue()
    demo = AdministrativeUnit.objects.filter(is_demo=True).communes()
    assert AreaSummary.objects.filter(unit__in=demo).count() == 4 * 3
    assert AreaSummary.objects.filter(unit__in=demo, year=2024, works_total__gt=0, planned__gt=0).count() == 4


def test_generated_rows_carry_their_defaults_and_each_unit_its_audit_entry(seeded):
    generate()
    work = Work.objects.filter(commune__is_demo=True).first()
    assert work.version == 1 and work.created_at is not None and work.search_key
    assert IndicatorValue.objects.filter(assessment__unit__is_demo=True, updated_at__isnull=True).count() == 0
    demo = AdministrativeUnit.objects.filter(is_demo=True)
    assert all(unit.path == f"{unit.parent.path}{unit.pk}/" for unit in demo.exclude(parent=None))
    assert AuditEntry.objects.filter(object_id__in=[str(pk) for pk in demo.values_list("pk", flat=True)]).count() == (
        demo.count()
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"communes": -5}, "Số xã phải từ 1 đến 20.000"),
        ({"communes": 0}, "Số xã phải từ 1 đến 20.000"),
        ({"communes": 10**9}, "Số xã phải từ 1 đến 20.000"),
        ({"years": 0}, "Số năm phải từ 1 đến 20"),
        ({"years": -1}, "Số năm phải từ 1 đến 20"),
        ({"years": 500}, "Số năm phải từ 1 đến 20"),
        ({"last_year": 1990}, "2001–2100"),
        ({"villages": -1}, "Số thôn"),
        ({"works": 10_000}, "số công trình"),
    ],
)
def test_a_size_out_of_bounds_is_refused_in_vietnamese_and_nothing_is_written(seeded, options, message):
    generate()
    before = (AdministrativeUnit.objects.count(), Work.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError, match=message):
        generate(replace=True, **options)
    assert (AdministrativeUnit.objects.count(), Work.objects.count(), AuditEntry.objects.count()) == before
