"""Pages and downloads of the plan document: permissions for every role, constant queries."""

import io
import zipfile

import pytest
from django.urls import reverse

from reports import services
from reports.models import IssuedDocument, NarrativeSection, PlanDocument
from reports.tests.conftest import pdf_text


def url(name, *args):
    return reverse(f"reports:{name}", args=args)


def edit_payload(document, **overrides):
    data = {
        "issuing_body": "ỦY BAN NHÂN DÂN\nXÃ QUẢNG GIAO",
        "number": "45",
        "symbol": "KH-UBND",
        "place": "Quảng Giao",
        "issued_on": "09/04/2024",
        "title": "KẾ HOẠCH",
        "subject": document.subject,
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Phạm Văn Bình",
        "filing": "VT",
        "recipients": "VPĐP NTM huyện Quảng Xương;\nBCĐ xã Quảng Giao;",
        "section_direction": "Đoạn chỉ đạo mới.",
        "loaded_at": PlanDocument.objects.get(pk=document.pk).updated_at.isoformat(),
    }
    data.update(overrides)
    return data


# --- reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["official", "steering", "coordinator", "administrator"])
def test_people_of_the_area_see_the_preview(request, client_for, document, who):
    response = client_for(request.getfixturevalue(who)).get(url("document_detail", document.pk))
    assert response.status_code == 200
    assert "Phạm Văn Bình" in response.content.decode()
    assert "reports/document_detail.html" in [t.name for t in response.templates]


def test_preview_lists_the_consistency_warnings_before_issuing(client_for, steering, document, ns_xa, add_money):
    from funding.models import Stage
    from projects.models import Work

    work = Work.objects.create(
        commune=document.commune,
        code="W1",
        name="Đường Thôn 9",
        total_investment=30 * 10**9,
        planned_start_year=2023,
        planned_end_year=2023,
    )
    add_money(ns_xa, 19_700_000_000)
    from funding.models import MoneyLine

    MoneyLine.objects.create(
        commune=document.commune, year=2023, source=ns_xa, amount=20_102_000_000, stage=Stage.MOBILISED, work=work
    )
    page = client_for(steering).get(url("document_detail", document.pk)).content.decode()
    assert "Kiểm tra số liệu trước khi phát hành" in page
    assert "alert-warning" in page and "19,7 tỷ đồng" in page and "20,102 tỷ đồng" in page


def test_outsider_and_other_commune_get_404_on_every_document_url(client_for, outsider, other_official, document):
    issued = services.document_issue(document=document)
    for user in (outsider, other_official):
        client = client_for(user)
        for address in (
            url("document_detail", document.pk),
            url("document_edit", document.pk),
            url("document_download", document.pk, "pdf"),
            url("document_download", document.pk, "docx"),
            url("issued_download", issued.pk),
        ):
            assert client.get(address).status_code == 404, (user, address)
        assert client.post(url("document_issue", document.pk)).status_code == 404
    assert IssuedDocument.objects.count() == 1


def test_outsiders_zip_holds_nothing_of_another_province(client_for, outsider, document):
    response = client_for(outsider).get(url("year_zip", 2024))
    assert response.status_code == 302
    assert response["Content-Type"] != "application/zip"


