"""Audit values as text (audit.display): one statement for every page that shows a change."""

import pytest

from audit.display import describe_changes, describe_value, display_name
from criteria.models import IndicatorValue
from projects.models import ProgressUpdate, Work


def test_money_counts_percentages_and_years_each_read_their_own_way():
    assert describe_value(Work, "total_investment", 2_981_839_000) == "2.981.839.000 đồng"
    assert describe_value(IndicatorValue, "numerator", 1250) == "1250"  # a count, not money
    assert describe_value(ProgressUpdate, "physical_percent", "60.50") == "60,5"
    assert describe_value(Work, "planned_start_year", 2024) == "2024"
    assert describe_value(Work, "status", "completed") == "Hoàn thành"
    assert describe_value(ProgressUpdate, "date", "2024-04-09") == "09/04/2024"
    assert describe_value(Work, "place", "") == describe_value(Work, "place", None) == "—"


def test_a_field_that_no_longer_exists_still_shows_its_name_and_value():
    [change] = describe_changes(Work, {"old_field": ["a", "b"]})
    assert (change.label, change.old, change.new) == ("old_field", "a", "b")


@pytest.mark.django_db
def test_the_editor_is_named_by_full_name_else_user_name_else_the_system(official):
    assert display_name(None) == "hệ thống"
    assert display_name(official) == "canbo.quanggiao"
    official.first_name, official.last_name = "Nguyễn Thị", "Lan"
    assert display_name(official) == "Nguyễn Thị Lan"


def test_the_log_names_a_record_in_vietnamese_whatever_language_the_editor_reads(official, quang_giao):
    from django.utils import translation

    from audit.models import AuditEntry
    from projects.services import task_create

    with translation.override("en"):
        task = task_create(user=official, commune=quang_giao, year=2024, quarter=2, text="Sửa đường thôn 5")
    assert "Quý 2/2024" in AuditEntry.objects.for_object(task).get().object_repr


def test_an_entry_says_what_changed_not_the_bookkeeping_or_blank_fields():
    changes = {"id": [None, 7], "version": [None, 1], "name": [None, "Đường thôn 5"], "place": [None, ""]}
    assert [change.field for change in describe_changes(Work, changes, names={})] == ["name"]
