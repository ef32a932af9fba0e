from operator import attrgetter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from audit.services import audit_record, snapshot
from core.admin_mixins import ReadOnlyAdminMixin
from core.signals import records_changed
from units.models import is_administrator

from .models import (
    Assessment,
    AssessmentTransition,
    CriteriaSet,
    Criterion,
    Evidence,
    Indicator,
    IndicatorAppraisal,
    IndicatorComment,
    IndicatorValue,
    IndicatorYearTarget,
    OcopProduct,
    ProgrammeAct,
    ProgrammePeriod,
    Recognition,
    UnitCommuneGroup,
)
from .recognitions import recognition_record, recognition_revoke
from .services import commune_group_set, criteria_set_changed, criteria_set_copy
from .validators import scan_content_type


class AdministratorsAdmin(admin.ModelAdmin):
    """The portal's administrators (role "admin", see units.models.is_administrator) manage criteria here,
    without a separate set of Django model permissions to keep in step with their role."""

    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_add_permission(self, request):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)


class AuditedAdmin(AdministratorsAdmin):
    """Administrators correct thresholds here; every such change lands in the audit log, and a change to a set's
    criteria, indicators or targets recounts the assessments made with it (`criteria_set_changed`)."""

    counted_set = None  # the path from an edited object to the set whose counts it changes ("": the object itself)

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        obj.refresh_from_db()  # the values as stored (a typed "13" is kept as 13.00), so that only changes show
        action = AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE
        audit_record(user=request.user, instance=obj, action=action, before=before)
        self._recount(obj)

    def delete_model(self, request, obj):
        audit_record(user=request.user, instance=obj, action=AuditEntry.Action.DELETE)
        super().delete_model(request, obj)
        self._recount(obj)

    def _recount(self, obj):
        if self.counted_set is not None:
            criteria_set_changed(attrgetter(self.counted_set)(obj) if self.counted_set else obj)

    def save_formset(self, request, form, formset, change):
        """The inlines' rows (criteria, indicators with their thresholds, year targets) are audited too."""
        stored = formset.model._default_manager.filter(pk__in=[f.instance.pk for f in formset.initial_forms])
        before = {obj.pk: snapshot(obj) for obj in stored}
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(user=request.user, instance=obj, action=AuditEntry.Action.DELETE)
            obj.delete()
        for obj in formset.new_objects:
            obj.save()
            obj.refresh_from_db()
            audit_record(user=request.user, instance=obj, action=AuditEntry.Action.CREATE)
        for obj, _changed in formset.changed_objects:
            obj.save()
            obj.refresh_from_db()
            audit_record(user=request.user, instance=obj, action=AuditEntry.Action.UPDATE, before=before.get(obj.pk))
        formset.save_m2m()
        self._recount(form.instance)


class ReadOnlyAdmin(ReadOnlyAdminMixin, AdministratorsAdmin):
    """Assessment data is entered on the portal's pages (validated, audited services), only read here."""


class AdministratorsInline:
    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_add_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)


class CriterionInline(AdministratorsInline, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["number", "name", "group"]
    show_change_link = True


class IndicatorInline(AdministratorsInline, admin.StackedInline):
    model = Indicator
    extra = 0
    fields = [
        ("code", "sort_order", "key"),
        "content",
        ("unit", "comparator", "target_value", "verified"),
        "target_text",
        "source_note",
    ]
    show_change_link = True


class YearTargetInline(AdministratorsInline, admin.TabularInline):
    model = IndicatorYearTarget
    extra = 0


class CopyForm(forms.Form):
    code = forms.CharField(label=_("Mã bộ mới"), max_length=40)
    name = forms.CharField(label=_("Tên bộ mới"), max_length=300)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(AuditedAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "scope",
        "period",
        "commune_group",
        "region",
        "legal_number",
        "legal_verified",
        "valid_from",
        "valid_to",
        "links",
    ]
    list_filter = ["period", "level", "scope", "commune_group", "legal_verified"]
    search_fields = ["code", "name", "legal_number"]
    inlines = [CriterionInline]
    actions = ["copy_as_new_version"]
    counted_set = ""

    @admin.display(description=_("Excel"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("criteria:set_export", args=[obj.pk]),
            _("Xuất"),
            reverse("criteria:set_import", args=[obj.pk]),
            _("Nhập"),
        )

    @admin.action(description=_("Sao chép thành phiên bản mới"))
    def copy_as_new_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Chọn đúng một bộ tiêu chí để sao chép."), messages.ERROR)
            return None
        source = queryset.get()
        form = CopyForm(request.POST if "code" in request.POST else None)
        if form.is_valid():
            try:
                copy = criteria_set_copy(user=request.user, source=source, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("Đã tạo phiên bản mới."), messages.SUCCESS)
                return redirect("admin:criteria_criteriaset_change", copy.pk)
        context = {**self.admin_site.each_context(request), "form": form, "source": source, "opts": self.model._meta}
        return render(request, "criteria/admin_copy_set.html", context)


@admin.register(Criterion)
class CriterionAdmin(AuditedAdmin):
    list_display = ["__str__", "criteria_set", "group"]
    list_filter = ["criteria_set"]
    inlines = [IndicatorInline]
    counted_set = "criteria_set"


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "content", "criterion", "comparator", "target_value", "verified"]
    list_filter = ["criterion__criteria_set", "verified", "unit"]
    search_fields = ["code", "content"]
    inlines = [YearTargetInline]
    counted_set = "criterion.criteria_set"


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "criteria_set", "status", "status_changed_at"]
    list_filter = ["year", "status", "criteria_set"]


