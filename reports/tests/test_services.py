"""Services of the plan document: prefilled creation, edits with audit, issuing that freezes the PDF."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from reports import services
from reports.models import IssuedDocument, NarrativeSection, PlanDocument, SectionKey
from reports.tests.conftest import pdf_text


def test_a_new_year_is_prefilled_from_the_previous_years_document(document, official):
    created = services.plan_document_create(commune=document.commune, year=2025, user=official)
    assert created.subject == "Xây dựng thực hiện Chương trình MTQG xây dựng NTM năm 2025"
    assert created.signer_name == "Phạm Văn Bình"
    assert created.issued_on is None and created.number == ""
    assert dict(created.sections.values_list("key", "text")) == dict(document.sections.values_list("key", "text"))
    assert list(created.recipients.values_list("text", flat=True)) == ["VPĐP NTM huyện Quảng Xương;"]
    assert AuditEntry.objects.filter(object_id=str(created.pk), action="create").exists()


def test_a_first_document_gets_the_communes_issuing_body_and_place(quang_giao):
    created = services.plan_document_create(commune=quang_giao, year=2024)
    assert created.issuing_body == "ỦY BAN NHÂN DÂN\nXÃ QUẢNG GIAO"
    assert created.place == "Quảng Giao"
    assert created.sections.count() == 0


def test_narrative_update_saves_paragraphs_and_audits_the_old_text(document, official):
    services.narrative_update(
        document=document, texts={SectionKey.DIRECTION: "Dòng một.\r\n\r\nDòng   hai."}, user=official
    )
    section = NarrativeSection.objects.get(document=document, key=SectionKey.DIRECTION)
    assert section.text == "Dòng một.\n\nDòng hai."
    entry = AuditEntry.objects.filter(object_id=str(section.pk)).first()
    assert entry.changes["text"] == ["Đảng uỷ xã Quảng Giao đã ban hành Nghị quyết.", "Dòng một.\n\nDòng hai."]


def test_narrative_with_markup_is_refused_and_nothing_is_saved(document, official):
    with pytest.raises(ValidationError):
        services.narrative_update(
            document=document,
            texts={SectionKey.TRAINING: "Tập huấn.", SectionKey.DIRECTION: "<script>alert(1)</script>"},
            user=official,
        )
    assert not NarrativeSection.objects.filter(document=document, key=SectionKey.TRAINING).exists()
    assert document.sections.get(key=SectionKey.DIRECTION).text.startswith("Đảng uỷ")


def test_unknown_section_key_is_refused(document):
    with pytest.raises(ValidationError):
        services.narrative_update(document=document, texts={"bogus": "x"})


def test_metadata_update_refuses_an_empty_subject_and_keeps_the_old_value(document):
    with pytest.raises(ValidationError):
        services.plan_document_update(document=document, subject="")
    document.refresh_from_db()
    assert document.subject.startswith("Xây dựng thực hiện")


def test_recipients_are_replaced_in_order_without_dashes(document, official):
    services.recipients_replace(document=document, lines=["- Huyện ủy;", "", "UBND huyện;"], user=official)
    assert list(document.recipients.values_list("position", "text")) == [(1, "Huyện ủy;"), (2, "UBND huyện;")]


def test_issuing_stores_the_pdf_with_its_sha256(document, steering):
    issued = services.document_issue(document=document, user=steering, note="Bản ký")
    data = issued.pdf.read()
    assert data.startswith(b"%PDF")
    assert issued.sha256 == hashlib.sha256(data).hexdigest()
    assert issued.size_bytes == len(data)
    assert issued.version == 1 and issued.issued_by == steering
    assert "Phạm Văn Bình" in pdf_text(data)


def test_an_issued_document_does_not_change_when_data_and_narrative_change(
    document, steering, add_task, ns_xa, add_money
):
    first = services.document_issue(document=document, user=steering)
    frozen = services.issued_pdf_bytes(first)
    add_task("Nhiệm vụ mới thêm sau khi phát hành", quarter=2, amount=1_234_567_000)
    add_money(ns_xa, 5_000_000_000)
    services.narrative_update(document=document, texts={SectionKey.DIRECTION: "Đoạn văn đã sửa sau khi ký."})
    services.plan_document_update(document=PlanDocument.objects.get(pk=document.pk), signer_name="Người Khác")

    first.refresh_from_db()
    assert services.issued_pdf_bytes(first) == frozen
    assert "Người Khác" not in pdf_text(frozen)
    assert "Nhiệm vụ mới thêm" not in pdf_text(frozen)

    second = services.document_issue(document=document, user=steering)
    assert second.version == 2
    assert "Người Khác" in pdf_text(services.issued_pdf_bytes(second))
    assert "Nhiệm vụ mới thêm sau khi phát hành với tổng số tiền 1.234.567.000 đồng" in pdf_text(
        services.issued_pdf_bytes(second)
    )
    assert IssuedDocument.objects.filter(document=document).count() == 2
    assert services.issued_pdf_bytes(first) == frozen


def test_a_tampered_issued_file_is_detected(document, steering):
    issued = services.document_issue(document=document, user=steering)
    with open(issued.pdf.path, "ab") as handle:
        handle.write(b"%tampered")
    with pytest.raises(ValidationError):
        services.issued_pdf_bytes(issued)
