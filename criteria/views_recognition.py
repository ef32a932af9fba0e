"""The office closes the loop: after approving a year, it records the recognition decision (docs/adr/0016)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from units.scoping import get_visible_or_404, require_appraise

from .forms import RecognitionDecisionForm
from .models import Assessment, AssessmentStatus
from .recognitions import recognition_record


def recognition_create(request, pk):
    """The decision recognising the assessment's unit at its set's level; only once the year is approved."""
    assessment = get_visible_or_404(
        Assessment.objects.select_related("unit__parent", "criteria_set"), request.user, pk=pk
    )
    require_appraise(request.user, assessment.unit)
    if assessment.status != AssessmentStatus.APPROVED:
        messages.error(request, _("Chỉ ghi quyết định công nhận sau khi đã phê duyệt kết quả tự đánh giá của năm."))
        return redirect("criteria:assessment", assessment.pk)
    province = assessment.unit.province
    initial = {
        "decision_issuer": _("Chủ tịch UBND %(province)s") % {"province": province.full_name} if province else ""
    }
    form = RecognitionDecisionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recognition_record(
                user=request.user,
                unit=assessment.unit,
                level=assessment.criteria_set.level,
                verified=True,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã ghi quyết định công nhận %(unit)s.") % {"unit": assessment.unit.full_name})
            return redirect("criteria:assessment", assessment.pk)
    return render(request, "criteria/recognition_form.html", {"assessment": assessment, "form": form})
