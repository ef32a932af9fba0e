"""The loop between a commune and the office above it: one transition table and the writes that follow it.

`TRANSITIONS` is the whole state machine (docs/adr/0017): for each action, the states it leaves, the state
it reaches, who may take it and whether it needs a reason. `assessment_transition` is the only write of an
assessment's state; comments and appraised figures are written here too, each audited. Views fetch the
assessment through `units.scoping` first (outsiders 404) and ask `may(...)` (refused: 403).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.signals import records_changed
from core.text import clean_text
from units.scoping import can_appraise, can_approve, can_edit

from .models import (
    Assessment,
    AssessmentTransition,
    Indicator,
    IndicatorAppraisal,
    IndicatorComment,
    IndicatorValue,
    TransitionAction,
)
from .models import AssessmentStatus as Status
from .notifications import transition_notify
from .services import commune_of


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    who: Callable  # (user, unit) -> bool: units.scoping's role check
    needs_reason: bool = False


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(TransitionAction.SUBMIT, (Status.DRAFT,), Status.SUBMITTED, can_approve),
        Transition(TransitionAction.RESUBMIT, (Status.RETURNED,), Status.SUBMITTED, can_approve),
        Transition(TransitionAction.TAKE_UP, (Status.SUBMITTED,), Status.UNDER_APPRAISAL, can_appraise),
        Transition(
            TransitionAction.RETURN, (Status.SUBMITTED, Status.UNDER_APPRAISAL), Status.RETURNED, can_appraise, True
        ),
        Transition(TransitionAction.APPROVE, (Status.UNDER_APPRAISAL,), Status.APPROVED, can_appraise),
        Transition(TransitionAction.REOPEN, (Status.APPROVED,), Status.RETURNED, can_appraise, True),
    )
}

# The office comments on indicators and records its figures while the assessment is in its hands.
IN_APPRAISAL = (Status.SUBMITTED, Status.UNDER_APPRAISAL)


def may(user, assessment: Assessment, action: str) -> bool:
    """Whether `user` may take `action` on `assessment` at all (its role over the unit), whatever the state."""
    return TRANSITIONS[action].who(user, assessment.unit)


def actions_for(user, assessment: Assessment) -> list[Transition]:
    """The transitions `user` may take now: the buttons of the assessment page, the items of the inbox."""
    return [t for t in TRANSITIONS.values() if assessment.status in t.sources and t.who(user, assessment.unit)]


def may_comment(user, assessment: Assessment) -> bool:
    return assessment.status in IN_APPRAISAL and can_appraise(user, assessment.unit)


def may_appraise(user, assessment: Assessment) -> bool:
    return assessment.status == Status.UNDER_APPRAISAL and can_appraise(user, assessment.unit)


def may_enter(user, assessment: Assessment) -> bool:
    """The commune's official may change values now (a draft, or returned/reopened by the office)."""
    return assessment.is_open_for_entry and can_edit(user, assessment.unit)


# --- reads ---------------------------------------------------------------------------------------------


def missing_values(assessment: Assessment) -> list:
    """The indicators of the set without a recorded result: the list a submission is refused with."""
    recorded = {
        value.indicator_id
        for value in IndicatorValue.objects.filter(assessment=assessment).select_related("indicator")
        if not value.is_empty
    }
    indicators = Indicator.objects.filter(criterion__criteria_set_id=assessment.criteria_set_id)
    indicators = indicators.order_by("criterion__number", "sort_order", "code")
    return [indicator for indicator in indicators if indicator.pk not in recorded]


VALUE_FIELDS = ("value_number", "value_bool", "value_text", "numerator", "denominator", "override_verdict")


def _recorded(values) -> dict[str, dict]:
    return {str(value.indicator_id): snapshot(value, VALUE_FIELDS) for value in values}


@dataclass(frozen=True)
class Change:
    indicator: object
    approved: dict  # the fields as approved ({} if the indicator had no value then)
    now: dict


def changes_since_approval(assessment: Assessment) -> list[Change]:
    """What the commune changed after the last approval, indicator by indicator (shown to both sides)."""
    approval = assessment.transitions.filter(action=TransitionAction.APPROVE).order_by("-at", "-pk").first()
    if approval is None:
        return []
    values = IndicatorValue.objects.filter(assessment=assessment).select_related("indicator")
    now = _recorded(values)
    then = approval.approved_values
    indicators = {str(value.indicator_id): value.indicator for value in values}
    missing = [int(key) for key in then if key not in indicators]
    indicators |= {str(indicator.pk): indicator for indicator in Indicator.objects.filter(pk__in=missing)}
    keys = sorted(set(now) | set(then), key=lambda key: indicators[key].code)
    return [
        Change(indicators[key], then.get(key, {}), now.get(key, {})) for key in keys if then.get(key) != now.get(key)
    ]


# --- writes --------------------------------------------------------------------------------------------


def _refuse_stale(assessment: Assessment, seen_status: str | None) -> None:
    """A second click, or another person's action in between: refused, nothing happens twice."""
    if seen_status is not None and seen_status != assessment.status:
        raise ValidationError(
            _("Bản tự đánh giá đã chuyển sang trạng thái “%(status)s” trước thao tác này; không làm gì thêm.")
            % {"status": assessment.get_status_display()}
        )


def _refuse_illegal(assessment: Assessment, transition: Transition) -> None:
    if assessment.status not in transition.sources:
        raise ValidationError(
            _("Không thể “%(action)s” khi bản tự đánh giá đang ở trạng thái “%(status)s”.")
            % {"action": TransitionAction(transition.action).label, "status": assessment.get_status_display()}
        )


