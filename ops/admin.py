from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit, Membership, UnitHistory

from .services import membership_assign, unit_change, unit_create


class UnitHistoryInline(admin.TabularInline):
    model = UnitHistory
    fk_name = "unit"
    extra = 0
    fields = ["name", "parent", "valid_until", "note"]
    readonly_fields = ["name", "parent", "valid_until"]


class AdministrativeUnitForm(forms.ModelForm):
    effective_from = forms.DateField(
        label=_("Tên/cấp trên mới có hiệu lực từ ngày"),
        required=False,
        help_text=_("Bắt buộc khi đổi tên hoặc đơn vị cấp trên: báo cáo các năm trước vẫn dùng tên cũ."),
    )
    change_note = forms.CharField(label=_("Căn cứ thay đổi"), required=False, max_length=300)

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "name", "code", "parent", "region", "zone", "dissolved_on", "is_demo"]

    def clean(self):
        cleaned = super().clean()
        renamed = self.instance.pk and {"name", "parent"} & set(self.changed_data)
        if renamed and not cleaned.get("effective_from"):
            self.add_error("effective_from", _("Nhập ngày thay đổi có hiệu lực."))
        return cleaned


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    form = AdministrativeUnitForm
    list_display = ["name", "level", "code", "parent", "region", "dissolved_on", "is_demo"]
    list_filter = ["level", "is_demo"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    inlines = [UnitHistoryInline]

    def save_model(self, request, obj, form, change):
        """Through the services, so the tree's paths, the name history and the audit trail stay right."""
        data = form.cleaned_data
        extra = {key: data[key] for key in ("code", "region", "zone", "dissolved_on", "is_demo")}
        if not change:
            created = unit_create(level=obj.level, name=obj.name, parent=obj.parent, user=request.user, **extra)
            obj.pk, obj.path = created.pk, created.path
            return
        if {"name", "parent"} & set(form.changed_data):
            original = AdministrativeUnit.objects.get(pk=obj.pk)
            for key, value in extra.items():
                setattr(original, key, value)
            unit_change(
                unit=original,
                effective=data["effective_from"],
                name=data["name"],
                parent=data["parent"],
                note=data["change_note"],
                user=request.user,
            )
            return
        super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def save_model(self, request, obj, form, change):
        membership_assign(user=obj.user, unit=obj.unit, role=obj.role, title=obj.title, by=request.user)
