"""Seed: the plan documents of fixtures/reports.yaml (metadata, recipients, narrative), idempotent."""

from pathlib import Path

import yaml
from django.conf import settings

from units.models import AdministrativeUnit, Level

from .models import NarrativeSection, PlanDocument, Recipient

DOCUMENTS_FILE = Path(settings.BASE_DIR) / "fixtures" / "reports.yaml"
METADATA = (
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


def load(*, demo_accounts: bool, stdout=None):
    """Create what is missing; never overwrite a document an official has since edited (`make run` reseeds)."""
    for entry in yaml.safe_load(DOCUMENTS_FILE.read_text(encoding="utf-8")):
        commune = AdministrativeUnit.objects.get(
            level=Level.COMMUNE, name=entry["commune"], parent__name=entry["district"]
        )
        document = PlanDocument.objects.filter(commune=commune, year=entry["year"]).first()
        if document is None:
            document = PlanDocument(commune=commune, year=entry["year"], **{key: entry[key] for key in METADATA})
            document.full_clean()
            document.save()
        for key, text in entry["sections"].items():
            NarrativeSection.objects.get_or_create(document=document, key=key, defaults={"text": text.strip()})
        if not document.recipients.exists():
            for position, text in enumerate(entry["recipients"], start=1):
                Recipient.objects.create(document=document, position=position, text=text)
    if stdout:
        stdout.write("Kế hoạch năm (văn bản): đã nạp.")
