"""E-mails after the loop's transitions (criteria.notifications): to whom, what they say, and only after commit.

Django's test runner swaps the e-mail backend for the in-memory one (`mail.outbox`): nothing leaves the machine.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from criteria import review
from criteria.models import Assessment, TransitionAction
from ops.services import unit_update
from ops.tests.members import member
from ops.tests.reform import JULY_2025
from units.models import Role

Action = TransitionAction


def with_email(user, address=None):
    user.email = address or f"{user.username}@thanhhoa.gov.vn"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def district_ended(reform):
    """Quảng Xương ended with the districts on 1/7/2025 (its communes were all merged away that day)."""
    return unit_update(unit=reform.quang_xuong, dissolved_on=JULY_2025)


@pytest.fixture
def giao_2024(reform_records, reform):
    """Quảng Giao's 2024 assessment, every indicator recorded; carried on by phường Nam Sầm Sơn."""
    return Assessment.objects.get(unit=reform.quang_giao, year=2024)


@pytest.fixture
def people(
    district_ended, reform, nss_steering, nss_official, province_coordinator, official, coordinator, quang_ninh_official
):
    """Everyone with an address, but one of the ward's officials, who has none; an administrator and a
    deactivated account of the province's office, who get nothing."""
    for user in (nss_steering, nss_official, province_coordinator, official, coordinator, quang_ninh_official):
        with_email(user)
    member("canbo2.namsamson", reform.nam_sam_son, Role.OFFICIAL)
    with_email(member("quantri", reform.thanh_hoa, Role.ADMIN))
    gone = with_email(member("vpdp.thanhhoa.cu", reform.thanh_hoa, Role.COORDINATOR))
    gone.is_active = False
    gone.save(update_fields=["is_active"])


def step(assessment, action, user, capture, **kwargs):
    with capture(execute=True):
        review.assessment_transition(user=user, assessment=assessment, action=action, **kwargs)
    assessment.refresh_from_db()
    sent = list(mail.outbox)
    mail.outbox.clear()
    return sent


def test_a_submission_goes_to_the_office_above_today(
    giao_2024, people, nss_steering, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://ntm.thanhhoa.gov.vn/"
    sent = step(giao_2024, Action.SUBMIT, nss_steering, django_capture_on_commit_callbacks)
    # The province's office only: the district's ended on 1/7/2025, administrators are nobody's correspondent.
    assert [message.to for message in sent] == [["vpdp.thanhhoa@thanhhoa.gov.vn"]]
    [message] = sent
    assert message.subject == ("[NTM Portal] xã Quảng Giao (đến 30/06/2025) gửi bản tự đánh giá năm 2024 để thẩm định")
    assert "vừa chuyển sang trạng thái “Đã gửi thẩm định”" in message.body
    assert "Thao tác: Gửi thẩm định, do bcd.namsamson thực hiện lúc" in message.body
    assert "Việc cần làm: Nhận thẩm định, rồi phê duyệt hoặc trả lại kèm lý do." in message.body
    assert f"https://ntm.thanhhoa.gov.vn/criteria/assessments/{giao_2024.pk}/" in message.body
    assert "https://ntm.thanhhoa.gov.vn/inbox/" in message.body
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_a_return_goes_to_the_commune_s_people_with_the_reason(
    giao_2024, people, nss_steering, province_coordinator, django_capture_on_commit_callbacks
):
    step(giao_2024, Action.SUBMIT, nss_steering, django_capture_on_commit_callbacks)
    assert step(giao_2024, Action.TAKE_UP, province_coordinator, django_capture_on_commit_callbacks) == []
    with translation.override("en"):  # the office reads in English; the e-mails stay in the portal's language
        sent = step(
            giao_2024, Action.RETURN, province_coordinator, django_capture_on_commit_callbacks, reason="Chưa khớp"
        )
    # The ward's steering member and official (one official has no address); not Quảng Giao's former official
    # (his unit ended), nor Quảng Ninh's.
    assert sorted(message.to[0] for message in sent) == [
        "bcd.namsamson@thanhhoa.gov.vn",
        "canbo.namsamson@thanhhoa.gov.vn",
    ]
    message = sent[0]
    assert message.subject == "[NTM Portal] Bản tự đánh giá năm 2024 của xã Quảng Giao (đến 30/06/2025) bị trả lại"
    assert "Lý do: Chưa khớp" in message.body
    assert "Việc cần làm: Cán bộ xã sửa số liệu" in message.body
    assert f"http://127.0.0.1:8000/criteria/assessments/{giao_2024.pk}/" in message.body


def test_an_approval_and_a_reopening_go_to_the_commune_s_people(
    giao_2024, people, nss_steering, province_coordinator, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    step(giao_2024, Action.SUBMIT, nss_steering, capture)
    step(giao_2024, Action.TAKE_UP, province_coordinator, capture)
    approved = step(giao_2024, Action.APPROVE, province_coordinator, capture)
    commune = {"bcd.namsamson@thanhhoa.gov.vn", "canbo.namsamson@thanhhoa.gov.vn"}
    assert {message.to[0] for message in approved} == commune
    assert approved[0].subject.endswith("đã được phê duyệt")
    assert "số liệu của năm đã khóa" in approved[0].body
    reopened = step(giao_2024, Action.REOPEN, province_coordinator, capture, reason="Sai chỉ tiêu 2.1")
    assert len(reopened) == 2 and reopened[0].subject.endswith("được mở lại để sửa")
    assert "Lý do: Sai chỉ tiêu 2.1" in reopened[0].body
    resubmitted = step(giao_2024, Action.RESUBMIT, nss_steering, capture)
    assert [message.to for message in resubmitted] == [["vpdp.thanhhoa@thanhhoa.gov.vn"]]
    assert resubmitted[0].subject.startswith("[NTM Portal] xã Quảng Giao (đến 30/06/2025) gửi lại")


def test_nothing_is_sent_when_the_transaction_rolls_back(
    giao_2024, people, nss_steering, django_capture_on_commit_callbacks
):
    class Later(Exception):
        pass

    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(Later), transaction.atomic():
        review.assessment_transition(user=nss_steering, assessment=giao_2024, action=Action.SUBMIT)
        raise Later  # something after the transition fails: the request's transaction is rolled back
    assert callbacks == [] and mail.outbox == []
    giao_2024.refresh_from_db()
    assert giao_2024.status == "draft"


def test_nothing_is_sent_for_a_refused_transition_or_to_people_without_an_address(
    giao_2024, reform, nss_steering, province_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        review.assessment_transition(user=province_coordinator, assessment=giao_2024, action=Action.APPROVE)
    assert mail.outbox == []
    # Nobody has an address here: the submission goes through and nothing is sent.
    assert step(giao_2024, Action.SUBMIT, nss_steering, django_capture_on_commit_callbacks) == []
    assert giao_2024.status == "submitted"
