"""Forms for works, progress, tasks, the works filter and spreadsheet uploads. They validate; services write."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core.forms import CleanTextMixin, MoneyField, date_field
from core.money import Money
from core.periods import year_field
from criteria.models import Criterion
from units.models import AdministrativeUnit, Level
from units.reporting import counting_for

from .models import CRITERIA_SETS, Category, PhotoStage, TaskStatus, Work, WorkStatus

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
QUARTER_CHOICES = [("", "—"), (1, _("Quý 1")), (2, _("Quý 2")), (3, _("Quý 3")), (4, _("Quý 4"))]


def quarter_field(label, required=False):
    choices = QUARTER_CHOICES if not required else QUARTER_CHOICES[1:]
    return forms.TypedChoiceField(label=label, required=required, choices=choices, coerce=int, empty_value=None)


def validate_photo(upload):
    """An image by its content (Pillow), not by its name; at most settings.UPLOAD_MAX_BYTES."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(_("Tệp không phải là ảnh (chấp nhận JPEG, PNG, WEBP, GIF)."), code="type")
    # The stored name's extension follows the content, so the media view serves it with the right type.
    upload.name = f"anh.{IMAGE_FORMATS[kind]}"
    return upload


def criterion_choices():
    """Criteria by number, named as in the newest standard commune set of CRITERIA_SETS: a work is linked by number."""
    names = {}
    for number, name in (
        Criterion.objects.filter(**CRITERIA_SETS)
        .order_by("number", "-criteria_set__valid_from")
        .values_list("number", "name")
    ):
        names.setdefault(number, name)
    return [(number, f"{number}. {name}") for number, name in sorted(names.items())]


def criteria_for_numbers(numbers):
    return list(Criterion.objects.filter(number__in=[int(n) for n in numbers], **CRITERIA_SETS))


