from decimal import Decimal

from django.urls import reverse

from audit.models import AuditEntry
from criteria.models import CriteriaSet, Indicator

from .conftest import make_set


def staff(user):
    user.is_staff = True
    user.save()
    return user


def test_the_administrator_corrects_a_threshold_in_the_admin_and_the_change_is_audited(client_for, administrator):
    criteria_set = make_set()
    indicator = Indicator.objects.get(criterion__criteria_set=criteria_set, code="2.2")
    client = client_for(staff(administrator))
    url = reverse("admin:criteria_indicator_change", args=[indicator.pk])
    assert client.get(reverse("admin:criteria_criteriaset_changelist")).status_code == 200
    response = client.post(
        url,
        {
            "criterion": indicator.criterion_id,
            "code": "2.2",
            "content": indicator.content,
            "unit": indicator.unit,
            "comparator": indicator.comparator,
            "target_value": "13",
            "target_text": "≤ 13%",
            "verified": "on",
            "source_note": "Đối chiếu Quyết định gốc",
            "sort_order": "0",
            "year_targets-TOTAL_FORMS": "0",
            "year_targets-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.verified) == (Decimal(13), True)
    entry = AuditEntry.objects.for_object(indicator).get()
    assert entry.user == administrator and entry.changes["verified"] == [False, True]


def test_an_official_with_staff_status_still_cannot_edit_sets_in_the_admin(client_for, official):
    client = client_for(staff(official))
    assert client.get(reverse("admin:criteria_criteriaset_changelist")).status_code == 403


def test_copying_a_set_makes_a_new_version_with_the_same_indicators(client_for, administrator):
    source = make_set(criteria=4)
    client = client_for(staff(administrator))
    response = client.post(
        reverse("admin:criteria_criteriaset_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [source.pk], "code": "TEST-2024", "name": "Bộ mới"},
    )
    assert response.status_code == 302
    copy = CriteriaSet.objects.get(code="TEST-2024")
    assert copy.base_set_code == source.code
    assert (
        Indicator.objects.filter(criterion__criteria_set=copy).count()
        == Indicator.objects.filter(criterion__criteria_set=source).count()
    )
    income = Indicator.objects.get(criterion__criteria_set=copy, code="1")
    assert [(t.year, t.value) for t in income.year_targets.all()] == [(2023, Decimal(44)), (2024, Decimal(47))]
