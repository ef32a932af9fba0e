"""The recognition dossier on the seed of Quảng Giao (2024, NTM nâng cao): its writes, bad input, the zip and the
command, read back from the index PDF."""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from criteria.models import Assessment
from criteria.review import indicator_appraisal_save
from dossiers import rules, services
from dossiers.models import Dossier, DossierSetting, PlaceKind, Posting
from dossiers.reading import dossier_state
from reports.tests.conftest import pdf_text
from tests.conftest import png_upload

from .records import LEVEL, YEAR, posting, upload_item

pytestmark = pytest.mark.django_db


def key(world):
    return {"unit": world.quang_giao, "year": YEAR, "level": LEVEL}


def page_url(world):
    return reverse("dossiers:dossier", args=[world.quang_giao.pk, YEAR, LEVEL])


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_export_dossier_writes_a_zip_whose_index_lists_every_item_and_the_missing_ones(world, tmp_path):
    output = tmp_path / "d.zip"
    call_command(
        "export_dossier", commune="Quảng Giao", year=2024, level=LEVEL, output=str(output), stdout=io.StringIO()
    )
    files = read_zip(output.read_bytes())
    index = pdf_text(files.pop("00-danh-muc-ho-so.pdf"))
    state = dossier_state(world.quang_giao, YEAR, LEVEL)
    assert len(state.items) == 5
    for item_state in state.items:
        assert item_state.item.title in index
    assert index.count("CÒN THIẾU") == 2 * 3  # in the table and in the list of what is missing
    assert "Thành phần còn thiếu" in index and "Biên bản cuộc họp đề nghị xét công nhận: CÒN THIẾU" in index
    assert "chưa xác minh" in index  # the recalled checklist is marked unverified
    assert [name[:3] for name in sorted(files)] == ["01-", "02-"]
    for name, data in files.items():
        digest = hashlib.sha256(data).hexdigest()
        assert digest[:32] in index and digest[32:] in index
        assert name in index.replace(" ", "")  # a long file name wraps in its cell
    request = pdf_text(files["01-to-trinh-de-nghi-tham-tra-xet-cong-nhan.pdf"])
    assert "TỜ TRÌNH" in request and "Kính gửi: Ủy ban nhân dân huyện Quảng Xương" in request
    report = pdf_text(next(data for name, data in files.items() if name.startswith("02-")))
    assert "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ NĂM 2024" in report and "Tổng số tiêu chí đạt" in report


def test_export_dossier_refuses_an_unknown_level_or_commune(world, tmp_path):
    output = str(tmp_path / "d.zip")
    with pytest.raises(CommandError, match="không phải mức công nhận của xã"):
        call_command("export_dossier", commune="Quảng Giao", year=2024, level="thon_ntm_kieu_mau", output=output)
    with pytest.raises(CommandError, match="Không tìm thấy xã"):
        call_command("export_dossier", commune="Xã không có", year=2024, level=LEVEL, output=output)


def test_an_upload_joins_the_zip_with_its_uploader_and_sha256(world, official, client):
    services.dossier_file_add(user=official, **key(world), item=upload_item(), upload=png_upload("bien-ban.png"))
    client.force_login(official)
    response = client.get(reverse("dossiers:download", args=[world.quang_giao.pk, YEAR, LEVEL]))
    files = read_zip(b"".join(response.streaming_content))
    index = pdf_text(files.pop("00-danh-muc-ho-so.pdf"))
    (uploaded,) = [data for name, data in files.items() if name.endswith("bien-ban.png")]
    digest = hashlib.sha256(uploaded).hexdigest()
    assert digest[:32] in index and official.username in index
    assert index.count("CÒN THIẾU") == 2 * 2


def test_a_file_that_is_not_a_pdf_or_an_image_is_refused_and_nothing_is_saved(world, official):
    text = SimpleUploadedFile("bien-ban.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF hoặc ảnh"):
        services.dossier_file_add(user=official, **key(world), item=upload_item(), upload=text)
    assert not Dossier.objects.exists()


def test_a_file_above_the_size_limit_is_refused(world, official, settings):
    settings.UPLOAD_MAX_BYTES = 20
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        services.dossier_file_add(user=official, **key(world), item=upload_item(), upload=png_upload())


