"""The administrator's forms on the unit tree: a unit, and a merge or split applied through `unit_change_apply`.

Each form hands its data to the services; what only a service can check (a code taken for the period, a
predecessor already ended, a change out of order) comes back as a Vietnamese form error, with nothing saved.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from units.models import AdministrativeUnit, ChangeKind, Kind, Level, UnitChange

from .services import unit_create, unit_update
from .unit_changes import LegalAct, NewUnit, unit_change_apply

# The unit fields the admin form edits in place through `unit_update` (name and parent go through a change).
EDITED_IN_PLACE = ("kind", "code", "region", "zone", "valid_from", "dissolved_on", "latitude", "longitude", "area_km2")


class _DryRun(Exception):
    """Raised inside a savepoint to roll back a trial of the services."""


def add_service_errors(form: forms.Form, error: ValidationError, fields: dict[str, str] | None = None):
    """Put a service's ValidationError on the form: on the field it names (renamed through `fields`), else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    fields = fields or {}
    for name, messages in error.message_dict.items():
        target = fields.get(name, name)
        form.add_error(target if target in form.fields else None, messages)


def refusal(call) -> ValidationError | None:
    """What the services would refuse, found by running `call()` in a savepoint that is always rolled back.

    A form asks the services themselves, so that each rule stays in one place and the admin never half-saves.
    """
    try:
        with transaction.atomic():
            call()
            raise _DryRun
    except _DryRun:
        return None
    except ValidationError as error:
        return error


