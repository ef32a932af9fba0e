"""Cross-app tests run against the seed of Quảng Giao (the seed document's commune), not hand-made rows.

`seeded_world` loads `seed_portal` once per test module inside a transaction that is rolled back when
the module ends; each test then runs in its own savepoint (pytest-django's `db`), so tests stay
independent and the seed (a few seconds) is paid once per module. The named cast of the root
conftest.py is kept: its unit fixtures are overridden here to return the seeded units.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from PIL import Image

from jobs.models import Job
from ops.services import membership_assign, unit_create
from ops.tests.members import member
from reports.models import AreaSummary
from units.models import AdministrativeUnit, Level, Role

# Sessions and login-throttling bookkeeping change on login and logout; they are not the portal's data.
NOT_DATA = {"sessions", "axes"}
# Nor is the area summary, computed from the records: the area dashboard writes a row it finds missing or out of
# date for the day before reading it (docs/adr/0066).
# A job (jobs/) is a download being made: a GET of a download address starts one (or shows the running one) and
# records the file it made for its owner alone; refused starts that create a job are tested in jobs/tests.
DERIVED = {AreaSummary, Job}


def row_counts() -> dict[str, int]:
    """The number of rows of every table of the project's models, in one query."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in NOT_DATA and model._meta.managed and model not in DERIVED
    ]
    tables = sorted({model._meta.db_table for model in models})
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608  # nosec B608: quoted table names of our own models
        return dict(zip(tables, cursor.fetchone(), strict=True))


def png_bytes(size=(16, 12), colour=(31, 111, 67)) -> bytes:
    """A real (small) PNG image, made now."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="anh.png", size=(16, 12)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(size), content_type="image/png")


@dataclass
class World:
    """The seeded records of Quảng Giao each URL is exercised against (and a Quảng Hải work for cross-commune ids)."""

    thanh_hoa: AdministrativeUnit
    quang_xuong: AdministrativeUnit
    quang_giao: AdministrativeUnit
    quang_hai: AdministrativeUnit
    thon_5: AdministrativeUnit
    assessment: object
    indicator: object
    value: object
    evidence: object
    recognition: object  # the seed's (Quảng Giao, NTM before 2019), with a scanned copy added
    ocop: object
    work: object
    photo: object
    task: object
    money_line: object
    document: object
    issued: object
    hai_work: object
    hai_task: object
    hai_line: object
    hai_village: AdministrativeUnit
    nam_sam_son: AdministrativeUnit  # what Quảng Giao merged into on 1/7/2025
    quang_ninh: AdministrativeUnit  # what Quảng Hải merged into


def _build_world() -> World:
    from criteria import recognitions as criteria_recognitions
    from criteria import services as criteria_services
    from criteria.models import Assessment, IndicatorValue, Recognition
    from funding import services as funding_services
    from funding.models import FundingSource, MoneyLine
    from projects import progress as project_progress
    from projects import services as project_services
    from projects.models import QuarterlyTask, Work
    from reports import services as report_services
    from reports.models import PlanDocument

    call_command("seed_portal", stdout=io.StringIO())
    units = {unit.name: unit for unit in AdministrativeUnit.objects.filter(valid_from__isnull=True)}
    quang_giao, quang_hai = units["Quảng Giao"], units["Quảng Hải"]
    # The seed has no photos, evidence, OCOP products or issued versions: a setup administrator adds one of each.
    setup_user = get_user_model().objects.create_user(username="thietlap.kiemthu", password="x-unused-x-123")
    membership_assign(user=setup_user, unit=units["Thanh Hóa"], role=Role.ADMIN)
    assessment = Assessment.objects.filter(unit=quang_giao).order_by("-year", "pk").first()
    value = IndicatorValue.objects.filter(assessment=assessment).select_related("indicator").first()
    evidence = criteria_services.evidence_add(user=setup_user, value=value, upload=png_upload("minh-chung.png"))
    seeded = Recognition.objects.get(unit=quang_giao)
    recognition = criteria_recognitions.recognition_record(
        user=setup_user,
        unit=quang_giao,
        level=seeded.level,
        recognised_year=seeded.recognised_year,
        before_year=seeded.before_year,
        note=seeded.note,
        scan=png_upload("quyet-dinh.png"),
        recognition=seeded,
    )
    ocop = criteria_services.ocop_product_save(
        user=setup_user, commune=quang_giao, name="Sản phẩm kiểm thử", group="thuc_pham", stars=3, year_recognised=2023
    )
    work = Work.objects.filter(commune=quang_giao, status="under_construction").order_by("code").first()
    update = project_progress.progress_record(
        user=setup_user,
        work=work,
        date=datetime.date(2024, 6, 30),
        physical_percent=Decimal("40"),
        photos=[("during", png_upload("dang-thi-cong.png"))],
    )
    hai_work = project_services.work_create(
        user=setup_user,
        commune=quang_hai,
        code="QH-KT-01",
        name="Công trình kiểm thử của xã Quảng Hải",
        category="road",
        total_investment=1_000_000_000,
        planned_start_year=2024,
        planned_end_year=2024,
    )
    hai_task = project_services.task_create(user=setup_user, commune=quang_hai, year=2024, quarter=1, text="Việc QH")
    source = FundingSource.objects.order_by("pk").first()
    hai_line = funding_services.money_line_create(
        user=setup_user, commune=quang_hai, year=2024, source=source, amount=1_000_000, stage="planned"
    )
    hai_village = unit_create(level=Level.VILLAGE, name="Thôn kiểm thử", parent=quang_hai)
    document = PlanDocument.objects.get(commune=quang_giao)
    issued = report_services.document_issue(document=document, user=setup_user, note="Bản kiểm thử")
    return World(
        thanh_hoa=units["Thanh Hóa"],
        quang_xuong=units["Quảng Xương"],
        quang_giao=quang_giao,
        quang_hai=quang_hai,
        thon_5=units["Thôn 5"],
        assessment=assessment,
        indicator=value.indicator,
        value=value,
        evidence=evidence,
        recognition=recognition,
        ocop=ocop,
        work=work,
        photo=update.photos.get(),
        task=QuarterlyTask.objects.filter(commune=quang_giao).order_by("pk").first(),
        money_line=MoneyLine.objects.filter(commune=quang_giao).order_by("pk").first(),
        document=document,
        issued=issued,
        hai_work=hai_work,
        hai_task=hai_task,
        hai_line=hai_line,
        hai_village=hai_village,
        nam_sam_son=AdministrativeUnit.objects.successors_of(quang_giao).get(),
        quang_ninh=AdministrativeUnit.objects.successors_of(quang_hai).get(),
    )


@pytest.fixture(scope="module")
def seeded_world(django_db_setup, django_db_blocker):
    """The seed plus one record of each kind, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(seeded_world, db):
    return seeded_world