def test_a_posting_dated_in_the_future_is_refused_and_nothing_is_saved(world, official):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.posting_add(user=official, **key(world), place=PlaceKind.RADIO, posted_on=tomorrow)
    assert "chưa tới" in str(error.value)
    assert not Dossier.objects.exists() and not Posting.objects.exists()


def test_a_posting_ending_before_it_began_is_refused(world, official):
    with pytest.raises(ValidationError, match="phải sau hoặc bằng ngày niêm yết"):
        services.posting_add(
            user=official,
            **key(world),
            place=PlaceKind.OFFICE,
            posted_on=datetime.date(2025, 1, 10),
            ended_on=datetime.date(2025, 1, 5),
        )


def test_a_cultural_house_posting_names_a_village_of_the_commune(world, official):
    with pytest.raises(ValidationError, match="Chọn thôn"):
        services.posting_add(
            user=official, **key(world), place=PlaceKind.CULTURAL_HOUSE, posted_on=datetime.date(2025, 1, 6)
        )
    with pytest.raises(ValidationError, match="không thuộc đơn vị của hồ sơ"):
        services.posting_add(
            user=official,
            **key(world),
            place=PlaceKind.CULTURAL_HOUSE,
            village=world.hai_village,
            posted_on=datetime.date(2025, 1, 6),
        )


@pytest.mark.parametrize(
    ("asked", "answered", "satisfied", "message"),
    [
        (200, 190, 195, "Số hộ hài lòng (195) không được lớn hơn số hộ trả lời (190)"),
        (200, 210, 150, "Số hộ trả lời (210) không được lớn hơn số hộ được lấy ý kiến (200)"),
    ],
)
def test_survey_counts_out_of_order_are_refused(world, official, asked, answered, satisfied, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.survey_save(
            user=official,
            **key(world),
            households_asked=asked,
            households_answered=answered,
            households_satisfied=satisfied,
        )
    assert not Dossier.objects.exists()


def test_the_page_shows_the_share_and_the_required_share_as_unknown_until_entered(world, official, client):
    client.force_login(official)
    form = {"households_asked": "1.250", "households_answered": "200", "households_satisfied": "185"}
    response = client.post(reverse("dossiers:survey", args=[world.quang_giao.pk, YEAR, LEVEL]), form, follow=True)
    page = response.content.decode()
    assert "92,5 %" in page and "chưa có căn cứ / chưa nhập" in page
    period = dossier_state(**key(world)).period
    DossierSetting.objects.create(period=period, required_satisfaction=95, basis="Văn bản Y")
    page = client.get(page_url(world)).content.decode()
    assert "95 % (Văn bản Y)" in page and "Chưa đạt tỷ lệ yêu cầu" in page


def test_the_survey_form_answers_bad_counts_in_vietnamese(world, official, client):
    client.force_login(official)
    form = {"households_asked": "100", "households_answered": "90", "households_satisfied": "95"}
    response = client.post(reverse("dossiers:survey", args=[world.quang_giao.pk, YEAR, LEVEL]), form)
    assert "Số hộ hài lòng (95) không được lớn hơn số hộ trả lời (90)." in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_page_warns_while_fewer_than_five_postings_fall_within_fifteen_days(world, official, client):
    client.force_login(official)
    for offset in range(4):
        services.posting_add(
            user=official, **key(world), place=PlaceKind.RADIO, posted_on=datetime.date(2025, 1, 6 + 3 * offset)
        )
    page = client.get(page_url(world)).content.decode()
    assert "Quyết định số 18/2022/QĐ-TTg" in page and "ít nhất 5 lần trong 15 ngày" in page
    assert "Chưa đủ: nhiều nhất 4 lần trong 15 ngày liên tiếp" in page
    services.posting_add(user=official, **key(world), place=PlaceKind.OFFICE, posted_on=datetime.date(2025, 1, 20))
    assert "Đủ: 5 lần trong 15 ngày (06/01/2025 – 20/01/2025)" in client.get(page_url(world)).content.decode()


def test_a_posting_in_the_future_from_the_form_is_a_vietnamese_error(world, official, client):
    client.force_login(official)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    url = reverse("dossiers:posting_add", args=[world.quang_giao.pk, YEAR, LEVEL])
    response = client.post(url, {"place": "office", "posted_on": tomorrow})
    assert f"Ngày {tomorrow} chưa tới" in response.content.decode()
    assert not Posting.objects.exists()


def test_the_narrative_is_prefilled_then_saved_and_printed(world, official, client):
    client.force_login(official)
    url = reverse("dossiers:texts", args=[world.quang_giao.pk, YEAR, LEVEL])
    assert "kính đề nghị Ủy ban nhân dân huyện Quảng Xương" in client.get(url).content.decode()
    form = {"request_text": "Ủy ban nhân dân xã Quảng Giao kính trình đề nghị thử nghiệm.", "report_text": ""}
    client.post(url, {**form, "proposal_text": ""})
    document = reverse("dossiers:document", args=[world.quang_giao.pk, YEAR, LEVEL, "request_letter"])
    text = pdf_text(b"".join(client.get(document).streaming_content))
    assert "kính trình đề nghị thử nghiệm" in text
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).order_by("-pk").first()
    assert entry is not None and entry.commune_id == world.quang_giao.pk


