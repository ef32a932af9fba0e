from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, MoneyField
from core.money import Money
from core.periods import year_field
from projects.models import Work

from .models import FundingSource, MoneyLine

QUARTER_ERRORS = {
    "min_value": _("Quý phải từ 1 đến 4."),
    "max_value": _("Quý phải từ 1 đến 4."),
    "invalid": _("Quý phải là một số từ 1 đến 4."),
}


class MoneyLineForm(CleanTextMixin, forms.ModelForm):
    """One money line of the commune given by the view; the work must be one of that commune's works."""

    amount = MoneyField(label=_("Số tiền"))
    year = year_field(_("Năm"))
    quarter = forms.IntegerField(
        label=_("Quý"),
        required=False,
        min_value=1,
        max_value=4,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages=QUARTER_ERRORS,
    )

    class Meta:
        model = MoneyLine
        fields = ["year", "source", "stage", "quarter", "work", "labour_days", "land_m2", "note"]
        error_messages = {"work": {"invalid_choice": _("Công trình không thuộc xã này hoặc không tồn tại.")}}

    field_order = ["year", "source", "stage", "amount", "quarter", "work", "labour_days", "land_m2", "note"]

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.fields["source"].queryset = FundingSource.objects.filter(is_active=True) | FundingSource.objects.filter(
            pk=self.instance.source_id or 0
        )
        self.fields["work"].queryset = Work.objects.filter(commune=commune).order_by("code")
        self.fields["work"].empty_label = _("— Không gắn với công trình (số tổng của nguồn) —")
        if self.instance.pk:
            self.initial["amount"] = Money(self.instance.amount, self.instance.amount_qualifier)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["labour_days"].widget.attrs["inputmode"] = "numeric"
        self.fields["land_m2"].widget.attrs["inputmode"] = "decimal"

    def clean(self):
        cleaned = super().clean()
        money = cleaned.get("amount")
        if isinstance(money, Money):
            self.instance.amount, self.instance.amount_qualifier = money.amount, money.qualifier
        return cleaned

    def service_fields(self) -> dict:
        """The cleaned values as the services take them (amount split into amount and qualifier)."""
        data = {name: self.cleaned_data.get(name) for name in self.field_order}
        money = data.pop("amount")
        return {**data, "amount": money.amount, "amount_qualifier": money.qualifier}
