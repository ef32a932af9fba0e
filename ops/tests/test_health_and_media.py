from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.urls import reverse

from ops.media import file_models, serve_protected
from units.models import ScopedQuerySet


def test_health_answers_ok_when_the_database_answers(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "broker": "embedded"}  # no broker configured: jobs run here


@pytest.mark.parametrize("url, answer", [("redis://127.0.0.1:6379/15", "ok"), ("redis://127.0.0.1:1/0", "error")])
def test_health_reports_the_job_queues_broker(client, db, settings, url, answer):
    settings.JOBS_EMBEDDED, settings.CELERY_BROKER_URL = False, url  # port 1: nothing listens there
    response = client.get(reverse("health"))
    assert response.status_code == 200  # the pages work without the broker; only downloads wait for it
    assert response.json() == {"status": "ok", "broker": answer}


def test_health_answers_503_with_a_message_when_the_database_is_down(client, db):
    with mock.patch("ops.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "message": "Không kết nối được cơ sở dữ liệu."}


def test_health_needs_no_login(client, db):
    assert client.get(reverse("health")).status_code == 200


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # FileSystemStorage follows the setting

    def store(name, content: bytes) -> FieldFile:
        saved = default_storage.save(name, ContentFile(content))
        return FieldFile(None, models.FileField(), saved)

    return store


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_an_image_is_shown_inline_with_its_type_and_no_sniffing(rf, stored):
    response = serve_protected(rf.get("/"), stored("photos/cau.png", PNG))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PNG


def test_an_html_upload_is_downloaded_never_rendered(rf, stored):
    response = serve_protected(rf.get("/"), stored("evidence/trang.html", b"<script>alert(1)</script>"))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="trang.html"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_svg_is_downloaded_because_it_can_carry_scripts(rf, stored):
    response = serve_protected(rf.get("/"), stored("photos/logo.svg", b"<svg onload='alert(1)'/>"))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"


def test_a_spreadsheet_downloads_as_its_own_type(rf, stored):
    response = serve_protected(rf.get("/"), stored("imports/ke-hoach.xlsx", b"PK\x03\x04"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_pdf_downloads_as_a_pdf(rf, stored):
    response = serve_protected(rf.get("/"), stored("evidence/bien-ban.pdf", b"%PDF-1.7\n"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'


def test_a_caller_may_ask_for_an_image_as_a_download(rf, stored):
    response = serve_protected(rf.get("/"), stored("photos/cau.png", PNG), as_attachment=True)
    assert response["Content-Disposition"].startswith("attachment")


def test_a_missing_or_empty_file_is_404(rf, stored):
    with pytest.raises(Http404):
        serve_protected(rf.get("/"), FieldFile(None, models.FileField(), "photos/khong-co.png"))
    with pytest.raises(Http404):
        serve_protected(rf.get("/"), FieldFile(None, models.FileField(), ""))


def test_a_media_path_no_visible_record_holds_is_404_even_if_the_file_exists(client_for, official, stored):
    stored("photos/cau.png", PNG)
    response = client_for(official).get("/media/photos/cau.png")
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_login_for_media(client, stored, db):
    stored("photos/cau.png", PNG)
    response = client.get("/media/photos/cau.png")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_only_scoped_models_with_file_fields_are_served():
    served = file_models()
    assert {model._meta.label for model, _names in served} >= {"projects.ProgressPhoto"}
    for model, field_names in served:
        assert isinstance(model._default_manager.all(), ScopedQuerySet)
        assert field_names
        for name in field_names:
            assert isinstance(model._meta.get_field(name), models.FileField)


@pytest.fixture
def photo(stored, official, quang_giao):
    from datetime import date

    from projects.models import ProgressPhoto, ProgressUpdate, Work

    work = Work.objects.create(commune=quang_giao, code="GT-01", name="Đường thôn 5", planned_start_year=2024)
    update = ProgressUpdate.objects.create(work=work, date=date(2024, 4, 9), physical_percent=60)
    photo = ProgressPhoto(update=update, stage="during")
    photo.image.save("cau.png", ContentFile(PNG), save=True)
    return photo


def test_a_commune_member_gets_the_photo_of_his_communes_work(client_for, official, photo):
    response = client_for(official).get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


def test_the_district_office_gets_the_photo_too(client_for, coordinator, photo):
    assert client_for(coordinator).get(photo.image.url).status_code == 200


def test_an_outsider_or_another_communes_official_gets_404_for_the_photo(client_for, outsider, other_official, photo):
    assert client_for(outsider).get(photo.image.url).status_code == 404
    assert client_for(other_official).get(photo.image.url).status_code == 404
