"""The 2026–2030 set on the pages, its official table loaded through the set import, groups in the admin, the
assessment form choosing the set, and the demonstration data across the two periods."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEntry
from criteria import seed
from criteria.evaluation import evaluate
from criteria.models import (
    Assessment,
    CommuneGroup,
    CriteriaSet,
    Indicator,
    ProgrammePeriod,
    SetLevel,
    UnitCommuneGroup,
)
from criteria.resources import COLUMNS
from criteria.services import assessment_create, commune_group_set
from ops import seed as units_seed
from ops.demo import demo_generate
from ops.services import membership_assign
from units.models import AdministrativeUnit, Role

from .test_views import count_queries, workbook_bytes


@pytest.fixture
def seeded(db):
    units_seed.load(demo_accounts=False)
    seed.load(demo_accounts=False)


# The cast of the root conftest.py, on the seeded units.
@pytest.fixture
def thanh_hoa(seeded):
    return AdministrativeUnit.objects.get(name="Thanh Hóa")


@pytest.fixture
def quang_xuong(seeded):
    return AdministrativeUnit.objects.get(name="Quảng Xương")


@pytest.fixture
def quang_giao(seeded):
    return AdministrativeUnit.objects.get(name="Quảng Giao")


@pytest.fixture
def quang_hai(seeded):
    return AdministrativeUnit.objects.get(name="Quảng Hải")


@pytest.fixture
def quang_ninh(seeded):
    """xã Quảng Ninh since 1/7/2025, the commune Quảng Hải merged into."""
    return AdministrativeUnit.objects.get(name="Quảng Ninh", dissolved_on__isnull=True)


@pytest.fixture
def quang_ninh_official(quang_ninh):
    user = get_user_model().objects.create_user(username="canbo.quangninh", password="test-password-123")
    membership_assign(user=user, unit=quang_ninh, role=Role.OFFICIAL)
    return user


@pytest.fixture
def period_2026_2030(seeded):
    return ProgrammePeriod.objects.get(code="2026-2030")


@pytest.fixture
def group_2(quang_ninh, period_2026_2030):
    return commune_group_set(user=None, unit=quang_ninh, period=period_2026_2030, group=CommuneGroup.GROUP_2)


# --- pages ------------------------------------------------------------------------------------------


def test_the_set_list_shows_both_periods_with_their_legal_basis_and_the_2026_sets(client_for, official, seeded):
    page = client_for(official).get(reverse("criteria:sets")).content.decode()
    assert page.index("Giai đoạn 2026 - 2030") < page.index("Giai đoạn 2021 - 2025")  # newest first
    assert "Nghị quyết số 257/2025/QH15 ngày 11/12/2025 của Quốc hội" in page
    assert "Quyết định số 417/QĐ-BNNMT ngày 31/01/2026 của Bộ Nông nghiệp và Môi trường" in page
    assert "Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ" in page
    for code in ("QD51-XA-NTM-N1", "QD51-XA-NTM-N2", "QD51-XA-NTM-N3", "QD51-XA-NTM-HIEN-DAI"):
        assert code in page
    assert "Xã nông thôn mới hiện đại (thí điểm)" in page
    assert "chờ bảng chính thức" in page and "chưa đối chiếu văn bản gốc" in page
    assert "mọi nhóm xã" in page and "Vùng BTB" in page and "Nhóm 3" in page


def test_the_2026_set_page_lists_its_ten_criteria_each_awaiting_the_official_table(client_for, official, seeded):
    criteria_set = CriteriaSet.objects.get(code="QD51-XA-NTM-N2")
    page = client_for(official).get(reverse("criteria:set", args=[criteria_set.pk])).content.decode()
    assert "Nhóm 2" in page and "51/2025/QĐ-TTg" in page and "29/12/2025" in page
    assert "15/02/2026 – 31/12/2030" in page
    for number, name in enumerate(criteria_set.criteria.values_list("name", flat=True), start=1):
        assert f"{number}. {name}" in page
    assert page.count("Chưa có chỉ tiêu: chờ bảng chỉ tiêu chính thức.") == 10
    assert page.count("chưa đối chiếu văn bản gốc") >= 11  # the legal basis and each criterion


def test_the_set_list_runs_a_constant_number_of_queries_as_periods_and_acts_grow(
    client_for, official, seeded, django_assert_num_queries
):
    client = client_for(official)
    expected = count_queries(client, reverse("criteria:sets"))
    period = ProgrammePeriod.objects.create(
        code="2031-2035",
        name="Giai đoạn thử",
        first_year=2031,
        last_year=2035,
        programme_name="Chương trình thử (dữ liệu kiểm thử)",
        plan_name="chương trình thử",
        set_basis="commune_group",
    )
    period.acts.create(kind="Quyết định", number="1/TEST", issuer="Cơ quan thử")
    with django_assert_num_queries(expected):
        client.get(reverse("criteria:sets"))


def test_the_unit_page_shows_the_group_and_its_decision(client_for, administrator, quang_ninh, period_2026_2030):
    commune_group_set(
        user=None,
        unit=quang_ninh,
        period=period_2026_2030,
        group=CommuneGroup.GROUP_2,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2026, 3, 2),
        decision_issuer="UBND tỉnh Thanh Hóa",
    )
    page = client_for(administrator).get(reverse("criteria:unit", args=[quang_ninh.pk])).content.decode()
    assert "Nhóm 2 · Quyết định số 12/QĐ-UBND ngày 02/03/2026 – UBND tỉnh Thanh Hóa" in page


# --- the assessment form -------------------------------------------------------------------------------


def test_an_official_starts_a_2026_assessment_and_reads_x_out_of_10(
    client_for, quang_ninh_official, quang_ninh, group_2
):
    client = client_for(quang_ninh_official)
    response = client.post(
        reverse("criteria:assessment_create", args=[quang_ninh.pk]), {"year": 2026, "level": "xa_ntm"}
    )
    assessment = Assessment.objects.get(unit=quang_ninh, year=2026)
    assert assessment.criteria_set.code == "QD51-XA-NTM-N2"
    assert response.url == reverse("criteria:assessment", args=[assessment.pk])
    unit_page = client.get(reverse("criteria:unit", args=[quang_ninh.pk])).content.decode()
    assert "đạt 0/10" in unit_page
    detail = client.get(reverse("criteria:assessment", args=[assessment.pk])).content.decode()
    assert "0/10" in detail
    assert detail.count("Chưa có chỉ tiêu: chờ bảng chỉ tiêu chính thức.") == 10
    group = client.get(reverse("criteria:group", args=[assessment.pk, 2])).content.decode()
    assert "2. Hạ tầng kinh tế - xã hội" in group and "chờ bảng chỉ tiêu chính thức" in group


def test_a_commune_without_a_group_is_told_why_no_2026_assessment_starts(client_for, quang_ninh_official, quang_ninh):
    client = client_for(quang_ninh_official)
    url = reverse("criteria:assessment_create", args=[quang_ninh.pk])
    page = client.post(url, {"year": 2026, "level": "xa_ntm"}, follow=True).content.decode()
    assert "Xã Quảng Ninh chưa được xếp nhóm xã cho giai đoạn 2026–2030" in page
    assert not Assessment.objects.filter(year=2026).exists()


# --- the official table, loaded through the set import -------------------------------------------------


def official_table_rows(code):
    """A small stand-in for the official table, built here: its wording and figures are test data, not the
    decision's (the real 47 indicators were not read)."""
    header = list(COLUMNS.values())
    return [
        header,
        [code, 1, "Quy hoạch", "", "1.1", "Chỉ tiêu thử 1.1 (dữ liệu kiểm thử)", "boolean", "yes", None, "", "Đạt",
         "không", "Tệp kiểm thử", 1],
        [code, 2, "Hạ tầng kinh tế - xã hội", "", "2.1", "Chỉ tiêu thử 2.1 (dữ liệu kiểm thử)", "percent", ">=", "90",
         "", "≥ 90 %", "không", "Tệp kiểm thử", 1],
    ]  # fmt: skip


