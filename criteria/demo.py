"""Demonstration self-assessments: each commune and its villages, with invented values (ops/demo.py).

The set of each assessment is chosen by the one rule (`criteria.in_force.choose_set`), as if the demonstration
communes were communes of Thanh Hóa in the Bắc Trung Bộ region, the place of the sets the seed ships. For a
period whose thresholds differ by commune group (2026–2030) each demonstration commune gets an invented group,
recorded like a real one (its note says it is invented) so that its pages tell the same story.
"""

from decimal import Decimal

from ops.bulk import Ids, copy_rows
from ops.demo import NOTE, DemoCommune, DemoUnavailable
from units.models import AdministrativeUnit, Level

from .evaluation import target_for
from .in_force import NoSetInForce, Place, choose_set
from .models import (
    Assessment,
    CommuneGroup,
    Comparator,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    OcopProduct,
    ProgrammePeriod,
    SetBasis,
    SetLevel,
    SetScope,
    UnitCommuneGroup,
)

LEVELS = {
    SetScope.COMMUNE: (SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO),
    SetScope.VILLAGE: (SetLevel.THON_NTM_KIEU_MAU,),
}
VALUE = ["assessment_id", "indicator_id", "value_number", "value_bool", "source"]
PROVINCE_CODE, REGION = "38", "BTB"  # Thanh Hóa, Bắc Trung Bộ: where the shipped sets apply


class Demo:
    models = (UnitCommuneGroup, Assessment, IndicatorValue)

    def __init__(self, years: range):
        province = AdministrativeUnit.objects.filter(level=Level.PROVINCE, code=PROVINCE_CODE).first()
        periods = {year: ProgrammePeriod.objects.of_year(year) for year in years}
        if province is None or not all(periods.values()):
            raise DemoUnavailable(
                "Chưa có bộ tiêu chí hoặc giai đoạn chương trình: chạy `manage.py seed_portal` trước."
            )
        self.province_id = province.pk
        self.periods = periods
        self.first_year = years[0]
        self.sets: dict[tuple, object] = {}  # (year, scope, level, group) → the set in force, or None
        self.indicators: dict[int, list[Indicator]] = {}
        self.targets: dict[tuple, Decimal | None] = {}  # (indicator id, year) → its target
        self.ids = Ids(Assessment)
        self.groups: list[UnitCommuneGroup] = []
        self.assessments: list[tuple] = []
        self.values: list[tuple] = []

    def _set(self, year: int, scope: str, level: str, group: UnitCommuneGroup | None):
        key = (year, scope, level, group.group if group else "")
        if key not in self.sets:
            place = Place(name="", scope=scope, province_id=self.province_id, region=REGION, group=group)
            try:
                criteria_set = choose_set(period=self.periods[year], place=place, year=year, level=level)
            except NoSetInForce:
                criteria_set = None  # e.g. no village set or no "nâng cao" set in 2026–2030: nothing to assess
            self.sets[key] = criteria_set
            if criteria_set is not None and criteria_set.pk not in self.indicators:
                self.indicators[criteria_set.pk] = list(
                    Indicator.objects.filter(criterion__criteria_set=criteria_set).prefetch_related("year_targets")
                )
        return self.sets[key]

    def _groups(self, commune: DemoCommune) -> dict[int, UnitCommuneGroup]:
        """Period id → the commune's invented group, for the periods whose thresholds differ by group."""
        by_group = {period for period in self.periods.values() if period.set_basis == SetBasis.COMMUNE_GROUP}
        groups = [
            UnitCommuneGroup(unit=commune.unit, period=period, group=commune.rng.choice(CommuneGroup.values), note=NOTE)
            for period in sorted(by_group, key=lambda period: period.first_year)
        ]
        self.groups += groups
        return {group.period_id: group for group in groups}

    def add(self, commune: DemoCommune) -> dict[str, int]:
        strength = commune.rng.uniform(0.75, 1.1)  # how close this commune is to its targets
        groups = self._groups(commune)
        assessments = []
        for year in commune.years:
            group = groups.get(self.periods[year].pk)
            units = [(commune.unit, SetScope.COMMUNE)]
            if year == commune.years[-1]:
                units += [(village, SetScope.VILLAGE) for village in commune.villages]
            for unit, scope in units:
                for level in LEVELS[scope]:
                    criteria_set = self._set(year, scope, level, group)
                    if criteria_set is not None:
                        assessments.append((self.ids.take(), unit.pk, year, criteria_set.pk, NOTE))
        values = [
            value
            for assessment in assessments
            for value in self._values(commune, assessment, strength + 0.03 * (assessment[2] - self.first_year))
        ]
        self.assessments += assessments
        self.values += values
        return {"commune groups": len(groups), "assessments": len(assessments), "values": len(values)}

    def write(self) -> None:
        UnitCommuneGroup.objects.bulk_create(self.groups)
        copy_rows(Assessment, ["id", "unit_id", "year", "criteria_set_id", "note"], self.assessments)
        copy_rows(IndicatorValue, VALUE, self.values)
        self.groups, self.assessments, self.values = [], [], []

    def _values(self, commune: DemoCommune, assessment: tuple, strength: float):
        """(assessment id, indicator id, number, yes/no, source) of the values of one assessment."""
        rng = commune.rng
        assessment_id, _unit, year, set_id, _note = assessment
        for indicator in self.indicators[set_id]:
            if indicator.unit == IndicatorUnit.TEXT or rng.random() < 0.05:
                continue  # a few indicators stay without data, as in real self-assessments
            if indicator.comparator == Comparator.YES:
                yield assessment_id, indicator.pk, None, rng.random() < 0.55 + 0.4 * (strength - 0.75) / 0.35, NOTE
                continue
            target = self._target(indicator, year)
            base = Decimal(target) if target is not None else Decimal(rng.randint(20, 90))
            factor = Decimal(str(round(rng.uniform(0.8, 1.05) * strength, 3)))
            if indicator.comparator == Comparator.LTE:
                factor = 2 - factor
            figure = (base * factor).quantize(Decimal("0.01"))
            if indicator.unit == IndicatorUnit.PERCENT:
                figure = min(figure, Decimal(100))
            yield assessment_id, indicator.pk, max(figure, Decimal(0)), None, NOTE

    def _target(self, indicator: Indicator, year: int) -> Decimal | None:
        key = (indicator.pk, year)
        if key not in self.targets:
            self.targets[key] = target_for(indicator, year).value
        return self.targets[key]


def delete(unit_ids: list[int]):
    Assessment.objects.filter(unit__in=unit_ids).delete()
    OcopProduct.objects.filter(commune__in=unit_ids).delete()
    UnitCommuneGroup.objects.filter(unit__in=unit_ids).delete()
