"""Read criteria sets from the reference YAML (fixtures/criteria.yaml, a verbatim copy of
shared/reference/criteria.yaml) and from fixtures/criteria_local.yaml (the village set as far as it is
known, and Quảng Giao's assessment facts from the seed document).

Each indicator's `key` (income, clean water, OCOP: what the dashboards and the plan read it by) comes
from the local file's `indicator_keys` (set code → indicator code → key) or from the indicator's own
`key:` there; the reference file is left verbatim.

Verification states are carried over untouched: `confirmed: false` stays unverified and a
`target_value: null` stays empty. A set already in the database is left as it is, so an
administrator's corrections survive a second `seed_portal` (docs/adr/0010-criteria-sets-as-data.md).
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from .models import CriteriaSet, Criterion, Indicator, IndicatorYearTarget

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REFERENCE_FILE = FIXTURES / "criteria.yaml"
LOCAL_FILE = FIXTURES / "criteria_local.yaml"

# The reference file names every set "giai đoạn 2021-2025" or "2022-2025" or "2024-2025": the
# period's end is part of the set's name, so valid_to is the last day of 2025.
PERIOD_END = date(2025, 12, 31)


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _date(text) -> date | None:
    if not text:
        return None
    return text if isinstance(text, date) else date.fromisoformat(str(text))


def _decimal(number) -> Decimal | None:
    return None if number is None else Decimal(str(number))


def reference_set_fields(entry: dict) -> dict:
    legal = entry.get("legal_basis") or {}
    region_applied = str(entry.get("region_applied") or "")
    notes = [
        entry.get("name_en", ""),
        f"Vùng áp dụng theo tài liệu tham khảo: {region_applied}" if region_applied else "",
        legal.get("note", ""),
        entry.get("note", ""),
        (entry.get("superseded_by") or {}).get("text", ""),
        (entry.get("prerequisite") or {}).get("text_vi", ""),
        f"Nguồn: {', '.join(legal['sources'])}" if legal.get("sources") else "",
    ]
    return {
        "name": entry["name_vi"],
        "level": entry["level"],
        "scope": entry.get("scope", "commune"),
        "legal_number": legal.get("number") or "",
        "legal_date": _date(legal.get("date")),
        "issuer": legal.get("issuer") or "",
        "legal_verified": legal.get("confirmed") is True,
        "valid_from": _date(legal.get("effective") or legal.get("date")),
        "valid_to": PERIOD_END,
        "region": region_applied.split(" ")[0] if region_applied else "",
        "base_set_code": str(entry.get("base_set") or "").split(" ")[0],
        "note": "\n".join(line for line in notes if line),
    }


def indicator_fields(entry: dict, position: int) -> dict:
    notes = [
        entry.get("note", ""),
        entry.get("region_note", ""),
        f"Độ tin cậy: {entry['confidence']}" if entry.get("confidence") else "",
        f"Nguồn: {', '.join(entry['sources'])}" if entry.get("sources") else "",
        "Xác nhận một phần." if entry.get("partially_confirmed") else "",
        f"Kế thừa từ {entry['inherited_from']}" if entry.get("inherited_from") else "",
    ]
    return {
        "content": entry["content_vi"],
        "unit": entry["unit"],
        "comparator": str(entry["comparator"]),
        "target_value": _decimal(entry.get("target_value")),
        "target_text": str(entry.get("target_vi") or "")[:300],
        "verified": entry.get("confirmed") is True,
        "source_note": "\n".join(str(line) for line in notes if line),
        "sort_order": position,
        "key": str(entry.get("key") or ""),
    }


@transaction.atomic
def criteria_set_load(entry: dict, set_fields: dict, keys: dict | None = None) -> tuple[CriteriaSet, bool]:
    """Create one set with its criteria, indicators and year targets; an existing set is left untouched.

    `keys` maps an indicator code of this set to its `Indicator.key` (see `indicator_keys`).
    """
    keys = keys or {}
    existing = CriteriaSet.objects.filter(code=entry["code"]).first()
    if existing is not None:
        return existing, False
    criteria_set = CriteriaSet(code=entry["code"], **set_fields)
    criteria_set.full_clean()
    criteria_set.save()
    for item in entry["criteria"]:
        criterion = Criterion(
            criteria_set=criteria_set,
            number=item["number"],
            name=item["name_vi"],
            group=item.get("group_vi") or "",
            note=item.get("note", ""),
        )
        criterion.full_clean()
        criterion.save()
        indicators = item.get("indicators") or []
        for position, raw in enumerate(indicators if isinstance(indicators, list) else [], start=1):
            fields = indicator_fields(raw, position)
            fields["key"] = keys.get(str(raw["code"]), fields["key"])
            indicator = Indicator(criterion=criterion, code=str(raw["code"]), **fields)
            indicator.full_clean()
            indicator.save()
            for year, target in (raw.get("target_by_year") or {}).items():
                IndicatorYearTarget.objects.create(
                    indicator=indicator,
                    year=int(year),
                    value=_decimal(target["value"]),
                    verified=target.get("confirmed") is True,
                )
    return criteria_set, True


def indicator_keys(path: Path = LOCAL_FILE) -> dict[str, dict[str, str]]:
    """Set code → {indicator code → key} from the local file's `indicator_keys`."""
    mapping = read_yaml(path).get("indicator_keys") or {}
    return {str(code): {str(number): str(key) for number, key in keys.items()} for code, keys in mapping.items()}


def load_reference_sets(path: Path = REFERENCE_FILE) -> list[tuple[CriteriaSet, bool]]:
    data = read_yaml(path)
    keys = indicator_keys()
    return [criteria_set_load(entry, reference_set_fields(entry), keys.get(entry["code"])) for entry in data["sets"]]


def load_local_sets(path: Path = LOCAL_FILE) -> list[tuple[CriteriaSet, bool]]:
    loaded = []
    keys = indicator_keys(path)
    for entry in read_yaml(path)["sets"]:
        fields = {key: entry.get(key, "") for key in ("name", "level", "scope", "legal_number", "issuer", "note")}
        legal_date = _date(entry.get("legal_date"))
        # The content of these sets is never verified; a known signing date still dates the set.
        fields.update(legal_verified=False, legal_date=legal_date, valid_from=legal_date, valid_to=None)
        if legal_date:
            fields["valid_to"] = PERIOD_END
        loaded.append(criteria_set_load(entry, fields, keys.get(entry["code"])))
    return loaded