@pytest.mark.parametrize("status", ["submitted", "under_appraisal", "approved"])
def test_once_the_assessment_is_submitted_the_commune_cannot_change_the_dossier(world, official, client, status):
    posting(world)
    Assessment.objects.filter(pk=rules.assessment_of(**key(world)).pk).update(status=status)
    with pytest.raises(ValidationError, match="không sửa được nữa"):
        services.posting_add(user=official, **key(world), place=PlaceKind.RADIO, posted_on=datetime.date(2025, 1, 7))
    with pytest.raises(ValidationError, match="không sửa được nữa"):
        services.posting_delete(user=official, posting=Posting.objects.get())
    client.force_login(official)
    page = client.get(page_url(world)).content.decode()
    assert "Ghi lần niêm yết" not in page and "hồ sơ không sửa được" in page


def test_a_returned_assessment_opens_the_dossier_again(world, official):
    Assessment.objects.filter(pk=rules.assessment_of(**key(world)).pk).update(status="returned")
    posting(world)
    assert Posting.objects.count() == 1


def test_read_only_roles_read_and_outsiders_get_404(world, steering, other_official, client):
    stored = posting(world)
    client.force_login(steering)
    assert client.get(page_url(world)).status_code == 200
    url = reverse("dossiers:survey", args=[world.quang_giao.pk, YEAR, LEVEL])
    assert client.post(url, {"households_asked": "10"}).status_code == 403
    client.force_login(other_official)
    assert client.get(page_url(world)).status_code == 404
    assert client.post(reverse("dossiers:posting_delete", args=[stored.pk])).status_code == 404
    assert Posting.objects.filter(pk=stored.pk).exists()


def test_the_unit_assessments_page_links_to_the_dossier(world, official, client):
    client.force_login(official)
    page = client.get(reverse("criteria:unit", args=[world.quang_giao.pk])).content.decode()
    assert page_url(world) in page


def test_the_page_costs_the_same_queries_whatever_the_number_of_postings_and_files(
    world, official, client, django_assert_num_queries
):
    client.force_login(official)
    posting(world)
    client.get(page_url(world))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(page_url(world))
    for offset in range(4):
        services.posting_add(
            user=official, **key(world), place=PlaceKind.RADIO, posted_on=datetime.date(2025, 2, 1 + offset)
        )
        services.dossier_file_add(user=official, **key(world), item=upload_item(), upload=png_upload(f"{offset}.png"))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(page_url(world))


def test_the_results_report_of_an_appraised_assessment_shows_the_offices_column(world, coordinator, client):
    assessment = rules.assessment_of(**key(world))
    Assessment.objects.filter(pk=assessment.pk).update(status="under_appraisal")
    indicator = assessment.criteria_set.criteria.first().indicators.first()
    indicator_appraisal_save(user=coordinator, assessment=assessment, indicator=indicator, verdict="met")
    client.force_login(coordinator)
    url = reverse("dossiers:document", args=[world.quang_giao.pk, YEAR, LEVEL, "results_report"])
    text = pdf_text(b"".join(client.get(url).streaming_content))
    assert "Tự đánh giá" in text and "Kết quả thẩm định" in text
