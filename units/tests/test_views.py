import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login(client, quang_giao):
    response = client.get(reverse("units:detail", args=[quang_giao.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_with_an_unknown_account_says_so_in_vietnamese(client, db):
    response = client.post(reverse("login"), {"username": "khongco", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Vui lòng nhập chính xác" in response.content.decode()


def test_login_takes_an_official_to_his_communes_dashboard(client, official, quang_giao):
    response = client.post(reverse("login"), {"username": "canbo.quanggiao", "password": "test-password-123"})
    assert response.status_code == 302
    home = client.get(response.url)
    assert home.url == reverse("reports:dashboard_commune", args=[quang_giao.pk])


def test_coordinator_lands_on_the_dashboard_of_his_communes(client_for, coordinator, quang_giao, quang_hai):
    response = client_for(coordinator).get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:dashboard_area")
    page = response.content.decode()
    assert "Quảng Giao" in page and "Quảng Hải" in page


def test_a_user_without_a_unit_gets_a_clear_message(client_for, no_unit_user):
    response = client_for(no_unit_user).get(reverse("home"))
    assert response.status_code == 403
    assert "chưa được gán vào đơn vị" in response.content.decode()


def test_official_of_another_commune_gets_404(client_for, other_official, quang_giao):
    response = client_for(other_official).get(reverse("units:detail", args=[quang_giao.pk]))
    assert response.status_code == 404


def test_outsider_sees_no_commune_of_thanh_hoa(client_for, outsider, quang_giao):
    client = client_for(outsider)
    assert client.get(reverse("units:detail", args=[quang_giao.pk])).status_code == 404
    assert "Quảng Giao" not in client.get(reverse("units:list")).content.decode()


def test_commune_page_shows_villages_and_read_only_role(client_for, steering, quang_giao, thon_5):
    page = client_for(steering).get(reverse("units:detail", args=[quang_giao.pk])).content.decode()
    assert "Thôn 5" in page
    assert "Chỉ xem" in page


def test_password_change_works(client_for, official):
    client = client_for(official)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "test-password-123",
            "new_password1": "Mat-khau-moi-2024!",
            "new_password2": "Mat-khau-moi-2024!",
        },
    )
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.check_password("Mat-khau-moi-2024!")


def test_logout_ends_the_session(client_for, official):
    client = client_for(official)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_english_is_selectable(client_for, official, quang_giao):
    client = client_for(official)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("units:detail", args=[quang_giao.pk])).content.decode()
    assert "Update data" in page
    assert 'lang="en"' in page


def test_audit_log_shows_only_the_users_scope(client_for, official, other_official, quang_giao, quang_hai):
    page = client_for(official).get(reverse("audit_list")).content.decode()
    assert "canbo.quanggiao" in page
    assert "canbo.quanghai" not in page


def test_vietnamese_is_the_default_whatever_the_browser_language(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page
    assert 'lang="vi"' in page


def test_an_administrator_by_role_may_use_the_admin(client_for, administrator):
    assert administrator.is_staff
    client = client_for(administrator)
    assert client.get(reverse("admin:units_administrativeunit_changelist")).status_code == 200
    assert client.get(reverse("admin:units_membership_changelist")).status_code == 200


def test_staff_without_the_admin_role_may_not(client_for, official):
    official.is_staff = True
    official.save()
    assert client_for(official).get(reverse("admin:units_membership_changelist")).status_code == 403