def test_an_administrator_loads_the_official_table_into_a_group_set_through_the_set_import(
    client_for, administrator, quang_ninh, group_2
):
    criteria_set = CriteriaSet.objects.get(code="QD51-XA-NTM-N2")
    assessment = assessment_create(user=None, unit=quang_ninh, year=2026, level=SetLevel.XA_NTM)
    client = client_for(administrator)
    url = reverse("criteria:set_import", args=[criteria_set.pk])
    upload = SimpleUploadedFile("phu-luc-1-nhom-2.xlsx", workbook_bytes(official_table_rows(criteria_set.code)))
    preview = client.post(url, {"file": upload})
    assert preview.context["outcome"].ok and preview.context["outcome"].new_count == 2
    assert not Indicator.objects.filter(criterion__criteria_set=criteria_set).exists()  # nothing before confirming
    assert client.post(url, {"confirm": "1"}).status_code == 302
    indicators = Indicator.objects.filter(criterion__criteria_set=criteria_set).order_by("code")
    assert [(i.criterion.number, i.code, i.verified) for i in indicators] == [(1, "1.1", False), (2, "2.1", False)]
    assert criteria_set.criteria.count() == 10  # the criteria were matched by number, none added
    assert list(criteria_set.criteria.values_list("name", flat=True)[:2]) == ["Quy hoạch", "Hạ tầng kinh tế - xã hội"]
    assert AuditEntry.objects.filter(object_repr__contains="Chỉ tiêu thử 2.1").exists()
    # the other groups' sets are untouched, and the assessment already made reads the new indicators
    assert not Indicator.objects.filter(criterion__criteria_set__code="QD51-XA-NTM-N1").exists()
    result = evaluate(assessment)
    assert (result.total, len(result.indicators)) == (10, 2)


