from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.periods import default_year, parse_year
from ops.media import serve_protected
from units.models import AdministrativeUnit, Level
from units.scoping import can_appraise, can_edit, get_editable_or_403, get_visible_or_404, require_edit

from . import review, services
from .evaluation import evaluate, evaluate_many, history_for, results_for
from .forms import (
    AssessmentCreateForm,
    EvidenceForm,
    IndicatorAppraisalForm,
    IndicatorCommentForm,
    IndicatorValueForm,
    OcopProductForm,
    TransitionForm,
)
from .models import (
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    Evidence,
    Indicator,
    IndicatorComment,
    IndicatorValue,
    OcopProduct,
    ProgrammePeriod,
    Recognition,
    SetLevel,
    TransitionAction,
    UnitCommuneGroup,
)
from .presentation import criterion_groups, history_tables, indicator_sides, recorded_text, side_by_side


@require_safe
def set_list(request):
    """The sets by programme period (newest period first), each period with its legal basis."""
    sets = CriteriaSet.objects.select_related("period", "province").annotate(
        criteria_count=Count("criteria", distinct=True), indicator_count=Count("criteria__indicators", distinct=True)
    )
    periods = ProgrammePeriod.objects.prefetch_related("acts").order_by("-first_year")
    context = {"periods": [(period, [s for s in sets if s.period_id == period.pk]) for period in periods]}
    context["unplaced"] = [criteria_set for criteria_set in sets if criteria_set.period_id is None]
    return render(request, "criteria/set_list.html", context)


@require_safe
def set_detail(request, pk):
    criteria_set = get_object_or_404(CriteriaSet.objects.select_related("period", "province"), pk=pk)
    indicators = Indicator.objects.prefetch_related("year_targets")
    criteria = criteria_set.criteria.prefetch_related(Prefetch("indicators", queryset=indicators))
    return render(request, "criteria/set_detail.html", {"criteria_set": criteria_set, "criteria": criteria})


ASSESSED_LEVELS = (Level.COMMUNE, Level.VILLAGE)


@require_safe
def unit_assessments(request, unit_id):
    units = AdministrativeUnit.objects.filter(level__in=ASSESSED_LEVELS).select_related("parent")
    unit = get_visible_or_404(units, request.user, pk=unit_id)
    assessments = Assessment.objects.filter(unit=unit).select_related("unit", "criteria_set").order_by("-year")
    context = {
        "unit": unit,
        "results": evaluate_many(assessments),
        "can_edit": can_edit(request.user, unit),
        "form": AssessmentCreateForm(unit=unit),
        "ocop_count": unit.ocop_products.count() if unit.level == Level.COMMUNE else None,
        "commune_groups": UnitCommuneGroup.objects.for_unit(unit).select_related("period"),
    }
    return render(request, "criteria/unit_assessments.html", context)


