"""The assessment's gap page: the indicators falling short, with the commune's works linked to each.

Where the office appraised the assessment, the gaps and the count are the appraisal's, with the self-assessment
beside them (docs/adr/0018).

It lives in reports because it joins criteria and projects (`reports.gaps`); it keeps its path under
/criteria/ and its name `criteria:gaps` (ntm_portal/urls.py adds it to the criteria routes).
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from criteria.evaluation import evaluate
from criteria.models import Assessment, Verdict
from criteria.presentation import criterion_groups
from projects.models import Work
from units.scoping import get_visible_or_404

from .gaps import gaps_with_works


@require_safe
def assessment_gaps(request, pk):
    assessment = get_visible_or_404(
        Assessment.objects.select_related("unit__parent", "criteria_set"), request.user, pk=pk
    )
    result = evaluate(assessment)
    works = Work.objects.filter(commune=assessment.unit).only("pk", "name").order_by("name")
    context = {
        "assessment": assessment,
        "result": result,
        "gap_rows": gaps_with_works([result], list(works)),
        "not_assessed": [item for item in result.counted.indicators if item.verdict == Verdict.NOT_ASSESSED],
        "groups": criterion_groups(result.criteria),
    }
    return render(request, "reports/assessment_gaps.html", context)
