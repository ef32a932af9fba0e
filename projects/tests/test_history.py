"""A work's history and the change log (/audit/) read one audit entry the same way (audit.display)."""

import datetime

from django.urls import reverse

from audit.models import AuditEntry
from ops.services import unit_create
from projects.locking import changes_since
from projects.services import task_update, work_update
from units.models import Level


def test_a_works_change_reads_the_same_on_the_audit_page_and_on_the_works_page(
    client_for, official, quang_giao, road, make_task
):
    official.first_name, official.last_name = "Nguyễn Thị", "Lan"
    official.save()
    thon_6 = unit_create(level=Level.VILLAGE, name="Thôn 6", parent=quang_giao)
    work_update(user=official, work=road, expected_version=1, total_investment=8_000_000_000, village=thon_6)
    task = make_task(quang_giao, work=road, amount=500_000_000)
    task_update(user=official, task=task, expected_version=1, amount=600_000_000, due_date=datetime.date(2024, 3, 15))
    client = client_for(official)
    audit_page = client.get(reverse("audit_list"))
    work_page = client.get(reverse("projects:work_detail", args=[road.pk]))

    on_audit = {entry.pk: changes for entry, changes in audit_page.context["rows"]}
    on_work = {row.entry.pk: row.changes for row in work_page.context["history"]}
    updates = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, pk__in=on_work)
    assert updates.count() == 2
    for entry in updates:
        assert on_work[entry.pk]
        assert all(change in on_audit[entry.pk] for change in on_work[entry.pk])
    for page, label_end in ((audit_page, "</span>: "), (work_page, ": ")):
        html = page.content.decode()
        assert f"Tổng mức đầu tư (đồng){label_end}7.600.000.000 đồng → 8.000.000.000 đồng" in html
        assert f"Thôn{label_end}Thôn 5 → Thôn 6" in html
        assert f"Số tiền (đồng){label_end}500.000.000 đồng → 600.000.000 đồng" in html
        assert f"Hạn hoàn thành{label_end}31/03/2024 → 15/03/2024" in html
        assert "<td>Nguyễn Thị Lan</td>" in html


def test_a_stale_edit_names_the_editor_and_values_as_the_pages_do(official, quang_giao, road):
    thon_6 = unit_create(level=Level.VILLAGE, name="Thôn 6", parent=quang_giao)
    work_update(user=official, work=road, expected_version=1, total_investment=8_000_000_000, village=thon_6)
    changes, editors = changes_since(road, 1)
    assert editors == [official.username]  # no full name: the user name, as on /audit/
    shown = {change.label: (change.old, change.new) for change in changes}
    assert shown["Tổng mức đầu tư (đồng)"] == ("7.600.000.000 đồng", "8.000.000.000 đồng")
    assert shown["Thôn"] == ("Thôn 5", "Thôn 6")
