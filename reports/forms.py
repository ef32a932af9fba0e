"""Forms of the plan document: metadata, recipients and narrative on one page; issuing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin
from core.periods import year_field

from .models import PlanDocument, SectionKey
from .services import METADATA_FIELDS


class DocumentEditForm(CleanTextMixin, forms.ModelForm):
    """Metadata fields of the model, then "Nơi nhận" (one per line), then one text area per narrative section."""

    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi nơi nhận một dòng, ví dụ “VPĐP NTM huyện Quảng Xương;”. Dòng “Lưu: VT.” được thêm tự động."),
    )

    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PlanDocument
        fields = METADATA_FIELDS
        widgets = {"issuing_body": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sections = {section.key: section.text for section in self.instance.sections.all()}
        for key, label in SectionKey.choices:
            self.fields[f"section_{key}"] = forms.CharField(
                label=label,
                required=False,
                initial=sections.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Mỗi dòng là một đoạn; dòng bắt đầu bằng “- ” là một gạch đầu dòng."),
            )
        self.fields["recipients"].initial = "\n".join(r.text for r in self.instance.recipients.all())
        self.fields["loaded_at"].initial = self.instance.updated_at.isoformat() if self.instance.pk else ""
        self.fields["issued_on"].widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
        self.fields["issued_on"].help_text = _("Ngày ký, dạng dd/mm/yyyy, ví dụ 09/04/2024.")
        for field in self.fields.values():
            checkbox = isinstance(field.widget, forms.CheckboxInput)
            field.widget.attrs.setdefault("class", "form-check-input" if checkbox else "form-control")

    @property
    def metadata_fields(self):
        return [self[name] for name in METADATA_FIELDS]

    @property
    def section_fields(self):
        return [self[f"section_{key}"] for key in SectionKey.values]

    def metadata(self) -> dict:
        return {name: self.cleaned_data[name] for name in METADATA_FIELDS}

    def section_texts(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"section_{key}"] for key in SectionKey.values}

    def recipient_lines(self) -> list[str]:
        return self.cleaned_data["recipients"].splitlines()


class DocumentCreateForm(forms.Form):
    year = year_field(_("Lập kế hoạch năm mới (chép nội dung từ năm trước)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["class"] = "form-control"


class IssueForm(CleanTextMixin, forms.Form):
    note = forms.CharField(
        label=_("Ghi chú phát hành"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    acknowledge = forms.BooleanField(
        label=_("Tôi đã xem các cảnh báo số liệu ở trên và vẫn phát hành"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
