"""The change log's filter form."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from units.models import AdministrativeUnit, is_administrator

from .display import display_name
from .models import AuditEntry


class AuditFilterForm(forms.Form):
    """Filters of the change log; every choice is limited to what the user may see."""

    commune = forms.ModelChoiceField(label=_("Xã"), queryset=None, required=False, empty_label=_("Tất cả"))
    user = forms.ModelChoiceField(label=_("Người sửa"), queryset=None, required=False, empty_label=_("Tất cả"))
    content_type = forms.ModelChoiceField(
        label=_("Loại bản ghi"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    date_from = date_field(_("Từ ngày"), required=False)
    date_to = date_field(_("Đến ngày"), required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        visible_units = AdministrativeUnit.objects.visible_to(viewer)
        self.fields["commune"].queryset = visible_units.communes().order_by("name")
        users = get_user_model().objects.order_by("username")
        if not is_administrator(viewer):
            users = users.filter(membership__unit__in=visible_units)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = display_name
        self.fields["content_type"].queryset = ContentType.objects.filter(
            pk__in=AuditEntry.objects.visible_to(viewer).values("content_type")
        ).order_by("app_label", "model")
        self.fields["content_type"].label_from_instance = lambda content_type: str(content_type.name).capitalize()
        self.fields["action"].choices = [("", _("Tất cả")), *AuditEntry.Action.choices]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return cleaned

    def filter(self, entries):
        """Apply the filters that are valid; an invalid one is shown with its message and ignored."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        lookups = {
            "commune": "commune",
            "user": "user",
            "content_type": "content_type",
            "action": "action",
            "date_from": "at__date__gte",
            "date_to": "at__date__lte",
        }
        for name, lookup in lookups.items():
            if data.get(name):
                entries = entries.filter(**{lookup: data[name]})
        return entries
