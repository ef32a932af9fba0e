"""The office records the recognition decision once it has approved the year (criteria.views_recognition)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from criteria import review
from criteria.models import AssessmentStatus, Recognition, TransitionAction
from criteria.services import indicator_value_save

FIGURES = {
    "1": {"value_number": Decimal(50)},
    "2.1": {"numerator": 60, "denominator": 100},
    "2.2": {"value_number": Decimal(3)},
    "3.1": {"value_bool": True},
}


@pytest.fixture
def approved(assessment_2023, indicators, official, steering, coordinator):
    for code, figures in FIGURES.items():
        indicator_value_save(user=official, assessment=assessment_2023, indicator=indicators[code], **figures)
    for action, user in ((TransitionAction.SUBMIT, steering), (TransitionAction.TAKE_UP, coordinator)):
        review.assessment_transition(user=user, assessment=assessment_2023, action=action)
    review.assessment_transition(user=coordinator, assessment=assessment_2023, action=TransitionAction.APPROVE)
    assessment_2023.refresh_from_db()
    return assessment_2023


def url(assessment):
    return reverse("criteria:recognition_create", args=[assessment.pk])


DECISION = {"decision_number": "1234/QĐ-UBND", "decision_date": "15/03/2024", "decision_issuer": "Chủ tịch UBND tỉnh"}


def test_the_office_records_the_decision_of_an_approved_year(client_for, coordinator, approved):
    client = client_for(coordinator)
    page = client.get(url(approved))
    assert "Chủ tịch UBND tỉnh Thanh Hóa" in page.content.decode()
    answer = client.post(url(approved), DECISION)
    assert answer.status_code == 302 and answer.url == reverse("criteria:assessment", args=[approved.pk])
    recognition = Recognition.objects.get(unit=approved.unit)
    assert (recognition.level, recognition.decision_number) == ("xa_ntm", "1234/QĐ-UBND")
    assert recognition.decision_date == datetime.date(2024, 3, 15) and recognition.verified
    assert AuditEntry.objects.filter(content_type__model="recognition", user=coordinator).exists()


def test_no_decision_before_the_year_is_approved(client_for, coordinator, assessment_2023):
    answer = client_for(coordinator).post(url(assessment_2023), DECISION, follow=True)
    assert "Chỉ ghi quyết định công nhận sau khi đã phê duyệt" in answer.content.decode()
    assert assessment_2023.status == AssessmentStatus.DRAFT and not Recognition.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"decision_date": "31/02/2024"}, "Ngày không hợp lệ"),
        ({"decision_date": "01/01/2099"}, "không được sau ngày hôm nay"),
        ({"decision_number": ""}, "Trường này là bắt buộc"),
    ],
)
def test_a_wrong_decision_is_refused_in_vietnamese_and_nothing_is_saved(
    client_for, coordinator, approved, change, message
):
    answer = client_for(coordinator).post(url(approved), DECISION | change)
    assert answer.status_code == 200 and re.search(message, answer.content.decode())
    assert not Recognition.objects.exists()


def test_a_scan_that_is_not_a_pdf_or_image_is_refused(client_for, coordinator, approved):
    scan = SimpleUploadedFile("qd.pdf", b"not really a pdf", content_type="application/pdf")
    answer = client_for(coordinator).post(url(approved), DECISION | {"scan": scan})
    assert answer.status_code == 200 and not Recognition.objects.exists()


def test_a_second_active_decision_at_the_level_is_refused(client_for, coordinator, approved):
    client = client_for(coordinator)
    client.post(url(approved), DECISION)
    answer = client.post(url(approved), DECISION | {"decision_number": "99/QĐ-UBND"})
    assert "đã có quyết định công nhận" in answer.content.decode()
    assert Recognition.objects.count() == 1


def test_the_commune_and_outsiders_cannot_record_a_decision(client_for, approved, official, steering, outsider):
    assert client_for(official).post(url(approved), DECISION).status_code == 403
    assert client_for(steering).post(url(approved), DECISION).status_code == 403
    assert client_for(outsider).post(url(approved), DECISION).status_code == 404
    assert not Recognition.objects.exists()