# The loop's records are written only through criteria.review (the assessment's pages); the admin reads them.
@admin.register(AssessmentTransition)
class AssessmentTransitionAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "action", "from_status", "to_status", "by", "at"]
    list_filter = ["action", "to_status"]


@admin.register(IndicatorComment)
class IndicatorCommentAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "indicator", "author", "created_at"]


@admin.register(IndicatorAppraisal)
class IndicatorAppraisalAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "indicator", "value_number", "numerator", "denominator", "verdict", "updated_by"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = [
        "assessment",
        "indicator",
        "value_number",
        "value_bool",
        "numerator",
        "denominator",
        "override_verdict",
    ]
    list_filter = ["assessment__year"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "value", "content_type", "size", "uploaded_at"]


@admin.register(OcopProduct)
class OcopProductAdmin(AuditedAdmin):
    list_display = ["name", "commune", "group", "stars", "year_recognised"]
    list_filter = ["group", "stars", "year_recognised"]


class ProgrammeActInline(AdministratorsInline, admin.TabularInline):
    model = ProgrammeAct
    extra = 0
    fields = ["position", "kind", "number", "date", "issuer", "subject", "verified"]


@admin.register(ProgrammePeriod)
class ProgrammePeriodAdmin(AuditedAdmin):
    """Periods and their legal basis; the model's `clean` refuses a period overlapping another one."""

    list_display = ["code", "name", "first_year", "last_year", "set_basis", "verified"]
    inlines = [ProgrammeActInline]


@admin.register(UnitCommuneGroup)
class UnitCommuneGroupAdmin(AdministratorsAdmin):
    """A commune's group for a period (or "không thuộc diện đánh giá NTM"), saved through the audited service.

    The unit and the period are fixed once recorded: a unit has one record per period, corrected in place."""

    list_display = ["unit", "period", "group", "not_assessed", "decision_number", "decision_date", "decision_issuer"]
    list_filter = ["period", "group", "not_assessed"]
    search_fields = ["unit__name", "decision_number"]
    raw_id_fields = ["unit"]
    fields = ["unit", "period", "group", "not_assessed", "decision_number", "decision_date", "decision_issuer", "note"]
    VALUES = ("group", "not_assessed", "decision_number", "decision_date", "decision_issuer", "note")

    def get_readonly_fields(self, request, obj=None):
        return ["unit", "period"] if obj else []

    def save_model(self, request, obj, form, change):
        record = UnitCommuneGroup.objects.get(pk=obj.pk) if change else None
        values = {name: getattr(obj, name) for name in self.VALUES}
        saved = commune_group_set(user=request.user, unit=obj.unit, period=obj.period, record=record, **values)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        audit_record(user=request.user, instance=obj, action=AuditEntry.Action.DELETE, commune=obj.unit)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("unit"):
            self.delete_model(request, obj)


RECOGNITION_FIELDS = [
    "unit",
    "level",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "recognised_year",
    "before_year",
    "scan",
    "verified",
    "note",
    "revoked_on",
    "revocation_number",
    "revocation_issuer",
    "revocation_reason",
]


class RecognitionForm(forms.ModelForm):
    class Meta:
        model = Recognition
        fields = RECOGNITION_FIELDS

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and hasattr(scan, "content_type"):  # a new upload, not the file already stored
            scan_content_type(scan)
        return scan


@admin.register(Recognition)
class RecognitionAdmin(AdministratorsAdmin):
    """Recognition decisions, saved and revoked through the audited services (docs/adr/0016).

    The unit is fixed once recorded; a revocation, once recorded, is read-only (a wrong one is an audited
    correction by a developer, not an edit)."""

    form = RecognitionForm
    list_display = ["unit", "level", "decision_number", "when_label", "decision_issuer", "revoked_on", "verified"]
    list_filter = ["level", "verified", ("revoked_on", admin.EmptyFieldListFilter)]
    search_fields = ["unit__name", "decision_number"]
    raw_id_fields = ["unit"]
    fields = RECOGNITION_FIELDS
    VALUES = (
        "level",
        "decision_number",
        "decision_date",
        "decision_issuer",
        "recognised_year",
        "before_year",
        "verified",
        "note",
    )
    REVOCATION = ("revoked_on", "revocation_number", "revocation_issuer", "revocation_reason")

    @admin.display(description=_("thời điểm công nhận"))
    def when_label(self, obj):
        return obj.when_label

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["unit", *self.REVOCATION] if obj.revoked_on else ["unit"]

    def save_model(self, request, obj, form, change):
        stored = Recognition.objects.get(pk=obj.pk) if change else None
        values = {name: getattr(obj, name) for name in self.VALUES}
        scan = form.cleaned_data.get("scan") if "scan" in form.changed_data else None
        saved = recognition_record(user=request.user, unit=obj.unit, recognition=stored, scan=scan or None, **values)
        if obj.revoked_on and not (stored and stored.revoked_on):
            recognition_revoke(
                user=request.user,
                recognition=saved,
                revoked_on=obj.revoked_on,
                reason=obj.revocation_reason,
                decision_number=obj.revocation_number,
                decision_issuer=obj.revocation_issuer,
            )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        audit_record(user=request.user, instance=obj, action=AuditEntry.Action.DELETE, commune=obj.unit)
        super().delete_model(request, obj)
        records_changed.notify(units=[obj.unit_id])

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("unit"):
            self.delete_model(request, obj)
