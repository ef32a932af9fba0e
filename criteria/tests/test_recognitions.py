"""Recognition as a recorded fact (docs/adr/0016): the services, their refusals, the read across years and merges."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from criteria.models import Recognition, SetLevel, level_order
from criteria.recognitions import recognition_record, recognition_revoke
from ops.tests.reform import build_reform
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def before_2019(unit, **extra):
    return recognition_record(
        user=None, unit=unit, level=SetLevel.XA_NTM, recognised_year=2019, before_year=True, **extra
    )


def held(unit, year) -> list[str]:
    return list(Recognition.objects.held_by(unit, year).values_list("level", flat=True))


# --- recording ----------------------------------------------------------------------------------------------


def test_an_unknown_number_stays_empty_and_reads_as_such(quang_giao, administrator):
    recognition = before_2019(quang_giao)
    assert recognition.decision_number == "" and recognition.decision_date is None
    assert recognition.status_label == "Đã công nhận xã NTM (trước 2019, chưa nhập số quyết định)"
    assert not recognition.verified


def test_a_known_decision_is_cited_with_number_date_and_issuer(quang_giao, administrator):
    recognition = recognition_record(
        user=administrator,
        unit=quang_giao,
        level=SetLevel.XA_NTM_NANG_CAO,
        decision_number="1234/QĐ-UBND",
        decision_date=datetime.date(2023, 12, 20),
        decision_issuer="Chủ tịch UBND tỉnh Thanh Hóa",
    )
    assert recognition.status_label == (
        "Đã công nhận xã NTM nâng cao (Quyết định số 1234/QĐ-UBND ngày 20/12/2023 của Chủ tịch UBND tỉnh Thanh Hóa)"
    )
    entry = AuditEntry.objects.get(
        content_type__model="recognition", object_id=str(recognition.pk), action=AuditEntry.Action.CREATE
    )
    assert entry.commune_id == quang_giao.pk and entry.user == administrator


def test_a_second_active_recognition_of_the_same_level_is_refused(quang_giao):
    before_2019(quang_giao)
    with pytest.raises(ValidationError, match="đã có quyết định công nhận xã NTM còn hiệu lực"):
        recognition_record(user=None, unit=quang_giao, level=SetLevel.XA_NTM, decision_date=datetime.date(2020, 1, 5))
    assert Recognition.objects.count() == 1


def test_the_database_refuses_two_active_recognitions_of_a_level_too(quang_giao):
    before_2019(quang_giao)
    with pytest.raises(Exception, match="recognition_one_active_per_unit_and_level"):
        Recognition.objects.create(unit=quang_giao, level=SetLevel.XA_NTM, recognised_year=2020)


def test_after_a_revocation_a_new_recognition_of_the_level_may_be_recorded(quang_giao):
    old = before_2019(quang_giao)
    recognition_revoke(
        user=None, recognition=old, revoked_on=datetime.date(2021, 3, 1), reason="Không duy trì tiêu chí"
    )
    new = recognition_record(user=None, unit=quang_giao, level=SetLevel.XA_NTM, decision_date=datetime.date(2022, 6, 1))
    assert Recognition.objects.active().get() == new


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"decision_date": datetime.date.today() + datetime.timedelta(days=1)}, "không được sau ngày hôm nay"),
        ({"recognised_year": datetime.date.today().year + 1}, "không được sau năm nay"),
        ({}, "Nhập ngày quyết định, hoặc năm công nhận"),
        ({"decision_date": datetime.date(2018, 5, 2), "recognised_year": 2018}, "không nhập năm công nhận"),
    ],
)
def test_bad_dates_are_refused_in_vietnamese_and_nothing_is_saved(quang_giao, values, message):
    with pytest.raises(ValidationError, match=message):
        recognition_record(user=None, unit=quang_giao, level=SetLevel.XA_NTM, **values)
    assert not Recognition.objects.exists()


def test_a_village_level_is_refused_for_a_commune_and_a_commune_level_for_a_village(quang_giao, thon_5):
    with pytest.raises(ValidationError, match="không áp dụng cho cấp"):
        recognition_record(user=None, unit=quang_giao, level=SetLevel.THON_NTM_KIEU_MAU, recognised_year=2023)
    with pytest.raises(ValidationError, match="không áp dụng cho cấp"):
        recognition_record(user=None, unit=thon_5, level=SetLevel.XA_NTM, recognised_year=2023)
    village = recognition_record(user=None, unit=thon_5, level=SetLevel.THON_NTM_KIEU_MAU, recognised_year=2024)
    assert village.status_label == "Đã công nhận thôn NTM kiểu mẫu (năm 2024, chưa nhập số quyết định)"


def test_a_scan_that_is_a_pdf_or_an_image_is_kept(quang_giao, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    recognition = before_2019(quang_giao, scan=SimpleUploadedFile("qd.pdf", PDF_BYTES))
    assert recognition.scan_name == "qd.pdf" and recognition.scan.read() == PDF_BYTES
    photo = recognition_record(
        user=None,
        unit=quang_giao,
        level=SetLevel.XA_NTM,
        recognised_year=2019,
        before_year=True,
        scan=SimpleUploadedFile("qd.png", png_bytes()),
        recognition=recognition,
    )
    assert photo.scan_name == "qd.png"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("qd.pdf", b"<html><script>alert(1)</script></html>"), "phải là tệp PDF hoặc ảnh"),
        (SimpleUploadedFile("qd.pdf", b""), "trống"),
    ],
)
def test_a_scan_that_is_not_a_pdf_or_an_image_is_refused(quang_giao, settings, tmp_path, upload, message):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match=message):
        before_2019(quang_giao, scan=upload)
    assert not Recognition.objects.exists()


def test_a_scan_too_large_is_refused(quang_giao, settings, tmp_path):
    settings.MEDIA_ROOT, settings.UPLOAD_MAX_BYTES = tmp_path, 1024
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        before_2019(quang_giao, scan=SimpleUploadedFile("qd.pdf", PDF_BYTES + b"0" * 2048))
    assert not Recognition.objects.exists()


# --- revoking -----------------------------------------------------------------------------------------------


def test_a_revocation_before_the_recognition_is_refused(quang_giao):
    recognition = recognition_record(
        user=None, unit=quang_giao, level=SetLevel.XA_NTM, decision_date=datetime.date(2018, 5, 2)
    )
    with pytest.raises(ValidationError, match="không được trước khi được công nhận"):
        recognition_revoke(user=None, recognition=recognition, revoked_on=datetime.date(2018, 1, 1), reason="Sai")
    recognition.refresh_from_db()
    assert recognition.revoked_on is None


def test_a_revocation_in_the_future_or_without_reason_or_twice_is_refused(quang_giao, administrator):
    recognition = before_2019(quang_giao)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="không được sau ngày hôm nay"):
        recognition_revoke(user=None, recognition=recognition, revoked_on=tomorrow, reason="Lý do")
    with pytest.raises(ValidationError, match="phải ghi lý do"):
        recognition_revoke(user=None, recognition=recognition, revoked_on=datetime.date(2022, 1, 1), reason="  ")
    recognition_revoke(
        user=administrator,
        recognition=recognition,
        revoked_on=datetime.date(2022, 1, 1),
        reason="Không duy trì tiêu chí",
        decision_number="99/QĐ-UBND",
    )
    with pytest.raises(ValidationError, match="đã bị thu hồi ngày 01/01/2022"):
        recognition_revoke(user=None, recognition=recognition, revoked_on=datetime.date(2023, 1, 1), reason="Lại")
    entry = AuditEntry.objects.get(
        content_type__model="recognition", object_id=str(recognition.pk), action=AuditEntry.Action.UPDATE
    )
    assert entry.changes["revoked_on"] == [None, "2022-01-01"]


# --- the read: levels held as of a year -----------------------------------------------------------------------


def test_before_2019_holds_from_2018_on_and_not_earlier(quang_giao):
    before_2019(quang_giao)
    assert held(quang_giao, 2017) == []
    assert held(quang_giao, 2018) == held(quang_giao, 2024) == [SetLevel.XA_NTM]


def test_a_dated_decision_holds_from_its_year_and_a_revoked_one_stops_in_the_year_of_its_revocation(quang_giao):
    ntm = before_2019(quang_giao)
    recognition_record(
        user=None, unit=quang_giao, level=SetLevel.XA_NTM_NANG_CAO, decision_date=datetime.date(2022, 11, 30)
    )
    assert held(quang_giao, 2021) == [SetLevel.XA_NTM]
    assert held(quang_giao, 2022) == [SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO]
    recognition_revoke(user=None, recognition=ntm, revoked_on=datetime.date(2024, 2, 1), reason="Không duy trì")
    assert held(quang_giao, 2023) == [SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO]
    assert held(quang_giao, 2024) == [SetLevel.XA_NTM_NANG_CAO]


def test_level_order_sorts_as_by_level_does(quang_giao, quang_hai):
    for unit in (quang_giao, quang_hai):
        for level in (SetLevel.XA_NTM_KIEU_MAU, SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO):
            recognition_record(user=None, unit=unit, level=level, recognised_year=2020)
    in_sql = list(Recognition.objects.by_level())
    assert [recognition.level for recognition in in_sql][:3] == [
        SetLevel.XA_NTM,
        SetLevel.XA_NTM,
        SetLevel.XA_NTM_NANG_CAO,
    ]
    assert sorted(Recognition.objects.order_by("?"), key=level_order) == in_sql


def test_a_recognition_of_a_known_year_holds_from_that_year(quang_giao):
    recognition_record(user=None, unit=quang_giao, level=SetLevel.XA_NTM, recognised_year=2020)
    assert (held(quang_giao, 2019), held(quang_giao, 2020)) == ([], [SetLevel.XA_NTM])


def test_a_merged_communes_title_stays_its_own_and_never_passes_to_its_successor(
    thanh_hoa, quang_xuong, quang_giao, quang_hai
):
    reform = build_reform(thanh_hoa, quang_xuong, quang_giao, quang_hai)
    before_2019(reform.quang_giao)
    assert held(reform.quang_giao, 2024) == held(reform.quang_giao, 2026) == [SetLevel.XA_NTM]
    for year in (2024, 2025, 2026):
        assert held(reform.nam_sam_son, year) == []
    assert list(Recognition.objects.within(reform.nam_sam_son)) == list(Recognition.objects.all())  # still readable


# --- the scanned copy, served to those who may see the unit -------------------------------------------------


def test_the_scan_is_served_to_the_communes_people_and_not_to_outsiders(
    client_for, quang_giao, official, other_official, outsider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    recognition = before_2019(quang_giao, scan=SimpleUploadedFile("qd.pdf", PDF_BYTES))
    address = reverse("criteria:recognition_scan", args=[recognition.pk])
    response = client_for(official).get(address)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client_for(other_official).get(address).status_code == 404
    assert client_for(outsider).get(address).status_code == 404
