"""The loop through its pages: the buttons of the assessment page, the locked entry rows, the office's comments
and appraisal on the group pages, the self-assessment beside the appraisal (criteria.views_review)."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria import review
from criteria.models import (
    Assessment,
    AssessmentStatus,
    AssessmentTransition,
    Evidence,
    IndicatorAppraisal,
    IndicatorComment,
    IndicatorValue,
    TransitionAction,
)
from criteria.services import evidence_add, indicator_value_save
from ops.tests.members import member
from units.models import Role

from .conftest import make_set

Status = AssessmentStatus
HTMX = {"HTTP_HX_REQUEST": "true"}
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def browser(user) -> Client:
    """A client of its own per person, as each works in a browser of their own."""
    client = Client()
    client.force_login(user)
    return client


def step(client, assessment, action, **data):
    return client.post(reverse(f"criteria:transition_{action}", args=[assessment.pk]), data, follow=True)


def status_of(assessment) -> str:
    assessment.refresh_from_db()
    return assessment.status


def save_value(client, assessment, indicator, **fields):
    data = {f"i{indicator.pk}-{name}": value for name, value in fields.items()}
    return client.post(reverse("criteria:indicator_save", args=[assessment.pk, indicator.pk]), data)


def appraise(client, assessment, indicator, headers=None, **fields):
    data = {f"a{indicator.pk}-{name}": value for name, value in fields.items()}
    url = reverse("criteria:indicator_appraisal", args=[assessment.pk, indicator.pk])
    return client.post(url, data, **(headers or {}))


def comment(client, assessment, indicator, text):
    url = reverse("criteria:indicator_comment", args=[assessment.pk, indicator.pk])
    return client.post(url, {f"c{indicator.pk}-text": text}, follow=True)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def under_appraisal(assessment, steering, office):
    review.assessment_transition(user=steering, assessment=assessment, action=TransitionAction.SUBMIT)
    review.assessment_transition(user=office, assessment=assessment, action=TransitionAction.TAKE_UP)
    assessment.refresh_from_db()
    return assessment


# --- the whole loop -------------------------------------------------------------------------------------


def test_the_whole_loop_through_the_pages(assessment_2023, indicators, official, steering, office):
    assessment = assessment_2023
    clerk, committee, appraiser = browser(official), browser(steering), browser(office)
    for code, fields in {
        "1": {"value_number": "40"},
        "2.1": {"numerator": "60", "denominator": "100"},
        "2.2": {"value_number": "3"},
        "3.1": {"value_bool": "yes"},
    }.items():
        assert save_value(clerk, assessment, indicators[code], **fields).status_code == 302
    assert "Gửi thẩm định" in page(committee, "criteria:assessment", assessment.pk)

    assert "Đã thực hiện: Gửi thẩm định" in step(committee, assessment, "submit", seen_status="draft").content.decode()
    step(appraiser, assessment, "take_up", seen_status="submitted")
    assert status_of(assessment) == Status.UNDER_APPRAISAL
    answer = comment(appraiser, assessment, indicators["1"], "Số liệu chưa khớp biên bản")
    assert "Đã ghi ý kiến về chỉ tiêu 1" in answer.content.decode()
    step(appraiser, assessment, "return", seen_status="under_appraisal", reason="Thu nhập chưa khớp biểu thống kê")
    assert status_of(assessment) == Status.RETURNED

    summary = page(clerk, "criteria:assessment", assessment.pk)  # the summary points to the remark
    remark = reverse("criteria:group", args=[assessment.pk, 1]) + f"#comments-{indicators['1'].pk}"
    assert f'href="{remark}"' in summary and summary.count("Có ý kiến của Văn phòng điều phối") == 1
    entry = page(clerk, "criteria:group", assessment.pk, 1)
    assert "Số liệu chưa khớp biên bản" in entry and "Thu nhập chưa khớp biểu thống kê" in entry
    assert "Lưu chỉ tiêu" in entry  # returned: the official corrects
    assert save_value(clerk, assessment, indicators["1"], value_number="45").status_code == 302
    step(committee, assessment, "resubmit", seen_status="returned")
    step(appraiser, assessment, "take_up", seen_status="submitted")
    assert "Lưu kết quả thẩm định" in page(appraiser, "criteria:group", assessment.pk, 1)
    assert appraise(appraiser, assessment, indicators["1"], value_number="43", note="Theo biểu 01").status_code == 302
    appraise(appraiser, assessment, indicators["3.1"], verdict="not_met", note="Chưa có biên bản nghiệm thu")
    step(appraiser, assessment, "approve", seen_status="under_appraisal")
    assert status_of(assessment) == Status.APPROVED

    summary = page(clerk, "criteria:assessment", assessment.pk)
    assert "Tự đánh giá" in summary and "Kết quả thẩm định" in summary
    dossier = reverse("dossiers:dossier", args=[assessment.unit.pk, 2023, assessment.criteria_set.level])
    assert f'href="{dossier}"' in summary  # the year's recognition dossier, one click from its assessment
    # the office: income 43 < 44 and 3.1 not met, 2.2 has no known ceiling (criterion 2 not met on either side)
    assert "Tổng số tiêu chí đạt: 0/3 (theo kết quả thẩm định)" in text_of(summary)
    assert "Tự đánh giá: đạt 2/3" in summary  # the commune: income 45 ≥ 44, 3.1 met
    assert "Thu nhập chưa khớp biểu thống kê" in summary and "Theo biểu 01" in summary
    assert "Đã phê duyệt" in summary and "Ghi quyết định công nhận" not in summary  # the office's, not the commune's
    assert reverse("criteria:recognition_create", args=[assessment.pk]) in page(
        appraiser, "criteria:assessment", assessment.pk
    )
    entry = page(clerk, "criteria:group", assessment.pk, 1)
    assert "43 triệu đồng/người/năm" in entry and "45 triệu đồng/người/năm" in entry
    assert "Lưu chỉ tiêu" not in entry and "muốn sửa phải được mở lại" in entry
    actions = AssessmentTransition.objects.filter(assessment=assessment).values_list("action", flat=True)
    assert list(actions) == ["submit", "take_up", "return", "resubmit", "take_up", "approve"]


# --- who -------------------------------------------------------------------------------------------------


def test_an_official_cannot_approve(complete, official, steering, office):
    under_appraisal(complete, steering, office)
    response = browser(official).post(reverse("criteria:transition_approve", args=[complete.pk]))
    assert response.status_code == 403
    assert status_of(complete) == Status.UNDER_APPRAISAL


def test_a_steering_member_of_another_commune_cannot_submit(complete, quang_hai):
    neighbour = member("bcd.quanghai", quang_hai, Role.STEERING)
    response = browser(neighbour).post(reverse("criteria:transition_submit", args=[complete.pk]))
    assert response.status_code == 404
    assert status_of(complete) == Status.DRAFT


def test_an_office_outside_the_area_cannot_appraise_comment_or_approve(
    complete, indicators, steering, office, outsider
):
    under_appraisal(complete, steering, office)
    client = browser(outsider)
    assert appraise(client, complete, indicators["1"], value_number="50").status_code == 404
    url = reverse("criteria:indicator_comment", args=[complete.pk, indicators["1"].pk])
    assert client.post(url, {f"c{indicators['1'].pk}-text": "x"}).status_code == 404
    assert client.post(reverse("criteria:transition_approve", args=[complete.pk])).status_code == 404
    assert not IndicatorAppraisal.objects.exists() and not IndicatorComment.objects.exists()
    assert status_of(complete) == Status.UNDER_APPRAISAL


@pytest.mark.parametrize("who", ["official", "steering"])
def test_the_commune_cannot_appraise_or_comment(request, complete, indicators, steering, office, who):
    under_appraisal(complete, steering, office)
    client = browser(request.getfixturevalue(who))
    assert appraise(client, complete, indicators["1"], value_number="50").status_code == 403
    url = reverse("criteria:indicator_comment", args=[complete.pk, indicators["1"].pk])
    assert client.post(url, {f"c{indicators['1'].pk}-text": "x"}).status_code == 403
    assert not IndicatorAppraisal.objects.exists() and not IndicatorComment.objects.exists()


# --- locking ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_a_locked_assessment_refuses_value_and_evidence_posts_with_403(
    complete, indicators, official, steering, office, settings, tmp_path, state
):
    settings.MEDIA_ROOT = tmp_path
    value = IndicatorValue.objects.get(assessment=complete, indicator=indicators["1"])
    evidence = evidence_add(user=None, value=value, upload=SimpleUploadedFile("a.pdf", PDF_BYTES))
    if state == "approved":
        under_appraisal(complete, steering, office)
        review.assessment_transition(user=office, assessment=complete, action=TransitionAction.APPROVE)
    else:
        review.assessment_transition(user=steering, assessment=complete, action=TransitionAction.SUBMIT)
    client = browser(official)
    assert save_value(client, complete, indicators["1"], value_number="99").status_code == 403
    upload = {"file": SimpleUploadedFile("b.pdf", PDF_BYTES)}
    assert client.post(reverse("criteria:evidence_upload", args=[value.pk]), upload).status_code == 403
    assert client.post(reverse("criteria:evidence_delete", args=[evidence.pk])).status_code == 403
    value.refresh_from_db()
    assert value.value_number == Decimal(40) and Evidence.objects.count() == 1
    entry = page(client, "criteria:group", complete.pk, 1)
    assert "Lưu chỉ tiêu" not in entry and "Tải minh chứng" not in entry
    reason = "chờ Văn phòng điều phối" if state == "submitted" else "muốn sửa phải được mở lại"
    assert reason in entry


def test_a_stale_page_posting_to_a_locked_row_with_htmx_sees_the_row_read_only_and_why(
    complete, indicators, official, steering, settings, tmp_path
):
    """htmx swaps no 403 in: the row comes back (200) without its forms, saying why nothing was saved."""
    settings.MEDIA_ROOT = tmp_path
    indicator = indicators["1"]
    value = IndicatorValue.objects.get(assessment=complete, indicator=indicator)
    evidence = evidence_add(user=None, value=value, upload=SimpleUploadedFile("a.pdf", PDF_BYTES))
    client = browser(official)
    stale = page(client, "criteria:group", complete.pk, 1)  # shown while a draft
    assert "Lưu chỉ tiêu" in stale
    review.assessment_transition(user=steering, assessment=complete, action=TransitionAction.SUBMIT)
    posts = {
        "value": (
            reverse("criteria:indicator_save", args=[complete.pk, indicator.pk]),
            {f"i{indicator.pk}-value_number": "99"},
        ),
        "upload": (
            reverse("criteria:evidence_upload", args=[value.pk]),
            {"file": SimpleUploadedFile("b.pdf", PDF_BYTES)},
        ),
        "delete": (reverse("criteria:evidence_delete", args=[evidence.pk]), {}),
    }
    for name, (url, data) in posts.items():
        response = client.post(url, data, **HTMX)
        row = response.content.decode()
        assert response.status_code == 200 and "<html" not in row, name
        assert f'id="indicator-{indicator.pk}"' in row, name
        assert 'role="alert"' in row and "“Đã gửi thẩm định”: không sửa được số liệu. Chưa lưu gì." in row, name
        assert "Lưu chỉ tiêu" not in row and "Tải minh chứng" not in row, name
    value.refresh_from_db()
    assert value.value_number == Decimal(40) and Evidence.objects.count() == 1


def test_the_office_posting_from_a_page_shown_before_the_approval_sees_why(complete, indicators, steering, office):
    under_appraisal(complete, steering, office)
    review.assessment_transition(user=office, assessment=complete, action=TransitionAction.APPROVE)
    client = browser(office)
    row = appraise(client, complete, indicators["1"], HTMX, value_number="50").content.decode()
    assert 'role="alert"' in row and "chưa ghi được ý kiến hay kết quả thẩm định" in row
    url = reverse("criteria:indicator_comment", args=[complete.pk, indicators["1"].pk])
    row = client.post(url, {f"c{indicators['1'].pk}-text": "Số liệu chưa khớp"}, **HTMX).content.decode()
    assert 'role="alert"' in row and "chưa ghi được ý kiến hay kết quả thẩm định" in row
    assert not IndicatorAppraisal.objects.exists() and not IndicatorComment.objects.exists()


def test_each_side_reads_the_state_sentence_that_fits_it(complete, official, steering, office):
    """The commune waits for the office; the office is told the next step is its own."""
    review.assessment_transition(user=steering, assessment=complete, action=TransitionAction.SUBMIT)
    for name in ("criteria:assessment", "criteria:group"):
        args = [complete.pk] if name == "criteria:assessment" else [complete.pk, 1]
        for who in (official, steering):
            text = page(browser(who), name, *args)
            assert "chờ Văn phòng điều phối nhận thẩm định" in text and "Đang chờ bạn" not in text
        text = page(browser(office), name, *args)
        assert "Đang chờ bạn nhận thẩm định." in text and "chờ Văn phòng điều phối" not in text
    review.assessment_transition(user=office, assessment=complete, action=TransitionAction.TAKE_UP)
    assert "Văn phòng điều phối đang thẩm định — chờ kết quả" in page(
        browser(official), "criteria:assessment", complete.pk
    )
    text = page(browser(office), "criteria:assessment", complete.pk)
    assert "Đang thẩm định:" in text and "chờ Văn phòng điều phối" not in text and "chờ kết quả" not in text


def test_the_missing_list_is_folded_except_right_after_a_refused_submission(assessment_2023, indicators, steering):
    indicator_value_save(user=None, assessment=assessment_2023, indicator=indicators["1"], value_number=Decimal(50))
    client = browser(steering)
    folded = page(client, "criteria:assessment", assessment_2023.pk)
    assert '<details class="mt-2 small" id="missing">' in folded
    assert "Còn 3 chỉ tiêu chưa có kết quả" in folded
    url = reverse("criteria:transition_submit", args=[assessment_2023.pk])
    refused = client.post(url, {"seen_status": "draft"})
    assert refused["Location"] == reverse("criteria:assessment", args=[assessment_2023.pk]) + "?missing=open#missing"
    opened = client.get(refused["Location"]).content.decode()
    assert '<details class="mt-2 small" id="missing" open>' in opened
    assert "2.1 – Tỷ lệ hộ dùng nước sạch tập trung" in opened
    # a step refused for another reason comes back to the folded list
    assert client.post(url, {"seen_status": "returned"})["Location"] == reverse(
        "criteria:assessment", args=[assessment_2023.pk]
    )


def test_a_reopening_unlocks_and_both_sides_see_what_changed(complete, indicators, official, steering, office):
    under_appraisal(complete, steering, office)
    review.assessment_transition(user=office, assessment=complete, action=TransitionAction.APPROVE)
    step(browser(office), complete, "reopen", seen_status="approved", reason="Sửa thu nhập theo số liệu thống kê")
    assert status_of(complete) == Status.RETURNED
    assert save_value(browser(official), complete, indicators["1"], value_number="46").status_code == 302
    for who in (official, office):
        summary = page(browser(who), "criteria:assessment", complete.pk)
        assert "Số liệu thay đổi sau khi phê duyệt" in summary
        assert "40 triệu đồng/người/năm" in summary and "46 triệu đồng/người/năm" in summary


# --- bad input and double clicks -------------------------------------------------------------------------


def test_a_double_submit_makes_one_transition_and_the_second_click_is_told(complete, steering):
    client = browser(steering)
    step(client, complete, "submit", seen_status="draft")
    second = step(client, complete, "submit", seen_status="draft").content.decode()
    assert "đã chuyển sang trạng thái “Đã gửi thẩm định” trước thao tác này" in second
    assert AssessmentTransition.objects.filter(assessment=complete).count() == 1


def test_a_submission_with_values_missing_lists_them_and_changes_nothing(assessment_2023, indicators, steering):
    indicator_value_save(user=None, assessment=assessment_2023, indicator=indicators["1"], value_number=Decimal(50))
    answer = step(browser(steering), assessment_2023, "submit", seen_status="draft").content.decode()
    assert "còn 3 chỉ tiêu chưa có kết quả" in answer
    for line in ("2.1 – Tỷ lệ hộ dùng nước sạch tập trung", "2.2 – Tỷ lệ nghèo đa chiều", "3.1 – Chỉ tiêu có/không 3"):
        assert line in answer
    assert status_of(assessment_2023) == Status.DRAFT
    assert not AssessmentTransition.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_returning_without_a_reason_is_refused(complete, steering, office, reason):
    under_appraisal(complete, steering, office)
    answer = step(browser(office), complete, "return", seen_status="under_appraisal", reason=reason)
    assert "Phải ghi lý do khi “Trả lại”" in answer.content.decode()
    assert status_of(complete) == Status.UNDER_APPRAISAL


def test_a_step_the_state_does_not_allow_is_refused_with_a_message(complete, office):
    answer = step(browser(office), complete, "approve", seen_status="draft").content.decode()
    assert "Không thể “Phê duyệt” khi bản tự đánh giá đang ở trạng thái “Đang nhập”" in answer
    assert status_of(complete) == Status.DRAFT


@pytest.mark.parametrize(
    ("code", "fields", "message"),
    [
        ("1", {"value_number": "-5"}, "Giá trị không được âm."),
        ("1", {"value_number": "năm mươi"}, "Không đọc được số “năm mươi”"),
        ("2.1", {"numerator": "120", "denominator": "100"}, "không được lớn hơn tổng số"),
        ("2.1", {"numerator": "-1", "denominator": "100"}, "Số lượng không được âm."),
        ("2.1", {"value_number": "101"}, "không được lớn hơn 100"),
    ],
)
def test_bad_appraisal_input_is_told_in_vietnamese_and_nothing_is_saved(
    complete, indicators, steering, office, code, fields, message
):
    under_appraisal(complete, steering, office)
    response = appraise(browser(office), complete, indicators[code], HTMX, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IndicatorAppraisal.objects.exists()


def test_an_appraisal_saved_with_htmx_returns_the_row_with_both_columns(complete, indicators, steering, office):
    under_appraisal(complete, steering, office)
    response = appraise(browser(office), complete, indicators["2.1"], HTMX, numerator="50", denominator="100")
    row = response.content.decode()
    assert "Kết quả thẩm định" in row and "50/100 = 50 %" in row and "60/100 = 60 %" in row
    assert IndicatorAppraisal.objects.get().numerator == 50


def test_an_empty_comment_is_refused(complete, indicators, steering, office):
    review.assessment_transition(user=steering, assessment=complete, action=TransitionAction.SUBMIT)
    answer = comment(browser(office), complete, indicators["1"], "  ").content.decode()
    assert "Nhập nội dung ý kiến." in answer
    assert not IndicatorComment.objects.exists()


def test_the_office_cannot_appraise_before_taking_up(complete, indicators, steering, office):
    review.assessment_transition(user=steering, assessment=complete, action=TransitionAction.SUBMIT)
    response = appraise(browser(office), complete, indicators["1"], value_number="50")
    assert response.status_code == 302
    assert "Lưu kết quả thẩm định" not in page(browser(office), "criteria:group", complete.pk, 1)
    assert not IndicatorAppraisal.objects.exists()


# --- constant queries ------------------------------------------------------------------------------------


def _appraised_assessment(quang_giao, steering, office, size, code) -> Assessment:
    """An assessment under appraisal of `size` criteria: every indicator recorded, appraised and commented."""
    criteria_set = make_set(code, criteria=size)
    criteria_set.criteria.update(group="Kinh tế")  # one group: its entry page holds every indicator
    assessment = Assessment.objects.create(unit=quang_giao, year=2023, criteria_set=criteria_set)
    indicators = [i for c in criteria_set.criteria.all() for i in c.indicators.all()]
    for indicator in indicators:
        figure = {"value_bool": True} if indicator.unit == "boolean" else {"value_number": Decimal(50)}
        indicator_value_save(user=None, assessment=assessment, indicator=indicator, **figure)
    under_appraisal(assessment, steering, office)
    for indicator in indicators:
        review.indicator_comment_add(user=office, assessment=assessment, indicator=indicator, text="Xem lại")
        review.indicator_appraisal_save(user=office, assessment=assessment, indicator=indicator, verdict="met")
    return assessment


def _queries(client, url) -> int:
    client.get(url)  # warm the session and membership caches
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("who", ["official", "office"])
@pytest.mark.parametrize("name", ["criteria:assessment", "criteria:group"])
def test_the_loop_pages_run_a_constant_number_of_queries(
    request, quang_giao, steering, office, who, name, django_assert_num_queries
):
    client = browser(request.getfixturevalue(who))
    urls = []
    for size, code in ((4, "SMALL"), (12, "LARGE")):
        assessment = _appraised_assessment(quang_giao, steering, office, size, code)
        urls.append(reverse(name, args=[assessment.pk, 1] if name == "criteria:group" else [assessment.pk]))
    expected = _queries(client, urls[0])
    client.get(urls[1])
    with django_assert_num_queries(expected):
        assert client.get(urls[1]).status_code == 200


def test_the_summary_after_a_reopening_runs_a_constant_number_of_queries(
    quang_giao, steering, office, django_assert_num_queries
):
    """The list of changes since the approval and the steering committee's resubmit button (which asks for the
    indicators missing) cost the same for 5 indicators changed as for 13."""
    client = browser(steering)
    urls = []
    for size, code in ((4, "SMALL"), (12, "LARGE")):
        assessment = _appraised_assessment(quang_giao, steering, office, size, code)
        review.assessment_transition(user=office, assessment=assessment, action=TransitionAction.APPROVE)
        review.assessment_transition(user=office, assessment=assessment, action=TransitionAction.REOPEN, reason="x")
        for value in IndicatorValue.objects.filter(assessment=assessment).select_related("indicator"):
            figure = {"value_bool": False} if value.indicator.unit == "boolean" else {"value_number": Decimal(60)}
            indicator_value_save(user=None, assessment=assessment, indicator=value.indicator, **figure)
        assert len(review.changes_since_approval(assessment)) == size + 1
        urls.append(reverse("criteria:assessment", args=[assessment.pk]))
    expected = _queries(client, urls[0])
    assert "Số liệu thay đổi sau khi phê duyệt" in client.get(urls[1]).content.decode()
    with django_assert_num_queries(expected):
        assert client.get(urls[1]).status_code == 200
