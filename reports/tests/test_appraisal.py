"""The office's appraisal beside the self-assessment in every report (docs/adr/0018, "Where it shows"): the gap
page, the commune and area dashboards (page, PDF, workbook), the plan's criteria appendix in PDF, DOCX and XLSX.

The assessment goes through the loop's own services: the steering member submits, the office takes it up,
records its figures and approves. The commune counts 2/3 criteria; the office, 1/3.
"""

import io
import random
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from criteria import review
from criteria.evaluation import evaluate
from criteria.models import (
    Assessment,
    AssessmentStatus,
    Indicator,
    IndicatorAppraisal,
    SetLevel,
    TransitionAction,
    Verdict,
)
from criteria.services import indicator_value_save
from criteria.tests.builders import random_values, small_set
from reports.dashboards import build_commune_dashboard
from reports.dashboards.exports import commune_charts
from reports.plan_builder import build_printed_plan
from reports.plan_files import render
from reports.sections import criteria_table
from reports.services import document_issue

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

# The commune's figures: 1.1 falls short (50/100 < 60 %); criteria 2 and 3 are met.
OWN = {
    "1.1": {"numerator": 50, "denominator": 100},
    "1.2": {"value_number": Decimal(4)},
    "1.3": {"value_bool": True},
    "2.1": {"value_number": Decimal(70)},
    "2.2": {"value_number": Decimal(2)},
    "2.3": {"value_bool": True},
    "2.4": {"value_number": Decimal(3)},
    "3.1": {"value_number": Decimal(60)},
    "3.2": {"value_number": Decimal(1)},
    "3.3": {"value_bool": True},
    "3.4": {"value_number": Decimal(3)},
    "3.5": {"value_number": Decimal(50)},
}
# The office's: 1.1 counted again (met), 2.3 not done (criterion 2 falls), its verdict on 3.5 (criterion 3 falls),
# a note alone on 2.2 (the commune's figure stays).
OFFICE = {
    "1.1": ({"numerator": 80, "denominator": 100}, "Theo biên bản kiểm tra thực tế"),
    "2.3": ({"value_bool": False}, "Chưa có biên bản nghiệm thu"),
    "3.5": ({"verdict": Verdict.NOT_MET}, "Số liệu thu nhập chưa được thống kê xác nhận"),
    "2.2": ({}, "Khớp biên bản"),
}


def appraise(assessment, steering, office, *, approve=True):
    indicators = {i.code: i for i in Indicator.objects.filter(criterion__criteria_set=assessment.criteria_set)}
    for action, user in ((TransitionAction.SUBMIT, steering), (TransitionAction.TAKE_UP, office)):
        review.assessment_transition(user=user, assessment=assessment, action=action)
    for code, (figures, note) in OFFICE.items():
        review.indicator_appraisal_save(
            user=office, assessment=assessment, indicator=indicators[code], note=note, **figures
        )
    if approve:
        review.assessment_transition(user=office, assessment=assessment, action=TransitionAction.APPROVE)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def assessed(quang_giao, official):
    """Quảng Giao's 2023 self-assessment against a set of three criteria, every indicator recorded."""
    criteria_set = small_set("AP-NTM", SetLevel.XA_NTM, 3)
    assessment = Assessment.objects.create(unit=quang_giao, year=2023, criteria_set=criteria_set)
    for indicator in Indicator.objects.filter(criterion__criteria_set=criteria_set):
        indicator_value_save(user=official, assessment=assessment, indicator=indicator, **OWN[indicator.code])
    return assessment


@pytest.fixture
def appraised(assessed, steering, coordinator):
    return appraise(assessed, steering, coordinator)


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- the gap page -----------------------------------------------------------------------------------------


