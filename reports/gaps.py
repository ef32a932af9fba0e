"""Gaps with their linked works: the indicators an assessment falls short on, each with the works that
advance its criterion. One composer for the commune dashboard and the assessment's gap page.

It sits in `reports`, above both apps it joins: `criteria` says what falls short
(`AssessmentResult.gaps`), `projects` says which works are linked to which criterion (`Work.criteria`).
A work is linked to the criteria of the standard commune sets; a gap is matched to it by criterion number,
so a work linked to criterion 2 of one set version also serves criterion 2 of another.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from criteria.evaluation import AssessmentResult, Gap
from projects.models import Work


@dataclass
class GapWithWorks:
    result: AssessmentResult  # the assessment the gap belongs to
    gap: Gap
    works: list = field(default_factory=list)  # items of the `works` given, in their order


def gaps_with_works(results: Sequence[AssessmentResult], works: Sequence) -> list[GapWithWorks]:
    """Every gap of `results`, in order, with the works among `works` linked to its criterion number.

    `works` are already loaded objects with a `pk` (Work rows, or a page's own work items); one query
    reads their links to the gaps' criteria, none when nothing falls short or no work is given.
    """
    pairs = [(result, gap) for result in results for gap in result.gaps]
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