def test_a_row_of_another_groups_set_is_refused(client_for, administrator, seeded):
    criteria_set = CriteriaSet.objects.get(code="QD51-XA-NTM-N2")
    upload = SimpleUploadedFile("nham.xlsx", workbook_bytes(official_table_rows("QD51-XA-NTM-N1")))
    preview = client_for(administrator).post(reverse("criteria:set_import", args=[criteria_set.pk]), {"file": upload})
    assert not preview.context["outcome"].ok
    assert "không phải bộ đang nhập “QD51-XA-NTM-N2”" in preview.content.decode()
    assert not Indicator.objects.filter(criterion__criteria_set__code__startswith="QD51").exists()


# --- the admin -----------------------------------------------------------------------------------------


def group_form(unit, period, **values):
    return {
        "unit": unit.pk,
        "period": period.pk,
        "group": "",
        "decision_number": "",
        "decision_date": "",
        "decision_issuer": "",
        "note": "",
        **values,
    }


def test_an_administrator_records_a_group_in_the_admin_audited(client_for, administrator, quang_ninh, period_2026_2030):
    client = client_for(administrator)
    url = reverse("admin:criteria_unitcommunegroup_add")
    data = group_form(quang_ninh, period_2026_2030, group="3", decision_number="7/QĐ-UBND", decision_date="05/03/2026")
    assert client.post(url, data).status_code == 302
    record = UnitCommuneGroup.objects.get()
    assert (record.group, record.decision_number, record.decision_date) == ("3", "7/QĐ-UBND", datetime.date(2026, 3, 5))
    assert AuditEntry.objects.filter(object_repr=str(record), action=AuditEntry.Action.CREATE).exists()
    second = client.post(url, group_form(quang_ninh, period_2026_2030, group="1"))
    assert second.status_code == 200
    assert "chỉ có một nhóm trong một giai đoạn" in second.content.decode()
    assert UnitCommuneGroup.objects.get().group == "3"
    change = reverse("admin:criteria_unitcommunegroup_change", args=[record.pk])
    data = {key: value for key, value in data.items() if key not in ("unit", "period")}
    assert client.post(change, {**data, "group": "", "not_assessed": "on"}).status_code == 302
    assert UnitCommuneGroup.objects.get().not_assessed is True
    assert AuditEntry.objects.filter(object_repr=str(UnitCommuneGroup.objects.get()), action="update").exists()


def test_an_official_cannot_open_the_groups_in_the_admin(client_for, official, seeded):
    response = client_for(official).get(reverse("admin:criteria_unitcommunegroup_changelist"))
    assert response.status_code in (302, 403)
    assert not UnitCommuneGroup.objects.exists()


# --- demonstration data ----------------------------------------------------------------------------------


def test_demonstration_communes_are_assessed_against_the_set_of_each_years_period(seeded):
    call_command("seed_portal", stdout=StringIO())  # the other apps' catalogues (funding sources)
    demo_generate(communes=2, villages=1, works=1, years=range(2025, 2027), seed=7)
    demo = Assessment.objects.filter(unit__is_demo=True)
    assert set(demo.filter(year=2025).values_list("criteria_set__code", flat=True)) == {
        "QD32-2022-TH",
        "QD33-2022-TH",
    }
    groups = {record.unit_id: record.group for record in UnitCommuneGroup.objects.filter(unit__is_demo=True)}
    assert len(groups) == 2 and set(groups.values()) <= {"1", "2", "3"}
    for assessment in demo.filter(year=2026):
        assert assessment.criteria_set.code == f"QD51-XA-NTM-N{groups[assessment.unit_id]}"
    assert demo.filter(year=2026).count() == 2  # no "nâng cao" nor village set in 2026–2030
