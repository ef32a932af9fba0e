"""The loop's state machine and the office's writes (criteria.review): who, from which state, with what input."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from criteria import review
from criteria.evaluation import evaluate
from criteria.models import (
    AssessmentStatus,
    AssessmentTransition,
    IndicatorAppraisal,
    IndicatorComment,
    TransitionAction,
    Verdict,
)
from criteria.services import evidence_add, indicator_value_save

Status = AssessmentStatus
Action = TransitionAction


def move(assessment, action, user, **kwargs):
    step = review.assessment_transition(user=user, assessment=assessment, action=action, **kwargs)
    assessment.refresh_from_db()
    return step


def under_appraisal(assessment, steering, coordinator):
    move(assessment, Action.SUBMIT, steering)
    move(assessment, Action.TAKE_UP, coordinator)
    return assessment


def test_the_whole_loop_with_a_return_and_a_reopening(complete, steering, coordinator, official, indicators):
    under_appraisal(complete, steering, coordinator)
    move(complete, Action.RETURN, coordinator, reason="Số liệu chưa khớp biên bản")
    assert complete.status == Status.RETURNED
    indicator_value_save(user=official, assessment=complete, indicator=indicators["1"], value_number=Decimal(45))
    move(complete, Action.RESUBMIT, steering)
    move(complete, Action.TAKE_UP, coordinator)
    move(complete, Action.APPROVE, coordinator)
    assert complete.status == Status.APPROVED
    move(complete, Action.REOPEN, coordinator, reason="Phát hiện sai sót chỉ tiêu 3.1")
    assert complete.status == Status.RETURNED
    actions = list(AssessmentTransition.objects.filter(assessment=complete).values_list("action", flat=True))
    assert actions == ["submit", "take_up", "return", "resubmit", "take_up", "approve", "reopen"]
    assert complete.status_changed_at is not None


def test_submission_with_values_missing_lists_them_and_changes_nothing(assessment_2023, indicators, steering):
    indicator_value_save(user=steering, assessment=assessment_2023, indicator=indicators["1"], value_number=1)
    with pytest.raises(ValidationError) as refused:
        move(assessment_2023, Action.SUBMIT, steering)
    assert "còn 3 chỉ tiêu chưa có kết quả" in refused.value.messages[0]
    assert [line.split(" – ")[0] for line in refused.value.messages[1:]] == ["2.1", "2.2", "3.1"]
    assert assessment_2023.status == Status.DRAFT
    assert not AssessmentTransition.objects.exists()


@pytest.mark.parametrize("action", [Action.RETURN, Action.REOPEN])
def test_returning_or_reopening_needs_a_reason(complete, steering, coordinator, action):
    under_appraisal(complete, steering, coordinator)
    if action == Action.REOPEN:
        move(complete, Action.APPROVE, coordinator)
    status = complete.status
    with pytest.raises(ValidationError, match="Phải ghi lý do"):
        move(complete, action, coordinator, reason="   ")
    assert complete.status == status


def test_approving_twice_is_refused_and_a_double_click_makes_one_transition(complete, steering, coordinator):
    under_appraisal(complete, steering, coordinator)
    move(complete, Action.APPROVE, coordinator, seen_status=Status.UNDER_APPRAISAL)
    with pytest.raises(ValidationError, match="đã chuyển sang trạng thái “Đã phê duyệt”"):
        move(complete, Action.APPROVE, coordinator, seen_status=Status.UNDER_APPRAISAL)
    with pytest.raises(ValidationError, match="Không thể “Phê duyệt”"):
        move(complete, Action.APPROVE, coordinator)
    assert AssessmentTransition.objects.filter(action=Action.APPROVE).count() == 1


def test_illegal_transitions_are_refused(complete, coordinator):
    for action in (Action.TAKE_UP, Action.APPROVE, Action.RESUBMIT, Action.REOPEN):
        with pytest.raises(ValidationError, match="Không thể"):
            move(complete, action, coordinator, reason="x")
    assert complete.status == Status.DRAFT


def test_who_may_take_each_action(complete, official, steering, coordinator, other_official, outsider):
    assert review.may(steering, complete, Action.SUBMIT)
    assert not review.may(official, complete, Action.SUBMIT)
    assert not review.may(official, complete, Action.APPROVE)
    assert review.may(coordinator, complete, Action.APPROVE)
    assert not review.may(outsider, complete, Action.APPROVE)
    assert not review.may(steering, complete, Action.APPROVE)
    assert [t.action for t in review.actions_for(steering, complete)] == [Action.SUBMIT]
    assert review.actions_for(coordinator, complete) == []
    assert review.may_enter(official, complete) and not review.may_enter(other_official, complete)


def test_values_and_evidence_lock_once_submitted(complete, steering, official, indicators):
    move(complete, Action.SUBMIT, steering)
    with pytest.raises(ValidationError, match="không sửa được số liệu"):
        indicator_value_save(user=official, assessment=complete, indicator=indicators["1"], value_number=50)
    value = complete.values.get(indicator=indicators["1"])
    with pytest.raises(ValidationError, match="không sửa được số liệu"):
        evidence_add(user=official, value=value, upload=None)
    assert value.value_number == Decimal(40)
    assert not review.may_enter(official, complete)


def test_the_appraisal_is_counted_beside_the_self_assessment(complete, steering, coordinator, indicators):
    under_appraisal(complete, steering, coordinator)
    result = evaluate(complete)
    assert result.appraisal is None and result.counted is result
    review.indicator_appraisal_save(
        user=coordinator,
        assessment=complete,
        indicator=indicators["1"],
        value_number=Decimal(46),
        note="Theo biểu thống kê",
    )
    review.indicator_appraisal_save(
        user=coordinator, assessment=complete, indicator=indicators["3.1"], verdict="not_met"
    )
    result = evaluate(complete)
    own = {item.indicator.code: item.verdict for item in result.indicators}
    office = {item.indicator.code: item.verdict for item in result.appraisal.indicators}
    assert own["1"] == Verdict.NOT_MET and office["1"] == Verdict.MET
    assert own["3.1"] == Verdict.MET and office["3.1"] == Verdict.NOT_MET
    assert own["2.1"] == office["2.1"] == Verdict.MET  # not appraised: the commune's figure stands
    assert result.counted is result.appraisal and result.counted_by == "theo kết quả thẩm định"
    assert result.appraisal_records[indicators["1"].pk].note == "Theo biểu thống kê"


def test_an_approval_without_figures_accepts_the_commune_s(complete, steering, coordinator):
    under_appraisal(complete, steering, coordinator)
    move(complete, Action.APPROVE, coordinator)
    result = evaluate(complete)
    assert result.appraisal is not None
    assert [i.verdict for i in result.appraisal.indicators] == [i.verdict for i in result.indicators]


@pytest.mark.parametrize(
    ("code", "figures", "message"),
    [
        ("1", {"value_number": Decimal(-1)}, "không được âm"),
        ("2.1", {"numerator": 120, "denominator": 100}, "không được lớn hơn tổng số"),
        ("2.1", {"numerator": 12}, "Nhập đủ cả số đạt và tổng số"),
        ("2.1", {"value_number": Decimal(101)}, "không được lớn hơn 100"),
    ],
)
def test_bad_appraisal_figures_are_refused(complete, steering, coordinator, indicators, code, figures, message):
    under_appraisal(complete, steering, coordinator)
    with pytest.raises(ValidationError, match=message):
        review.indicator_appraisal_save(user=coordinator, assessment=complete, indicator=indicators[code], **figures)
    assert not IndicatorAppraisal.objects.exists()


def test_appraisal_and_comments_only_in_the_office_s_turn(complete, coordinator, steering, indicators):
    with pytest.raises(ValidationError, match="chưa ghi được"):
        review.indicator_appraisal_save(user=coordinator, assessment=complete, indicator=indicators["1"], verdict="met")
    with pytest.raises(ValidationError, match="chưa ghi được"):
        review.indicator_comment_add(user=coordinator, assessment=complete, indicator=indicators["1"], text="x")
    move(complete, Action.SUBMIT, steering)
    comment = review.indicator_comment_add(
        user=coordinator, assessment=complete, indicator=indicators["1"], text="Số liệu chưa khớp biên bản"
    )
    assert comment.author == coordinator
    with pytest.raises(ValidationError, match="Nhập nội dung"):
        review.indicator_comment_add(user=coordinator, assessment=complete, indicator=indicators["1"], text=" ")
    assert IndicatorComment.objects.count() == 1


def test_an_empty_appraisal_removes_the_office_s_figure(complete, steering, coordinator, indicators):
    under_appraisal(complete, steering, coordinator)
    review.indicator_appraisal_save(user=coordinator, assessment=complete, indicator=indicators["1"], verdict="met")
    assert review.indicator_appraisal_save(user=coordinator, assessment=complete, indicator=indicators["1"]) is None
    assert not IndicatorAppraisal.objects.exists()


def test_what_changed_since_the_approval(complete, steering, coordinator, official, indicators):
    under_appraisal(complete, steering, coordinator)
    move(complete, Action.APPROVE, coordinator)
    assert review.changes_since_approval(complete) == []
    move(complete, Action.REOPEN, coordinator, reason="Sửa thu nhập")
    indicator_value_save(user=official, assessment=complete, indicator=indicators["1"], value_number=Decimal(45))
    [change] = review.changes_since_approval(complete)
    assert change.indicator.code == "1"
    assert (change.approved["value_number"], change.now["value_number"]) == ("40.00", "45.00")


def test_every_transition_comment_and_appraisal_is_audited(complete, steering, coordinator, indicators):
    under_appraisal(complete, steering, coordinator)
    review.indicator_comment_add(user=coordinator, assessment=complete, indicator=indicators["1"], text="Xem lại")
    review.indicator_appraisal_save(user=coordinator, assessment=complete, indicator=indicators["1"], verdict="met")
    move(complete, Action.RETURN, coordinator, reason="Chưa khớp")
    entries = AuditEntry.objects.filter(user=coordinator)
    names = sorted({entry.content_type.model for entry in entries})
    assert names == ["assessment", "assessmenttransition", "indicatorappraisal", "indicatorcomment"]
    status_change = entries.filter(content_type__model="assessment").order_by("at", "pk").last()
    assert status_change.changes["status"] == ["under_appraisal", "returned"]
    reason = entries.filter(content_type__model="assessmenttransition").order_by("at", "pk").last()
    assert reason.changes["reason"][1] == "Chưa khớp"
