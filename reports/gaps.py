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

from criteria.evaluation import AssessmentResult, Gap, IndicatorResult
from projects.models import Work


@dataclass
class GapWithWorks:
    result: AssessmentResult  # the assessment the gap belongs to
    gap: Gap  # of the counted result: the appraisal's where one exists, else the self-assessment's
    works: list = field(default_factory=list)  # items of the `works` given, in their order

    @property
    def own(self) -> IndicatorResult:
        """The commune's own result of the indicator (its self-assessment)."""
        return _own_item(self.result, self.gap.indicator.pk)

    @property
    def appraised(self) -> IndicatorResult | None:
        """The office's result of the indicator, where the assessment has an appraisal."""
        return self.gap.result if self.result.appraisal else None

    @property
    def appraisal_note(self) -> str:
        record = self.result.appraisal_records.get(self.gap.indicator.pk)
        return record.note if record else ""


def _own_item(result: AssessmentResult, indicator_id: int) -> IndicatorResult:
    return next(item for item in result.indicators if item.indicator.pk == indicator_id)


def gaps_with_works(results: Sequence[AssessmentResult], works: Sequence) -> list[GapWithWorks]:
    """Every gap of `results` (by the appraisal where one exists), in order, with the works among `works` linked to
    its criterion number.

    `works` are already loaded objects with a `pk` (Work rows, or a page's own work items); one query
    reads their links to the gaps' criteria, none when nothing falls short or no work is given.
    """
    pairs = [(result, gap) for result in results for gap in result.counted.gaps]
    numbers = {gap.criterion.number for _result, gap in pairs}
    by_pk = {work.pk: work for work in works}
    linked = defaultdict(set)
    if numbers and by_pk:
        links = Work.criteria.through.objects.filter(work_id__in=list(by_pk), criterion__number__in=numbers)
        for number, work_id in links.values_list("criterion__number", "work_id").distinct():
            linked[number].add(work_id)
    return [
        GapWithWorks(result, gap, [work for work in works if work.pk in linked[gap.criterion.number]])
        for result, gap in pairs
    ]
