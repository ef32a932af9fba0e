"""The loop's pages: the buttons of the assessment page (one view per transition), the office's comment and
appraisal on each indicator of the entry pages. Fetched through units.scoping (outsiders 404); a role that may
not take the step gets 403; a step the state does not allow is refused with a message (criteria.review)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.scoping import get_visible_or_404, require_appraise

from . import review
from .forms import IndicatorAppraisalForm, IndicatorCommentForm, TransitionForm
from .models import Assessment, TransitionAction
from .views import MISSING_OPEN, attach_errors, back_to_group, indicator_of, render_row


def _assessment(request, pk):
    return get_visible_or_404(Assessment.objects.select_related("unit", "criteria_set"), request.user, pk=pk)


@require_POST
def assessment_transition(request, pk, action):
    """Submit, resubmit, take up, return, approve or reopen; a second click finds the state changed (PRG)."""
    assessment = _assessment(request, pk)
    if not review.may(request.user, assessment, action):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([message for messages_ in form.errors.values() for message in messages_])
        review.assessment_transition(
            user=request.user,
            assessment=assessment,
            action=action,
            reason=form.cleaned_data["reason"],
            seen_status=form.cleaned_data["seen_status"] or None,
        )
    except ValidationError as error:
        # A refused submission's lines are the indicators missing: the page lists them under its buttons, open.
        head, *missing = error.messages
        messages.error(request, f"{head} {_('Xem danh sách bên dưới.')}" if missing else head)
        if missing:
            return redirect(f"{reverse('criteria:assessment', args=[assessment.pk])}?{MISSING_OPEN}#missing")
    else:
        label = TransitionAction(action).label
        messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": label})
    return redirect("criteria:assessment", assessment.pk)


@require_POST
def indicator_comment(request, pk, indicator_id):
    """The office's remark on one indicator, while the assessment is in its hands."""
    assessment = _assessment(request, pk)
    require_appraise(request.user, assessment.unit)
    indicator = indicator_of(assessment, indicator_id)
    form = IndicatorCommentForm(request.POST, prefix=f"c{indicator.pk}")
    if form.is_valid():
        try:
            review.indicator_comment_add(
                user=request.user, assessment=assessment, indicator=indicator, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            attach_errors(form, error)
    return _answer(request, assessment, indicator, form, "comment", _("Đã ghi ý kiến về chỉ tiêu %(code)s."))


@require_POST
def indicator_appraisal(request, pk, indicator_id):
    """The office's figure, verdict and note for one indicator, while under appraisal."""
    assessment = _assessment(request, pk)
    require_appraise(request.user, assessment.unit)
    indicator = indicator_of(assessment, indicator_id)
    form = IndicatorAppraisalForm(request.POST, indicator=indicator)
    if form.is_valid():
        try:
            review.indicator_appraisal_save(
                user=request.user, assessment=assessment, indicator=indicator, **form.service_fields()
            )
        except ValidationError as error:
            attach_errors(form, error)
    message = _("Đã lưu kết quả thẩm định chỉ tiêu %(code)s.")
    return _answer(request, assessment, indicator, form, "appraisal", message)


def _answer(request, assessment, indicator, form, part, success):
    """The row again for htmx (with the form's errors, if any); otherwise a message and back to the group page."""
    if request.htmx:
        forms = {f"{part}_form": form} if form.errors else {}
        return render_row(request, assessment, indicator, saved="" if form.errors else part, **forms)
    if form.errors:
        message = _("Chỉ tiêu %(code)s: chưa lưu gì. %(errors)s")
        messages.error(request, message % {"code": indicator.code, "errors": form.errors.as_text()})
    else:
        messages.success(request, success % {"code": indicator.code})
    return back_to_group(assessment, indicator)
