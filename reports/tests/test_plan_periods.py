"""The plan names its programme, cites its legal basis and tables its criteria after the period of its year."""

from io import StringIO

import pytest
from django.core.management import call_command

from criteria.models import CommuneGroup, ProgrammePeriod, SetLevel
from criteria.services import assessment_create, commune_group_set
from reports import services
from reports.document import BlockKind
from reports.models import PlanDocument
from reports.plan_builder import build_printed_plan
from reports.plan_files import render
from reports.tests.conftest import pdf_text
from units.models import AdministrativeUnit

NEW_PROGRAMME = (
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát triển kinh tế - xã hội "
    "vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026 - 2035"
)
NEW_BASIS = [
    "Căn cứ Nghị quyết số 257/2025/QH15 ngày 11/12/2025 của Quốc hội;",
    "Căn cứ Nghị quyết số 424/NQ-CP ngày 30/12/2025 của Chính phủ;",
    "Căn cứ Quyết định số 417/QĐ-BNNMT ngày 31/01/2026 của Bộ Nông nghiệp và Môi trường.",
]


@pytest.fixture
def seeded(db):
    call_command("seed_portal", stdout=StringIO())


@pytest.fixture
def quang_ninh(seeded):
    """xã Quảng Ninh (since 1/7/2025), in nhóm 2 for 2026–2030 (a test's classification, not a real decision)."""
    unit = AdministrativeUnit.objects.get(name="Quảng Ninh", dissolved_on__isnull=True)
    period = ProgrammePeriod.objects.get(code="2026-2030")
    commune_group_set(user=None, unit=unit, period=period, group=CommuneGroup.GROUP_2)
    return unit


def parts(plan):
    return [block.text for block in plan.outline if block.kind == BlockKind.PART]


def test_the_2024_seed_plan_keeps_its_headings_and_cites_no_legal_basis(seeded):
    document = PlanDocument.objects.with_parts().get(commune__name="Quảng Giao", year=2024)
    plan = build_printed_plan(document)
    assert document.cites_programme_basis is False and plan.legal_basis == []
    assert parts(plan) == [
        "PHẦN I: Đánh giá kết quả thực hiện các chương trình mục tiêu quốc gia xây dựng NTM năm 2023",
        "PHẦN II: KẾ HOẠCH THỰC HIỆN CÁC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA XÂY DỰNG NTM NĂM 2024",
    ]
    assert plan.outline[0].text == parts(plan)[0]  # nothing printed before Part I, as in the seed
    assert [table.total for table in plan.criteria_tables] == [19, 19]
    assert not any("chưa thuộc giai đoạn" in warning for warning in plan.warnings)


def test_a_plan_of_2027_names_the_new_programme_cites_its_acts_and_tables_ten_criteria(quang_ninh):
    assessment_create(user=None, unit=quang_ninh, year=2026, level=SetLevel.XA_NTM)
    document = services.plan_document_create(commune=quang_ninh, year=2027)
    assert document.cites_programme_basis is True
    assert document.subject == f"Thực hiện {NEW_PROGRAMME} năm 2027"
    plan = build_printed_plan(PlanDocument.objects.with_parts().get(pk=document.pk))
    assert parts(plan) == [
        f"PHẦN I: Đánh giá kết quả thực hiện {NEW_PROGRAMME} năm 2026",
        f"PHẦN II: KẾ HOẠCH THỰC HIỆN {NEW_PROGRAMME.upper()} NĂM 2027",
    ]
    assert [block.text for block in plan.outline[:3]] == NEW_BASIS
    (table,) = plan.criteria_tables
    assert table.title.startswith("Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026 - 2030")
    assert table.legal_basis == "51/2025/QĐ-TTg ngày 29/12/2025 của Thủ tướng Chính phủ"
    assert (table.met_count, table.total, table.total_line) == (0, 10, "Tổng số tiêu chí đạt: 0/10")
    assert [row.criterion_number for row in table.rows] == list(range(1, 11))
    assert {row.content for row in table.rows} == {"Chưa có chỉ tiêu: chờ bảng chỉ tiêu chính thức."}
    assert not any(row.verified for row in table.rows)  # marked (*) as not checked against the official text
    assert "Bộ tiêu chí QD51-XA-NTM-N2 (năm 2026): 10/10 tiêu chí chưa có chỉ tiêu" in " ".join(plan.warnings)


def test_the_first_plan_of_the_new_period_evaluates_the_old_programme_and_plans_the_new_one(quang_ninh):
    previous = services.plan_document_create(commune=quang_ninh, year=2025)
    assert previous.subject == "Thực hiện các chương trình mục tiêu quốc gia xây dựng NTM năm 2025"
    services.plan_document_update(document=previous, cites_programme_basis=False)
    document = services.plan_document_create(commune=quang_ninh, year=2026)
    # copied from 2025, but a new period names its programme and cites its basis
    assert document.subject == f"Thực hiện {NEW_PROGRAMME} năm 2026"
    assert document.cites_programme_basis is True
    plan = build_printed_plan(PlanDocument.objects.with_parts().get(pk=document.pk))
    assert parts(plan) == [
        "PHẦN I: Đánh giá kết quả thực hiện các chương trình mục tiêu quốc gia xây dựng NTM năm 2025",
        f"PHẦN II: KẾ HOẠCH THỰC HIỆN {NEW_PROGRAMME.upper()} NĂM 2026",
    ]
    assert plan.legal_basis == NEW_BASIS
    # a later year of the same period copies last year's choice
    services.plan_document_update(document=document, cites_programme_basis=False)
    assert services.plan_document_create(commune=quang_ninh, year=2027).cites_programme_basis is False


def test_a_plan_of_a_year_no_period_holds_says_so(quang_ninh):
    document = services.plan_document_create(commune=quang_ninh, year=2032)
    plan = build_printed_plan(PlanDocument.objects.with_parts().get(pk=document.pk))
    assert "Năm 2032 chưa thuộc giai đoạn nào của chương trình" in " ".join(plan.warnings)
    assert plan.legal_basis == []


def test_the_2027_plan_pdf_prints_the_basis_and_the_count_out_of_ten(quang_ninh):
    assessment_create(user=None, unit=quang_ninh, year=2026, level=SetLevel.XA_NTM)
    document = services.plan_document_create(commune=quang_ninh, year=2027)
    text = "".join(pdf_text(render(PlanDocument.objects.with_parts().get(pk=document.pk), "pdf")).split())
    for line in [*NEW_BASIS, "Tổng số tiêu chí đạt: 0/10", "PHẦN II: KẾ HOẠCH THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU"]:
        assert "".join(line.split()) in text
    assert "/19" not in text
