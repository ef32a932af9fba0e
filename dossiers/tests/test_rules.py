from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from criteria.models import Assessment
from dossiers.rules import (
    dossier_is_open,
    posting_check,
    required_share_text,
    satisfaction_share,
    share_text,
)

START = date(2025, 1, 6)


def days(*offsets):
    return [START + timedelta(days=offset) for offset in offsets]


def test_five_postings_within_fifteen_days_satisfy_the_rule():
    check = posting_check(days(0, 3, 7, 10, 14))  # the 1st and the 15th day both count
    assert check.satisfied and check.best == 5
    assert (check.window_start, check.window_end) == (START, START + timedelta(days=14))


def test_five_postings_spread_over_sixteen_days_do_not():
    check = posting_check(days(0, 3, 7, 10, 15))
    assert not check.satisfied and check.best == 4


def test_the_best_window_is_found_among_postings_entered_in_any_order():
    assert posting_check(days(40, 0, 41, 42, 43, 44)).best == 5
    assert posting_check([]).best == 0 and not posting_check([]).satisfied


def survey(asked, answered, satisfied):
    return SimpleNamespace(households_asked=asked, households_answered=answered, households_satisfied=satisfied)


def test_the_share_is_satisfied_over_answered_in_vietnamese_percent():
    share = satisfaction_share(survey(210, 200, 185))
    assert share == Decimal("92.50")
    assert share_text(share) == "92,5 %"


def test_an_incomplete_survey_has_no_share():
    assert satisfaction_share(survey(210, None, None)) is None
    assert satisfaction_share(survey(210, 0, 0)) is None
    assert share_text(None) == "chưa tính được (chưa đủ số liệu)"


def test_the_required_share_is_unknown_until_an_administrator_enters_it():
    assert required_share_text(None) == "chưa có căn cứ / chưa nhập"
    assert required_share_text(SimpleNamespace(required_satisfaction=None, basis="")) == "chưa có căn cứ / chưa nhập"
    entered = SimpleNamespace(required_satisfaction=Decimal("90"), basis="Văn bản X")
    assert required_share_text(entered) == "90 % (Văn bản X)"


def test_the_dossier_is_open_only_while_the_assessment_is_a_draft_or_returned():
    assert dossier_is_open(None)
    for status, is_open in [
        ("draft", True),
        ("returned", True),
        ("submitted", False),
        ("under_appraisal", False),
        ("approved", False),
    ]:
        assert dossier_is_open(Assessment(status=status)) is is_open, status
