"""Gaps with their linked works: the indicators an assessment falls short on, each with the works that
advance its criterion. One composer for the commune dashboard and the assessment's gap page.

It sits in `reports`, above both apps it joins: `criteria` says what falls short
(`AssessmentResult.gaps`), `projects` says which works are linked to which criterion (`Work.criteria`).
A work is linked to the criteria of the standard commune sets; a gap is matched to it by criterion number,
so a work linked to criterion 2 of one set version also serves criterion 2 of another.

Where the office appraised the assessment, the gaps are the appraisal's (`AssessmentResult.counted`, the result
the counts use, docs/adr/0018), each with the commune's own result of the indicator beside the office's.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from criteria.presentation import IndicatorSides, indicator_sides
from criteria.results import AssessmentResult, Gap, IndicatorResult
from projects.models import Work


@dataclass
class GapWithWorks:
    result: AssessmentResult  # the assessment the gap belongs to
    gap: Gap  # of the counted result: the appraisal's where one exists, else the self-assessment's
    side: IndicatorSides  # the indicator's self-assessment beside its appraisal (criteria.presentation)
    works: list = field(default_factory=list)  # items of the `works` given, in their order

    @property
    def own(self) -> IndicatorResult:
        """The commune's own result of the indicator (its self-assessment)."""
        return self.side.own

    @property
    def appraised(self) -> IndicatorResult | None:
        """The office's result of the indicator, where the assessment has an appraisal."""
        return self.side.appraised

    @property
    def appraisal_note(self) -> str:
        return self.side.note


def gaps_with_works(results: Sequence[AssessmentResult], works: Sequence) -> list[GapWithWorks]:
    """Every gap of `results` (by the appraisal where one exists), in order, with the works among `works` linked to
    its criterion number.

    `works` are already loaded objects with a `pk` (Work rows, or a page's own work items); one query
    reads their links to the gaps' criteria, none when nothing falls short or no work is given.
    """
    found = []  # (result, gap, the gap's indicator side by side)
    for result in results:
        sides = indicator_sides(result)
        found += [(result, gap, sides[gap.indicator.pk]) for gap in result.counted.gaps]
    numbers = {gap.criterion.number for _result, gap, _side in found}
    by_pk = {work.pk: work for work in works}
    linked = defaultdict(set)
    if numbers and by_pk:
        links = Work.criteria.through.objects.filter(work_id__in=list(by_pk), criterion__number__in=numbers)
        for number, work_id in links.values_list("criterion__number", "work_id").distinct():
            linked[number].add(work_id)
    return [
        GapWithWorks(result, gap, side, [work for work in works if work.pk in linked[gap.criterion.number]])
        for result, gap, side in found
    ]