def test_anonymous_visitor_is_sent_to_login(client, document):
    response = client.get(url("document_download", document.pk, "pdf"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_format_is_404(client_for, official, document):
    assert client_for(official).get(url("document_download", document.pk, "exe")).status_code == 404


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "html"])
def test_coordinator_downloads_every_format(client_for, coordinator, document, fmt):
    response = client_for(coordinator).get(url("document_download", document.pk, fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ke-hoach-ntm-2024-quang-giao.{fmt}"'
    assert len(response.getvalue()) > 1000


def test_coordinator_downloads_the_issued_pdf_byte_for_byte(client_for, coordinator, document, steering):
    issued = services.document_issue(document=document, user=steering)
    response = client_for(coordinator).get(url("issued_download", issued.pk))
    assert response.status_code == 200
    assert response.getvalue() == issued.pdf.open("rb").read()
    assert response["X-Content-SHA256"] == issued.sha256
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-ntm-2024-quang-giao-v1.pdf"'


def test_year_zip_holds_the_issued_version_or_the_draft_of_each_visible_commune(
    client_for, coordinator, steering, document, other_document
):
    issued = services.document_issue(document=document, user=steering)
    response = client_for(coordinator).get(url("year_zip", 2024))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    names = sorted(archive.namelist())
    assert names == ["ke-hoach-ntm-2024-quang-giao-v1.pdf", "ke-hoach-ntm-2024-quang-hai-du-thao.pdf"]
    assert archive.read("ke-hoach-ntm-2024-quang-giao-v1.pdf") == issued.pdf.open("rb").read()
    assert "XÃ QUẢNG HẢI" in pdf_text(archive.read("ke-hoach-ntm-2024-quang-hai-du-thao.pdf"))


def test_commune_official_zip_holds_only_his_commune(client_for, official, document, other_document):
    archive = zipfile.ZipFile(io.BytesIO(client_for(official).get(url("year_zip", 2024)).getvalue()))
    assert archive.namelist() == ["ke-hoach-ntm-2024-quang-giao-du-thao.pdf"]


# --- writing --------------------------------------------------------------------------------------


def test_official_edits_metadata_recipients_and_narrative(client_for, official, document):
    response = client_for(official).post(url("document_edit", document.pk), edit_payload(document))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.number == "45" and str(document.issued_on) == "2024-04-09"
    assert document.sections.get(key="direction").text == "Đoạn chỉ đạo mới."
    assert list(document.recipients.values_list("text", flat=True)) == [
        "VPĐP NTM huyện Quảng Xương;",
        "BCĐ xã Quảng Giao;",
    ]


def test_edit_with_script_or_bad_date_shows_a_vietnamese_error_and_saves_nothing(client_for, official, document):
    client = client_for(official)
    for bad in ({"section_direction": "<script>x</script>"}, {"issued_on": "31/02/2024"}):
        response = client.post(url("document_edit", document.pk), edit_payload(document, **bad))
        assert response.status_code == 200
        assert "Dữ liệu chưa hợp lệ" in response.content.decode()
    document.refresh_from_db()
    assert document.number == ""
    assert document.sections.get(key="direction").text == "Đảng uỷ xã Quảng Giao đã ban hành Nghị quyết."


def test_a_second_official_saving_an_older_page_is_refused_and_nothing_is_overwritten(client_for, official, document):
    page_loaded_by_both = edit_payload(document)
    client = client_for(official)
    first = client.post(url("document_edit", document.pk), {**page_loaded_by_both, "section_direction": "Bản của A."})
    assert first.status_code == 302
    second = client.post(url("document_edit", document.pk), {**page_loaded_by_both, "section_direction": "Bản của B."})
    assert second.status_code == 200
    assert "đã được sửa lúc" in second.content.decode()
    assert document.sections.get(key="direction").text == "Bản của A."


@pytest.mark.parametrize("who", ["steering", "coordinator"])
def test_read_only_roles_get_403_on_edit_and_nothing_changes(request, client_for, document, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(url("document_edit", document.pk)).status_code == 403
    assert client.post(url("document_edit", document.pk), edit_payload(document)).status_code == 403
    document.refresh_from_db()
    assert document.number == ""


@pytest.mark.parametrize("who", ["official", "coordinator"])
def test_only_the_steering_committee_issues(request, client_for, document, who):
    response = client_for(request.getfixturevalue(who)).post(url("document_issue", document.pk))
    assert response.status_code == 403
    assert not IssuedDocument.objects.exists()


def test_issuing_over_data_warnings_needs_an_explicit_acknowledgement(client_for, steering, document, ns_xa):
    from funding.models import MoneyLine, Stage

    MoneyLine.objects.create(
        commune=document.commune, year=2023, source=ns_xa, amount=10**9, stage=Stage.DISBURSED
    )  # disbursed above mobilised: a consistency warning
    client = client_for(steering)
    response = client.post(url("document_issue", document.pk), follow=True)
    assert "Số liệu còn cảnh báo" in response.content.decode()
    assert not IssuedDocument.objects.exists()
    client.post(url("document_issue", document.pk), {"acknowledge": "on"})
    assert IssuedDocument.objects.count() == 1


def test_steering_committee_issues_a_new_version(client_for, steering, document):
    response = client_for(steering).post(url("document_issue", document.pk), {"note": "Bản trình ký"})
    assert response.status_code == 302
    issued = IssuedDocument.objects.get()
    assert issued.version == 1 and issued.note == "Bản trình ký" and issued.issued_by == steering


def test_official_starts_next_year_prefilled_and_steering_cannot(client_for, official, steering, document):
    assert client_for(steering).post(url("document_create", document.commune.pk), {"year": 2025}).status_code == 403
    response = client_for(official).post(url("document_create", document.commune.pk), {"year": 2025})
    created = PlanDocument.objects.get(year=2025)
    assert response.status_code == 302 and response["Location"] == url("document_edit", created.pk)
    assert NarrativeSection.objects.filter(document=created).count() == document.sections.count()


def test_official_of_another_commune_cannot_start_a_plan_here(client_for, other_official, quang_giao):
    assert client_for(other_official).post(url("document_create", quang_giao.pk), {"year": 2025}).status_code == 404
    assert not PlanDocument.objects.exists()


# --- queries --------------------------------------------------------------------------------------


def _count_queries(client, address, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


def test_preview_runs_a_constant_number_of_queries_as_data_grows(
    client_for, coordinator, document, add_task, ns_xa, add_money, django_assert_num_queries
):
    client = client_for(coordinator)
    for n in range(3):
        add_task(f"Nhiệm vụ {n}", quarter=n % 4 + 1, amount=10**6 * (n + 1))
        add_money(ns_xa, 10**9)
    small = _count_queries(client, url("document_detail", document.pk), django_assert_num_queries)
    for n in range(9):
        add_task(f"Nhiệm vụ thêm {n}", quarter=n % 4 + 1)
        add_money(ns_xa, 10**9, year=2022 + n % 2)
    services.document_issue(document=document)
    services.document_issue(document=document)
    with django_assert_num_queries(small):
        client.get(url("document_detail", document.pk))


def test_document_list_runs_a_constant_number_of_queries(
    client_for, administrator, quang_xuong, django_assert_num_queries
):
    from ops.services import unit_create
    from units.models import Level

    def add_documents(count, offset):
        for n in range(count):
            commune = unit_create(level=Level.COMMUNE, name=f"Xã thử {offset + n}", parent=quang_xuong)
            PlanDocument.objects.create(commune=commune, year=2024, issuing_body="UBND", place="X", subject="KH")

    client = client_for(administrator)
    add_documents(2, 0)
    small = _count_queries(client, url("document_list"), django_assert_num_queries)
    add_documents(6, 100)
    with django_assert_num_queries(small):
        client.get(url("document_list"))


def test_a_plan_of_a_commune_without_data_yet_says_what_is_missing(
    client_for, official, other_official, quang_hai, programme_periods
):
    document = services.plan_document_create(commune=quang_hai, year=2024)
    page = client_for(other_official).get(url("document_detail", document.pk)).content.decode()
    for note in (
        "Chưa có số liệu sản phẩm OCOP.",
        "Chưa có số liệu huy động nguồn lực.",
        "Chưa có số liệu đầu tư công.",
        "Chưa có nhiệm vụ theo quý.",
        "Không có cảnh báo về tính nhất quán của số liệu.",
    ):
        assert note in page


def test_year_zip_renders_many_drafts_in_worker_processes_like_one_by_one(quang_xuong, document):
    from ops.services import unit_create
    from reports.bundle import year_zip_bytes
    from units.models import Level

    for n in range(4):
        commune = unit_create(level=Level.COMMUNE, name=f"Xã thử {n}", parent=quang_xuong)
        PlanDocument.objects.create(
            commune=commune, year=2024, issuing_body=f"ỦY BAN NHÂN DÂN\nXÃ THỬ {n}", place="X", subject="KH"
        )
    documents = PlanDocument.objects.filter(year=2024).with_parts()
    parallel = zipfile.ZipFile(io.BytesIO(year_zip_bytes(documents, workers=2)))
    serial = zipfile.ZipFile(io.BytesIO(year_zip_bytes(documents, workers=1)))
    assert parallel.namelist() == serial.namelist() and len(parallel.namelist()) == 5
    for name in parallel.namelist():
        assert pdf_text(parallel.read(name)) == pdf_text(serial.read(name))
    assert "XÃ THỬ 3" in pdf_text(parallel.read("ke-hoach-ntm-2024-xa-thu-3-du-thao.pdf"))


def test_edit_page_runs_a_constant_number_of_queries_as_recipients_grow(
    client_for, official, document, django_assert_num_queries
):
    from reports.models import Recipient

    client = client_for(official)
    small = _count_queries(client, url("document_edit", document.pk), django_assert_num_queries)
    for position in range(2, 12):
        Recipient.objects.create(document=document, position=position, text=f"Nơi nhận {position};")
    with django_assert_num_queries(small):
        client.get(url("document_edit", document.pk))