def test_the_gap_page_counts_by_the_appraisal_and_shows_the_communes_figure_beside_the_offices(
    client_for, official, appraised
):
    text = text_of(client_for(official).get(reverse("criteria:gaps", args=[appraised.pk])))
    assert "Tổng số tiêu chí đạt: 1/3 (theo kết quả thẩm định)" in text
    assert "Tự đánh giá: đạt 2/3 · Kết quả thẩm định: đạt 1/3" in text
    assert "Tự đánh giá Kết quả thẩm định" in text  # the two column headings side by side
    # 2.3: the commune said yes, the office no, with its note; 1.1 is no gap once the office counted 80/100.
    row = re.search(r"2\.3 Chỉ tiêu 2\.3(.{0,300})", text)
    assert row and re.search(r"Đạt.{0,40}Chưa đạt.{0,40}Chưa có biên bản nghiệm thu", row[1])
    assert "1.1 Chỉ tiêu 1.1" not in text
    assert "3.5 Chỉ tiêu 3.5" in text


def test_the_gap_page_says_the_count_is_the_self_assessments_while_none_is_appraised(client_for, official, assessed):
    text = text_of(client_for(official).get(reverse("criteria:gaps", args=[assessed.pk])))
    assert "Tổng số tiêu chí đạt: 2/3 (theo tự đánh giá)" in text and "Chưa có kết quả thẩm định." in text
    assert "Kết quả thẩm định" not in text.replace("Chưa có kết quả thẩm định", "")


def test_an_appraisal_under_way_already_counts(client_for, official, assessed, steering, coordinator):
    """The office's figures count from the first one recorded, before the approval (ADR 0018)."""
    appraise(assessed, steering, coordinator, approve=False)
    text = text_of(client_for(official).get(reverse("criteria:gaps", args=[assessed.pk])))
    assert "Tổng số tiêu chí đạt: 1/3 (theo kết quả thẩm định)" in text


# --- the dashboards ---------------------------------------------------------------------------------------


def test_the_commune_dashboard_counts_by_the_appraisal_with_the_self_assessment_beside(
    client_for, steering, appraised, quang_giao
):
    text = text_of(client_for(steering).get(reverse("reports:dashboard_commune", args=[quang_giao.pk]), {"year": 2023}))
    card = re.search(r"Xã nông thôn mới đạt (\d+)/(\d+)(.{0,200})", text)
    assert card and (card[1], card[2]) == ("1", "3")
    assert "theo kết quả thẩm định Tự đánh giá: đạt 2/3 · Kết quả thẩm định: đạt 1/3" in card[3]
    gaps = text[text.index("Chỉ tiêu chưa đạt và công trình liên quan") :]
    assert "Tự đánh giá Kết quả thẩm định Còn thiếu" in gaps
    assert re.search(r"2\.3 Chỉ tiêu 2\.3 .{0,60}Đạt Chưa đạt Chưa có biên bản nghiệm thu", gaps)


def test_the_commune_dashboard_pdf_says_which_count_it_uses(client_for, steering, appraised, quang_giao):
    response = client_for(steering).get(reverse("reports:dashboard_commune_pdf", args=[quang_giao.pk]), {"year": 2023})
    text = pdf_text(b"".join(response.streaming_content))
    assert "Xã nông thôn mới: đạt 1/3" in text
    assert "Theo kết quả thẩm định. Tự đánh giá: đạt 2/3 · Kết quả thẩm định: đạt 1/3." in text
    assert "Chưa có biên bản nghiệm thu" in text


def test_the_criteria_meter_draws_the_appraisals_verdicts_and_says_so(appraised, quang_giao):
    (meter,) = [svg for _status, svg in commune_charts(build_commune_dashboard(quang_giao, 2023)).get("levels")]
    assert "đạt 1/3 tiêu chí (theo kết quả thẩm định)" in meter  # its title
    assert "Đạt 1/3 tiêu chí; chưa đạt 2" in meter  # drawn from the appraisal's verdicts


