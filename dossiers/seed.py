"""Seed: the default checklist of the recognition dossier per period (fixtures/dossier_checklist.yaml), idempotent.

A period that already has items keeps them (the administrator's list wins); the defaults stay unverified."""

from pathlib import Path

import yaml
from django.conf import settings

from criteria.models import ProgrammePeriod

from .models import ChecklistItem

CHECKLIST_FILE = Path(settings.BASE_DIR) / "fixtures" / "dossier_checklist.yaml"


def load(*, demo_accounts: bool, stdout=None):
    created = 0
    for entry in yaml.safe_load(CHECKLIST_FILE.read_text(encoding="utf-8")):
        period = ProgrammePeriod.objects.filter(code=entry["period"]).first()
        if period is None or period.dossier_items.exists():
            continue
        note = " ".join(entry.get("note", "").split())
        for position, item in enumerate(entry["items"], start=1):
            fields = {"title": " ".join(item["title"].split()), "source": item["source"], "note": note}
            checklist_item = ChecklistItem(period=period, position=position, level=item.get("level", ""), **fields)
            checklist_item.full_clean()
            checklist_item.save()
            created += 1
    if stdout:
        stdout.write(f"Hồ sơ công nhận: {created} thành phần hồ sơ mới nạp.")
