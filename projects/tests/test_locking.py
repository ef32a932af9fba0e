"""Optimistic locking (docs/adr/0021-optimistic-locking.md): the services own the transaction of their lock."""

import pytest
from django.db import connection

from audit.models import AuditEntry
from projects.services import task_update, work_update


@pytest.mark.django_db(transaction=True)
def test_a_work_is_updated_from_a_shell_outside_any_transaction(official, road):
    """A management command or shell has no ATOMIC_REQUESTS: `select_for_update` needs the service's own."""
    assert connection.get_autocommit()  # no request, no test transaction around this call
    updated = work_update(user=official, work=road, expected_version=1, name="Đường trục (sửa từ shell)")
    assert updated.version == 2
    assert AuditEntry.objects.for_object(road).filter(action=AuditEntry.Action.UPDATE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_is_updated_from_a_shell_outside_any_transaction(official, quang_giao, make_task):
    task = make_task(quang_giao)
    assert connection.get_autocommit()
    assert task_update(user=official, task=task, expected_version=1, text="Việc đã sửa").version == 2
