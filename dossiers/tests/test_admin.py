"""The administrator keeps the checklist and the period's required share in the Django admin, audited."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEntry
from dossiers.models import ChecklistItem, DossierSetting
from dossiers.seed import load

pytestmark = pytest.mark.django_db


def test_the_seeded_checklist_is_unverified_and_a_second_seed_keeps_the_administrators_list(world):
    items = ChecklistItem.objects.filter(period__code="2021-2025")
    assert items.count() == 5 and not items.filter(verified=True).exists()
    assert not ChecklistItem.objects.filter(period__code="2026-2030").exists()  # no list is known: none invented
    items.filter(position=5).delete()
    load(demo_accounts=False, stdout=io.StringIO())
    assert items.count() == 4


def test_an_administrator_edits_an_item_and_the_change_is_audited(world, administrator, client):
    client.force_login(administrator)
    item = ChecklistItem.objects.get(period__code="2021-2025", position=4)
    assert client.get(reverse("admin:dossiers_checklistitem_changelist")).status_code == 200
    url = reverse("admin:dossiers_checklistitem_change", args=[item.pk])
    form = {"period": item.period_id, "level": "", "position": 4, "title": "Biên bản họp (đã đối chiếu)"}
    response = client.post(url, {**form, "source": "upload", "verified": "on", "note": "Đối chiếu văn bản X"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.verified and item.title == "Biên bản họp (đã đối chiếu)"
    assert AuditEntry.objects.filter(object_id=str(item.pk), action=AuditEntry.Action.UPDATE).exists()


def test_a_required_share_needs_its_basis(world, administrator, client):
    client.force_login(administrator)
    period = ChecklistItem.objects.first().period
    url = reverse("admin:dossiers_dossiersetting_add")
    response = client.post(url, {"period": period.pk, "required_satisfaction": "90", "basis": ""})
    assert "Ghi căn cứ" in response.content.decode() and not DossierSetting.objects.exists()
    call_command("check")  # the admin classes pass Django's checks