@require_POST
def assessment_create(request, unit_id):
    unit = get_visible_or_404(AdministrativeUnit.objects.filter(level__in=ASSESSED_LEVELS), request.user, pk=unit_id)
    require_edit(request.user, unit)
    form = AssessmentCreateForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            assessment = services.assessment_create(user=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("criteria:assessment", assessment.pk)
    else:
        messages.error(
            request, _("Dữ liệu chưa hợp lệ, chưa có gì được lưu: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect("criteria:unit", unit.pk)


def _assessment(request, pk):
    queryset = Assessment.objects.select_related("unit__parent", "criteria_set")
    return get_visible_or_404(queryset, request.user, pk=pk)


# The query string of the assessment page after a refused submission: its list of missing values shown open.
MISSING_OPEN = "missing=open"


@require_safe
def assessment_detail(request, pk):
    """The summary table (self-assessment beside the appraisal), the state, its history and the user's buttons."""
    assessment = _assessment(request, pk)
    result = evaluate(assessment)
    history = list(assessment.transitions.select_related("by"))
    actions = review.actions_for(request.user, assessment)
    submits = any(transition.target == AssessmentStatus.SUBMITTED for transition in actions)
    context = {
        "assessment": assessment,
        "result": result,
        "groups": criterion_groups(side_by_side(result)),
        "can_edit": review.may_enter(request.user, assessment),
        "history": history,
        "last_step": history[-1] if history else None,
        "actions": [_button(assessment, transition) for transition in actions],
        "missing": review.missing_values(assessment) if submits else [],
        "missing_open": request.GET.get("missing") == "open",
        "may_recognise": assessment.status == AssessmentStatus.APPROVED and can_appraise(request.user, assessment.unit),
        "for_office": can_appraise(request.user, assessment.unit),
        "changes": _changes(assessment, history),
        # The office's remarks are read on the entry pages; the summary points to them (one query).
        "commented": set(IndicatorComment.objects.filter(assessment=assessment).values_list("indicator_id", flat=True)),
    }
    return render(request, "criteria/assessment_detail.html", context)


def _button(assessment, transition) -> dict:
    form = TransitionForm(initial={"seen_status": assessment.status})
    label = TransitionAction(transition.action).label
    return {"action": transition.action, "label": label, "needs_reason": transition.needs_reason, "form": form}


def _changes(assessment, history) -> list[dict]:
    """What changed since the last approval, as text for both sides (nothing to ask before any approval)."""
    if not any(step.action == TransitionAction.APPROVE for step in history):
        return []
    return [
        {
            "indicator": change.indicator,
            "approved": recorded_text(change.indicator, change.approved),
            "now": recorded_text(change.indicator, change.now),
        }
        for change in review.changes_since_approval(assessment)
    ]


@require_safe
def assessment_group(request, pk, group):
    """The entry page of one criterion group: every indicator's row, each saved on its own; locked outside
    draft/returned, with the office's appraisal and comments beside each indicator."""
    assessment = _assessment(request, pk)
    groups = criterion_groups(side_by_side(evaluate(assessment)))
    if not 1 <= group <= len(groups):
        raise Http404
    current = groups[group - 1]
    rows = entry_rows(
        request.user, assessment, [side for criterion in current.criteria for side in criterion.indicators]
    )
    context = {"assessment": assessment, "groups": groups, "group": current, "number": group, "rows": rows}
    context["can_edit"] = review.may_enter(request.user, assessment)
    context["last_step"] = assessment.transitions.select_related("by").order_by("-at", "-pk").first()
    context["for_office"] = can_appraise(request.user, assessment.unit)
    return render(request, "criteria/assessment_group.html", context)


def entry_rows(user, assessment, sides, **forms) -> list[dict]:
    """The rows of the entry page for `sides` (presentation.IndicatorSides): what the user may do on each
    (enter, comment, appraise), the office's comments; `forms` replaces a row's blank form (one row, on error)."""
    may = {
        "enter": review.may_enter(user, assessment),
        "comment": review.may_comment(user, assessment),
        "appraise": review.may_appraise(user, assessment),
    }
    comments = defaultdict(list)
    indicators = [side.indicator.pk for side in sides]
    for comment in IndicatorComment.objects.filter(assessment=assessment, indicator__in=indicators).select_related(
        "author"
    ):
        comments[comment.indicator_id].append(comment)
    return [_row(side, may, comments[side.indicator.pk], **forms) for side in sides]


def _row(side, may, comments, *, form=None, evidence_form=None, appraisal_form=None, comment_form=None):
    indicator, row = side.indicator, {"item": side.own, "side": side, "comments": comments}
    if may["enter"]:
        row["form"] = form or IndicatorValueForm(
            indicator=indicator, initial=IndicatorValueForm.initial_from(side.own.value)
        )
        row["evidence_form"] = evidence_form or EvidenceForm()
    if may["appraise"]:
        initial = IndicatorAppraisalForm.initial_from(side.record)
        row["appraisal_form"] = appraisal_form or IndicatorAppraisalForm(indicator=indicator, initial=initial)
    if may["comment"]:
        row["comment_form"] = comment_form or IndicatorCommentForm(prefix=f"c{indicator.pk}")
    return row


def render_row(request, assessment, indicator, *, saved="", refused="", **forms):
    """One indicator's row, re-evaluated after a save (htmx swaps it in place); `saved` names what was saved,
    `refused` says why nothing was. A form given back with errors that the row no longer offers (the state
    changed since the page was shown) brings its errors into `refused`, so that the refusal is seen."""
    side = indicator_sides(evaluate(assessment))[indicator.pk]
    [row] = entry_rows(request.user, assessment, [side], **forms)
    dropped = [form for name, form in forms.items() if form is not None and row.get(name) is not form]
    refused = " ".join([refused, *(error for form in dropped for error in form.non_field_errors())]).strip()
    context = {"assessment": assessment, "row": row, "saved": saved, "refused": refused}
    return render(request, "criteria/_indicator_row.html", context)


def refuse_locked(request, assessment, indicator_id):
    """A locked assessment (submitted, under appraisal, approved) refuses every change of values: 403; for htmx,
    which shows no 403, the row again, read-only, saying why (a page shown before the state changed). None while
    the values are open for entry."""
    if review.may_enter(request.user, assessment):
        return None
    refusal = _("Bản tự đánh giá đang ở trạng thái “%(status)s”: không sửa được số liệu. Chưa lưu gì.") % {
        "status": assessment.get_status_display()
    }
    if request.htmx:
        return render_row(request, assessment, indicator_of(assessment, indicator_id), refused=refusal)
    raise PermissionDenied(refusal)


def indicator_of(assessment, indicator_id):
    indicators = Indicator.objects.select_related("criterion").prefetch_related("year_targets")
    return get_object_or_404(indicators, pk=indicator_id, criterion__criteria_set_id=assessment.criteria_set_id)


def back_to_group(assessment, indicator):
    criteria = assessment.criteria_set.criteria.all()
    keys = [group.key for group in criterion_groups(criteria)]
    key = indicator.criterion.group or indicator.criterion.number
    return redirect("criteria:group", assessment.pk, keys.index(key) + 1 if key in keys else 1)


@require_POST
def indicator_save(request, pk, indicator_id):
    assessment = get_editable_or_403(Assessment.objects.select_related("unit", "criteria_set"), request.user, pk=pk)
    if refused := refuse_locked(request, assessment, indicator_id):
        return refused
    indicator = indicator_of(assessment, indicator_id)
    form = IndicatorValueForm(request.POST, indicator=indicator)
    if form.is_valid():
        try:
            services.indicator_value_save(
                user=request.user, assessment=assessment, indicator=indicator, **form.service_fields()
            )
        except ValidationError as error:
            attach_errors(form, error)
    if request.htmx:
        return render_row(
            request, assessment, indicator, form=form if form.errors else None, saved="" if form.errors else "value"
        )
    if form.errors:
        message = _("Chỉ tiêu %(code)s chưa được lưu: %(errors)s")
        messages.error(request, message % {"code": indicator.code, "errors": form.errors.as_text()})
    else:
        messages.success(request, _("Đã lưu chỉ tiêu %(code)s.") % {"code": indicator.code})
    return back_to_group(assessment, indicator)


def attach_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _value_for_edit(request, value_id):
    queryset = IndicatorValue.objects.select_related("assessment__unit", "assessment__criteria_set", "indicator")
    value = get_visible_or_404(queryset, request.user, pk=value_id)
    require_edit(request.user, value.assessment.unit)
    return value


@require_POST
def evidence_upload(request, value_id):
    value = _value_for_edit(request, value_id)
    if refused := refuse_locked(request, value.assessment, value.indicator_id):
        return refused
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(user=request.user, value=value, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
    if not request.htmx:
        if form.errors:
            messages.error(request, form.errors.as_text())
        return back_to_group(value.assessment, value.indicator)
    indicator = indicator_of(value.assessment, value.indicator_id)
    return render_row(request, value.assessment, indicator, evidence_form=form if form.errors else None)


@require_POST
def evidence_delete(request, pk):
    evidence = get_visible_or_404(
        Evidence.objects.select_related("value__assessment__unit", "value__indicator"), request.user, pk=pk
    )
    require_edit(request.user, evidence.value.assessment.unit)
    value = evidence.value
    if refused := refuse_locked(request, value.assessment, value.indicator_id):
        return refused
    services.evidence_delete(user=request.user, evidence=evidence)
    if not request.htmx:
        return back_to_group(value.assessment, value.indicator)
    indicator = indicator_of(value.assessment, value.indicator_id)
    return render_row(request, value.assessment, indicator)


@require_safe
def evidence_download(request, pk):
    evidence = get_visible_or_404(Evidence.objects, request.user, pk=pk)
    return serve_protected(request, evidence.file)


@require_safe
def recognition_scan(request, pk):
    """The scanned recognition decision, to those who may see the unit (outsiders 404)."""
    recognition = get_visible_or_404(Recognition.objects, request.user, pk=pk)
    return serve_protected(request, recognition.scan)


@require_safe
def unit_history(request, unit_id):
    unit = get_visible_or_404(AdministrativeUnit.objects, request.user, pk=unit_id)
    level = request.GET.get("level") or ""
    if level not in SetLevel.values:
        level = ""
    results = history_for(unit, level=level or None)
    context = {"unit": unit, "results": results, "levels": SetLevel.choices, "level": level}
    context["tables"] = history_tables(results)
    return render(request, "criteria/unit_history.html", context)


@require_safe
def village_progress(request, unit_id):
    commune = get_visible_or_404(AdministrativeUnit.objects.communes(), request.user, pk=unit_id)
    villages = list(commune.children.filter(level=Level.VILLAGE).order_by("name"))
    years = Assessment.objects.filter(unit__in=villages).values_list("year", flat=True).order_by("-year")
    year = parse_year(request.GET.get("year")) or default_year(years, timezone.localdate())
    results = results_for(villages, year, level=SetLevel.THON_NTM_KIEU_MAU) if year else {}
    rows = [{"village": village, "results": results.get(village.pk, [])} for village in villages]
    context = {"commune": commune, "rows": rows, "year": year, "can_edit": can_edit(request.user, commune)}
    return render(request, "criteria/village_progress.html", context)


@require_safe
def ocop_list(request, unit_id):
    commune = get_visible_or_404(AdministrativeUnit.objects.communes(), request.user, pk=unit_id)
    products = OcopProduct.objects.filter(commune=commune)
    context = {"commune": commune, "products": products, "can_edit": can_edit(request.user, commune)}
    return render(request, "criteria/ocop_list.html", context)


def ocop_edit(request, unit_id, pk=None):
    commune = get_visible_or_404(AdministrativeUnit.objects.communes(), request.user, pk=unit_id)
    require_edit(request.user, commune)
    product = get_editable_or_403(OcopProduct.objects.filter(commune=commune), request.user, pk=pk) if pk else None
    form = OcopProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            services.ocop_product_save(user=request.user, commune=commune, product=product, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã lưu sản phẩm OCOP."))
            return redirect("criteria:ocop", commune.pk)
    return render(request, "criteria/ocop_form.html", {"commune": commune, "form": form, "product": product})


@require_POST
def ocop_delete(request, unit_id, pk):
    product = get_editable_or_403(
        OcopProduct.objects.select_related("commune"), request.user, pk=pk, commune_id=unit_id
    )
    services.ocop_product_delete(user=request.user, product=product)
    messages.success(request, _("Đã xóa sản phẩm OCOP."))
    return redirect("criteria:ocop", unit_id)