class AdministrativeUnitForm(forms.ModelForm):
    effective_from = date_field(_("Tên/cấp trên mới có hiệu lực từ ngày"), required=False)
    change_note = forms.CharField(label=_("Căn cứ thay đổi"), required=False, max_length=300)
    legal_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=60)
    legal_clause = forms.CharField(label=_("Điều, khoản"), required=False, max_length=120)

    class Meta:
        model = AdministrativeUnit
        fields = [
            "level",
            "kind",
            "name",
            "code",
            "parent",
            "valid_from",
            "dissolved_on",
            "latitude",
            "longitude",
            "area_km2",
            "region",
            "zone",
            "is_demo",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].help_text = _(
            "Bắt buộc khi đổi tên hoặc đơn vị cấp trên: báo cáo các năm trước vẫn dùng tên cũ."
        )

    @property
    def renames_or_moves(self) -> bool:
        return bool(self.instance.pk and {"name", "parent"} & set(self.changed_data))

    def clean(self):
        cleaned = super().clean()
        if self.renames_or_moves and not cleaned.get("effective_from"):
            self.add_error("effective_from", _("Nhập ngày thay đổi có hiệu lực."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        error = refusal(lambda: self.apply(user=None))
        if error is not None:
            add_service_errors(self, error)

    def apply(self, *, user) -> AdministrativeUnit:
        """Create the unit, or change it: a rename or move as a recorded `UnitChange`, the rest in place."""
        data = self.cleaned_data
        in_place = {key: data[key] for key in EDITED_IN_PLACE}
        if not self.instance.pk:
            return unit_create(
                level=data["level"],
                name=data["name"],
                parent=data["parent"],
                user=user,
                is_demo=data["is_demo"],
                **in_place,
            )
        if self.renames_or_moves:
            unit = AdministrativeUnit.objects.get(pk=self.instance.pk)
            unit.name, unit.parent = data["name"], data["parent"]
            unit_change_apply(
                kind=ChangeKind.RENAME if "name" in self.changed_data else ChangeKind.MOVE,
                effective_on=data["effective_from"],
                predecessors=[unit],
                successors=[unit],
                act=LegalAct(number=data["legal_number"], clause=data["legal_clause"]),
                note=data["change_note"],
                user=user,
            )
        current = AdministrativeUnit.objects.get(pk=self.instance.pk)
        changed = {
            key: value
            for key, value in {**in_place, "is_demo": data["is_demo"]}.items()
            if getattr(current, key) != value
        }
        return unit_update(unit=current, user=user, **changed) if changed else current


class UnitChangeApplyForm(forms.Form):
    """A merge (several units → one) or a split (one unit → several), into existing units or one new unit."""

    NEW_FIELDS = {
        "name": "new_name",
        "level": "new_level",
        "kind": "new_kind",
        "code": "new_code",
        "parent": "new_parent",
    }
    NEW_FIELDS |= {"latitude": "new_latitude", "longitude": "new_longitude", "area_km2": "new_area_km2"}

    kind = forms.ChoiceField(
        label=_("Loại sắp xếp"),
        choices=[(ChangeKind.MERGE, ChangeKind.MERGE.label), (ChangeKind.SPLIT, ChangeKind.SPLIT.label)],
    )
    effective_on = date_field(_("Có hiệu lực từ ngày"))
    legal_number = forms.CharField(label=_("Số văn bản"), max_length=60, required=False)
    legal_date = date_field(_("Ngày ban hành"), required=False)
    legal_clause = forms.CharField(label=_("Điều, khoản"), max_length=120, required=False)
    legal_verified = forms.BooleanField(label=_("Đã đối chiếu văn bản gốc"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)
    predecessors = forms.ModelMultipleChoiceField(
        label=_("Đơn vị trước sắp xếp"), queryset=AdministrativeUnit.objects.all()
    )
    existing_successors = forms.ModelMultipleChoiceField(
        label=_("Đơn vị sau sắp xếp đã có"),
        queryset=AdministrativeUnit.objects.all(),
        required=False,
        help_text=_("Chọn khi đơn vị nhận là đơn vị đã có (nhập vào đơn vị khác); để trống khi lập đơn vị mới."),
    )
    new_name = forms.CharField(label=_("Tên đơn vị mới"), max_length=120, required=False)
    new_level = forms.ChoiceField(
        label=_("Cấp của đơn vị mới"),
        choices=[("", _("(cùng cấp đơn vị trước sắp xếp)")), *Level.choices],
        required=False,
        help_text=_("Ví dụ: một huyện đảo không có xã trở thành đặc khu cấp xã."),
    )
    new_kind = forms.ChoiceField(label=_("Loại đơn vị mới"), choices=[("", "---------"), *Kind.choices], required=False)
    new_code = forms.CharField(label=_("Mã đơn vị mới"), max_length=10, required=False)
    new_parent = forms.ModelChoiceField(
        label=_("Đơn vị cấp trên của đơn vị mới"), queryset=AdministrativeUnit.objects.all(), required=False
    )
    new_latitude = forms.DecimalField(label=_("Vĩ độ trung tâm"), max_digits=9, decimal_places=6, required=False)
    new_longitude = forms.DecimalField(label=_("Kinh độ trung tâm"), max_digits=9, decimal_places=6, required=False)
    new_area_km2 = forms.DecimalField(label=_("Diện tích (km²)"), max_digits=10, decimal_places=2, required=False)

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if admin_site is not None:
            for name, model, field in (
                ("predecessors", UnitChange, "predecessors"),
                ("existing_successors", UnitChange, "successors"),
                ("new_parent", AdministrativeUnit, "parent"),
            ):
                widget = AutocompleteSelectMultiple if name != "new_parent" else AutocompleteSelect
                self.fields[name].widget = widget(model._meta.get_field(field), admin_site)
                self.fields[name].widget.choices = self.fields[name].choices  # set by the field only at its creation

    SECTIONS = (
        (
            _("Sắp xếp và văn bản"),
            ("kind", "effective_on", "legal_number", "legal_date", "legal_clause", "legal_verified", "note"),
        ),
        (_("Đơn vị"), ("predecessors", "existing_successors")),
        (
            _("Đơn vị mới (khi sắp xếp lập đơn vị mới)"),
            (
                "new_name",
                "new_level",
                "new_kind",
                "new_code",
                "new_parent",
                "new_latitude",
                "new_longitude",
                "new_area_km2",
            ),
        ),
    )

    def sections(self):
        """(title, bound fields) for the template's fieldsets."""
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("existing_successors") and not cleaned.get("new_name"):
            raise ValidationError(_("Chọn đơn vị sau sắp xếp đã có hoặc nhập tên đơn vị mới."))
        return cleaned

    def apply(self, *, user) -> UnitChange:
        data = self.cleaned_data
        predecessors = list(data["predecessors"])
        successors = list(data["existing_successors"])
        if data["new_name"]:
            successors.append(
                NewUnit(
                    level=data["new_level"] or predecessors[0].level,
                    name=data["new_name"],
                    parent=data["new_parent"],
                    kind=data["new_kind"],
                    code=data["new_code"],
                    latitude=data["new_latitude"],
                    longitude=data["new_longitude"],
                    area_km2=data["new_area_km2"],
                )
            )
        act = LegalAct(
            number=data["legal_number"],
            date=data["legal_date"],
            clause=data["legal_clause"],
            verified=data["legal_verified"],
        )
        return unit_change_apply(
            kind=data["kind"],
            effective_on=data["effective_on"],
            predecessors=predecessors,
            successors=successors,
            act=act,
            note=data["note"],
            user=user,
        )

    def add_service_errors(self, error: ValidationError):
        add_service_errors(self, error, self.NEW_FIELDS)
