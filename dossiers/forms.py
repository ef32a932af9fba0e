from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, date_field
from criteria.forms import VnCountField
from units.models import Level

from .models import PlaceKind


class TextsForm(CleanTextMixin, forms.Form):
    """The narrative of the generated documents; prefilled from the year's records until an official writes it."""

    request_text = forms.CharField(
        label=_("Nội dung tờ trình"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi dòng một đoạn; dòng bắt đầu bằng “- ” là một gạch đầu dòng."),
    )
    report_text = forms.CharField(
        label=_("Báo cáo – I. Kết quả thực hiện các tiêu chí"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    proposal_text = forms.CharField(
        label=_("Báo cáo – III. Kiến nghị, đề xuất"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp (PDF hoặc ảnh)"))


class PostingForm(CleanTextMixin, forms.Form):
    place = forms.ChoiceField(label=_("Nơi niêm yết"), choices=PlaceKind.choices)
    village = forms.ModelChoiceField(label=_("Thôn (nhà văn hóa)"), queryset=None, required=False)
    posted_on = date_field(_("Ngày niêm yết"))
    ended_on = date_field(_("Ngày kết thúc (nếu có)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = unit.children.filter(level=Level.VILLAGE).order_by("name")


class SurveyForm(CleanTextMixin, forms.Form):
    households_asked = VnCountField(label=_("Số hộ được lấy ý kiến"), required=False)
    households_answered = VnCountField(label=_("Số hộ trả lời"), required=False)
    households_satisfied = VnCountField(label=_("Số hộ hài lòng"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
