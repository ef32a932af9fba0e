import unicodedata
from datetime import date

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from core.forms import CleanTextMixin, MoneyField
from core.money import Money
from core.text import long_date, strip_accents


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 4, 9), "ngày 09 tháng 4 năm 2024"),
        (date(2024, 1, 15), "ngày 15 tháng 01 năm 2024"),
        (date(2024, 2, 3), "ngày 03 tháng 02 năm 2024"),
        (date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
    ],
)
def test_long_date_follows_decree_30(day, expected):
    assert long_date(day) == expected


def test_strip_accents_makes_searches_ignore_diacritics():
    assert strip_accents("Quảng Giao, Đường thôn 9") == "Quang Giao, Duong thon 9"


class SampleForm(CleanTextMixin, forms.Form):
    note = forms.CharField()
    amount = MoneyField(required=False)
    day = forms.DateField(required=False)


def test_forms_store_text_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Nhà văn hóa thôn Việt Trung")
    form = SampleForm(data={"note": decomposed})
    assert form.is_valid()
    assert form.cleaned_data["note"] == unicodedata.normalize("NFC", decomposed)


def test_forms_refuse_html_and_script():
    form = SampleForm(data={"note": "<script>alert(1)</script>"})
    assert not form.is_valid()
    assert "HTML" in form.errors["note"][0]


def test_money_field_parses_vietnamese_amounts():
    form = SampleForm(data={"note": "x", "amount": "gần 500 triệu"})
    assert form.is_valid()
    assert form.cleaned_data["amount"] == Money(500_000_000, "gần")


def test_money_field_reports_a_malformed_amount():
    form = SampleForm(data={"note": "x", "amount": "năm trăm"})
    assert not form.is_valid()
    assert "Không đọc được số tiền" in form.errors["amount"][0]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_read_day_first(language):
    with translation.override(language):
        form = SampleForm(data={"note": "x", "day": "05/03/2026"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == date(2026, 3, 5)


def test_an_impossible_date_is_refused():
    with translation.override("vi"):
        form = SampleForm(data={"note": "x", "day": "31/02/2026"})
        assert not form.is_valid()
        assert "day" in form.errors


def test_template_filters_render_vietnamese_formats():
    template = Template(
        "{{ a|vnd }}|{{ a|vnd_short }}|{{ p|percent }}|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ d|long_date }}"
    )
    with translation.override("vi"):
        rendered = template.render(Context({"a": 2_981_839_000, "p": 60.16, "d": date(2024, 4, 9)}))
    assert rendered == "2.981.839.000 đồng|2,98 tỷ đồng|60,16 %|09/04/2024|ngày 09 tháng 4 năm 2024"