def _refuse_incomplete(assessment: Assessment) -> None:
    missing = missing_values(assessment)
    if missing:
        lines = [f"{indicator.code} – {indicator.content}" for indicator in missing]
        message = _("Chưa gửi được: còn %(count)s chỉ tiêu chưa có kết quả.") % {"count": len(missing)}
        raise ValidationError([message, *lines])


@transaction.atomic
def assessment_transition(
    *, user, assessment: Assessment, action: str, reason: str = "", seen_status: str | None = None
) -> AssessmentTransition:
    """Move the assessment by `action` of `TRANSITIONS`; refused (ValidationError) if the state or input is wrong.

    `seen_status` is the state the person saw when clicking: a double click finds it changed and does nothing.
    """
    transition = TRANSITIONS[action]
    assessment = Assessment.objects.select_for_update().select_related("unit", "criteria_set").get(pk=assessment.pk)
    _refuse_stale(assessment, seen_status)
    _refuse_illegal(assessment, transition)
    reason = clean_text(reason)
    if transition.needs_reason and not reason:
        raise ValidationError(_("Phải ghi lý do khi “%(action)s”.") % {"action": TransitionAction(action).label})
    if transition.target == Status.SUBMITTED:
        _refuse_incomplete(assessment)
    before = snapshot(assessment)
    step = AssessmentTransition(
        assessment=assessment, action=action, from_status=assessment.status, to_status=transition.target
    )
    step.reason, step.by = reason, user if user and user.is_authenticated else None
    if action == TransitionAction.APPROVE:
        step.approved_values = _recorded(IndicatorValue.objects.filter(assessment=assessment))
    step.full_clean()
    step.save()
    assessment.status, assessment.status_changed_at = transition.target, timezone.now()
    assessment.save(update_fields=["status", "status_changed_at"])
    commune = commune_of(assessment.unit)
    audit_record(user=user, instance=step, action=AuditEntry.Action.CREATE, commune=commune)
    audit_record(user=user, instance=assessment, action=AuditEntry.Action.UPDATE, before=before, commune=commune)
    if Status.APPROVED in (step.from_status, step.to_status):  # an approval is an appraisal (docs/adr/0018)
        records_changed.notify(units=[assessment.unit_id], years=[assessment.year])
    transition_notify(step)
    return step


def _refuse_unless_in_appraisal(assessment: Assessment, states) -> None:
    if assessment.status not in states:
        raise ValidationError(
            _("Bản tự đánh giá đang ở trạng thái “%(status)s”: chưa ghi được ý kiến hay kết quả thẩm định.")
            % {"status": assessment.get_status_display()}
        )


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("unit").get(pk=assessment.pk)


@transaction.atomic
def indicator_comment_add(*, user, assessment: Assessment, indicator, text: str) -> IndicatorComment:
    """The office's remark on one indicator, while the assessment is submitted or under appraisal."""
    assessment = _locked(assessment)
    _refuse_unless_in_appraisal(assessment, IN_APPRAISAL)
    if indicator.criterion.criteria_set_id != assessment.criteria_set_id:
        raise ValidationError(_("Chỉ tiêu không thuộc bộ tiêu chí của bản tự đánh giá này."))
    comment = IndicatorComment(assessment=assessment, indicator=indicator, text=clean_text(text))
    comment.author = user if user and user.is_authenticated else None
    if not comment.text:
        raise ValidationError({"text": _("Nhập nội dung ý kiến.")})
    comment.full_clean()
    comment.save()
    audit_record(user=user, instance=comment, action=AuditEntry.Action.CREATE, commune=commune_of(assessment.unit))
    return comment


@transaction.atomic
def indicator_appraisal_save(
    *, user, assessment: Assessment, indicator, note: str = "", **figures
) -> IndicatorAppraisal | None:
    """The office's figure and/or verdict for one indicator (`figures`: IndicatorAppraisal.VALUE_FIELDS and
    `verdict`), while the assessment is under appraisal. All empty: the appraisal of the indicator is removed."""
    assessment = _locked(assessment)
    _refuse_unless_in_appraisal(assessment, (Status.UNDER_APPRAISAL,))
    if indicator.criterion.criteria_set_id != assessment.criteria_set_id:
        raise ValidationError(_("Chỉ tiêu không thuộc bộ tiêu chí của bản tự đánh giá này."))
    appraisal = IndicatorAppraisal.objects.filter(assessment=assessment, indicator=indicator).first()
    before = snapshot(appraisal) if appraisal else None
    appraisal = appraisal or IndicatorAppraisal(assessment=assessment, indicator=indicator)
    for name in (*IndicatorAppraisal.VALUE_FIELDS, "verdict"):
        setattr(appraisal, name, figures.get(name, "" if name == "verdict" else None))
    appraisal.verdict = appraisal.verdict or ""
    appraisal.note = clean_text(note)
    appraisal.updated_by = user if user and user.is_authenticated else None
    commune = commune_of(assessment.unit)
    if not appraisal.records_a_figure and not appraisal.note:
        if appraisal.pk:
            audit_record(user=user, instance=appraisal, action=AuditEntry.Action.DELETE, commune=commune)
            appraisal.delete()
            records_changed.notify(units=[assessment.unit_id], years=[assessment.year])
        return None
    appraisal.full_clean()
    appraisal.save()
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(user=user, instance=appraisal, action=action, before=before, commune=commune)
    records_changed.notify(units=[assessment.unit_id], years=[assessment.year])
    return appraisal