def test_the_area_dashboard_counts_by_the_appraisal_and_shows_the_self_assessment_beside(
    client_for, coordinator, appraised, quang_giao
):
    response = client_for(coordinator).get(reverse("reports:dashboard_area"), {"year": 2023})
    (row,) = [row for row in response.context["page"] if row.commune == quang_giao]
    count = row.levels[SetLevel.XA_NTM]
    assert (count.met, count.own_met, count.total, count.appraised) == (1, 2, 3, True)
    text = text_of(response)
    assert re.search(r"Quảng Giao .{0,80}1/3 thẩm định tự đánh giá 2/3", text)
    workbook = client_for(coordinator).get(reverse("reports:dashboard_area_export"), {"year": 2023})
    sheet = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    headers = [cell.value for cell in sheet[1]]
    cells = {header: cell.value for header, cell in zip(headers, sheet[2], strict=True)}
    assert cells["Xã nông thôn mới (tiêu chí đạt, tự đánh giá)"] == "2/3"
    assert cells["Xã nông thôn mới (tiêu chí đạt, thẩm định)"] == "1/3"


def test_the_area_dashboard_pdf_counts_by_the_appraisal_in_the_pages_words(
    client_for, coordinator, appraised, quang_giao
):
    response = client_for(coordinator).get(reverse("reports:dashboard_area_pdf"), {"year": 2023})
    text = pdf_text(b"".join(response.streaming_content))
    assert "đếm theo kết quả thẩm định nếu cơ quan cấp trên đã thẩm định, nếu không theo tự đánh giá của xã" in text
    assert "Ô tiêu chí có dấu “thẩm định” đếm theo kết quả thẩm định, kèm số của bản tự đánh giá" in text
    assert re.search(r"Quảng Giao .{0,80}1/3 thẩm định tự đánh giá 2/3", text)


# --- the plan's criteria appendix ------------------------------------------------------------------------


def test_the_plan_table_carries_the_offices_figures_and_counts_by_them(document, appraised):
    (table,) = build_printed_plan(document).criteria_tables
    assert table.appraised and (table.met_count, table.total) == (1, 3)
    assert table.heading == "PHỤ LỤC: KẾT QUẢ TỰ ĐÁNH GIÁ VÀ KẾT QUẢ THẨM ĐỊNH TIÊU CHÍ NĂM 2023"
    assert table.total_line == "Tổng số tiêu chí đạt: 1/3 (theo kết quả thẩm định; tự đánh giá: 2/3)."
    rows = {row.code: row for row in table.rows}
    assert (rows["1.1"].value, rows["1.1"].appraised_value) == ("50/100 (50 %)", "80/100 (80 %)")
    assert (rows["1.1"].verdict, rows["1.1"].appraised_verdict) == ("Chưa đạt", "Đạt")
    assert (rows["2.2"].appraised_value, rows["2.2"].appraisal_note) == ("2", "Khớp biên bản")  # kept, noted
    assert rows["3.5"].appraised_verdict == "Chưa đạt (kết luận thẩm định)"  # the office's verdict, no figure
    assert (rows["2.1"].criterion_verdict, rows["2.1"].criterion_appraised_verdict) == ("Đạt", "Chưa đạt")


def test_the_plan_pdf_prints_both_columns_with_the_offices_values(document, appraised):
    text = pdf_text(render(document, "pdf"))
    assert "PHỤ LỤC: KẾT QUẢ TỰ ĐÁNH GIÁ VÀ KẾT QUẢ THẨM ĐỊNH TIÊU CHÍ NĂM 2023" in text
    assert "Tự đánh giá Kết quả thẩm định" in text
    assert re.search(r"1\.1 Chỉ tiêu 1\.1 .{0,40}50/100 \(50 %\) Chưa đạt 80/100 \(80 %\)", text)
    assert "Theo biên bản kiểm tra thực tế" in text
    assert "Tổng số tiêu chí đạt: 1/3 (theo kết quả thẩm định; tự đánh giá: 2/3)." in text


