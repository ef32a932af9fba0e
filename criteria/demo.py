"""Demonstration self-assessments: each commune and its villages, with invented values (ops/demo.py)."""

from decimal import Decimal

from ops.demo import BATCH, NOTE, DemoCommune, DemoUnavailable

from .evaluation import target_for
from .models import Assessment, Comparator, CriteriaSet, Indicator, IndicatorUnit, IndicatorValue, OcopProduct

SETS = {"commune": ("QD32-2022-TH", "QD33-2022-TH"), "village": ("TH-THON-KM",)}


class Demo:
    models = (Assessment, IndicatorValue)

    def __init__(self, years: range):
        codes = [code for codes in SETS.values() for code in codes]
        self.sets = {criteria_set.code: criteria_set for criteria_set in CriteriaSet.objects.filter(code__in=codes)}
        if len(self.sets) < len(codes):
            raise DemoUnavailable("Chưa có bộ tiêu chí: chạy `manage.py seed_portal` trước.")
        self.indicators = {
            code: list(Indicator.objects.filter(criterion__criteria_set=criteria_set).prefetch_related("year_targets"))
            for code, criteria_set in self.sets.items()
        }
        self.first_year = years[0]

    def add(self, commune: DemoCommune) -> dict[str, int]:
        strength = commune.rng.uniform(0.75, 1.1)  # how close this commune is to its targets
        assessments = [
            Assessment(unit=commune.unit, year=year, criteria_set=self.sets[code], note=NOTE)
            for year in commune.years
            for code in SETS["commune"]
        ] + [
            Assessment(unit=village, year=year, criteria_set=self.sets[code], note=NOTE)
            for year in commune.years[-1:]
            for village in commune.villages
            for code in SETS["village"]
        ]
        Assessment.objects.bulk_create(assessments, batch_size=BATCH)
        values = [
            value
            for assessment in assessments
            for value in self._values(commune, assessment, strength + 0.03 * (assessment.year - self.first_year))
        ]
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
        return {"assessments": len(assessments), "values": len(values)}

    def _values(self, commune: DemoCommune, assessment, strength: float):
        rng = commune.rng
        for indicator in self.indicators[assessment.criteria_set.code]:
            value = IndicatorValue(assessment=assessment, indicator=indicator, source=NOTE)
            if indicator.unit == IndicatorUnit.TEXT or rng.random() < 0.05:
                continue  # a few indicators stay without data, as in real self-assessments
            if indicator.comparator == Comparator.YES:
                value.value_bool = rng.random() < 0.55 + 0.4 * (strength - 0.75) / 0.35
            else:
                target = target_for(indicator, assessment.year).value
                base = Decimal(target) if target is not None else Decimal(rng.randint(20, 90))
                factor = Decimal(str(round(rng.uniform(0.8, 1.05) * strength, 3)))
                if indicator.comparator == Comparator.LTE:
                    factor = 2 - factor
                figure = (base * factor).quantize(Decimal("0.01"))
                if indicator.unit == IndicatorUnit.PERCENT:
                    figure = min(figure, Decimal(100))
                value.value_number = max(figure, Decimal(0))
            yield value


def delete(unit_ids: list[int]):
    Assessment.objects.filter(unit__in=unit_ids).delete()
    OcopProduct.objects.filter(commune__in=unit_ids).delete()
