"""What waits for a user in the loop between a commune and the office above it (docs/adr/0019).

`WAITING` says, for each role, in which states an assessment is that role's turn and what to do then: the
commune's official fills a draft that still lacks results and corrects a returned one; its steering committee
submits a draft and resubmits a returned one (each marked complete or not: the transition refuses an
incomplete one); the coordination office whose area covers the unit takes up what was submitted and appraises
what it took up. An administrator sees the office's view of every unit. The role is held only while the user's
own unit is in force (the `units.scoping` checks behind `criteria.review.TRANSITIONS`; an ended unit's people
read only, docs/adr/0092), and the assessments are those `Assessment.objects.visible_to(user)` returns, so an
office never sees another province's.

`waiting_items(user)` reads the inbox page in two or three queries whatever the number of units and
assessments (one for the assessments with their completeness, comment count and last return, one or two for
the units' names as of each year); `waiting_count(user)` is the navigation's badge, one COUNT query.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery, TextChoices
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.models import Role, is_administrator, membership_of
from units.reporting import label_in, load_names, parent_name_in

from .models import (
    Assessment,
    AssessmentTransition,
    Indicator,
    IndicatorComment,
    IndicatorValue,
    TransitionAction,
)
from .models import AssessmentStatus as Status


class Todo(TextChoices):
    """What to do with an assessment in the inbox; the order of the page's groups."""

    ENTER = "enter", _("Nhập số liệu")
    CORRECT = "correct", _("Sửa số liệu theo ý kiến trả lại")
    SUBMIT = "submit", _("Gửi thẩm định")
    RESUBMIT = "resubmit", _("Gửi lại để thẩm định")
    TAKE_UP = "take_up", _("Nhận thẩm định")
    APPRAISE = "appraise", _("Thẩm định: phê duyệt hoặc trả lại")


COMMUNE_TODOS = (Todo.ENTER, Todo.CORRECT, Todo.SUBMIT, Todo.RESUBMIT)


WAITS_ON = {
    Todo.SUBMIT: _("Chờ cán bộ xã nhập đủ rồi mới gửi được."),
    Todo.RESUBMIT: _("Chờ cán bộ xã sửa và nhập đủ rồi mới gửi lại được."),
}


@dataclass(frozen=True)
class Waiting:
    status: str
    todo: str
    incomplete_only: bool = False  # only while some indicator has no result


# Each row mirrors a row of criteria.review.TRANSITIONS (or the entry rule `may_enter` for the official);
# criteria/tests/test_inbox.py holds the inbox equal to `actions_for` and `may_enter` on every assessment.
WAITING = {
    Role.OFFICIAL: (Waiting(Status.DRAFT, Todo.ENTER, incomplete_only=True), Waiting(Status.RETURNED, Todo.CORRECT)),
    Role.STEERING: (Waiting(Status.DRAFT, Todo.SUBMIT), Waiting(Status.RETURNED, Todo.RESUBMIT)),
    Role.COORDINATOR: (Waiting(Status.SUBMITTED, Todo.TAKE_UP), Waiting(Status.UNDER_APPRAISAL, Todo.APPRAISE)),
}


def waiting_for(user) -> tuple[Waiting, ...]:
    """The rows of `WAITING` that are the user's turn: his role's while his own unit is in force; the office's for
    an administrator; none for anyone else."""
    if is_administrator(user):
        return WAITING[Role.COORDINATOR]
    membership = membership_of(user)
    if membership is None or membership.unit.has_ended:
        return ()
    return WAITING.get(membership.role, ())