def test_the_word_file_has_the_appraisal_columns(document, appraised):
    doc = Document(io.BytesIO(render(document, "docx")))
    grid = doc.tables[-1]
    assert [cell.text for cell in grid.rows[0].cells] == [
        "Mã",
        "Chỉ tiêu",
        "Chỉ tiêu chuẩn",
        "Tự đánh giá",
        "Tự đánh giá",
        "Kết quả thẩm định",
        "Kết quả thẩm định",
    ]  # merged cells repeat their text
    assert [cell.text for cell in grid.rows[1].cells][3:] == ["Kết quả", "Đánh giá", "Kết quả", "Đánh giá"]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in grid.rows[2:]}
    assert rows["1.1"][3:] == ["50/100 (50 %)", "Chưa đạt", "80/100 (80 %)\nTheo biên bản kiểm tra thực tế", "Đạt"]
    assert rows["2.3"][3:] == ["Đạt", "Đạt", "Chưa đạt\nChưa có biên bản nghiệm thu", "Chưa đạt"]  # with the note


def test_the_workbook_has_the_appraisal_columns(document, appraised):
    book = load_workbook(io.BytesIO(render(document, "xlsx")))
    sheet = book["Tiêu chí 2023 (1)"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[6:] == [
        "Kết quả tự đánh giá",
        "Tự đánh giá: chỉ tiêu",
        "Tự đánh giá: tiêu chí",
        "Kết quả thẩm định",
        "Thẩm định: chỉ tiêu",
        "Thẩm định: tiêu chí",
        "Ghi chú thẩm định",
    ]
    rows = {row[2]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["1.1"][6:] == (
        "50/100 (50 %)",
        "Chưa đạt",
        "Chưa đạt",
        "80/100 (80 %)",
        "Đạt",
        "Đạt",
        "Theo biên bản kiểm tra thực tế",
    )


def test_the_offices_verdict_alone_reads_as_its_conclusion_in_every_appraisal_column(
    client_for, steering, document, appraised, quang_giao
):
    """3.5: the office concluded "not met" without a figure. Its column says the office concluded it, not the
    commune's "(điều chỉnh)", on the gap page, the commune dashboard (page and PDF), the plan's PDF, DOCX, XLSX."""
    concluded, commune_override = "Chưa đạt (kết luận thẩm định)", "(điều chỉnh)"
    (table,) = build_printed_plan(document).criteria_tables
    rows = {row.code: row for row in table.rows}
    assert (rows["3.5"].appraised_verdict, rows["3.1"].criterion_appraised_verdict) == (concluded, concluded)
    assert (rows["2.3"].appraised_verdict, rows["2.1"].criterion_appraised_verdict) == ("Chưa đạt", "Chưa đạt")
    docx = Document(io.BytesIO(render(document, "docx"))).tables[-1]
    assert [row.cells[6].text for row in docx.rows if row.cells[0].text == "3.5"] == [concluded]
    sheet = load_workbook(io.BytesIO(render(document, "xlsx")))["Tiêu chí 2023 (1)"]
    assert [row[10] for row in sheet.iter_rows(min_row=2, values_only=True) if row[2] == "3.5"] == [concluded]
    client = client_for(steering)
    dashboard = reverse("reports:dashboard_commune", args=[quang_giao.pk])
    texts = {
        "plan pdf": pdf_text(render(document, "pdf")),
        "gap page": text_of(client.get(reverse("criteria:gaps", args=[appraised.pk]))),
        "dashboard": text_of(client.get(dashboard, {"year": 2023})),
        "dashboard pdf": pdf_text(
            b"".join(client.get(reverse("reports:dashboard_commune_pdf", args=[quang_giao.pk]), {"year": 2023}))
        ),
        "summary": text_of(client.get(reverse("criteria:assessment", args=[appraised.pk]))),
    }
    for name, text in texts.items():
        assert concluded in text, name
        assert commune_override not in text, name


def test_a_commune_override_the_office_kept_still_reads_as_the_communes(quang_giao, official, steering, coordinator):
    """The commune set 1.3 to "not met" by hand and the office recorded nothing on it: "(điều chỉnh)" in both."""
    criteria_set = small_set("AP-OV", SetLevel.XA_NTM, 1)
    assessment = Assessment.objects.create(unit=quang_giao, year=2023, criteria_set=criteria_set)
    for indicator in Indicator.objects.filter(criterion__criteria_set=criteria_set):
        fields = dict(OWN[indicator.code])
        if indicator.code == "1.3":
            fields |= {"override_verdict": Verdict.NOT_MET, "override_reason": "Chưa có biên bản"}
        indicator_value_save(user=official, assessment=assessment, indicator=indicator, **fields)
    for action, user in ((TransitionAction.SUBMIT, steering), (TransitionAction.TAKE_UP, coordinator)):
        review.assessment_transition(user=user, assessment=assessment, action=action)
    review.assessment_transition(user=coordinator, assessment=assessment, action=TransitionAction.APPROVE)
    result = evaluate(Assessment.objects.get(pk=assessment.pk))
    rows = {row.code: row for row in criteria_table(result).rows}
    assert (rows["1.3"].verdict, rows["1.3"].appraised_verdict) == ("Chưa đạt (điều chỉnh)", "Chưa đạt (điều chỉnh)")


def test_without_an_appraisal_the_plan_table_has_no_appraisal_column(document, assessed):
    (table,) = build_printed_plan(document).criteria_tables
    assert not table.appraised and table.total_line == "Tổng số tiêu chí đạt: 2/3"
    assert "Kết quả thẩm định" not in pdf_text(render(document, "pdf"))
    headers = [cell.text for cell in Document(io.BytesIO(render(document, "docx"))).tables[-1].rows[0].cells]
    assert headers == ["Mã", "Chỉ tiêu", "Chỉ tiêu chuẩn", "Kết quả", "Đánh giá"]


def test_a_document_issued_before_the_appraisal_keeps_its_content(
    client_for, steering, document, assessed, coordinator
):
    issued = document_issue(document=document, user=steering)
    appraise(assessed, steering, coordinator)
    response = client_for(steering).get(reverse("reports:issued_download", args=[issued.pk]))
    frozen = pdf_text(b"".join(response.streaming_content))
    assert "Tổng số tiêu chí đạt: 2/3" in frozen and "Kết quả thẩm định" not in frozen
    assert "Kết quả thẩm định" in pdf_text(render(document, "pdf"))  # the draft shows it now


# --- query counts -------------------------------------------------------------------------------------------

# savepoint pair (ATOMIC_REQUESTS), session, user, membership, the assessment, 6 evaluation queries (the sixth the
# office's appraisals), the commune's works (none: no query for the works linked to the gaps' criteria), the
# navigation's inbox count
GAP_PAGE_QUERIES = 14


@pytest.mark.parametrize("criteria", [3, 7])
def test_the_gap_page_runs_a_constant_number_of_queries_whatever_the_indicators(
    client_for, official, quang_giao, criteria, django_assert_num_queries
):
    assessment = Assessment.objects.create(
        unit=quang_giao, year=2023, criteria_set=small_set("Q-AP", SetLevel.XA_NTM, criteria)
    )
    rng = random.Random(criteria)
    random_values(assessment, rng)
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.UNDER_APPRAISAL)
    IndicatorAppraisal.objects.bulk_create(
        IndicatorAppraisal(assessment=assessment, indicator=indicator, verdict=Verdict.NOT_MET, note="Thử")
        for indicator in Indicator.objects.filter(criterion__criteria_set=assessment.criteria_set)
    )
    client = client_for(official)
    with django_assert_num_queries(GAP_PAGE_QUERIES):
        response = client.get(reverse("criteria:gaps", args=[assessment.pk]))
    assert f"Tổng số tiêu chí đạt: 0/{criteria} (theo kết quả thẩm định)" in text_of(response)
