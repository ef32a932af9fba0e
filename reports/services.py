"""Writes on plan documents: create (prefilled from last year), edit metadata and narrative, issue a version."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.text import clean_text
from criteria.models import ProgrammePeriod

from .models import IssuedDocument, NarrativeSection, PlanDocument, Recipient, SectionKey
from .plan_files import render_pdf

METADATA_FIELDS = (
    "issuing_body",
    "number",
    "symbol",
    "place",
    "issued_on",
    "title",
    "subject",
    "signer_authority",
    "signer_title",
    "signer_name",
    "filing",
    "cites_programme_basis",
    "states_recognition",
)


@transaction.atomic
def plan_document_create(*, commune, year: int, user=None, **metadata) -> PlanDocument:
    """A new year's document; metadata, narrative and recipients are copied from the previous year's if any."""
    previous = PlanDocument.objects.filter(commune=commune, year=year - 1).prefetch_related("sections").first()
    defaults = _defaults_for(commune, year, previous)
    defaults.update({key: _clean(value) for key, value in metadata.items()})
    document = PlanDocument(commune=commune, year=year, **defaults)
    document.full_clean()
    document.save()
    audit_record(user=user, instance=document, action=AuditEntry.Action.CREATE, commune=commune)
    if previous is not None:
        for section in previous.sections.all():
            NarrativeSection.objects.create(document=document, key=section.key, text=section.text)
        for recipient in previous.recipients.all():
            Recipient.objects.create(document=document, position=recipient.position, text=recipient.text)
    return document


def _defaults_for(commune, year: int, previous: PlanDocument | None) -> dict:
    """Last year's metadata, or a first document's; the first year of a programme period names the new
    programme in its subject and cites the period's legal basis."""
    period = ProgrammePeriod.objects.of_year(year)
    programme = period.plan_name if period is not None else "Chương trình MTQG xây dựng nông thôn mới"
    subject = f"Thực hiện {programme} năm {year}"
    if previous is not None:
        values = {field: getattr(previous, field) for field in METADATA_FIELDS}
        values.update(number="", issued_on=None, subject=previous.subject.replace(str(year - 1), str(year)))
        # A new document states the commune's recognition even when last year's predates the option (ADR 0016).
        values.update(states_recognition=True)
        if period is not None and period.first_year == year:
            values.update(subject=subject, cites_programme_basis=True)
        return values
    with translation.override("vi"):  # the official document's header is Vietnamese, whoever starts it
        issuing_body = f"ỦY BAN NHÂN DÂN\n{commune.full_name.upper()}"
    return {"issuing_body": issuing_body, "place": commune.name, "subject": subject}


@transaction.atomic
def plan_document_update(*, document: PlanDocument, user=None, **metadata) -> PlanDocument:
    """Change metadata (number, date, signer...); unknown field names are a programming error."""
    unknown = set(metadata) - set(METADATA_FIELDS)
    if unknown:
        raise TypeError(f"not metadata: {sorted(unknown)}")
    before = snapshot(document)
    for field, value in metadata.items():
        setattr(document, field, _clean(value))
    document.full_clean()
    document.save()
    audit_record(user=user, instance=document, action=AuditEntry.Action.UPDATE, before=before, commune=document.commune)
    return document


@transaction.atomic
def narrative_update(*, document: PlanDocument, texts: dict[str, str], user=None) -> list[NarrativeSection]:
    """Save the narrative paragraphs given by section key; an empty text keeps an empty section."""
    changed = []
    for key, text in texts.items():
        if key not in SectionKey.values:
            raise ValidationError(_("Mục không tồn tại: %(key)s.") % {"key": key})
        text = _normalise_paragraphs(clean_text(text))
        section, created = NarrativeSection.objects.get_or_create(document=document, key=key)
        before = None if created else snapshot(section)
        section.text = text
        section.full_clean()
        section.save()
        action = AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE
        if audit_record(user=user, instance=section, action=action, before=before, commune=document.commune):
            changed.append(section)
    return changed