# The root conftest's units, replaced by the seeded ones (same names, same tree).
@pytest.fixture
def thanh_hoa(world):
    return world.thanh_hoa


@pytest.fixture
def quang_xuong(world):
    return world.quang_xuong


@pytest.fixture
def quang_giao(world):
    return world.quang_giao


@pytest.fixture
def quang_hai(world):
    return world.quang_hai


@pytest.fixture
def nam_sam_son(world):
    return world.nam_sam_son


@pytest.fixture
def quang_ninh(world):
    return world.quang_ninh


# The root conftest's people, as they stand since 1 July 2025: Quảng Giao's official and steering committee
# now work for phường Nam Sầm Sơn and continue its records; the neighbouring official is xã Quảng Ninh's.
# Quảng Giao's former official keeps his account, which reads its history only (docs/adr/0092).
@pytest.fixture
def official(nam_sam_son):
    return member("canbo.namsamson", nam_sam_son, Role.OFFICIAL)


@pytest.fixture
def steering(nam_sam_son):
    return member("bcd.namsamson", nam_sam_son, Role.STEERING)


@pytest.fixture
def other_official(quang_ninh):
    return member("canbo.quangninh", quang_ninh, Role.OFFICIAL)


@pytest.fixture
def former_official(quang_giao):
    return member("canbo.quanggiao", quang_giao, Role.OFFICIAL)


@pytest.fixture
def thon_5(world):
    return AdministrativeUnit.objects.get(parent=world.quang_giao, level=Level.VILLAGE, name="Thôn 5")
