"""Read criteria sets from the reference YAML (fixtures/criteria.yaml, a verbatim copy of
shared/reference/criteria.yaml), from fixtures/criteria_local.yaml (the village set as far as it is
known, and Quảng Giao's assessment facts from the seed document) and from fixtures/criteria_2026_2030.yaml
(the structure of Quyết định 51/2025/QĐ-TTg); the programme periods from fixtures/programme_periods.yaml.

Each set's programme period and, for a province's set, its province come from the local file's `set_places`
(the 2026–2030 file names its period itself); docs/adr/0015-programme-periods-and-commune-groups.md.

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

from units.models import AdministrativeUnit, Level

from .models import CriteriaSet, Criterion, Indicator, IndicatorYearTarget, ProgrammeAct, ProgrammePeriod

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REFERENCE_FILE = FIXTURES / "criteria.yaml"
LOCAL_FILE = FIXTURES / "criteria_local.yaml"
PERIODS_FILE = FIXTURES / "programme_periods.yaml"
PERIOD_SETS_FILE = FIXTURES / "criteria_2026_2030.yaml"
PERIOD_FIELDS = ("name", "first_year", "last_year", "programme_name", "plan_name", "set_basis", "note")

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


# --- programme periods and where each set applies ------------------------------------------------------


@transaction.atomic
def load_periods(path: Path = PERIODS_FILE) -> list[tuple[ProgrammePeriod, bool]]:
    """Create the periods (with their acts) whose code is absent; existing ones are left as they are."""
    loaded = []
    for entry in read_yaml(path):
        period = ProgrammePeriod.objects.filter(code=entry["code"]).first()
        if period is not None:
            loaded.append((period, False))
            continue
        fields = {name: " ".join(str(entry.get(name) or "").split()) for name in PERIOD_FIELDS}
        fields.update(first_year=int(entry["first_year"]), last_year=int(entry["last_year"]))
        period = ProgrammePeriod(code=entry["code"], verified=entry.get("confirmed") is True, **fields)
        period.full_clean()
        period.save()
        for position, act in enumerate(entry.get("acts") or [], start=1):
            row = ProgrammeAct(
                period=period,
                position=position,
                kind=act["kind"],
                number=act["number"],
                date=_date(act.get("date")),
                issuer=act["issuer"],
                subject=act.get("subject") or "",
                verified=act.get("confirmed") is True,
            )
            row.full_clean()
            row.save()
        loaded.append((period, True))
    return loaded


def place_fields(place: dict | None) -> dict:
    """`{period: "2021-2025", province: "38"}` → the set's `period` and `province` (None when not named)."""
    place = place or {}
    period = ProgrammePeriod.objects.get(code=place["period"]) if place.get("period") else None
    province = None
    if place.get("province"):
        province = AdministrativeUnit.objects.filter(level=Level.PROVINCE, code=str(place["province"])).first()
        if province is None:
            raise ValueError(f"Chưa có tỉnh mã {place['province']}: nạp đơn vị hành chính trước bộ tiêu chí.")
    return {"period": period, "province": province}


def set_places(path: Path = LOCAL_FILE) -> dict[str, dict]:
    """Set code → {period, province} from the local file's `set_places`."""
    return {str(code): dict(place) for code, place in (read_yaml(path).get("set_places") or {}).items()}


# --- the sets ------------------------------------------------------------------------------------------


def load_reference_sets(path: Path = REFERENCE_FILE) -> list[tuple[CriteriaSet, bool]]:
    data = read_yaml(path)
    keys, places = indicator_keys(), set_places()
    return [
        criteria_set_load(
            entry,
            {**reference_set_fields(entry), **place_fields(places.get(entry["code"]))},
            keys.get(entry["code"]),
        )
        for entry in data["sets"]
    ]


def load_local_sets(path: Path = LOCAL_FILE) -> list[tuple[CriteriaSet, bool]]:
    loaded = []
    keys, places = indicator_keys(path), set_places(path)
    for entry in read_yaml(path)["sets"]:
        fields = {key: entry.get(key, "") for key in ("name", "level", "scope", "legal_number", "issuer", "note")}
        legal_date = _date(entry.get("legal_date"))
        # The content of these sets is never verified; a known signing date still dates the set.
        fields.update(legal_verified=False, legal_date=legal_date, valid_from=legal_date, valid_to=None)
        if legal_date:
            fields["valid_to"] = PERIOD_END
        fields.update(place_fields(places.get(entry["code"])))
        loaded.append(criteria_set_load(entry, fields, keys.get(entry["code"])))
    return loaded


def load_period_sets(path: Path = PERIOD_SETS_FILE) -> list[tuple[CriteriaSet, bool]]:
    """The sets of a later period's file: each entry's own fields over the file's `common` ones, all unverified."""
    data = read_yaml(path)
    loaded = []
    for entry in data["sets"]:
        values = {**data["common"], **entry}
        fields = {
            "name": values["name"],
            "level": values["level"],
            "scope": values["scope"],
            "legal_number": values["legal_number"],
            "legal_date": _date(values.get("legal_date")),
            "issuer": values["issuer"],
            "legal_verified": False,
            "valid_from": _date(values.get("valid_from")),
            "valid_to": _date(values.get("valid_to")),
            "commune_group": str(values.get("commune_group") or ""),
            "note": " ".join(str(values.get("note") or "").split()),
            **place_fields({"period": values["period"], "province": values.get("province")}),
        }
        loaded.append(criteria_set_load(entry, fields))
    return loaded
