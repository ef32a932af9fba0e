"""The unit catalogue of the statistics office, loaded from the pinned PyPI package `vietnamadminunits`.

The package (MIT) holds the 63-province list of commune-level units before 1 July 2025 (with districts),
the 34-province list of 3,321 units since then (with type, centroid and area) and the old → new mapping.
Loading a province creates the units before the reform, then applies the reform as `UnitChange` rows:
provinces merged by Nghị quyết 202/2025/QH15, districts ended, communes merged, moved or split. Units that
exist already (the seed's) are matched by level, code and period, or by name under the same parent while
their code is still empty; demonstration units are never touched. A second load adds nothing
(docs/adr/0091-unit-catalogue.md).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record, audit_record_many, snapshot
from core.signals import records_changed
from units.models import AdministrativeUnit, ChangeKind, Kind, Level, UnitCatalogue

from .catalogue_source import PACKAGE, CatalogueError, Source
from .unit_changes import LegalAct, NewUnit, unit_change_apply, unit_end

LICENCE = "MIT"
LEGAL_BASIS = (
    "Danh mục đơn vị hành chính của Tổng cục Thống kê (trước 01/7/2025: 63 tỉnh; từ 01/7/2025: 34 tỉnh, "
    "3.321 đơn vị cấp xã, Công văn 1027/CTK-CSCL ngày 25/6/2025) và bảng chuyển đổi cũ → mới"
)
REFORM_DAY = datetime.date(2025, 7, 1)
PROVINCE_MERGER = LegalAct(number="202/2025/QH15", date=datetime.date(2025, 6, 12), verified=True)
# The resolution that arranged each province's communes, where it is confirmed (reform-2025.md §1); the
# package does not carry them and the others stay empty until an administrator records them.
COMMUNE_RESOLUTIONS = {
    "38": LegalAct(number="1686/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), verified=True),
}

KINDS = {
    "Tỉnh": Kind.PROVINCE,
    "Thành phố trực thuộc trung ương": Kind.CENTRAL_CITY,
    "Huyện": Kind.RURAL_DISTRICT,
    "Quận": Kind.URBAN_DISTRICT,
    "Thị xã": Kind.TOWN,
    "Thành phố": Kind.PROVINCIAL_CITY,
    "Xã": Kind.COMMUNE,
    "Phường": Kind.WARD,
    "Thị trấn": Kind.TOWNSHIP,
    "Đặc khu": Kind.SPECIAL_ZONE,
}


@dataclass
class LoadReport:
    created: int = 0
    matched: int = 0
    changes: int = 0
    current: int = 0
    scope: str = ""
    catalogue: UnitCatalogue | None = None
    notes: list[str] = field(default_factory=list)


def load(
    *,
    province: str | None = None,
    only: set[str] | None = None,
    clauses: dict[str, str] | None = None,
    source: Source | None = None,
    user=None,
):
    """Load one province (by its current name) or, with `province=None`, the whole country.

    `only` narrows a load to some current communes (their keys, "phuongnamsamson") and their
    predecessors: the seed loads the two that the seed commune and its neighbour merged into; `clauses`
    cites the clause of the province's resolution that made some of them ({"phuongnamsamson": "khoản 135"}).
    """
    source = source or Source.installed()
    source.check()
    scope = province or "toàn quốc"
    if only:
        scope += ": " + ", ".join(sorted(only))
    report = LoadReport(scope=scope)
    mapping = source.mapping()
    # All or nothing, the whole country included (about two minutes); the area summary follows once, at the end.
    with transaction.atomic(), records_changed.batch():
        for new_key in source.province_keys(province):
            _load_province(source, mapping, new_key, only, clauses or {}, report, user)
    return report


def _load_province(source, mapping, new_key, only, clauses, report, user):
    old_keys = mapping["DICT_PROVINCE"][new_key]
    current_rows = [row for row in source.rows("admin_units", [new_key]) if not only or row["wardKey"] in only]
    predecessors_of = _predecessor_keys(mapping, new_key)
    wanted_old = {key for row in current_rows for key in predecessors_of[row["wardKey"]]}
    legacy_rows = [row for row in source.rows("admin_units_legacy", old_keys) if _legacy_key(row) in wanted_old]
    catalogue = _catalogue(source, report)
    divided = set(mapping["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {}))
    loader = _ProvinceLoader(catalogue=catalogue, report=report, user=user, divided=divided, clauses=clauses)
    old_units = loader.old_units(legacy_rows)
    new_province = loader.province_after(current_rows[0] if current_rows else None, old_units, old_keys)
    if new_province is None:
        return
    for row in current_rows:
        keys = predecessors_of[row["wardKey"]]
        loader.commune_after(row, new_province, keys, [old_units[key] for key in keys])
    loader.end_districts()
    catalogue.units_created, catalogue.units_matched = report.created, report.matched
    catalogue.save(update_fields=["units_created", "units_matched"])


def _catalogue(source, report) -> UnitCatalogue:
    catalogue, _created = UnitCatalogue.objects.update_or_create(
        package=PACKAGE,
        version=source.version,
        scope=report.scope,
        defaults={"legal_basis": LEGAL_BASIS, "licence": LICENCE},
    )
    report.catalogue = catalogue
    return catalogue


def _predecessor_keys(mapping, new_province_key) -> dict[str, list[str]]:
    """New commune key → the keys ("tinhthanhhoa_huyenquangxuong_xaquanggiao") of the units it came from."""
    keys = defaultdict(list)
    for new_ward, old in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_province_key, {}).items():
        keys[new_ward].extend(old)
    for old, parts in mapping["DICT_PROVINCE_WARD_DIVIDED"].get(new_province_key, {}).items():
        for part in parts:
            keys[part["newWardKey"]].append(old)
    return keys


def _legacy_key(row) -> str:
    return f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"


def _decimal(value, places: int):
    return None if value is None else Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


BEFORE_REFORM = REFORM_DAY - datetime.timedelta(days=1)


@dataclass
class _ProvinceLoader:
    catalogue: UnitCatalogue
    report: LoadReport
    user: object = None
    divided: set = field(default_factory=set)
    clauses: dict = field(default_factory=dict)
    _created: list = field(default_factory=list)
    _cache: dict = field(default_factory=dict)

    # Before the reform: provinces, districts, communes (created, or matched and completed).
    def old_units(self, rows) -> dict[str, AdministrativeUnit]:
        units = {}
        for row in rows:
            province = self._old(
                Level.PROVINCE,
                row["provinceShort"],
                row["provinceCode"],
                None,
                _province_kind(row["province"]),
                row.get("provinceLat"),
                row.get("provinceLon"),
            )
            district = self._old(
                Level.DISTRICT,
                row["districtShort"],
                row["districtCode"],
                province,
                KINDS[row["districtType"]],
                row.get("districtLat"),
                row.get("districtLon"),
            )
            key = _legacy_key(row)
            units[f"{row['provinceKey']}"] = province
            if row["wardKey"] is None:
                units[key] = district  # an island district without communes became a special zone
                continue
            units[key] = self._old(
                Level.COMMUNE,
                row["wardShort"],
                row["wardCode"],
                district,
                KINDS[row["wardType"]],
                row["wardLat"],
                row["wardLon"],
            )
        audit_record_many(
            user=self.user,
            instances=self._created,
            action=AuditEntry.Action.CREATE,
            commune_id_of=lambda unit: unit.pk if unit.level == Level.COMMUNE else None,
        )
        self._created = []
        return units

    def _old(self, level, name, code, parent, kind, lat, lon) -> AdministrativeUnit:
        cache_key = (level, code, name, parent.pk if parent else None)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        unit = _match(level=level, code=code, name=name, parent=parent, on=BEFORE_REFORM)
        if unit is None:
            unit = _create(
                level=level, name=name, code=code, parent=parent, kind=kind, lat=lat, lon=lon, catalogue=self.catalogue
            )
            self._created.append(unit)
            self.report.created += 1
        else:
            _complete(unit, code=code, kind=kind, lat=lat, lon=lon, catalogue=self.catalogue, user=self.user)
            self.report.matched += 1
        self._cache[cache_key] = unit
        return unit

    # The reform.
    def province_after(self, row, old_units, old_keys) -> AdministrativeUnit | None:
        if row is None:
            return None
        olds = [old_units[key] for key in old_keys if key in old_units]
        if len(olds) == 1 and olds[0].code == row["provinceCode"] and olds[0].name == row["provinceShort"]:
            return olds[0]  # a province the reform kept (Thanh Hóa)
        existing = _begun_with_reform(Level.PROVINCE, row["provinceCode"])
        if existing is not None:
            self.report.matched += 1
            return existing
        return self._merge_into_new(
            olds,
            PROVINCE_MERGER,
            level=Level.PROVINCE,
            name=row["provinceShort"],
            parent=None,
            kind=_province_kind(row["province"]),
            code=row["provinceCode"],
            latitude=_decimal(row.get("provinceLat"), 6),
            longitude=_decimal(row.get("provinceLon"), 6),
        )

    def end_districts(self):
        districts = [unit.pk for (level, *_rest), unit in self._cache.items() if level == Level.DISTRICT]
        for district in AdministrativeUnit.objects.filter(pk__in=districts, is_demo=False):
            if district.dissolved_on is None:
                unit_end(
                    unit=district,
                    on=REFORM_DAY,
                    note=_("Chính quyền địa phương hai cấp: bỏ cấp huyện."),
                    user=self.user,
                )

    def commune_after(self, row, province, predecessor_keys, predecessors):
        code, name, kind = row["wardCode"], row["wardShort"], KINDS[row["wardType"]]
        centroid = {
            "latitude": _decimal(row["wardLat"], 6),
            "longitude": _decimal(row["wardLon"], 6),
            "area_km2": _decimal(row.get("wardAreaKm2"), 2),
        }
        self.report.current += 1
        existing = _begun_with_reform(Level.COMMUNE, code)
        if existing is not None:
            self.report.matched += 1
            return existing
        act = replace(COMMUNE_RESOLUTIONS.get(province.code, LegalAct()), clause=self.clauses.get(row["wardKey"], ""))
        whole = predecessors[0] if len(predecessors) == 1 and predecessor_keys[0] not in self.divided else None
        if whole is not None and whole.code == code and whole.level == Level.COMMUNE:
            if whole.parent_id == province.pk:
                self.report.matched += 1
                return whole  # carried on by an earlier load
            self.report.changes += 1
            return self._carry_on(whole, province, name, kind, centroid, act)
        return self._merge_into_new(
            predecessors, act, level=Level.COMMUNE, name=name, parent=province, kind=kind, code=code, **centroid
        )

    def _carry_on(self, unit, province, name, kind, centroid, act):
        """A commune the reform kept whole, with its code: the same unit, moved under the province."""
        unit.parent, unit.name = province, name
        self._apply(ChangeKind.MOVE, [unit], [unit], act)
        AdministrativeUnit.objects.filter(pk=unit.pk).update(kind=kind, catalogue=self.catalogue, **centroid)
        return unit

    def _merge_into_new(self, predecessors, act, **successor) -> AdministrativeUnit:
        """A merge of the reform into a unit it created (`successor`: the `NewUnit` fields but the catalogue)."""
        self.report.changes += 1
        self.report.created += 1
        change = self._apply(ChangeKind.MERGE, predecessors, [NewUnit(catalogue=self.catalogue, **successor)], act)
        return change.successors.get()

    def _apply(self, kind, predecessors, successors, act):
        """A change of the reform's day, recorded as this catalogue's and the loading user's."""
        return unit_change_apply(
            kind=kind,
            effective_on=REFORM_DAY,
            predecessors=predecessors,
            successors=successors,
            act=act,
            catalogue=self.catalogue,
            user=self.user,
        )


