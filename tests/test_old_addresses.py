"""Bookmarks of earlier releases (Vietnamese paths and query parameters) open today's pages (ADR 0007)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OLD_PATHS = [  # (old address, today's URL name and arguments)
    ("/funding/xa/{c}/2023/", "funding:summary", ["c", 2023]),
    ("/funding/xa/{c}/2023/dong-von/", "funding:lines", ["c", 2023]),
    ("/funding/xa/{c}/dong-von/them/", "funding:line_create", ["c"]),
    ("/funding/dong-von/7/sua/", "funding:line_edit", [7]),
    ("/funding/dong-von/7/xoa/", "funding:line_delete", [7]),
    ("/funding/cong-trinh/9/", "funding:work_money", [9]),
    ("/funding/xa/{c}/2023/tong-hop.xlsx", "funding:export_summary", ["c", 2023]),
    ("/funding/xa/{c}/2023/dong-von.xlsx", "funding:export_lines", ["c", 2023]),
    ("/funding/xa/{c}/mau-nhap.xlsx", "funding:import_template", ["c"]),
    ("/funding/xa/{c}/nhap/", "funding:import", ["c"]),
]


@pytest.mark.parametrize(("old", "name", "args"), OLD_PATHS)
def test_an_old_funding_address_redirects_permanently_to_todays(client, quang_giao, old, name, args):
    args = [quang_giao.pk if arg == "c" else arg for arg in args]
    response = client.get(old.format(c=quang_giao.pk))
    assert response.status_code == 301
    assert response["Location"] == reverse(name, args=args)


def test_the_new_funding_addresses_are_english(quang_giao):
    assert reverse("funding:summary", args=[quang_giao.pk, 2023]) == f"/funding/communes/{quang_giao.pk}/2023/"
    assert reverse("funding:line_edit", args=[7]) == "/funding/lines/7/edit/"


def test_an_old_address_keeps_its_query_with_todays_names(client, quang_giao):
    response = client.get(f"/funding/xa/{quang_giao.pk}/dong-von/them/?nam=2024&cong_trinh=9")
    assert response.status_code == 301
    assert response["Location"] == reverse("funding:line_create", args=[quang_giao.pk]) + "?year=2024&work=9"


def test_a_form_posted_to_an_old_address_is_sent_on_as_a_post(client, official):
    client.force_login(official)
    response = client.post("/funding/dong-von/7/xoa/")
    assert response.status_code == 308  # keeps the method and the body
    assert response["Location"] == reverse("funding:line_delete", args=[7])


@pytest.mark.parametrize(
    ("old_query", "new_query"),
    [
        ("nam=2023", "year=2023"),
        ("nam=2023&sap_xep=-huy_dong&page=2", "year=2023&sort=-mobilised&page=2"),
        ("sap_xep=ten", "sort=name"),
        ("sap_xep=tieu_chi", "sort=criteria"),
        ("sap_xep=-cham", "sort=-late"),
        ("sap_xep=dung_tien_do", "sort=on_track"),
        ("sap_xep=ty_le", "sort=share"),
        ("sap_xep=cap_nhat", "sort=updated"),
        ("sort=ten", "sort=name"),  # an old value under today's name
    ],
)
def test_old_query_parameters_redirect_to_todays(client, coordinator, old_query, new_query):
    client.force_login(coordinator)
    url = reverse("reports:dashboard_area")
    response = client.get(f"{url}?{old_query}")
    assert response.status_code == 301
    assert response["Location"] == f"{url}?{new_query}"


def test_the_funding_filters_old_names_redirect(client, official, quang_giao):
    client.force_login(official)
    url = reverse("funding:lines", args=[quang_giao.pk, 2023])
    response = client.get(f"{url}?giai_doan=mobilised&nguon=3")
    assert response["Location"] == f"{url}?stage=mobilised&source=3"


def test_the_old_pdf_parameter_leads_to_the_pdf_address(client, steering, quang_giao):
    client.force_login(steering)
    response = client.get(reverse("reports:dashboard_commune", args=[quang_giao.pk]) + "?nam=2023&dinh_dang=pdf")
    assert response.status_code == 301
    assert response["Location"] == reverse("reports:dashboard_commune_pdf", args=[quang_giao.pk]) + "?year=2023"


def test_todays_parameters_are_not_redirected(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reports:dashboard_area") + "?year=2023&sort=-mobilised")
    assert response.status_code == 200


def test_the_anonymous_visitor_is_redirected_then_asked_to_log_in(client, quang_giao):
    response = client.get(f"/funding/xa/{quang_giao.pk}/2023/", follow=True)
    assert [status for _url, status in response.redirect_chain] == [301, 302]
    assert response.redirect_chain[-1][0].startswith(reverse("login") + "?next=/funding/communes/")


def test_the_dashboards_link_to_todays_addresses(client, steering, coordinator, quang_giao):
    client.force_login(steering)
    page = client.get(reverse("reports:dashboard_commune", args=[quang_giao.pk])).content.decode()
    assert reverse("reports:dashboard_commune_pdf", args=[quang_giao.pk]) + "?year=" in page
    assert 'name="year"' in page and "dinh_dang" not in page and 'name="nam"' not in page
    client.force_login(coordinator)
    page = client.get(reverse("reports:dashboard_area")).content.decode()
    assert "sort=" in page and 'name="year"' in page
    for old in ("nam=", 'name="nam"', "dinh_dang", "sap_xep"):
        assert old not in page
