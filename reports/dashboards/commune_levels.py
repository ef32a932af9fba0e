"""The commune dashboard's level cards: the criteria met at each level the commune works toward, the decision
recognising it there, and its villages' "kiểu mẫu" results (`commune.build_commune_dashboard` reads them here).

Each assessment stays its unit's across a merge (docs/adr/0095): verdicts are never added up.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from criteria.evaluation import evaluate_many, latest_per_level
from criteria.models import Assessment, Recognition, SetLevel, SetScope, Verdict, level_order
from criteria.results import AssessmentResult

from .common import LEVEL_RANK


@dataclass
class LevelStatus:
    """Criteria met at one level the commune works toward, from its latest assessment up to the year.

    The count is the appraisal's wherever the office appraised the assessment (`AssessmentResult.counted`,
    docs/adr/0018), the self-assessment's otherwise; `result.counted_by` says which; `own_met_count`: the commune's."""

    level: str
    result: AssessmentResult
    recognition: Recognition | None = None  # the decision recognising the unit at this level, held in the year

    @property
    def label(self) -> str:
        return SetLevel(self.level).label

    @property
    def year(self) -> int:
        return self.result.year

    @property
    def appraised(self) -> bool:
        return self.result.appraisal is not None

    @property
    def met_count(self) -> int:
        return self.result.counted.met_count

    @property
    def own_met_count(self) -> int:
        return self.result.met_count

    @property
    def total(self) -> int:
        return self.result.total

    @property
    def level_reached(self) -> bool:
        return self.result.counted.level_reached

    @property
    def not_assessed_count(self) -> int:
        return sum(1 for criterion in self.result.counted.criteria if criterion.verdict == Verdict.NOT_ASSESSED)


def levels_of(commune, villages, year, forerunners):
    """Commune levels, village "kiểu mẫu" results and each predecessor's levels up to `year` (a year before the
    commune began): six queries for them all. Each assessment stays its unit's: verdicts are never added."""
    own = Q(unit__path__startswith=commune.path) & (
        Q(unit=commune, criteria_set__scope=SetScope.COMMUNE) | Q(criteria_set__level=SetLevel.THON_NTM_KIEU_MAU)
    )
    if forerunners:
        own |= Q(unit__in=forerunners, criteria_set__scope=SetScope.COMMUNE)
    assessments = Assessment.objects.filter(own, year__lte=year).select_related("unit", "criteria_set")
    results = evaluate_many(latest_per_level(assessments))
    by_unit = defaultdict(list)
    for result in results:
        by_unit[result.unit.pk].append(LevelStatus(result.criteria_set.level, result))
    for statuses in by_unit.values():
        statuses.sort(key=lambda status: LEVEL_RANK[status.level])
    village_ids = {village.pk for village in villages}
    village_results = {result.unit.pk: result for result in results if result.unit.pk in village_ids}
    part_levels = {unit.pk: by_unit.get(unit.pk, []) for unit in forerunners}
    return by_unit.get(commune.pk, []), village_results, part_levels


def recognitions_held(units, year: int) -> list[Recognition]:
    """The recognitions each unit holds on 31 December of the year (its own only, docs/adr/0016), lowest level first;
    one query."""
    return sorted(Recognition.objects.filter(unit__in=units).as_of(year), key=level_order)