def _province_kind(full_name: str) -> str:
    return Kind.CENTRAL_CITY if full_name.startswith("Thành phố") else Kind.PROVINCE


def _match(*, level, code, name, parent, on) -> AdministrativeUnit | None:
    """A real unit of `level` holding `code` on `on`; else one of that name under `parent` without a code."""
    units = AdministrativeUnit.objects.filter(level=level, is_demo=False)
    by_code = units.filter(code=code).in_force_on(on).first() if code else None
    if by_code is not None:
        return by_code
    return units.filter(parent=parent, name=name, code="").in_force_on(on).first()


def _begun_with_reform(level, code) -> AdministrativeUnit | None:
    """The unit a previous load created for the reform (in force from 1 July 2025 with this code)."""
    return AdministrativeUnit.objects.filter(level=level, code=code, valid_from=REFORM_DAY, is_demo=False).first()


def _create(*, level, name, code, parent, kind, lat, lon, catalogue) -> AdministrativeUnit:
    unit = AdministrativeUnit(
        level=level,
        name=name,
        code=code or "",
        parent=parent,
        kind=kind,
        latitude=_decimal(lat, 6),
        longitude=_decimal(lon, 6),
        catalogue=catalogue,
    )
    try:
        unit.full_clean(exclude=["path"])
    except ValidationError as error:
        raise CatalogueError(
            _("Không nạp được %(name)s (mã %(code)s): %(errors)s")
            % {"name": unit.full_name, "code": code, "errors": "; ".join(error.messages)}
        ) from error
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def _complete(unit, *, code, kind, lat, lon, catalogue, user=None):
    """Fill what the catalogue knows and the existing unit lacks; never overwrite what someone entered."""
    updates = {} if unit.catalogue_id else {"catalogue": catalogue}
    if not unit.code and code:
        updates["code"] = code
    if not unit.kind:
        updates["kind"] = kind
    if unit.latitude is None and lat is not None:
        updates["latitude"], updates["longitude"] = _decimal(lat, 6), _decimal(lon, 6)
    if not updates:
        return
    before = snapshot(unit)
    for name, value in updates.items():
        setattr(unit, name, value)
    unit.save(update_fields=list(updates))
    audit_record(user=user, instance=unit, action=AuditEntry.Action.UPDATE, before=before)
