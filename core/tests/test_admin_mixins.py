"""Records changed only through the audited services are read-only in the admin: one mixin says so."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.admin_mixins import ReadOnlyAdminMixin
from projects.progress import progress_record
from projects.services import work_create

READ_ONLY = {
    "api.apitoken",
    "api.tokenuse",
    "audit.auditentry",
    "criteria.assessment",
    "criteria.indicatorvalue",
    "criteria.evidence",
    "criteria.assessmenttransition",
    "criteria.indicatorcomment",
    "criteria.indicatorappraisal",
    "dossiers.dossier",
    "funding.moneyline",
    "projects.work",
    "projects.progressupdate",
    "projects.progressphoto",
    "projects.quarterlytask",
    "reports.plandocument",
    "reports.issueddocument",
    "units.unitcatalogue",
}


def test_every_read_only_admin_uses_the_one_mixin():
    registered = {
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ReadOnlyAdminMixin)
    }
    assert registered == READ_ONLY


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_even_a_superuser_cannot_add_through_the_admin(client, label):
    client.force_login(get_user_model().objects.create_superuser("quantri", password="x-unused-x-123"))
    app_label, model = label.split(".")
    assert client.get(reverse(f"admin:{app_label}_{model}_add")).status_code == 403
    assert client.get(reverse(f"admin:{app_label}_{model}_changelist")).status_code == 200


def test_a_works_page_in_the_admin_shows_its_progress_read_only(client, official, quang_giao):
    work = work_create(user=official, commune=quang_giao, code="AD-1", name="Đường thử", planned_start_year=2024)
    progress_record(user=official, work=work, date=datetime.date(2024, 5, 2), physical_percent=35)
    client.force_login(get_user_model().objects.create_superuser("quantri", password="x-unused-x-123"))
    page = client.get(reverse("admin:projects_work_change", args=[work.pk])).content.decode()
    assert "35,00" in page or "35.00" in page
    assert 'name="updates-0-physical_percent"' not in page  # shown, not an input
