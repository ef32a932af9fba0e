from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ReadOnlyAdminMixin
from units.models import AdministrativeUnit, Membership, UnitCatalogue, UnitChange, UnitHistory

from .forms import AdministrativeUnitForm, UnitChangeApplyForm
from .services import membership_assign
from .unit_changes import LegalAct, unit_change_act_update


class UnitHistoryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = UnitHistory
    fk_name = "unit"
    extra = 0
    fields = ["name", "parent", "valid_until", "note"]
    readonly_fields = fields


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    form = AdministrativeUnitForm
    list_display = ["name", "level", "kind", "code", "parent", "valid_from", "dissolved_on", "is_demo"]
    list_filter = ["level", "kind", "is_demo", ("dissolved_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    inlines = [UnitHistoryInline]
    readonly_fields = ["absorbed_units", "catalogue"]

    def get_readonly_fields(self, request, obj=None):
        # A unit keeps its level; another level is another unit (a merge or split makes it).
        return [*self.readonly_fields, "level"] if obj else self.readonly_fields

    @admin.display(description=_("Đơn vị đã sáp nhập vào (đọc được dữ liệu cũ)"))
    def absorbed_units(self, obj):
        paths = obj.absorbed_paths.split() if obj else []
        units = AdministrativeUnit.objects.filter(path__in=paths).order_by("name")
        return format_html_join(", ", "{}", ((unit.full_name,) for unit in units)) or "—"

    def save_model(self, request, obj, form, change):
        """Through the services (checked by the form first), so paths, name history and audit stay right."""
        saved = form.apply(user=request.user)
        obj.pk, obj.path = saved.pk, saved.path

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the history inline is read-only: nothing to save, but the change log reads it
            formset.save()


@admin.register(UnitChange)
class UnitChangeAdmin(admin.ModelAdmin):
    """Merges and splits are added through `unit_change_apply`; afterwards only the legal act may be corrected."""

    list_display = ["effective_on", "kind", "legal_act_display", "predecessor_names", "successor_names"]
    list_filter = ["kind", "legal_verified"]
    date_hierarchy = "effective_on"
    search_fields = ["legal_number", "predecessors__name", "successors__name"]
    fields = [
        "kind",
        "effective_on",
        "predecessor_names",
        "successor_names",
        "legal_number",
        "legal_date",
        "legal_clause",
        "legal_verified",
        "note",
        "catalogue",
    ]
    readonly_fields = ["kind", "effective_on", "predecessor_names", "successor_names", "catalogue"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("predecessors", "successors")

    def has_delete_permission(self, request, obj=None):
        return False  # a change is undone by another change, never erased

    @admin.display(description=_("Văn bản"), ordering="legal_number")
    def legal_act_display(self, obj):
        verified = "" if obj.legal_verified else f" ({_('chưa đối chiếu')})"
        return f"{obj.legal_act}{verified}" if obj.legal_act else "—"

    @admin.display(description=_("Đơn vị trước sắp xếp"))
    def predecessor_names(self, obj):
        return ", ".join(unit.full_name for unit in obj.predecessors.all())

    @admin.display(description=_("Đơn vị sau sắp xếp"))
    def successor_names(self, obj):
        return ", ".join(unit.full_name for unit in obj.successors.all())

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UnitChangeApplyForm(request.POST or None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            try:
                change = form.apply(user=request.user)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                self.message_user(
                    request, _("Đã ghi và áp dụng sắp xếp: %(change)s.") % {"change": change}, messages.SUCCESS
                )
                return redirect("admin:units_unitchange_change", change.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Ghi một lần sáp nhập hoặc chia tách"),
            "media": self.media + form.media,
        }
        return render(request, "ops/admin_unit_change_apply.html", context)

    def save_model(self, request, obj, form, change):
        """Only the legal act and the note change after the fact (a number checked against the original)."""
        data = form.cleaned_data
        act = LegalAct(
            number=data["legal_number"],
            date=data["legal_date"],
            clause=data["legal_clause"],
            verified=data["legal_verified"],
        )
        unit_change_act_update(change=obj, act=act, note=data["note"], user=request.user)

    def save_related(self, request, form, formsets, change):
        pass  # predecessors and successors are fixed once the change is applied


@admin.register(UnitCatalogue)
class UnitCatalogueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by `manage.py load_units` only: the record of where the unit list came from."""

    list_display = ["package", "version", "scope", "legal_basis", "loaded_at", "units_created", "units_matched"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def save_model(self, request, obj, form, change):
        membership_assign(user=obj.user, unit=obj.unit, role=obj.role, title=obj.title, by=request.user)
