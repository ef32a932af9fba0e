"""The dashboards only answer GET: a POST (or any other method) is refused with 405 and changes nothing."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry


@pytest.mark.parametrize(
    "name",
    [
        "reports:dashboard_home",
        "reports:dashboard_area",
        "reports:dashboard_area_map",
        "reports:dashboard_area_export",
        "reports:dashboard_area_pdf",
        "commune",
    ],
)
def test_a_post_to_a_dashboard_is_refused_with_405(client_for, official, quang_giao, name):
    url = reverse("reports:dashboard_commune", args=[quang_giao.pk]) if name == "commune" else reverse(name)
    client = client_for(official)
    audit_entries = AuditEntry.objects.count()
    assert client.post(url).status_code == 405
    assert client.put(url).status_code == 405
    assert client.get(url).status_code in (200, 302)
    assert AuditEntry.objects.count() == audit_entries
