import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, date_field
from core.numbers import parse_vn_decimal
from core.periods import year_field

from .models import IndicatorAppraisal, IndicatorUnit, IndicatorValue, OcopProduct, SetScope, levels_for
from .validators import evidence_content_type, scan_content_type


class VnDecimalField(forms.CharField):
    """A number as officials type it: "60,16" or "60.16", "58", "1.250,5" (the rule is core.numbers)."""

    default_error_messages = {"invalid": _("Không đọc được số “%(value)s”. Ví dụ hợp lệ: 58; 60,16.")}

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}  # a phone opens its number keyboard

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_vn_decimal(value)
        except ValueError as error:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from error


class VnCountField(forms.CharField):
    """A count of households or people: "1.250" or "1250"; never negative."""

    default_error_messages = {"invalid": _("“%(value)s” không phải là một số nguyên không âm.")}

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric"}

    def to_python(self, value):
        value = super().to_python(value).replace(" ", "")
        if value in self.empty_values:
            return None
        if value.startswith("-"):
            raise forms.ValidationError(_("Số lượng không được âm."), code="negative")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", value) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})
        return int(value.replace(".", ""))


BOOL_CHOICES = [("", _("— chưa đánh giá —")), ("yes", _("Đạt")), ("no", _("Chưa đạt"))]


