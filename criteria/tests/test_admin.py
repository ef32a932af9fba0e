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


def inline_management(prefix, total, initial):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def test_a_threshold_changed_in_the_criterions_inline_is_audited_with_before_and_after(client_for, administrator):
    criteria_set = make_set()
    water = criteria_set.criteria.get(number=2)
    first, second = water.indicators.order_by("sort_order", "code")
    client = client_for(staff(administrator))
    data = {"criteria_set": criteria_set.pk, "number": "2", "name": water.name, "group": water.group, "note": ""}
    data |= inline_management("indicators", 2, 2)
    for index, indicator in enumerate((first, second)):
        data |= {
            f"indicators-{index}-id": indicator.pk,
            f"indicators-{index}-criterion": water.pk,
            f"indicators-{index}-code": indicator.code,
            f"indicators-{index}-sort_order": indicator.sort_order,
            f"indicators-{index}-content": indicator.content,
            f"indicators-{index}-unit": indicator.unit,
            f"indicators-{index}-comparator": indicator.comparator,
            f"indicators-{index}-target_value": "" if indicator.target_value is None else indicator.target_value,
            f"indicators-{index}-target_text": indicator.target_text,
            f"indicators-{index}-source_note": indicator.source_note,
        }
        if indicator.verified:
            data[f"indicators-{index}-verified"] = "on"
    data["indicators-0-target_value"] = "60"

    response = client.post(reverse("admin:criteria_criterion_change", args=[water.pk]), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    first.refresh_from_db()
    assert first.target_value == Decimal(60)
    entry = AuditEntry.objects.for_object(first).get()
    assert entry.user == administrator and entry.action == AuditEntry.Action.UPDATE
    assert entry.changes["target_value"] == ["55.00", "60.00"]
    assert not AuditEntry.objects.for_object(second).exists()  # unchanged: no entry


def test_year_targets_added_changed_and_deleted_in_the_indicators_inline_are_audited(client_for, administrator):
    criteria_set = make_set()
    income = Indicator.objects.get(criterion__criteria_set=criteria_set, code="1")
    y2023, y2024 = income.year_targets.order_by("year")
    client = client_for(staff(administrator))
    data = {
        "criterion": income.criterion_id,
        "code": "1",
        "content": income.content,
        "unit": income.unit,
        "comparator": income.comparator,
        "target_value": "",
        "target_text": income.target_text,
        "source_note": "",
        "sort_order": "0",
    }
    data |= inline_management("year_targets", 3, 2)
    data |= {"year_targets-0-id": y2023.pk, "year_targets-0-indicator": income.pk, "year_targets-0-year": "2023"}
    data |= {"year_targets-0-value": "44", "year_targets-0-DELETE": "on"}
    data |= {"year_targets-1-id": y2024.pk, "year_targets-1-indicator": income.pk, "year_targets-1-year": "2024"}
    data |= {"year_targets-1-value": "48", "year_targets-1-verified": "on"}
    data |= {"year_targets-2-indicator": income.pk, "year_targets-2-year": "2025", "year_targets-2-value": "50"}

    response = client.post(reverse("admin:criteria_indicator_change", args=[income.pk]), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    entries = AuditEntry.objects.filter(content_type__model="indicatoryeartarget", user=administrator)
    by_action = {entry.action: entry for entry in entries}
    assert set(by_action) == {AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE, AuditEntry.Action.DELETE}
    assert by_action[AuditEntry.Action.UPDATE].changes["value"] == ["47.00", "48.00"]
    assert by_action[AuditEntry.Action.DELETE].object_id == str(y2023.pk)
    assert by_action[AuditEntry.Action.CREATE].changes["year"] == [None, 2025]
    assert [(t.year, t.value) for t in income.year_targets.order_by("year")] == [(2024, 48), (2025, 50)]
