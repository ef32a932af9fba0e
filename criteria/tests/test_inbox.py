"""The inbox (criteria.inbox): what waits for whom, agreeing with the transition table, in constant queries."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from criteria import review
from criteria.context_processors import inbox as inbox_context
from criteria.inbox import Todo, waiting_count, waiting_items
from criteria.models import Assessment, AssessmentStatus, Indicator, IndicatorValue, TransitionAction
from criteria.services import indicator_value_save
from ops.services import unit_create, unit_update
from ops.tests.members import member
from ops.tests.reform import JULY_2025
from units.models import Level, Role, membership_of

Status = AssessmentStatus
Action = TransitionAction
FIGURES = {
    "1": {"value_number": Decimal(40)},
    "2.1": {"numerator": 60, "denominator": 100},
    "2.2": {"value_number": Decimal(3)},
    "3.1": {"value_bool": True},
}


def fill(assessment, user, codes=FIGURES):
    indicators = Indicator.objects.filter(criterion__criteria_set=assessment.criteria_set_id)
    for indicator in indicators.filter(code__in=codes):
        indicator_value_save(user=user, assessment=assessment, indicator=indicator, **FIGURES[indicator.code])
    return assessment


def assess(unit, year, criteria_set, user, codes=FIGURES):
    return fill(Assessment.objects.create(unit=unit, year=year, criteria_set=criteria_set), user, codes)


def move(assessment, action, user, **kwargs):
    review.assessment_transition(user=user, assessment=assessment, action=action, **kwargs)
    assessment.refresh_from_db()
    return assessment


def listed(user) -> dict[str, list[tuple]]:
    """The inbox as {todo: [(unit name, year, missing), …]}."""
    return {
        group.todo: [(item.assessment.unit.name, item.year, item.missing) for item in group.items]
        for group in waiting_items(user)
    }


def test_the_steering_committee_submits_drafts_marked_complete_or_not(assessment_2023, small_set, official, steering):
    fill(assessment_2023, official, ["1"])
    assess(assessment_2023.unit, 2024, small_set, official)
    assert listed(steering) == {Todo.SUBMIT: [("Quảng Giao", 2023, 3), ("Quảng Giao", 2024, 0)]}
    [group] = waiting_items(steering)
    incomplete, complete = group.items
    assert incomplete.waits_for_entry and not incomplete.complete
    assert complete.complete and not complete.waits_for_entry
    assert complete.url == f"/criteria/assessments/{complete.assessment.pk}/"
    assert complete.unit_label == "xã Quảng Giao" and complete.parent_label == "huyện Quảng Xương"
    assert complete.level_label == "Xã nông thôn mới" and complete.status_label == "Đang nhập"


def test_the_official_fills_drafts_and_corrects_returned_ones_with_the_reason_and_comments(
    assessment_2023, small_set, official, steering, office, indicators
):
    returned = assess(assessment_2023.unit, 2024, small_set, official)
    assess(assessment_2023.unit, 2022, small_set, official)  # complete: the steering committee's turn, not his
    move(returned, Action.SUBMIT, steering)
    move(returned, Action.TAKE_UP, office)
    for text in ("Số liệu chưa khớp biên bản", "Thiếu minh chứng"):
        review.indicator_comment_add(user=office, assessment=returned, indicator=indicators["1"], text=text)
    move(returned, Action.RETURN, office, reason="Thu nhập chưa khớp biểu thống kê")
    assert listed(official) == {Todo.ENTER: [("Quảng Giao", 2023, 4)], Todo.CORRECT: [("Quảng Giao", 2024, 0)]}
    item = waiting_items(official)[1].items[0]
    assert (item.reason, item.comments, item.reopened) == ("Thu nhập chưa khớp biểu thống kê", 2, False)
    assert listed(steering)[Todo.RESUBMIT] == [("Quảng Giao", 2024, 0)]


def test_a_reopened_assessment_is_said_so_with_the_reopening_reason(assessment_2023, official, steering, office):
    fill(assessment_2023, official)
    move(assessment_2023, Action.SUBMIT, steering)
    move(assessment_2023, Action.TAKE_UP, office)
    move(assessment_2023, Action.RETURN, office, reason="Lần một")
    move(assessment_2023, Action.RESUBMIT, steering)
    move(assessment_2023, Action.TAKE_UP, office)
    move(assessment_2023, Action.APPROVE, office)
    assert waiting_items(official) == [] and waiting_items(office) == []
    move(assessment_2023, Action.REOPEN, office, reason="Sai chỉ tiêu 3.1")
    [group] = waiting_items(official)
    assert group.todo == Todo.CORRECT
    assert (group.items[0].reason, group.items[0].reopened) == ("Sai chỉ tiêu 3.1", True)


@pytest.fixture
def other_province_commune(other_province):
    return unit_create(level=Level.COMMUNE, name="Xã thử tỉnh khác", parent=other_province, region="BTB")


def test_the_office_appraises_what_was_submitted_in_its_area_only(
    assessment_2023,
    small_set,
    quang_hai,
    other_province_commune,
    official,
    steering,
    office,
    coordinator,
    outsider,
    administrator,
):
    submitted = move(fill(assessment_2023, official), Action.SUBMIT, steering)
    hai = assess(quang_hai, 2023, small_set, administrator)
    move(hai, Action.SUBMIT, administrator)
    move(hai, Action.TAKE_UP, office)
    elsewhere = assess(other_province_commune, 2023, small_set, administrator)
    move(elsewhere, Action.SUBMIT, administrator)
    approved = assess(assessment_2023.unit, 2024, small_set, official)
    for action in (Action.SUBMIT, Action.TAKE_UP, Action.APPROVE):
        move(approved, action, administrator)
    ours = {Todo.TAKE_UP: [("Quảng Giao", 2023, 0)], Todo.APPRAISE: [("Quảng Hải", 2023, 0)]}
    assert listed(office) == ours
    assert listed(coordinator) == ours  # the district's office, in force in this world (no reform)
    assert listed(outsider) == {Todo.TAKE_UP: [("Xã thử tỉnh khác", 2023, 0)]}
    assert listed(administrator) == {
        Todo.TAKE_UP: [("Quảng Giao", 2023, 0), ("Xã thử tỉnh khác", 2023, 0)],
        Todo.APPRAISE: [("Quảng Hải", 2023, 0)],
    }
    assert listed(steering) == {} and listed(official) == {}
    assert submitted.status == Status.SUBMITTED


def test_across_the_merge_the_successor_s_people_have_the_turn_and_the_ended_units_none(
    reform,
    reform_records,
    nss_steering,
    nss_official,
    province_coordinator,
    official,
    steering,
    coordinator,
    quang_ninh_official,
):
    unit_update(unit=reform.quang_xuong, dissolved_on=JULY_2025)  # with the districts
    items = {group.todo: group.items for group in waiting_items(nss_steering)}
    labels = [(item.unit_label, item.year) for item in items[Todo.SUBMIT]]
    assert sorted(labels) == [
        ("phường Nam Sầm Sơn", 2026),
        ("phường Quảng Vinh (đến 30/06/2025)", 2024),
        ("xã Quảng Giao (đến 30/06/2025)", 2024),
    ]
    assert listed(nss_official) == {}  # every draft is complete: the steering committee's turn
    move(Assessment.objects.get(unit=reform.quang_giao), Action.SUBMIT, nss_steering)
    assert listed(province_coordinator) == {Todo.TAKE_UP: [("Quảng Giao", 2024, 0)]}
    # Quảng Giao's own people and the district's office read only since 1/7/2025 (docs/adr/0092).
    for user in (official, steering, coordinator):
        assert waiting_items(user) == [] and waiting_count(user) == 0
    assert listed(quang_ninh_official) == {}


def test_the_inbox_agrees_with_the_transition_table(
    reform, reform_records, nss_steering, nss_official, province_coordinator, official, coordinator, administrator
):
    """Whoever the user, an assessment is in his inbox exactly when `criteria.review` gives him a step to take
    (reopening aside: an approved assessment waits for nobody), or, for the official, when he may enter values
    and it was returned or still lacks a result. The administrator sees the office's view."""
    giao = Assessment.objects.get(unit=reform.quang_giao)
    vinh = Assessment.objects.get(unit=reform.quang_vinh)
    nss = Assessment.objects.get(unit=reform.nam_sam_son)
    move(giao, Action.SUBMIT, nss_steering)
    move(vinh, Action.SUBMIT, nss_steering)
    move(vinh, Action.TAKE_UP, province_coordinator)
    move(vinh, Action.RETURN, province_coordinator, reason="Xem lại")
    IndicatorValue.objects.filter(assessment=nss).first().delete()  # incomplete again
    hai = Assessment.objects.create(unit=reform.quang_hai, year=2024, criteria_set=reform_records.criteria_set)
    complete_draft = Assessment.objects.create(unit=reform.nam_sam_son, year=2025, criteria_set=nss.criteria_set)
    for indicator in Indicator.objects.filter(criterion__criteria_set=nss.criteria_set):
        indicator_value_save(user=nss_official, assessment=complete_draft, indicator=indicator, value_number=60)
    people = (nss_steering, nss_official, province_coordinator, official, coordinator)
    for user in people:
        waiting = {item.assessment.pk for group in waiting_items(user) for item in group.items}
        for assessment in Assessment.objects.select_related("unit"):
            steps = {t.action for t in review.actions_for(user, assessment)} - {Action.REOPEN}
            missing = bool(review.missing_values(assessment))
            enters = review.may_enter(user, assessment) and (assessment.status == Status.RETURNED or missing)
            assert (assessment.pk in waiting) == bool(steps or enters), (user.username, assessment)
        assert waiting_count(user) == len(waiting)
    office_view = {item.assessment.pk for group in waiting_items(administrator) for item in group.items}
    assert office_view == {giao.pk} and hai.pk not in office_view


