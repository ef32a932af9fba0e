import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from audit.models import AuditEntry
from criteria.models import Assessment, Evidence, IndicatorValue, OcopProduct, Verdict
from criteria.services import (
    assessment_create,
    evidence_add,
    evidence_delete,
    indicator_value_save,
    ocop_product_save,
)

from .conftest import make_set

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_official_records_a_value_and_the_change_is_audited(official, assessment_2023, indicators):
    value = indicator_value_save(
        user=official, assessment=assessment_2023, indicator=indicators["2.1"], numerator=752, denominator=1250
    )
    assert (value.numerator, value.denominator, value.updated_by) == (752, 1250, official)
    entry = AuditEntry.objects.for_object(value).get()
    assert entry.user == official and entry.changes["numerator"] == [None, 752]


def test_saving_again_updates_the_same_row(official, assessment_2023, indicators):
    indicator_value_save(user=official, assessment=assessment_2023, indicator=indicators["1"], value_number=Decimal(50))
    indicator_value_save(user=official, assessment=assessment_2023, indicator=indicators["1"], value_number=Decimal(58))
    assert IndicatorValue.objects.get().value_number == Decimal(58)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value_number": Decimal("100.5")}, "không được lớn hơn 100"),
        ({"numerator": 1300, "denominator": 1250}, "không được lớn hơn tổng số"),
        ({"numerator": -1, "denominator": 1250}, "không được âm"),
        ({"numerator": 5, "denominator": 0}, "Tổng số phải lớn hơn 0"),
        ({"numerator": 5}, "Nhập đủ cả số đạt và tổng số"),
        ({"value_number": Decimal(-3)}, "không được âm"),
        ({"override_verdict": Verdict.MET, "override_reason": "  "}, "phải ghi rõ lý do"),
        ({"note": "<script>alert(1)</script>"}, "mã HTML"),
    ],
)
def test_bad_values_are_refused_with_a_vietnamese_message_and_nothing_is_saved(
    official, assessment_2023, indicators, fields, message
):
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        indicator_value_save(user=official, assessment=assessment_2023, indicator=indicators["2.1"], **fields)
    assert message in str(error.value)
    assert not IndicatorValue.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_an_indicator_of_another_set_is_refused(official, assessment_2023):
    other = make_set("OTHER")
    indicator = other.criteria.get(number=1).indicators.get()
    with pytest.raises(ValidationError):
        indicator_value_save(user=official, assessment=assessment_2023, indicator=indicator, value_number=Decimal(1))


@pytest.mark.parametrize(("who", "status"), [("other_official", 404), ("steering", 403), ("coordinator", 403)])
def test_only_an_official_of_the_commune_may_record_values(
    request, client_for, who, status, assessment_2023, indicators
):
    # Views authorize, services trust their caller (docs/adr/0004): the refusal comes from the page.
    url = reverse("criteria:indicator_save", args=[assessment_2023.pk, indicators["1"].pk])
    response = client_for(request.getfixturevalue(who)).post(url, {"value_number": "58"})
    assert response.status_code == status
    assert not IndicatorValue.objects.exists()


def test_an_assessment_is_made_once_per_unit_year_and_set(official, quang_giao, small_set):
    assessment_create(user=official, unit=quang_giao, year=2023, criteria_set=small_set)
    with pytest.raises(ValidationError, match="đã có bản tự đánh giá"):
        assessment_create(user=official, unit=quang_giao, year=2023, criteria_set=small_set)


def test_a_village_set_cannot_assess_a_commune(official, quang_giao):
    village_set = make_set("THON", level="thon_ntm_kieu_mau", scope="village")
    with pytest.raises(ValidationError, match="không áp dụng cho cấp đơn vị"):
        assessment_create(user=official, unit=quang_giao, year=2024, criteria_set=village_set)
    assert not Assessment.objects.exists()


@pytest.fixture
def water_value(official, assessment_2023, indicators):
    return indicator_value_save(
        user=official, assessment=assessment_2023, indicator=indicators["2.1"], numerator=752, denominator=1250
    )


def test_a_pdf_and_an_image_are_accepted_as_evidence(official, water_value, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = evidence_add(user=official, value=water_value, upload=SimpleUploadedFile("bien-ban.pdf", PDF_BYTES))
    photo = evidence_add(user=official, value=water_value, upload=SimpleUploadedFile("anh.png", png_bytes()))
    assert (pdf.content_type, photo.content_type) == ("application/pdf", "image/png")
    assert pdf.original_name == "bien-ban.pdf"


def test_evidence_of_the_wrong_type_is_refused_whatever_its_name(official, water_value, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF hoặc ảnh"):
        evidence_add(user=official, value=water_value, upload=fake)
    assert not Evidence.objects.exists()


def test_evidence_too_large_is_refused(official, water_value, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * 2048)
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        evidence_add(user=official, value=water_value, upload=big)
    assert not Evidence.objects.exists()


def test_evidence_is_deleted_with_its_file(
    official, water_value, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    evidence = evidence_add(user=official, value=water_value, upload=SimpleUploadedFile("a.pdf", PDF_BYTES))
    path = evidence.file.path
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(user=official, evidence=evidence)
    assert not Evidence.objects.exists()
    import os

    assert not os.path.exists(path)


def test_an_ocop_product_is_recorded_for_the_commune(official, quang_giao):
    product = ocop_product_save(
        user=official, commune=quang_giao, name="Nước mắm thử", group="thuc_pham", stars=3, year_recognised=2024
    )
    assert OcopProduct.objects.visible_to(official).get() == product


@pytest.mark.parametrize("stars", [0, 6])
def test_ocop_stars_outside_one_to_five_are_refused(official, quang_giao, stars):
    with pytest.raises(ValidationError):
        ocop_product_save(
            user=official, commune=quang_giao, name="Sản phẩm", group="thuc_pham", stars=stars, year_recognised=2024
        )
    assert not OcopProduct.objects.exists()


def test_another_communes_official_cannot_record_an_ocop_product(client_for, other_official, quang_giao):
    data = {"name": "Sản phẩm", "group": "thuc_pham", "stars": "3", "year_recognised": "2024"}
    response = client_for(other_official).post(reverse("criteria:ocop_create", args=[quang_giao.pk]), data)
    assert response.status_code == 404