def _count(queryset):
    """A correlated COUNT of `queryset` (filtered on OuterRef): one row, no GROUP BY."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_completeness(assessments):
    """Each assessment with `recorded` (indicators of its set with a result) and `indicator_count`."""
    values = IndicatorValue.objects.recorded().filter(
        assessment=OuterRef("pk"), indicator__criterion__criteria_set=OuterRef("criteria_set")
    )
    indicators = Indicator.objects.filter(criterion__criteria_set=OuterRef("criteria_set"))
    return assessments.annotate(recorded=_count(values), indicator_count=_count(indicators))


def _waiting_queryset(user, waiting, *, completeness=False):
    """The user's visible assessments in a state of `waiting` (the completeness annotated when asked or needed)."""
    condition = Q()
    for row in waiting:
        part = Q(status=row.status)
        if row.incomplete_only:
            part &= Q(recorded__lt=F("indicator_count"))
        condition |= part
    assessments = Assessment.objects.visible_to(user)
    if completeness or any(row.incomplete_only for row in waiting):
        assessments = _with_completeness(assessments)
    return assessments.filter(condition)


def waiting_count(user) -> int:
    """How many assessments wait for the user (the navigation's badge): one query, none without a role."""
    waiting = waiting_for(user)
    return _waiting_queryset(user, waiting).count() if waiting else 0


@dataclass
class Item:
    """One assessment waiting for the user, as the inbox lists it."""

    assessment: Assessment
    todo: str
    unit_label: str  # named as in its year: "xã Quảng Giao (đến 30/06/2025)"
    parent_label: str  # the unit above it in that year: "huyện Quảng Xương" in 2024
    since: datetime
    missing: int  # indicators of its set without a result
    reason: str = ""  # of the office's last return or reopening
    reopened: bool = False
    comments: int = 0

    @property
    def year(self) -> int:
        return self.assessment.year

    @property
    def level_label(self) -> str:
        return self.assessment.criteria_set.get_level_display()

    @property
    def status_label(self) -> str:
        return self.assessment.get_status_display()

    @property
    def complete(self) -> bool:
        return self.missing == 0

    @property
    def shows_completeness(self) -> bool:
        """The commune's turn, where a submission needs every indicator's result."""
        return self.todo in COMMUNE_TODOS

    @property
    def waits_for_entry(self) -> str:
        """For the steering committee's item that cannot be sent before the official fills it, what it waits on."""
        if self.complete or self.todo not in WAITS_ON:
            return ""
        return str(WAITS_ON[self.todo])

    @property
    def url(self) -> str:
        return reverse("criteria:assessment", args=[self.assessment.pk])


@dataclass
class Group:
    todo: str
    items: list[Item] = field(default_factory=list)

    @property
    def label(self) -> str:
        return Todo(self.todo).label


def waiting_items(user) -> list[Group]:
    """The assessments waiting for the user, grouped by what to do (in the order of `Todo`), the longest
    waiting first in each group."""
    waiting = waiting_for(user)
    if not waiting:
        return []
    returns = AssessmentTransition.objects.filter(assessment=OuterRef("pk"), to_status=Status.RETURNED)
    returns = returns.order_by("-at", "-pk")
    assessments = (
        _waiting_queryset(user, waiting, completeness=True)
        .annotate(
            comment_count=_count(IndicatorComment.objects.filter(assessment=OuterRef("pk"))),
            return_reason=Subquery(returns.values("reason")[:1]),
            return_action=Subquery(returns.values("action")[:1]),
            since=Coalesce("status_changed_at", "created_at"),
        )
        .select_related("unit__parent", "criteria_set")
        .order_by("since", "-year", "pk")
    )
    assessments = list(assessments)
    load_names(assessment.unit for assessment in assessments)
    todo_of = {row.status: row.todo for row in waiting}
    groups = {todo: Group(todo) for todo in Todo.values}
    for assessment in assessments:
        groups[todo_of[assessment.status]].items.append(_item(assessment, todo_of[assessment.status]))
    return [group for group in groups.values() if group.items]


def _item(assessment: Assessment, todo: str) -> Item:
    unit, year = assessment.unit, assessment.year
    returned = assessment.status == Status.RETURNED
    return Item(
        assessment=assessment,
        todo=todo,
        unit_label=label_in(unit, year),
        parent_label=parent_name_in(unit, year),
        since=assessment.since,
        missing=max(assessment.indicator_count - assessment.recorded, 0),
        reason=(assessment.return_reason or "") if returned else "",
        reopened=returned and assessment.return_action == TransitionAction.REOPEN,
        comments=assessment.comment_count,
    )