def test_recorded_is_the_sql_twin_of_is_empty(assessment_2023, indicators):
    combinations = [
        {},
        {"value_number": Decimal(0)},
        {"value_bool": False},
        {"value_text": "Có quy hoạch"},
        {"numerator": 0, "denominator": 5},
        {"numerator": 3},
        {"override_verdict": "met", "override_reason": "Theo biên bản"},
        {"note": "Chỉ có ghi chú", "source": "Báo cáo xã"},
    ]
    indicator = indicators["2.1"]
    values = []
    for number, fields in enumerate(combinations):
        assessment = Assessment.objects.create(
            unit=assessment_2023.unit, year=2000 + number, criteria_set=assessment_2023.criteria_set
        )
        values.append(IndicatorValue.objects.create(assessment=assessment, indicator=indicator, **fields))
    recorded = set(IndicatorValue.objects.recorded().values_list("pk", flat=True))
    assert recorded == {value.pk for value in values if not value.is_empty}
    assert len(recorded) == 5


def test_the_inbox_reads_in_the_same_queries_whatever_the_number_of_assessments(
    assessment_2023, small_set, quang_hai, official, steering, office, administrator, django_assert_num_queries
):
    move(fill(assessment_2023, official), Action.SUBMIT, steering)
    membership_of(office)
    # The assessments with their counts; the units' and their parents' names over time (a third query, for a
    # former parent's names, only where a unit moved: the page test on the seed pins that case).
    with django_assert_num_queries(2):
        assert len(waiting_items(office)[0].items) == 1
    for number in range(4):
        commune = unit_create(level=Level.COMMUNE, name=f"Xã thêm {number}", parent=quang_hai.parent)
        for year in (2022, 2023):
            move(assess(commune, year, small_set, administrator), Action.SUBMIT, administrator)
    with django_assert_num_queries(2):
        assert len(waiting_items(office)[0].items) == 9
    with django_assert_num_queries(1):
        assert waiting_count(office) == 9


def test_the_navigation_count_is_one_query_and_none_for_an_anonymous_visitor(
    assessment_2023, official, steering, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert not inbox_context(request)["inbox_count"]
    request.user = steering
    membership_of(steering)  # fetched once per request by units.context_processors.membership
    with django_assert_num_queries(0):
        count = inbox_context(request)["inbox_count"]  # nothing until a page shows it
    with django_assert_num_queries(1):
        assert count == 1 and f"{count}" == "1"


def test_the_navigation_shows_the_count_on_every_page(client, assessment_2023, official, steering):
    client.force_login(steering)
    page = client.get("/inbox/").content.decode()
    assert 'aria-label="Việc cần làm: 1 việc đang chờ"' in page
    assert '<span class="badge rounded-pill text-bg-warning">1</span>' in page
    assert "Gửi thẩm định" in page and "Còn 4 chỉ tiêu chưa có kết quả" in page
    second_official = member("canbo2.quanggiao", assessment_2023.unit, Role.OFFICIAL)
    fill(assessment_2023, official)  # complete: nothing left for an official to fill
    client.force_login(second_official)
    page = client.get("/inbox/").content.decode()
    assert "Không có việc nào đang chờ bạn." in page and "text-bg-warning" not in page