def apply_service_errors(form, error: ValidationError):
    """Put a service's ValidationError on the form: on the field it names, else at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class StyledMixin:
    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class WorkForm(StyledMixin, CleanTextMixin, forms.Form):
    code = forms.CharField(label=_("Mã công trình"), max_length=30)
    name = forms.CharField(label=_("Tên công trình"), max_length=300)
    village = forms.ModelChoiceField(
        label=_("Thôn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("(cả xã)")
    )
    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=Category.choices)
    criteria_numbers = forms.TypedMultipleChoiceField(
        label=_("Tiêu chí công trình góp phần"), required=False, coerce=int, choices=()
    )
    total_investment = MoneyField(label=_("Tổng mức đầu tư"), required=False)
    planned_start_year = year_field(_("Năm khởi công (kế hoạch)"))
    planned_start_quarter = quarter_field(_("Quý khởi công"))
    planned_end_year = year_field(_("Năm hoàn thành (kế hoạch)"), required=False)
    planned_end_quarter = quarter_field(_("Quý hoàn thành"))
    status = forms.ChoiceField(label=_("Tình trạng"), choices=WorkStatus.choices)
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = commune.children.filter(level=Level.VILLAGE).order_by("name")
        self.fields["criteria_numbers"].choices = criterion_choices()
        self.fields["criteria_numbers"].widget.attrs["size"] = 8
        self.style()

    @classmethod
    def initial_for(cls, work: Work) -> dict:
        return {
            "code": work.code,
            "name": work.name,
            "village": work.village_id,
            "category": work.category,
            "criteria_numbers": sorted({c.number for c in work.criteria.all()}),
            "total_investment": Money(work.total_investment, work.total_investment_qualifier)
            if work.total_investment is not None
            else "",
            "planned_start_year": work.planned_start_year,
            "planned_start_quarter": work.planned_start_quarter,
            "planned_end_year": work.planned_end_year,
            "planned_end_quarter": work.planned_end_quarter,
            "status": work.status,
            "place": work.place,
            "version": work.version,
        }

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        money = data.pop("total_investment")
        data.pop("criteria_numbers")
        data.pop("version")
        data["total_investment"] = money.amount if money else None
        data["total_investment_qualifier"] = money.qualifier if money else ""
        return data


class ProgressForm(StyledMixin, CleanTextMixin, forms.Form):
    date = date_field(_("Ngày"))
    physical_percent = forms.DecimalField(
        label=_("Khối lượng hoàn thành (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),  # "45,5": a phone opens its number keyboard
        error_messages={
            "invalid": _("Khối lượng hoàn thành phải là số, ví dụ 45 hoặc 45,5."),
            "min_value": _("Khối lượng hoàn thành phải từ 0 đến 100 %%."),
            "max_value": _("Khối lượng hoàn thành phải từ 0 đến 100 %%."),
            "required": _("Chưa nhập khối lượng hoàn thành."),
            "max_decimal_places": _("Khối lượng hoàn thành có tối đa 2 chữ số thập phân."),
        },
    )
    disbursed_cumulative = MoneyField(label=_("Giải ngân lũy kế"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi khối lượng hoặc giải ngân giảm, hay giải ngân vượt tổng mức đầu tư."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_disbursed_cumulative(self):
        money = self.cleaned_data.get("disbursed_cumulative")
        if money is not None and money.is_approximate:
            raise ValidationError(_("Giải ngân lũy kế phải là số chính xác, không ghi “gần/khoảng”."))
        return money.amount if money else None


class ProgressWithPhotosForm(ProgressForm):
    photo_before = forms.FileField(label=PhotoStage.BEFORE.label, required=False, validators=[validate_photo])
    photo_during = forms.FileField(label=PhotoStage.DURING.label, required=False, validators=[validate_photo])
    photo_after = forms.FileField(label=PhotoStage.AFTER.label, required=False, validators=[validate_photo])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("photo_before", "photo_during", "photo_after"):
            # On a phone at the work site, the camera (the server checks the content: JPEG, PNG, WEBP, GIF).
            self.fields[name].widget.attrs.update({"accept": "image/*", "capture": "environment"})

    def photos(self) -> list[tuple[str, object]]:
        stages = {"photo_before": PhotoStage.BEFORE, "photo_during": PhotoStage.DURING, "photo_after": PhotoStage.AFTER}
        return [(stage, self.cleaned_data[name]) for name, stage in stages.items() if self.cleaned_data.get(name)]

    def service_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in ProgressForm.base_fields}


class TaskForm(StyledMixin, CleanTextMixin, forms.Form):
    year = year_field(_("Năm"))
    quarter = quarter_field(_("Quý"), required=True)
    text = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    amount = MoneyField(label=_("Số tiền"), required=False)
    work = forms.ModelChoiceField(
        label=_("Công trình"), queryset=Work.objects.none(), required=False, empty_label=_("(không gắn công trình)")
    )
    responsible = forms.CharField(label=_("Người/cơ quan phụ trách"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=TaskStatus.choices)
    due_date = date_field(_("Hạn hoàn thành"), required=False)
    done_date = date_field(_("Ngày hoàn thành"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work"].queryset = Work.objects.filter(commune=commune).order_by("code")
        self.style()

    @classmethod
    def initial_for(cls, task) -> dict:
        initial = {name: getattr(task, name) for name in ("year", "quarter", "text", "responsible", "status")}
        initial.update(
            amount=Money(task.amount, task.amount_qualifier) if task.amount is not None else "",
            work=task.work_id,
            due_date=task.due_date,
            done_date=task.done_date,
            version=task.version,
        )
        return initial

    def clean(self):
        cleaned = super().clean()
        due, done = cleaned.get("due_date"), cleaned.get("done_date")
        if done and cleaned.get("status") != TaskStatus.DONE:
            self.add_error("done_date", _("Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành."))
        if due and cleaned.get("year") and abs(due.year - cleaned["year"]) > 1:
            self.add_error("due_date", _("Hạn hoàn thành quá xa năm của kế hoạch."))
        return cleaned

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        money = data.pop("amount")
        data.pop("version")
        data["amount"] = money.amount if money else None
        data["amount_qualifier"] = money.qualifier if money else ""
        return data


class WorkFilterForm(StyledMixin, forms.Form):
    q = forms.CharField(
        label=_("Tìm"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Từ khóa tìm không quá 100 ký tự.")},
    )
    commune = forms.ModelChoiceField(
        label=_("Xã"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
        error_messages={"invalid_choice": _("Xã đã chọn không có trong danh sách bạn được xem.")},
    )
    year = year_field(_("Năm"), required=False)
    village = forms.ModelChoiceField(
        label=_("Thôn"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
        error_messages={"invalid_choice": _("Thôn đã chọn không có trong danh sách bạn được xem.")},
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Tất cả")), *WorkStatus.choices],
        error_messages={"invalid_choice": _("Tình trạng đã chọn không có trong danh sách.")},
    )
    category = forms.ChoiceField(
        label=_("Lĩnh vực"),
        required=False,
        choices=[("", _("Tất cả")), *Category.choices],
        error_messages={"invalid_choice": _("Lĩnh vực đã chọn không có trong danh sách.")},
    )
    criterion = forms.TypedChoiceField(
        label=_("Tiêu chí"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Tiêu chí đã chọn không có trong danh sách.")},
    )

    def __init__(self, *args, viewer, show_commune=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = (
            AdministrativeUnit.objects.visible_to(viewer).villages().select_related("parent").order_by("path", "name")
        )
        self.fields["village"].label_from_instance = lambda unit: f"{unit.name} ({unit.parent.name})"
        communes = AdministrativeUnit.objects.visible_to(viewer).communes().order_by("name")
        if show_commune:
            self.fields["commune"].queryset = communes
        else:
            del self.fields["commune"]
        self.fields["criterion"].choices = [("", _("Tất cả")), *criterion_choices()]
        self.style()
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = css.replace("form-select", "form-select form-select-sm").replace(
                "form-control", "form-control form-control-sm"
            )

    def filter(self, works):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            works = works.search(data["q"])
        if data.get("year"):
            works = works.reported_in(data["year"])
        if data.get("commune") and data.get("year"):
            works = works.filter(commune__in=counting_for(data["commune"], data["year"]))
        elif data.get("commune"):
            works = works.within(data["commune"])
        if data.get("village"):
            works = works.filter(village=data["village"])
        if data.get("status"):
            works = works.filter(status=data["status"])
        if data.get("category"):
            works = works.filter(category=data["category"])
        if data.get("criterion"):
            works = works.for_criterion(data["criterion"])
        return works
