"""The office closes the loop: after approving a year, it records the recognition decision (docs/adr/0016)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import CleanTextMixin, date_field
from units.models import Level
from units.scoping import get_visible_or_404, require_appraise

from .models import Assessment, AssessmentStatus
from .recognitions import recognition_record
from .validators import scan_content_type


class RecognitionDecisionForm(CleanTextMixin, forms.Form):
    decision_number = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=60)
    decision_date = date_field(gettext_lazy("Ngày quyết định"))
    decision_issuer = forms.CharField(label=gettext_lazy("Cơ quan, người ký"), max_length=200)
    scan = forms.FileField(label=gettext_lazy("Bản chụp quyết định (PDF hoặc ảnh)"), required=False)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            scan_content_type(scan)
        return scan


def _province_of(unit):
    while unit is not None and unit.level != Level.PROVINCE:
        unit = unit.parent
    return unit


def recognition_create(request, pk):
    """The decision recognising the assessment's unit at its set's level; only once the year is approved."""
    assessment = get_visible_or_404(
        Assessment.objects.select_related("unit__parent", "criteria_set"), request.user, pk=pk
    )
    require_appraise(request.user, assessment.unit)
    if assessment.status != AssessmentStatus.APPROVED:
        messages.error(request, _("Chỉ ghi quyết định công nhận sau khi đã phê duyệt kết quả tự đánh giá của năm."))
        return redirect("criteria:assessment", assessment.pk)
    province = _province_of(assessment.unit)
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