class IndicatorValueForm(CleanTextMixin, forms.Form):
    """One indicator's row on the entry page; which value fields appear depends on the indicator's unit."""

    value_number = VnDecimalField(label=_("Giá trị"), required=False)
    value_bool = forms.ChoiceField(label=_("Kết quả"), choices=BOOL_CHOICES, required=False)
    value_text = forms.CharField(label=_("Kết quả (mô tả)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    numerator = VnCountField(label=_("Số đạt"), required=False)
    denominator = VnCountField(label=_("Tổng số"), required=False)
    as_of = forms.DateField(
        label=_("Tính đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=300, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_verdict = forms.ChoiceField(
        label=_("Điều chỉnh kết luận"),
        choices=[("", _("— theo tính toán —")), *IndicatorValue.OVERRIDE_CHOICES],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Lý do điều chỉnh"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, indicator, **kwargs):
        kwargs.setdefault("prefix", f"i{indicator.pk}")
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        for name in self.unused_fields():
            del self.fields[name]

    def unused_fields(self) -> list[str]:
        unit = self.indicator.unit
        if unit == IndicatorUnit.BOOLEAN:
            return ["value_number", "numerator", "denominator"]
        if unit == IndicatorUnit.PERCENT:
            return ["value_bool"]
        if unit == IndicatorUnit.TEXT:
            return ["value_number", "value_bool", "numerator", "denominator"]
        return ["value_bool", "numerator", "denominator"]

    EXTRA = ("value_text", "note", "override_verdict", "override_reason")

    def main_fields(self):
        return [self[name] for name in self.fields if name not in self.EXTRA]

    def extra_fields(self):
        return [self[name] for name in self.fields if name in self.EXTRA]

    def extra_in_use(self) -> bool:
        """Open the "more" section when it holds something or an error."""
        return any(self[name].value() or self[name].errors for name in self.fields if name in self.EXTRA)

    @classmethod
    def initial_from(cls, value: IndicatorValue | None) -> dict:
        if value is None:
            return {}
        bool_text = {True: "yes", False: "no", None: ""}[value.value_bool]
        number = f"{value.value_number.normalize():f}".replace(".", ",") if value.value_number is not None else ""
        return {
            "value_number": number,
            "value_bool": bool_text,
            "value_text": value.value_text,
            "numerator": value.numerator,
            "denominator": value.denominator,
            "as_of": value.as_of,
            "source": value.source,
            "note": value.note,
            "override_verdict": value.override_verdict,
            "override_reason": value.override_reason,
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("override_verdict") and not cleaned.get("override_reason"):
            self.add_error("override_reason", _("Điều chỉnh kết luận thủ công phải ghi rõ lý do."))
        return cleaned

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "value_number": data.get("value_number"),
            "value_bool": {"yes": True, "no": False}.get(data.get("value_bool") or ""),
            "value_text": data.get("value_text", ""),
            "numerator": data.get("numerator"),
            "denominator": data.get("denominator"),
        }
        for name in ("as_of", "source", "note", "override_verdict", "override_reason"):
            fields[name] = data.get(name)
        fields["source"] = fields["source"] or ""
        fields["note"] = fields["note"] or ""
        fields["override_verdict"] = fields["override_verdict"] or ""
        fields["override_reason"] = fields["override_reason"] or ""
        return fields


class IndicatorAppraisalForm(IndicatorValueForm):
    """The office's figure for one indicator: the entry row's value fields and rules (Vietnamese numbers,
    counts never negative), its verdict and note; the model's clean() then applies the value's own rules."""

    verdict = forms.ChoiceField(
        label=_("Kết luận thẩm định"),
        choices=[("", _("— theo số liệu —")), *IndicatorAppraisal.VERDICT_CHOICES],
        required=False,
    )
    note = forms.CharField(label=_("Ghi chú thẩm định"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    NOT_APPRAISED = ("value_text", "as_of", "source", "override_verdict", "override_reason")
    EXTRA = ("note",)

    def __init__(self, *args, indicator, **kwargs):
        kwargs.setdefault("prefix", f"a{indicator.pk}")
        super().__init__(*args, indicator=indicator, **kwargs)

    def unused_fields(self) -> list[str]:
        return [*super().unused_fields(), *self.NOT_APPRAISED]

    @classmethod
    def initial_from(cls, appraisal: IndicatorAppraisal | None) -> dict:
        if appraisal is None:
            return {}
        initial = super().initial_from(appraisal.as_value())
        return {name: initial[name] for name in IndicatorAppraisal.VALUE_FIELDS} | {
            "verdict": appraisal.verdict,
            "note": appraisal.note,
        }

    def service_fields(self) -> dict:
        fields = super().service_fields()
        figures = {name: fields[name] for name in IndicatorAppraisal.VALUE_FIELDS}
        return figures | {"verdict": self.cleaned_data.get("verdict") or "", "note": fields["note"]}


class IndicatorCommentForm(CleanTextMixin, forms.Form):
    text = forms.CharField(
        label=_("Ý kiến của Văn phòng điều phối"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Nhập nội dung ý kiến.")},
    )


class TransitionForm(CleanTextMixin, forms.Form):
    """A button of the assessment page: the state the person saw (a double click then does nothing) and,
    for a return or a reopening, the reason (required there by criteria.review)."""

    seen_status = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (PDF hoặc ảnh)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        evidence_content_type(upload)
        return upload


class AssessmentCreateForm(CleanTextMixin, forms.Form):
    """The year and the level; the set is the one in force for the unit then (criteria.in_force)."""

    year = year_field(_("Năm đánh giá"))
    level = forms.ChoiceField(
        label=_("Mức đánh giá"),
        choices=(),
        help_text=_("Bộ tiêu chí được chọn theo giai đoạn của năm, mức đánh giá và nhóm xã (hoặc vùng) của đơn vị."),
    )

    def __init__(self, *args, unit, **kwargs):
        kwargs.setdefault("initial", {"year": date.today().year})
        super().__init__(*args, **kwargs)
        scope = SetScope.VILLAGE if unit.level == "village" else SetScope.COMMUNE
        self.fields["level"].choices = levels_for(scope)


class OcopProductForm(CleanTextMixin, forms.ModelForm):
    # The model's check constraints would answer in English ("Constraint … is violated"): say it here first.
    stars = forms.IntegerField(
        label=_("Số sao"),
        min_value=1,
        max_value=5,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": _("Số sao phải từ 1 đến 5."), "max_value": _("Số sao phải từ 1 đến 5.")},
    )
    year_recognised = year_field(_("Năm được công nhận"), range_message=_("Năm được công nhận phải từ 2000 đến 2100."))

    class Meta:
        model = OcopProduct
        fields = ["name", "group", "stars", "year_recognised", "note"]


class RecognitionDecisionForm(CleanTextMixin, forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = date_field(_("Ngày quyết định"))
    decision_issuer = forms.CharField(label=_("Cơ quan, người ký"), max_length=200)
    scan = forms.FileField(label=_("Bản chụp quyết định (PDF hoặc ảnh)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            scan_content_type(scan)
        return scan