def _clean(value):
    """Metadata: text by the clean-text rule; dates and numbers as they are."""
    return clean_text(value) if isinstance(value, str) else value


def _normalise_paragraphs(text: str) -> str:
    """Browsers send CRLF; keep one paragraph per line, trimmed, without trailing blank lines."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


@transaction.atomic
def recipients_replace(*, document: PlanDocument, lines: list[str], user=None) -> list[Recipient]:
    """Replace "Nơi nhận" with these lines, in order ("- Lưu: VT." is added from `filing`)."""
    cleaned = []
    for line in lines:
        line = clean_text(line).lstrip("-").strip()
        if line:
            cleaned.append(line)
    before = [recipient.text for recipient in document.recipients.all()]
    if before == cleaned:
        return list(document.recipients.all())
    document.recipients.all().delete()
    created = []
    for position, text in enumerate(cleaned, start=1):
        recipient = Recipient(document=document, position=position, text=text)
        recipient.full_clean()
        recipient.save()
        created.append(recipient)
    audit_record(
        user=user,
        instance=document,
        action=AuditEntry.Action.UPDATE,
        before={**snapshot(document), "recipients": before},
        commune=document.commune,
    )
    return created


class StaleDocumentError(ValidationError):
    """The document was saved by someone else after this edit began."""


@transaction.atomic
def document_save(
    *,
    document: PlanDocument,
    expected_updated_at: str,
    metadata: dict,
    recipients: list[str],
    texts: dict[str, str],
    user=None,
) -> PlanDocument:
    """Save the edit page in one transaction; refused if the document changed since the page was loaded.

    `expected_updated_at` is the `updated_at` (ISO format) the edit page was built from: two officials editing
    the same plan must not overwrite each other's paragraphs silently.
    """
    locked = PlanDocument.objects.select_for_update().get(pk=document.pk)
    if locked.updated_at.isoformat() != expected_updated_at:
        raise StaleDocumentError(
            _("Kế hoạch đã được sửa lúc %(at)s, sau khi bạn mở trang này. Chưa có gì được lưu; hãy tải lại trang.")
            % {"at": timezone.localtime(locked.updated_at).strftime("%H:%M %d/%m/%Y")},
            code="stale",
        )
    recipients_replace(document=locked, lines=recipients, user=user)
    narrative_update(document=locked, texts=texts, user=user)
    # Saved last and always, so `updated_at` moves even when only paragraphs changed.
    return plan_document_update(document=locked, user=user, **metadata)


@transaction.atomic
def document_issue(*, document: PlanDocument, user=None, note: str = "") -> IssuedDocument:
    """Freeze the document as it renders now: store the PDF and its SHA-256 as the next version."""
    # Lock the document row so two simultaneous issues cannot both take the same version number.
    document = PlanDocument.objects.select_for_update().get(pk=document.pk)
    pdf_bytes = render_pdf(document)
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    version = (document.issues.aggregate(top=Max("version"))["top"] or 0) + 1
    issued = IssuedDocument(
        document=document,
        version=version,
        issued_by=user if user and user.is_authenticated else None,
        sha256=digest,
        size_bytes=len(pdf_bytes),
        note=clean_text(note),
    )
    issued.pdf.save("plan.pdf", ContentFile(pdf_bytes), save=False)
    issued.full_clean()
    issued.save()
    audit_record(user=user, instance=issued, action=AuditEntry.Action.CREATE, commune=document.commune)
    return issued


def issued_pdf_bytes(issued: IssuedDocument) -> bytes:
    """The stored PDF, refused if its bytes no longer match the SHA-256 taken at issue."""
    with issued.pdf.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != issued.sha256:
        raise ValidationError(_("Tệp PDF đã phát hành bị thay đổi (mã băm SHA-256 không khớp)."))
    return data
